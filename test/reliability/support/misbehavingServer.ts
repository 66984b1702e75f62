/**
 * A real HTTP server on 127.0.0.1 that answers ECGridOS SOAP calls badly on purpose: it resets
 * connections, never answers, sends HTML, empty or truncated bodies, hostile XML, endless streams.
 * Every request is recorded (operation from the SOAPAction header, raw body) so a test can count
 * exactly how often the node tried. Nothing here uses the package's code.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'http';
import type { AddressInfo, Socket } from 'net';
import { brotliCompressSync, deflateSync, gzipSync } from 'zlib';

export const SERVICE_NAMESPACE = 'https://os.ecgrid.io/';
const SOAP_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';

export interface RecordedCall {
	operation: string;
	body: string;
	headers: IncomingHttpHeaders;
}

/** What the server does with one request. */
export type Behaviour =
	| { kind: 'reply'; status?: number; contentType?: string; body: string | Buffer; contentEncoding?: 'gzip' | 'deflate' | 'br' }
	/** Sends the status line, headers and `partial`, then destroys the socket. */
	| { kind: 'reset'; partial?: string }
	/** Accepts the request and never answers (until the test stops the server). */
	| { kind: 'hang' }
	/**
	 * Starts a 200 reply (with `declaredLength` as Content-Length, or chunked) and sends `chunkBytes`
	 * every `intervalMs` until the client goes away or `maxBytes` were sent, never finishing.
	 */
	| { kind: 'stream'; declaredLength?: number; chunkBytes: number; intervalMs: number; maxBytes: number };

export type Script = (call: RecordedCall, index: number) => Behaviour;

export function envelope(bodyContent: string, namespace = SOAP_NAMESPACE): string {
	return (
		'<?xml version="1.0" encoding="utf-8"?>' +
		`<soap:Envelope xmlns:soap="${namespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<soap:Body>${bodyContent}</soap:Body></soap:Envelope>`
	);
}

/** A successful reply to `operation` whose result element holds `resultXml`. */
export function resultReply(operation: string, resultXml: string, serviceNamespace = SERVICE_NAMESPACE): Behaviour {
	return {
		kind: 'reply',
		body: envelope(
			`<${operation}Response xmlns="${serviceNamespace}"><${operation}Result>${resultXml}</${operation}Result></${operation}Response>`,
		),
	};
}

/** An ECGridOS fault (HTTP 500 with a SOAP fault and an ECGridOS error detail). */
export function faultReply(errorCode: number, errorString: string, errorMessage = ''): Behaviour {
	return {
		kind: 'reply',
		status: 500,
		body: envelope(
			'<soap:Fault><faultcode>soap:Server</faultcode>' +
				`<faultstring>Server was unable to process request. ---&gt; ${errorString}</faultstring>` +
				`<detail><ErrorCode>${errorCode}</ErrorCode><ErrorString>${errorString}</ErrorString>` +
				`<ErrorItem>SessionID</ErrorItem><ErrorMessage>${errorMessage}</ErrorMessage></detail></soap:Fault>`,
		),
	};
}

export class MisbehavingServer {
	readonly calls: RecordedCall[] = [];

	/** Bytes written by `stream` behaviours, so a test can tell how much the client accepted. */
	streamedBytes = 0;

	/** `stream` behaviours that sent all their bytes before the client went away. */
	streamsCompleted = 0;

	/** TCP connections clients opened, so a test can tell whether calls shared one. */
	connectionsOpened = 0;

	/** Sockets closed before their request was answered, so a test can tell a call was given up. */
	abandonedRequests = 0;

	script: Script = () => ({ kind: 'hang' });

	private server?: Server;

	private readonly sockets = new Set<Socket>();

	private readonly timers = new Set<NodeJS.Timeout>();

	port = 0;

	get endpointUrl(): string {
		return `http://127.0.0.1:${this.port}/v4.1/prod/ECGridOS.asmx`;
	}

	/** `keepAliveTimeoutMs`: how long the server keeps an idle connection open (Node's default 5 s). */
	async start(keepAliveTimeoutMs?: number): Promise<this> {
		this.server = createServer((request, response) => {
			response.on('close', () => {
				if (!response.writableEnded) this.abandonedRequests++;
			});
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				const action = String(request.headers.soapaction ?? '').replace(/"/g, '');
				const call: RecordedCall = {
					operation: action.slice(action.lastIndexOf('/') + 1),
					body: Buffer.concat(chunks).toString('utf8'),
					headers: request.headers,
				};
				this.calls.push(call);
				this.behave(this.script(call, this.calls.length - 1), response);
			});
		});
		if (keepAliveTimeoutMs !== undefined) this.server.keepAliveTimeout = keepAliveTimeoutMs;
		this.server.on('connection', (socket) => {
			this.connectionsOpened++;
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
		this.port = (this.server.address() as AddressInfo).port;
		return this;
	}

	/** TCP connections open now (closed ones, by either side, are not counted). */
	get openConnections(): number {
		return this.sockets.size;
	}

	count(operation?: string): number {
		return operation === undefined ? this.calls.length : this.calls.filter((call) => call.operation === operation).length;
	}

	async stop(): Promise<void> {
		for (const timer of this.timers) clearInterval(timer);
		for (const socket of this.sockets) socket.destroy();
		const server = this.server;
		if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	private behave(behaviour: Behaviour, response: ServerResponse): void {
		switch (behaviour.kind) {
			case 'reply': {
				const plain = typeof behaviour.body === 'string' ? Buffer.from(behaviour.body, 'utf8') : behaviour.body;
				const body = behaviour.contentEncoding ? COMPRESSORS[behaviour.contentEncoding](plain) : plain;
				response.writeHead(behaviour.status ?? 200, {
					'Content-Type': behaviour.contentType ?? 'text/xml; charset=utf-8',
					'Content-Length': body.length,
					...(behaviour.contentEncoding ? { 'Content-Encoding': behaviour.contentEncoding } : {}),
				});
				response.end(body);
				return;
			}
			case 'reset': {
				const partial = Buffer.from(behaviour.partial ?? '', 'utf8');
				if (partial.length > 0) {
					response.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': partial.length + 4096 });
					response.write(partial);
				}
				setImmediate(() => response.socket?.destroy());
				return;
			}
			case 'hang':
				return;
			case 'stream': {
				const headers: Record<string, string | number> = { 'Content-Type': 'text/xml; charset=utf-8' };
				if (behaviour.declaredLength !== undefined) headers['Content-Length'] = behaviour.declaredLength;
				response.writeHead(200, headers);
				response.write(`<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP_NAMESPACE}"><soap:Body><x>`);
				const chunk = Buffer.alloc(behaviour.chunkBytes, 'A');
				let sent = 0;
				const timer = setInterval(() => {
					if (response.destroyed || sent >= behaviour.maxBytes) {
						if (!response.destroyed) this.streamsCompleted++;
						clearInterval(timer);
						this.timers.delete(timer);
						return;
					}
					response.write(chunk);
					sent += chunk.length;
					this.streamedBytes += chunk.length;
				}, behaviour.intervalMs);
				this.timers.add(timer);
				response.on('close', () => {
					clearInterval(timer);
					this.timers.delete(timer);
				});
				return;
			}
		}
	}
}

const COMPRESSORS = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };

export async function startMisbehavingServer(script?: Script, keepAliveTimeoutMs?: number): Promise<MisbehavingServer> {
	const server = await new MisbehavingServer().start(keepAliveTimeoutMs);
	if (script) server.script = script;
	return server;
}

/** A loopback URL where nothing listens: a port that was free a moment ago. */
export async function refusedEndpointUrl(): Promise<string> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return `http://127.0.0.1:${port}/v4.1/prod/ECGridOS.asmx`;
}
