/**
 * A loopback proxy in front of an ECGridOS endpoint that forwards every call unchanged and notes
 * the operations called and the session IDs it sees (those sent in SessionID and those Login
 * returns: the secrets scan needs them, since the node never shows them). It can also cut the
 * connection of the next calls of an operation, after the server has or before it has seen them.
 */
import { createServer, request, type Server } from 'http';
import type { AddressInfo } from 'net';

export interface SpyProxy {
	endpointUrl: string;
	/** Every SessionID sent and every Login result seen. */
	sessionIds: Set<string>;
	/** SOAP operations in the order they arrived. */
	operations: string[];
	/**
	 * Resets the connection of the next `times` calls of `operation`: before forwarding them
	 * ('request': the server never sees the call) or after the server answered ('response').
	 */
	cut(operation: string, times: number, when: 'request' | 'response'): void;
	stop(): Promise<void>;
}

export async function startSpyProxy(target: string): Promise<SpyProxy> {
	const targetUrl = new URL(target);
	const sessionIds = new Set<string>();
	const operations: string[] = [];
	const cuts = new Map<string, { times: number; when: 'request' | 'response' }>();
	const takeCut = (operation: string) => {
		const cut = cuts.get(operation);
		if (!cut || cut.times <= 0) return undefined;
		cut.times--;
		return cut.when;
	};
	const note = (text: string, pattern: RegExp) => {
		for (const match of text.matchAll(pattern)) if (match[1].trim()) sessionIds.add(match[1].trim());
	};
	const server: Server = createServer((incoming, outgoing) => {
		const requestChunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => requestChunks.push(chunk));
		incoming.on('end', () => {
			const body = Buffer.concat(requestChunks);
			note(body.toString('utf8'), /<(?:\w+:)?SessionID>([^<]*)</g);
			const action = String(incoming.headers.soapaction ?? '').replace(/"/g, '');
			const operation = action.slice(action.lastIndexOf('/') + 1);
			operations.push(operation);
			const cut = takeCut(operation);
			if (cut === 'request') {
				incoming.socket.destroy();
				return;
			}
			const forward = request(
				{ host: targetUrl.hostname, port: targetUrl.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
				(response) => {
					const responseChunks: Buffer[] = [];
					response.on('data', (chunk: Buffer) => responseChunks.push(chunk));
					response.on('end', () => {
						const reply = Buffer.concat(responseChunks);
						note(reply.toString('utf8'), /<(?:\w+:)?LoginResult>([^<]*)</g);
						if (cut === 'response') {
							incoming.socket.destroy();
							return;
						}
						outgoing.writeHead(response.statusCode ?? 502, response.headers);
						outgoing.end(reply);
					});
				},
			);
			forward.on('error', () => outgoing.destroy());
			forward.end(body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		endpointUrl: `http://127.0.0.1:${port}${targetUrl.pathname}`,
		sessionIds,
		operations,
		cut: (operation, times, when) => cuts.set(operation, { times, when }),
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
