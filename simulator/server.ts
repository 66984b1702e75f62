/** The HTTP side: POST SOAP 1.1 to the production path, GET ?WSDL for the generated WSDL. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dispatch, type DispatchContext } from './dispatch';
import { FrameworkFault } from './soap/faults';
import { parseSoapRequest } from './soap/request';
import { renderFault } from './soap/response';
import { renderWsdl } from './soap/wsdl';

export const SERVICE_PATH = '/v4.1/prod/ECGridOS.asmx';
/** Large enough for a 100 MB parcel after base64 and the envelope around it. */
const MAX_REQUEST_BYTES = 160 * 1024 * 1024;

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
	response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'private' });
	response.end(body);
}

function collectBody(request: IncomingMessage): Promise<Buffer | undefined> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_REQUEST_BYTES) {
				resolve(undefined);
				request.destroy();
				return;
			}
			chunks.push(chunk);
		});
		request.on('end', () => resolve(Buffer.concat(chunks, size)));
		request.on('error', reject);
	});
}

export function createSimulatorServer(context: DispatchContext, wsdlUrl: () => string): Server {
	let wsdlCache: { url: string; text: string } | undefined;
	const server = createServer((request, response) => {
		void handle(request, response).catch((error: Error) => {
			context.log(`http error: ${error.message}`);
			if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'Internal server error');
			else response.destroy();
		});
	});
	// Longer than clients' idle keep-alive, so the server never closes a socket a client is about to reuse.
	server.keepAliveTimeout = 65000;
	server.headersTimeout = 66000;
	return server;

	async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', 'http://simulator.invalid');
		if (url.pathname.toLowerCase() !== SERVICE_PATH.toLowerCase()) {
			send(response, 404, 'text/plain; charset=utf-8', `Not found. The ECGridOS simulator serves ${SERVICE_PATH}.`);
			return;
		}
		if (request.method === 'GET') {
			const wantsWsdl = [...url.searchParams.keys()].some((key) => key.toLowerCase() === 'wsdl');
			if (!wantsWsdl) {
				send(response, 200, 'text/plain; charset=utf-8', `ECGridOS v4.1 simulator. POST SOAP 1.1 requests here; GET ${SERVICE_PATH}?WSDL for the WSDL.`);
				return;
			}
			const endpoint = wsdlUrl();
			if (wsdlCache?.url !== endpoint) wsdlCache = { url: endpoint, text: renderWsdl(endpoint) };
			send(response, 200, 'text/xml; charset=utf-8', wsdlCache.text);
			return;
		}
		if (request.method !== 'POST') {
			response.writeHead(405, { Allow: 'GET, POST' }).end();
			return;
		}
		const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
		if (!contentType.startsWith('text/xml')) {
			send(response, 415, 'text/plain; charset=utf-8', 'This server speaks SOAP 1.1: send Content-Type text/xml.');
			return;
		}
		const body = await collectBody(request);
		if (!body) {
			if (!response.headersSent) send(response, 413, 'text/plain; charset=utf-8', 'Request too large.');
			return;
		}
		const ip = request.socket.remoteAddress ?? '';
		let result: { status: number; body: string };
		try {
			const soapAction = request.headers.soapaction;
			const parsed = parseSoapRequest(body, Array.isArray(soapAction) ? soapAction[0] : soapAction);
			result = dispatch(context, parsed.operationName, parsed.values, ip);
		} catch (error) {
			if (!(error instanceof FrameworkFault)) throw error;
			context.log(`request rejected: ${error.message.slice(0, 160)}`);
			result = { status: 500, body: renderFault(error, context.endpointUrl) };
		}
		send(response, result.status, 'text/xml; charset=utf-8', result.body);
	}
}
