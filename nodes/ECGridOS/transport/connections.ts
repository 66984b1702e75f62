/**
 * Sending a SOAP call over a connection kept open between calls.
 *
 * n8n's HTTP helper (n8n-core 1.x, `setAxiosAgents`) builds a new agent without keep-alive for every
 * request, so each ECGridOS call through it opens a new TCP connection and, to os.ecgrid.io, does a
 * new TLS handshake. EDI work is thousands of small calls (a poll that downloads a thousand parcels,
 * an execution over a thousand items), so the transport keeps a small pool of open connections per
 * endpoint and sends ordinary calls there, which saves a connection's set-up (and across the
 * internet a handshake's round trips) on every call.
 *
 * n8n's helper still carries what only it can do (see `ecgridosRequest`): calls for which n8n must
 * log in first (it alone runs the credential's preAuthentication and stores the session), and every
 * call when a proxy is configured for n8n.
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'http';
import { Agent as HttpsAgent, request as httpsRequest } from 'https';
import type { Socket } from 'net';
import type { Readable } from 'stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'zlib';

import {
	SOAP_CONTENT_TYPE,
	cancelled,
	collectBody,
	transferTimeout,
	type EcgridosTransferError,
	type StopCollecting,
} from './http';
import type { ContentFile } from './contentFile';
import { soapAction, streamedEnvelopeChunks, type StreamedEnvelope } from './soap';

/**
 * How long an idle connection is kept before the next sweep closes it (so at most this plus
 * IDLE_SWEEP_MS, 4 s). Well below the keep-alive timeouts of common servers (IIS 120 s, nginx 75 s,
 * Node 5 s), so a call never goes out on a connection the server is closing; a server that announces
 * a shorter one (`Keep-Alive: timeout=N`) has its connections closed a second before N.
 *
 * Not with Node's socket timeouts (the agent's `timeout` option): a socket's timer is refreshed on
 * every read and write and re-armed every time the connection is reused, a cost paid on every small
 * call. One timer per endpoint, running only while connections are idle, does it instead.
 */
export const IDLE_CONNECTION_MS = 3000;

/** How often idle connections are looked at. */
export const IDLE_SWEEP_MS = 1000;

// Node's margin before a timeout the server announced: the connection must close before the server's does.
const KEEP_ALIVE_HINT_MARGIN_MS = 1000;

// Idle connections kept per endpoint; more are closed when they come free.
const MAX_IDLE_CONNECTIONS = 32;

// n8n's helper reads these through `proxy-from-env`; when any is set, n8n decides what is proxied.
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];

/** Whether n8n is configured to send HTTP through a proxy (then every call goes through n8n's helper). */
export function proxyConfigured(): boolean {
	return PROXY_VARIABLES.some((name) => Boolean(process.env[name]));
}

const agents = new Map<string, HttpAgent>();

interface RequestTarget {
	agent: HttpAgent;
	protocol: string;
	hostname: string;
	port: string;
	path: string;
	/** The Host header, as Node would write it: brackets around an IPv6 address, a port only when not the default. */
	host: string;
}

// Worked out once per endpoint: Node would otherwise convert the URL on every call.
const requestTargets = new Map<string, RequestTarget>();

function requestTargetFor(endpoint: URL): RequestTarget {
	let target = requestTargets.get(endpoint.href);
	if (!target) {
		target = {
			agent: agentFor(endpoint),
			protocol: endpoint.protocol,
			// Without the brackets Node wants for an IPv6 address in a URL.
			hostname: endpoint.hostname.replace(/^\[|\]$/g, ''),
			port: endpoint.port,
			path: `${endpoint.pathname}${endpoint.search}`,
			host: endpoint.host,
		};
		requestTargets.set(endpoint.href, target);
	}
	return target;
}

function agentFor(endpoint: URL): HttpAgent {
	let agent = agents.get(endpoint.origin);
	if (!agent) {
		const options = {
			keepAlive: true,
			maxFreeSockets: MAX_IDLE_CONNECTIONS,
			// No `timeout` (see IDLE_CONNECTION_MS): idle connections are swept, and calls in flight keep
			// to the caller's own deadline, which `callOverKeptConnection` enforces.
			// The most recently used connection first, so surplus ones go idle and close.
			scheduling: 'lifo' as const,
		};
		agent = endpoint.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
		agents.set(endpoint.origin, agent);
	}
	return agent;
}

// When each kept connection becomes idle for too long (epoch milliseconds), set as its reply completes.
const idleUntil = new WeakMap<Socket, number>();

// The sweep timer of each agent that has idle connections.
const sweepers = new Map<HttpAgent, NodeJS.Timeout>();

/**
 * Notes that `socket`, whose reply just completed, goes idle now, for at most IDLE_CONNECTION_MS or
 * what the server's `Keep-Alive` header allows, and makes sure its agent's idle connections are swept.
 */
function goingIdle(agent: HttpAgent, socket: Socket, keepAliveHeader: string | string[] | undefined): void {
	let keepMs = IDLE_CONNECTION_MS;
	const hint = keepAliveHeader === undefined ? null : /\btimeout=(\d+)/i.exec(String(keepAliveHeader));
	if (hint) keepMs = Math.min(keepMs, Number(hint[1]) * 1000 - KEEP_ALIVE_HINT_MARGIN_MS - IDLE_SWEEP_MS);
	idleUntil.set(socket, Date.now() + keepMs);
	if (!sweepers.has(agent)) {
		const sweeper = setInterval(() => sweepIdleConnections(agent), IDLE_SWEEP_MS);
		// Idle connections never keep n8n (or a test) running.
		sweeper.unref();
		sweepers.set(agent, sweeper);
	}
}

/** Closes the agent's connections idle for too long; stops sweeping when none is idle any more. */
function sweepIdleConnections(agent: HttpAgent): void {
	const now = Date.now();
	let stillIdle = 0;
	for (const sockets of Object.values(agent.freeSockets)) {
		for (const socket of [...(sockets ?? [])]) {
			if ((idleUntil.get(socket) ?? 0) <= now) socket.destroy();
			else stillIdle++;
		}
	}
	if (stillIdle === 0) stopSweeping(agent);
}

function stopSweeping(agent: HttpAgent): void {
	clearInterval(sweepers.get(agent));
	sweepers.delete(agent);
}

/** Closes every kept connection (idle ones at once, busy ones when their call ends). */
export function closeKeptConnections(): void {
	for (const agent of agents.values()) {
		stopSweeping(agent);
		agent.destroy();
	}
	agents.clear();
	requestTargets.clear();
}

/** The body of a reply as sent, or decompressed when the server compressed it. */
function decodedBody(incoming: IncomingMessage): Readable {
	const encoding = String(incoming.headers['content-encoding'] ?? '').trim().toLowerCase();
	const decompress =
		encoding === 'gzip' || encoding === 'x-gzip'
			? createGunzip()
			: encoding === 'deflate'
				? createInflate()
				: encoding === 'br'
					? createBrotliDecompress()
					: undefined;
	if (!decompress) return incoming;
	// A connection dropped mid-reply must surface as a cut-off reply, not as a half-read stream; and
	// a reply given up on (timeout, cancel) must close its connection, not leave it half-read.
	incoming.on('error', (error) => decompress.destroy(error));
	incoming.on('aborted', () => decompress.destroy(new Error('socket hang up')));
	decompress.on('close', () => {
		if (!incoming.complete) incoming.destroy();
	});
	return incoming.pipe(decompress);
}

/** A complete reply received over a kept connection. */
export interface KeptConnectionReply {
	statusCode: number;
	contentType: string | undefined;
	/** The body as sent, or decompressed when the server compressed it. */
	body: Buffer;
}

/**
 * POSTs `envelope` for `operation` to `endpoint` over a kept connection and reads the whole reply
 * (collectBody: within MAX_REPLY_BYTES), all before `deadline` (epoch milliseconds). Cancelling
 * `signal` (the execution's) stops the call at once. With `contentFile`, the reply's large content
 * is decoded into it as it arrives (collectBody). One timer and one listener cover the request and
 * the reply: this runs for every call, and on loopback each step of it shows in the call's time.
 */
export async function callOverKeptConnection(
	operation: string,
	envelope: string | Buffer | StreamedEnvelope,
	endpoint: URL,
	deadline: number,
	signal?: AbortSignal,
	contentFile?: ContentFile,
): Promise<KeptConnectionReply> {
	const target = requestTargetFor(endpoint);
	// Headers as a list, which Node writes as they are (checking each name and value), instead of an
	// object it copies into a header map first, work done on every call for nothing. With a list
	// Node adds no Host header of its own, so it is here.
	const headers = [
		'Host',
		target.host,
		'Content-Type',
		SOAP_CONTENT_TYPE,
		'SOAPAction',
		soapAction(operation),
		'Content-Length',
		String(typeof envelope === 'string' || Buffer.isBuffer(envelope) ? Buffer.byteLength(envelope) : envelope.length),
		'Accept-Encoding',
		'gzip, deflate, br',
		'User-Agent',
		'n8n',
	];
	const send = endpoint.protocol === 'https:' ? httpsRequest : httpRequest;
	return await new Promise<KeptConnectionReply>((resolve, reject) => {
		if (signal?.aborted) {
			reject(cancelled());
			return;
		}
		let settled = false;
		// Set once the reply has begun: from then on, the body's collection is what a failure stops.
		let stopBody: StopCollecting | undefined;
		const settle = (error: Error | undefined, reply?: KeptConnectionReply) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
			if (error) reject(error);
			else resolve(reply as KeptConnectionReply);
		};
		const fail = (error: EcgridosTransferError) => {
			if (stopBody) {
				stopBody(error);
			} else {
				settle(error);
				request.destroy();
			}
		};
		const request = send({
			agent: target.agent,
			method: 'POST',
			protocol: target.protocol,
			hostname: target.hostname,
			port: target.port,
			path: target.path,
			headers,
		});
		const onAbort = () => fail(cancelled());
		const timer = setTimeout(() => fail(transferTimeout()), Math.max(0, deadline - Date.now()));
		signal?.addEventListener('abort', onAbort, { once: true });
		request.on('response', (incoming) => {
			const body = decodedBody(incoming);
			// The announced length is that of the compressed bytes; the size limit applies to the reply.
			const announcedLength = body === incoming ? Number(incoming.headers['content-length']) : NaN;
			const contentType = incoming.headers['content-type'];
			// Node detaches the socket from the reply once the reply has ended.
			const socket = incoming.socket;
			stopBody = collectBody(body, announcedLength, (error, bytes) => {
				if (!error && socket) goingIdle(target.agent, socket, incoming.headers['keep-alive']);
				settle(error, error ? undefined : { statusCode: incoming.statusCode ?? 0, contentType, body: bytes as Buffer });
			}, contentFile);
		});
		// After the reply has begun, a broken connection ends the body's stream too, which collectBody reports.
		request.on('error', (error) => {
			if (!stopBody) settle(error);
		});
		if (typeof envelope === 'string' || Buffer.isBuffer(envelope)) request.end(envelope);
		// A file that cannot be read fails the request as a broken connection would.
		else writeStreamed(request, envelope).catch((error: Error) => request.destroy(error));
	});
}

/** Writes a streamed request's bytes as they are made, as fast as the connection takes them. */
async function writeStreamed(request: ClientRequest, envelope: StreamedEnvelope): Promise<void> {
	for await (const chunk of streamedEnvelopeChunks(envelope)) {
		if (request.destroyed) return;
		if (!request.write(chunk)) {
			await new Promise<void>((resolve) => {
				const done = () => {
					request.off('drain', done);
					request.off('close', done);
					resolve();
				};
				request.on('drain', done);
				request.on('close', done);
			});
		}
	}
	if (!request.destroyed) request.end();
}
