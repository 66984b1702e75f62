/**
 * A small real HTTP server that speaks just enough ECGridOS SOAP for transport and credential tests:
 * Login, Logout, WhoAmI, and any operation a test scripts with `respond`. It reads requests with its
 * own regular expressions (not the node's codec), counts everything, can expire sessions, answer
 * session faults by code or by text only, and drop connections.
 */
import { randomUUID } from 'crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import { sampleFault, soapEnvelope, SERVICE_NAMESPACE } from './catalogSamples';

export interface RecordedRequest {
	operation: string;
	soapAction: string | undefined;
	contentType: string | undefined;
	body: string;
	/** Parameter elements of the operation by local name (text, entities decoded). */
	parameters: Record<string, string>;
	headers: IncomingHttpHeaders;
}

export interface FixtureUser {
	loginName: string;
	password: string;
	userId: number;
}

/** What a scripted operation answers: result XML (children of <OpResult>), a fault, or raw HTTP. */
export type ScriptedReply =
	| { result: string }
	| { fault: { errorCode?: number; errorString: string; errorItem?: string; errorMessage?: string } }
	| { status: number; contentType: string; body: string }
	| { dropConnection: true }
	/** Never answers. */
	| { hang: true }
	/** Sends a valid start, then one byte every `intervalMs`, forever. */
	| { trickleEveryMs: number }
	/** Announces a Content-Length of `bytes`, sends a little, then stops. */
	| { announceBytes: number };

export type SessionFaultStyle = 'code' | 'textOnly';

const SOAP_ENVELOPE_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';

function decodeText(text: string): string {
	return text
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&#(\d+);/g, (_all, code: string) => String.fromCodePoint(Number(code)))
		.replace(/&#x([0-9a-fA-F]+);/g, (_all, code: string) => String.fromCodePoint(parseInt(code, 16)))
		.replace(/&amp;/g, '&');
}

function readParameters(operation: string, body: string): Record<string, string> {
	const element = new RegExp(`<(?:\\w+:)?${operation}\\b[^>]*>([\\s\\S]*)</(?:\\w+:)?${operation}>`).exec(body);
	const parameters: Record<string, string> = {};
	if (!element) return parameters;
	for (const match of element[1].matchAll(/<(?:\w+:)?(\w+)(?:\s[^>]*)?>([^<]*)<\/(?:\w+:)?\1>|<(?:\w+:)?(\w+)\s*\/>/g)) {
		if (match[1]) parameters[match[1]] = decodeText(match[2]);
		else if (match[3]) parameters[match[3]] = '';
	}
	return parameters;
}

export class FixtureServer {
	readonly requests: RecordedRequest[] = [];

	readonly users: FixtureUser[] = [{ loginName: 'alice', password: 'S3cret&<pass>"', userId: 101 }];

	readonly apiKeys = new Map<string, FixtureUser>();

	/** Sessions ECGridOS would accept, with their user. */
	readonly sessions = new Map<string, FixtureUser>();

	sessionFaultStyle: SessionFaultStyle = 'code';

	/** Milliseconds to wait before each Login answers (makes concurrent logins overlap). */
	loginDelayMs = 0;

	private readonly scripts = new Map<string, ScriptedReply[]>();

	private readonly defaults = new Map<string, ScriptedReply>();

	private readonly sessionChecked = new Set<string>();

	private server?: Server;

	port = 0;

	get endpointUrl(): string {
		return `http://127.0.0.1:${this.port}/v4.1/prod/ECGridOS.asmx`;
	}

	async start(): Promise<this> {
		this.server = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				void this.handle(Buffer.concat(chunks).toString('utf8'), request.headers, response);
			});
		});
		await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
		this.port = (this.server.address() as AddressInfo).port;
		return this;
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	addApiKey(apiKey: string, user: FixtureUser = this.users[0]): void {
		this.apiKeys.set(apiKey, user);
	}

	/** Every session and key stops working, as after a timeout. */
	expireAllSessions(): void {
		this.sessions.clear();
	}

	/** Queues one reply for the next call of `operation` (after which the default applies). */
	respondOnce(operation: string, reply: ScriptedReply): void {
		const queue = this.scripts.get(operation) ?? [];
		queue.push(reply);
		this.scripts.set(operation, queue);
	}

	/**
	 * The reply for every call of `operation` that has nothing queued. With `requireSession`, a call
	 * without a valid session or API key gets the session fault instead, like ECGridOS.
	 */
	respond(operation: string, reply: ScriptedReply, options: { requireSession?: boolean } = {}): void {
		this.defaults.set(operation, reply);
		if (options.requireSession) this.sessionChecked.add(operation);
		else this.sessionChecked.delete(operation);
	}

	count(operation: string): number {
		return this.requests.filter((request) => request.operation === operation).length;
	}

	private async handle(body: string, headers: IncomingHttpHeaders, response: ServerResponse): Promise<void> {
		const soapAction = headers.soapaction as string | undefined;
		const operation = /^"?https:\/\/os\.ecgrid\.io\/(\w+)"?$/.exec(soapAction ?? '')?.[1] ?? '';
		const parameters = readParameters(operation, body);
		this.requests.push({ operation, soapAction, contentType: headers['content-type'], body, parameters, headers });

		if (this.sessionChecked.has(operation) && !this.userFor(parameters.SessionID)) {
			this.send(response, operation, this.sessionFault());
			return;
		}
		const queued = this.scripts.get(operation)?.shift();
		const scripted = queued ?? this.defaults.get(operation);
		if (scripted) {
			this.send(response, operation, scripted);
			return;
		}
		switch (operation) {
			case 'Login':
				await this.login(response, parameters);
				return;
			case 'WhoAmI':
			case 'Logout':
				this.sessionCall(response, operation, parameters);
				return;
			default:
				this.send(response, operation, {
					fault: { errorString: `The fixture does not implement ${operation || 'this SOAPAction'}` },
				});
		}
	}

	private async login(response: ServerResponse, parameters: Record<string, string>): Promise<void> {
		if (this.loginDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.loginDelayMs));
		const user = this.users.find(
			(candidate) => candidate.loginName === parameters.LoginName && candidate.password === parameters.Password,
		);
		if (!user) {
			this.send(response, 'Login', {
				fault: { errorCode: 2, errorString: 'Access denied.', errorItem: 'LoginName', errorMessage: 'Invalid login name or password' },
			});
			return;
		}
		const sessionId = randomUUID().toUpperCase();
		this.sessions.set(sessionId, user);
		this.send(response, 'Login', { result: sessionId });
	}

	/** The user behind a SessionID (session or API key), or undefined. */
	userFor(sessionId: string | undefined): FixtureUser | undefined {
		if (!sessionId) return undefined;
		return this.sessions.get(sessionId) ?? this.apiKeys.get(sessionId);
	}

	private sessionFault(): ScriptedReply {
		return this.sessionFaultStyle === 'code'
			? { fault: { errorCode: 1, errorString: 'Session timeout.', errorItem: 'SessionID', errorMessage: 'Session has expired' } }
			: { fault: { errorString: 'Your session has expired. Please log in again.' } };
	}

	private sessionCall(response: ServerResponse, operation: string, parameters: Record<string, string>): void {
		const user = this.userFor(parameters.SessionID);
		if (!user) {
			this.send(response, operation, this.sessionFault());
			return;
		}
		if (operation === 'Logout') {
			this.sessions.delete(parameters.SessionID);
			this.send(response, operation, { result: '0' });
			return;
		}
		this.send(response, operation, {
			result:
				`<SessionID>${parameters.SessionID}</SessionID><SessionEventID>1</SessionEventID><UserID>${user.userId}</UserID>` +
				`<LoginName>${user.loginName}</LoginName><TimeZoneOffset>0</TimeZoneOffset><AuthLevel>MailboxAdmin</AuthLevel>` +
				'<LastLogin>2024-05-01T13:00:00Z</LastLogin><OpenSessions>1</OpenSessions><TimeOut>20</TimeOut>' +
				'<NetworkID>1</NetworkID><MailboxID>2</MailboxID>',
		});
	}

	private send(response: ServerResponse, operation: string, reply: ScriptedReply): void {
		if ('dropConnection' in reply) {
			response.socket?.destroy();
			return;
		}
		if ('hang' in reply) return;
		if ('trickleEveryMs' in reply) {
			response.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
			response.write(`<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP_ENVELOPE_NAMESPACE}"><soap:Body>`);
			const timer = setInterval(() => response.write(' '), reply.trickleEveryMs);
			response.on('close', () => clearInterval(timer));
			return;
		}
		if ('announceBytes' in reply) {
			response.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': String(reply.announceBytes) });
			response.write('<?xml version="1.0" encoding="utf-8"?>');
			return;
		}
		if ('status' in reply) {
			response.writeHead(reply.status, { 'Content-Type': reply.contentType });
			response.end(reply.body);
			return;
		}
		if ('fault' in reply) {
			const { errorCode, errorString, errorItem, errorMessage } = reply.fault;
			const xml =
				errorCode === undefined
					? soapEnvelope(
							`<soap:Fault><faultcode>soap:Server</faultcode><faultstring>${errorString}</faultstring><detail /></soap:Fault>`,
						)
					: sampleFault(errorCode, errorString, errorItem, errorMessage);
			response.writeHead(500, { 'Content-Type': 'text/xml; charset=utf-8' });
			response.end(xml);
			return;
		}
		response.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
		response.end(
			soapEnvelope(
				`<${operation}Response xmlns="${SERVICE_NAMESPACE}"><${operation}Result>${reply.result}</${operation}Result></${operation}Response>`,
			),
		);
	}
}

export async function startFixtureServer(): Promise<FixtureServer> {
	return await new FixtureServer().start();
}
