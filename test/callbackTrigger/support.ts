/**
 * A stand-in for n8n's webhook server in front of Callback Triggers under test: it listens on
 * loopback, parses each request body as n8n does (JSON, form, XML with lower-cased element names),
 * hands it to the trigger whose webhook path it was sent to (through n8n-core's WebhookContext,
 * see test/harness/webhook.ts) and answers with what the trigger answered. The simulator's
 * callbacks are real HTTP POSTs to it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';

import type { WebhookCall, WebhookRequest, WebhookTrigger } from '../harness';

const xmlParser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, transformTagName: (name) => name.toLowerCase() });

function readBody(request: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

/** The body as n8n's webhook server gives it to a node. */
export function parsedBody(contentType: string, raw: Buffer): unknown {
	const text = raw.toString('utf8');
	if (contentType.includes('json')) return text ? JSON.parse(text) : {};
	if (contentType.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
	if (contentType.includes('xml')) return xmlParser.parse(text) as unknown;
	return {};
}

export interface ReceivedCall {
	path: string;
	call: WebhookCall;
}

export class WebhookServer {
	readonly calls: ReceivedCall[] = [];
	private readonly triggers = new Map<string, WebhookTrigger>();
	private waiters: Array<() => void> = [];
	private server!: Server;
	baseUrl = '';

	async start(): Promise<void> {
		this.server = createServer((request, response) => {
			void this.handle(request).then(
				({ status, headers, body }) => {
					response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body ?? { message: 'Workflow was started' }));
				},
				(error: Error) => response.writeHead(500).end(error.message),
			);
		});
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook`;
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(resolve));
	}

	/** Routes calls to the trigger's webhook URL to it. */
	serve(trigger: WebhookTrigger): void {
		this.triggers.set(new URL(trigger.webhookUrl).pathname, trigger);
	}

	private async handle(request: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body: unknown }> {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const trigger = this.triggers.get(url.pathname);
		if (!trigger) return { status: 404, headers: {}, body: { message: 'The requested webhook is not registered' } };
		const raw = await readBody(request);
		const webhookRequest: WebhookRequest = {
			method: request.method,
			headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)])),
			body: parsedBody(String(request.headers['content-type'] ?? ''), raw),
			rawBody: raw,
			query: Object.fromEntries(url.searchParams),
		};
		const call = await trigger.receive(webhookRequest);
		this.calls.push({ path: url.pathname, call });
		const waiting = this.waiters;
		this.waiters = [];
		waiting.forEach((wake) => wake());
		return { status: call.status, headers: call.response.headers, body: call.response.body };
	}

	/** Resolves with the first call (from now on or already received) that `matches`. */
	async waitFor(matches: (received: ReceivedCall) => boolean, timeoutMs = 20000): Promise<ReceivedCall> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const found = this.calls.find(matches);
			if (found) return found;
			if (Date.now() > deadline) throw new Error(`No matching webhook call within ${timeoutMs} ms (${this.calls.length} calls)`);
			await new Promise<void>((resolve) => {
				this.waiters.push(resolve);
				setTimeout(resolve, 200);
			});
		}
	}
}

export function basicAuthorization(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
