/**
 * One call from ECGrid. In order:
 *
 * 1. The Basic credentials must be the ones registered; otherwise 401, and nothing is emitted.
 * 2. Only IDs are taken from the payload (payload.ts). With a callback-queue ID the queue entry is
 *    read (CallBackQueueInfo): it must belong to this node's callback, and it names the object.
 * 3. The object's record is read (ParcelInfo or InterchangeInfo) and must fit the event: a parcel
 *    of the watched mailbox, in the state the event stands for.
 * 4. A delivery already emitted is answered 200 and not emitted again. A queue entry is one
 *    delivery however often ECGrid repeats it; without a queue ID, one object in one status is.
 * 5. The item is emitted; n8n answers 200 once the execution has started.
 *
 * The answer is fast because ECGrid retries: it waits for two or three reads (and the download, if
 * on), never for the workflow. When ECGridOS cannot be read, the answer is 503 and ECGrid calls
 * again later; a call that does not fit the event is answered 200, since calling again would not
 * change that.
 */
import type { INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { withholdResultSecrets } from '../catalog';
import { CALLBACK_EVENTS } from './description';
import { callEcgridos, faultName, readSettings, type CallbackContext, type CallbackSettings } from './api';
import { callbackItemJson, withParcelContent, type CallbackFacts } from './items';
import { callbackIds, type CallbackIds, type ObjectKind } from './payload';
import { authorizationMatches } from './secret';
import { readState, writeState, type Registration } from './state';

type Response = ReturnType<IWebhookFunctions['getResponseObject']>;

type Delivery = { key: string; item: INodeExecutionData } | { ignored: string };

/** Calls being handled in this process, so that a repeat arriving meanwhile is not emitted twice. */
const inFlight = new Set<string>();

const STATUS_CACHE_MS = 60 * 60 * 1000;
const statusLevelsByCredential = new Map<string, { levels: Map<string, string>; until: number }>();

function answer(response: Response, status: number, message: string, headers: Record<string, string> = {}): IWebhookResponseData {
	response.status(status);
	for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
	response.json({ message });
	return { noWebhookResponse: true };
}

function idText(value: unknown): string {
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	return typeof value === 'string' ? value.trim() : '';
}

function positive(value: unknown): number {
	const number = Number(value);
	return Number.isFinite(number) && number > 0 ? number : 0;
}

/**
 * StatusList's level for each status name, which tells a failed outbound parcel from a delivered
 * one: Error and Warning (partly routed) are failures, Info is progress. Read once an hour per
 * credential, since the list is the same for every call.
 */
async function statusLevels(context: CallbackContext): Promise<Map<string, string>> {
	const credentialId = context.getNode().credentials?.ecgridOsApi?.id ?? '';
	const cached = statusLevelsByCredential.get(credentialId);
	if (cached && cached.until > Date.now()) return cached.levels;
	const statuses = ((await callEcgridos(context, 'StatusList', {})) ?? []) as Array<Record<string, unknown>>;
	const levels = new Map(statuses.map((status) => [String(status.Qualifier ?? ''), String(status.Level ?? '')]));
	statusLevelsByCredential.set(credentialId, { levels, until: Date.now() + STATUS_CACHE_MS });
	return levels;
}

async function outboundOutcome(context: CallbackContext, statusCode: unknown): Promise<'delivered' | 'failed' | undefined> {
	const level = (await statusLevels(context)).get(String(statusCode ?? ''));
	if (level === 'Error' || level === 'Warning') return 'failed';
	return level === 'Info' ? 'delivered' : undefined;
}

/** Why the record does not fit the event, or undefined when it does. */
function misfit(settings: CallbackSettings, registration: Registration, kind: ObjectKind, record: Record<string, unknown>): string | undefined {
	const { systemObject, direction } = settings.subscription;
	if (kind !== systemObject) return `The call is about a ${kind.toLowerCase()}, not a ${systemObject.toLowerCase()}`;
	const recordDirection = record.Direction;
	if (direction !== 'NoDir' && typeof recordDirection === 'string' && recordDirection !== direction) {
		return `The ${kind.toLowerCase()} is in the ${recordDirection}, not the ${direction}`;
	}
	const inbound = positive(record.MailboxIDTo) === registration.mailboxId;
	const outbound = positive(record.MailboxIDFrom) === registration.mailboxId;
	const mailboxKnown = positive(record.MailboxIDTo) > 0 || positive(record.MailboxIDFrom) > 0;
	const ours = direction === 'InBox' ? inbound : direction === 'OutBox' ? outbound : inbound || outbound;
	if (registration.mailboxId > 0 && mailboxKnown && !ours) return `The ${kind.toLowerCase()} is not one of the watched mailbox`;
	if (settings.event === CALLBACK_EVENTS.newInboxParcel && record.StatusCode !== 'InBoxReady') {
		return `The parcel is no longer ready for download (${String(record.StatusCode ?? 'no status')})`;
	}
	return undefined;
}

async function readRecord(context: IWebhookFunctions, kind: ObjectKind, objectId: string): Promise<Record<string, unknown> | undefined> {
	const [operation, values] =
		kind === 'Parcel' ? ['ParcelInfo', { ParcelID: objectId }] : ['InterchangeInfo', { InterchangeID: objectId }];
	const record = await callEcgridos(context, operation, values).catch((error: unknown) => {
		// An object the credential cannot see is not an event of this trigger; other failures (the
		// transport's n8n errors) go on, so that ECGrid is asked to call again.
		const name = faultName(error);
		if (name === 'NotFound' || name === 'InvalidID' || name === 'AccessDenied') return undefined;
		throw error;
	});
	return record === undefined ? undefined : (withholdResultSecrets(operation, record) as Record<string, unknown>);
}

async function readDelivery(
	context: IWebhookFunctions,
	settings: CallbackSettings,
	registration: Registration,
	ids: CallbackIds,
): Promise<Delivery> {
	let kind: ObjectKind = ids.objectKind ?? settings.subscription.systemObject;
	let objectId = ids.objectId ?? '';
	const facts: CallbackFacts = { callBackEventId: registration.callBackEventId, test: false };
	if (ids.queueId) {
		const queue = (await callEcgridos(context, 'CallBackQueueInfo', { CallBackQueueID: ids.queueId })) as Record<string, unknown>;
		const event = queue.CallBackEvent as Record<string, unknown> | undefined;
		if (event?.CallBackEventID !== undefined && idText(event.CallBackEventID) !== registration.callBackEventId) {
			return { ignored: `Queue entry ${ids.queueId} belongs to another callback` };
		}
		if (event?.SystemObject === 'Parcel' || event?.SystemObject === 'Interchange') kind = event.SystemObject;
		objectId = idText(queue.ObjectID) || objectId;
		facts.callBackQueueId = ids.queueId;
		facts.test = queue.Test === true;
	}
	const key = ids.queueId ? `queue:${ids.queueId}` : undefined;
	const record = objectId && objectId !== '0' ? await readRecord(context, kind, objectId) : undefined;
	if (!record) {
		// A test call (CallBackTest) may name any object, or none: it is emitted to show the wiring works.
		if (facts.test && key) return { key, item: { json: callbackItemJson(settings, facts) } };
		return { ignored: `No ${kind.toLowerCase()} ${objectId} is visible to the credential` };
	}
	if (!facts.test) {
		const reason = misfit(settings, registration, kind, record);
		if (reason) return { ignored: reason };
		if (settings.event === CALLBACK_EVENTS.outboundParcelDelivered || settings.event === CALLBACK_EVENTS.outboundParcelFailed) {
			facts.outcome = await outboundOutcome(context, record.StatusCode);
			const wanted = settings.event === CALLBACK_EVENTS.outboundParcelFailed ? 'failed' : 'delivered';
			if (facts.outcome !== wanted) return { ignored: `The parcel's status ${String(record.StatusCode ?? '')} is not "${wanted}"` };
		}
	}
	const json = callbackItemJson(settings, facts, record);
	const item = kind === 'Parcel' && settings.download ? await withParcelContent(context, settings, objectId, json) : { json };
	return { key: key ?? `${kind}:${objectId}:${String(record.StatusCode ?? '')}`, item };
}

export async function receiveCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const response = this.getResponseObject();
	const { registration } = readState(this);
	if (!registration || !authorizationMatches(this.getHeaderData().authorization, registration)) {
		return answer(response, 401, 'Authorization required', { 'WWW-Authenticate': 'Basic realm="ECGridOS callback"' });
	}
	const request = this.getRequestObject() as { rawBody?: unknown };
	const ids = callbackIds(this.getBodyData(), request.rawBody, this.getQueryData());
	if (!ids.queueId && !ids.objectId) {
		return answer(response, 400, 'The call carries no callback-queue ID and no object ID');
	}
	const earlyKey = ids.queueId ? `queue:${ids.queueId}` : undefined;
	if (earlyKey && readState(this).delivered.includes(earlyKey)) return answer(response, 200, 'Already delivered');

	const flightKey = `${this.getWorkflow().id ?? ''}/${this.getNode().id}/${earlyKey ?? `object:${ids.objectId}`}`;
	if (inFlight.has(flightKey)) {
		return answer(response, 503, 'The same call is being handled; call again later', { 'Retry-After': '60' });
	}
	inFlight.add(flightKey);
	try {
		const delivery = await readDelivery(this, readSettings(this), registration, ids);
		if ('ignored' in delivery) return answer(response, 200, `Nothing to do: ${delivery.ignored}`);
		const state = readState(this);
		if (state.delivered.includes(delivery.key)) return answer(response, 200, 'Already delivered');
		writeState(this, { ...state, delivered: [...state.delivered, delivery.key] });
		return { workflowData: [[delivery.item]] };
	} catch (error) {
		// The transport's errors carry no secret; ECGrid is told only to call again.
		this.logger.error(`ECGridOS Callback Trigger: a callback could not be handled: ${(error as Error).message}`);
		return answer(response, 503, 'ECGridOS could not be read; call again later', { 'Retry-After': '60' });
	} finally {
		inFlight.delete(flightKey);
	}
}
