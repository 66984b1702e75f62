/**
 * Makes the callbacks registered with CallBackAddEx real: an event queues one record per matching
 * callback, and each record is POSTed to the registered URL with the registered HTTP Basic
 * credentials, retried up to MaxRetries times, then marked Completed or Error. A callback that is
 * no longer Active (suspended, terminated) makes no more calls: its pending records are Canceled.
 * The only outbound HTTP the simulator makes goes to these registered URLs.
 *
 * What ECGrid itself sends is not publicly documented, so the body is an assumption, in one of two
 * formats (see README.md, "Callbacks"):
 * - `form` (default): form fields named like the CallBackQueueIDInfo record (CallBackQueueID,
 *   ObjectID, …);
 * - `id-only`: a JSON object carrying only the object's ID under another name (`parcelId` or
 *   `interchangeId`, as in Loren Data's REST documentation), so that a receiver must read
 *   everything else from ECGridOS.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { CallbackNotifier } from '../domain/call';
import type { CallbackEventRecord, CallbackQueueRecord, Store } from '../store';

const CALL_TIMEOUT_MS = 10000;

export interface CallbackDispatcherOptions {
	store: Store;
	clock: () => number;
	log: (line: string) => void;
	/** Fixed retry interval; when absent the event's Frequency (minutes) is used. */
	retrySeconds?: number;
	/** The body of each call; default `form`. */
	payload?: CallbackPayloadFormat;
}

export const CALLBACK_PAYLOAD_FORMATS = ['form', 'id-only'] as const;
export type CallbackPayloadFormat = (typeof CALLBACK_PAYLOAD_FORMATS)[number];

export class CallbackDispatcher implements CallbackNotifier {
	private timers = new Map<number, NodeJS.Timeout>();
	private inFlight = new Set<Promise<void>>();
	private stopped = false;

	constructor(private readonly options: CallbackDispatcherOptions) {}

	/** Picks up records left pending by a previous run (from the data file). */
	resume(): void {
		for (const record of this.options.store.callbackQueue.values()) {
			if (record.status === 'Pending') this.schedule(record, Math.max(0, record.nextCall - this.options.clock()));
		}
	}

	notify(event: { systemObject: string; direction: string; objectId: number; objectStatus: number; networkId: number; mailboxId: number }): void {
		for (const callback of this.options.store.callbackEvents.values()) {
			if (callback.status !== 'Active' || callback.systemObject !== event.systemObject) continue;
			if (callback.direction !== 'NoDir' && callback.direction !== event.direction) continue;
			if (callback.networkId !== 0 && callback.networkId !== event.networkId) continue;
			if (callback.mailboxId !== 0 && callback.mailboxId !== event.mailboxId) continue;
			if (callback.objectStatus !== 0 && callback.objectStatus !== event.objectStatus) continue;
			this.enqueue(callback, event.objectId, callback.userId, false, { ObjectStatus: String(event.objectStatus) });
		}
	}

	queueTest(callbackEventId: number, objectId: number, userId: number): number {
		const callback = this.options.store.callbackEvents.get(callbackEventId);
		if (!callback) throw new Error(`No callback event ${callbackEventId}`);
		return this.enqueue(callback, objectId, userId, true, { ObjectStatus: String(callback.objectStatus) }).callbackQueueId;
	}

	async stop(): Promise<void> {
		this.stopped = true;
		for (const timer of this.timers.values()) clearTimeout(timer);
		this.timers.clear();
		await Promise.allSettled([...this.inFlight]);
	}

	private enqueue(callback: CallbackEventRecord, objectId: number, userId: number, test: boolean, extra: Record<string, string>): CallbackQueueRecord {
		const { store, clock } = this.options;
		const now = clock();
		const record: CallbackQueueRecord = {
			callbackQueueId: store.nextId('callbackQueue'),
			callbackEventId: callback.callbackEventId,
			date: now,
			callsRemaining: callback.maxRetries + 1,
			nextCall: now,
			status: 'Pending',
			objectId,
			userId,
			test,
			payload: {
				CallBackEventID: String(callback.callbackEventId),
				SystemObject: callback.systemObject,
				Direction: callback.direction,
				ObjectID: String(objectId),
				NetworkID: String(callback.networkId),
				MailboxID: String(callback.mailboxId),
				Test: test ? 'true' : 'false',
				...extra,
			},
			logs: [],
		};
		store.callbackQueue.set(record.callbackQueueId, record);
		store.changed();
		this.schedule(record, 0);
		return record;
	}

	private schedule(record: CallbackQueueRecord, delayMs: number): void {
		if (this.stopped) return;
		const timer = setTimeout(() => {
			this.timers.delete(record.callbackQueueId);
			const attempt = this.attempt(record).finally(() => this.inFlight.delete(attempt));
			this.inFlight.add(attempt);
		}, delayMs);
		this.timers.set(record.callbackQueueId, timer);
	}

	private body(record: CallbackQueueRecord, callNumber: number): { contentType: string; text: string } {
		if (this.options.payload === 'id-only') {
			const name = record.payload.SystemObject === 'Interchange' ? 'interchangeId' : 'parcelId';
			return { contentType: 'application/json', text: JSON.stringify({ [name]: record.objectId }) };
		}
		const fields = { ...record.payload, CallBackQueueID: String(record.callbackQueueId), CallNumber: String(callNumber) };
		return { contentType: 'application/x-www-form-urlencoded', text: new URLSearchParams(fields).toString() };
	}

	private retryDelayMs(callback: CallbackEventRecord): number {
		if (this.options.retrySeconds !== undefined) return this.options.retrySeconds * 1000;
		return Math.max(1, callback.frequency) * 60000;
	}

	private async attempt(record: CallbackQueueRecord): Promise<void> {
		const { store, clock, log } = this.options;
		const callback = store.callbackEvents.get(record.callbackEventId);
		if (!callback || record.status !== 'Pending') return;
		if (callback.status !== 'Active') {
			record.status = 'Canceled';
			log(`callback queue=${record.callbackQueueId} event=${callback.callbackEventId} not called: the callback is ${callback.status} -> Canceled`);
			store.changed();
			return;
		}
		const callNumber = callback.maxRetries + 2 - record.callsRemaining;
		const outcome = await post(callback, this.body(record, callNumber));
		if (this.stopped && outcome.returnCode === 0) return;
		record.logs.push({ callbackLogId: store.nextId('callbackLog'), date: clock(), callNumber, returnCode: outcome.returnCode, message: outcome.message });
		record.callsRemaining--;
		if (outcome.returnCode >= 200 && outcome.returnCode < 300) {
			record.status = 'Completed';
		} else if (record.callsRemaining <= 0) {
			record.status = 'Error';
		} else {
			record.nextCall = clock() + this.retryDelayMs(callback);
			this.schedule(record, this.retryDelayMs(callback));
		}
		log(`callback queue=${record.callbackQueueId} event=${callback.callbackEventId} call=${callNumber} returned ${outcome.returnCode} -> ${record.status}`);
		store.changed();
	}
}

function post(callback: CallbackEventRecord, body: { contentType: string; text: string }): Promise<{ returnCode: number; message: string }> {
	return new Promise((resolve) => {
		let target: URL;
		try {
			target = new URL(callback.url);
		} catch {
			resolve({ returnCode: 0, message: 'The callback URL is not a valid URL.' });
			return;
		}
		const headers: Record<string, string | number> = {
			'Content-Type': body.contentType,
			'Content-Length': Buffer.byteLength(body.text),
			'User-Agent': 'ECGridOS-Simulator-Callback/1.0',
		};
		if (callback.httpAuthType === 'Basic') {
			headers.Authorization = `Basic ${Buffer.from(`${callback.httpUser}:${callback.httpPassword}`).toString('base64')}`;
		}
		const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
		// No keep-alive: each call is its own connection, so nothing outlives a stopped simulator.
		const outbound = send(target, { method: 'POST', headers, timeout: CALL_TIMEOUT_MS, agent: false }, (response) => {
			response.resume();
			response.on('end', () => resolve({ returnCode: response.statusCode ?? 0, message: response.statusMessage ?? '' }));
		});
		outbound.on('timeout', () => outbound.destroy(new Error('timed out')));
		outbound.on('error', (error) => resolve({ returnCode: 0, message: `Connection failed: ${error.message}` }));
		outbound.end(body.text);
	});
}
