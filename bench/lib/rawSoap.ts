/**
 * The raw wire: SOAP calls made with nothing but `node:http`, a string template and Buffer's base64.
 * This is the baseline every ratio compares with, and the way the benchmark seeds the simulator, so
 * that neither depends on the code under test.
 */
import { Agent, request } from 'node:http';

import { SERVICE_NAMESPACE, catalog } from '../../nodes/ECGridOS/catalog';

// Keep-alive, as Node's own global agent does since Node 19: what any plain client gets.
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

function escapeText(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The SOAP 1.1 envelope of `operation` with `values` in the order given (raw: no catalog checks). */
export function rawEnvelope(operation: string, values: Record<string, string | number>): string {
	let body = '';
	for (const [name, value] of Object.entries(values)) body += `<${name}>${escapeText(String(value))}</${name}>`;
	return (
		'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
		`<soap:Body><${operation} xmlns="${SERVICE_NAMESPACE}">${body}</${operation}></soap:Body></soap:Envelope>`
	);
}

export interface RawReply {
	status: number;
	text: string;
}

/** POSTs `envelope` to `endpointUrl` and reads the reply as text. */
export function rawPost(endpointUrl: string, operation: string, envelope: string | Buffer): Promise<RawReply> {
	const url = new URL(endpointUrl);
	return new Promise((resolve, reject) => {
		const outgoing = request(
			{
				agent,
				host: url.hostname,
				port: url.port,
				path: url.pathname,
				method: 'POST',
				headers: {
					'Content-Type': 'text/xml; charset=utf-8',
					SOAPAction: `"${catalog.operations[operation].soapAction}"`,
					'Content-Length': Buffer.byteLength(envelope),
				},
			},
			(incoming) => {
				const chunks: Buffer[] = [];
				incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
				incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
				incoming.on('error', reject);
			},
		);
		outgoing.on('error', reject);
		outgoing.end(envelope);
	});
}

/** Calls `operation` with the raw client and returns the text inside its Result element. */
export async function rawCall(
	endpointUrl: string,
	sessionId: string,
	operation: string,
	values: Record<string, string | number> = {},
): Promise<string> {
	const reply = await rawPost(endpointUrl, operation, rawEnvelope(operation, { SessionID: sessionId, ...values }));
	if (reply.status !== 200) throw new Error(`${operation} failed with HTTP ${reply.status}: ${reply.text.slice(0, 300)}`);
	const start = reply.text.indexOf(`<${operation}Result>`);
	const end = reply.text.lastIndexOf(`</${operation}Result>`);
	return start < 0 || end < 0 ? '' : reply.text.slice(start + operation.length + 8, end);
}

/** Runs `task` for every element with at most `concurrency` at a time. */
export async function forEachConcurrently<T>(elements: T[], concurrency: number, task: (element: T) => Promise<void>): Promise<void> {
	let next = 0;
	const lanes = Array.from({ length: Math.min(concurrency, elements.length) }, async () => {
		while (next < elements.length) await task(elements[next++]);
	});
	await Promise.all(lanes);
}

/** Closes the kept-alive sockets (the agent stays usable and opens new ones). */
export function closeRawConnections(): void {
	agent.destroy();
}
