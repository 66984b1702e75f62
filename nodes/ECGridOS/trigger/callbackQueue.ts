/**
 * Callback Queue Event: records of ECGrid's callback queue that are pending or failed, each emitted
 * once in each of those states, with the parcel or interchange it is about.
 *
 * CallBackPendingList[Ex] returns the whole pending queue and CallBackFailedList[Ex] every failure of
 * the last MaxDays days, so each listing is complete. A record can leave a listing (delivered,
 * or older than MaxDays) but does not come back to it in the same state, so the cursor keeps only
 * the emitted records that are still listed: its size follows the queue, not the running time.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ecgridosRequest } from '../transport';
import { DEFAULT_FAILED_CALLBACK_DAYS, DEFAULT_MAX_ITEMS_PER_POLL } from './description';
import { pollFailure } from './errors';
import { recordJson } from './items';
import { scoped } from '../actions/variants';
import { callScoped, describeScope, readScope, cursorScope, type MailboxScope } from './scope';
import { compareIds, idText, readCursor, serverTime, writeCursor } from './state';

type QueueState = 'pending' | 'failed';

interface CallbackCursor {
	/** Emitted records still listed, as "pending:<CallBackQueueID>" / "failed:<CallBackQueueID>". */
	emitted: string[];
}

interface CallbackSettings {
	scope: MailboxScope;
	states: QueueState[];
	failedMaxDays: number;
	relatedDetails: boolean;
	includeExisting: boolean;
	maxItems: number;
}

interface ListedRecord {
	key: string;
	id: string;
	state: QueueState;
	date: number;
	record: Record<string, unknown>;
}

function readSettings(context: IPollFunctions): CallbackSettings {
	const options = context.getNodeParameter('options', {}) as Record<string, unknown>;
	const states = (context.getNodeParameter('callbackStates', ['pending', 'failed']) as string[]).filter(
		(state): state is QueueState => state === 'pending' || state === 'failed',
	);
	if (states.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Choose at least one queue state to watch');
	}
	return {
		scope: readScope(context),
		states,
		failedMaxDays: Math.max(1, Math.floor(Number(options.failedMaxDays ?? DEFAULT_FAILED_CALLBACK_DAYS))),
		relatedDetails: options.relatedDetails !== false,
		includeExisting: options.includeExisting === true,
		maxItems: Math.max(1, Math.floor(Number(options.maxItemsPerPoll ?? DEFAULT_MAX_ITEMS_PER_POLL))),
	};
}

const PENDING_LIST = scoped('CallBackPendingList', 'CallBackPendingListEx');
const FAILED_LIST = scoped('CallBackFailedList', 'CallBackFailedListEx');

async function listQueue(context: IPollFunctions, settings: CallbackSettings): Promise<ListedRecord[]> {
	const listed: ListedRecord[] = [];
	for (const state of settings.states) {
		const records =
			state === 'pending'
				? await callScoped(context, PENDING_LIST, settings.scope, {})
				: await callScoped(context, FAILED_LIST, settings.scope, { MaxDays: Math.min(settings.failedMaxDays, 32767) });
		for (const record of (records as Array<Record<string, unknown>> | undefined) ?? []) {
			const id = idText(record.CallBackQueueID);
			if (id !== '') listed.push({ key: `${state}:${id}`, id, state, date: serverTime(record.Date), record });
		}
	}
	// Oldest first, so that a capped poll leaves the newest for the next one.
	return listed.sort((a, b) => a.date - b.date || compareIds(a.id, b.id) || a.state.localeCompare(b.state));
}

/** The parcel or interchange a callback is about, when its event watches one of those. */
async function relatedDetails(context: IPollFunctions, record: Record<string, unknown>): Promise<IDataObject | undefined> {
	const event = (record.CallBackEvent ?? {}) as Record<string, unknown>;
	const objectId = idText(record.ObjectID);
	if (!objectId || objectId === '0') return undefined;
	try {
		if (event.SystemObject === 'Parcel') {
			return { parcel: recordJson(await ecgridosRequest.call(context, 'ParcelInfo', { ParcelID: objectId }), 'ParcelIDInfo') };
		}
		if (event.SystemObject === 'Interchange') {
			return { interchange: recordJson(await ecgridosRequest.call(context, 'InterchangeInfo', { InterchangeID: objectId }), 'InterchangeIDInfo') };
		}
	} catch (error) {
		// The queue record is the event; details that cannot be read do not hold it back.
		return { error: (error as Error).message };
	}
	return undefined;
}

async function toItem(context: IPollFunctions, settings: CallbackSettings, listed: ListedRecord): Promise<INodeExecutionData> {
	const json: IDataObject = { queueState: listed.state, ...recordJson(listed.record, 'CallBackQueueIDInfo') };
	if (settings.relatedDetails) {
		const related = await relatedDetails(context, listed.record);
		if (related) json.related = related;
	}
	return { json };
}

export async function pollCallbackQueue(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(context);
	const what = `the ${settings.states.join(' and ')} callback queue of ${describeScope(settings.scope)}`;
	let listed: ListedRecord[];
	try {
		listed = await listQueue(context, settings);
	} catch (error) {
		throw pollFailure(context, error, `listing ${what}`);
	}

	if (context.getMode() === 'manual') {
		const newest = listed[listed.length - 1];
		if (!newest) {
			throw new NodeOperationError(context.getNode(), `There are no records in ${what}; make a callback fire to test`, {
				description:
					'Add a callback for the mailbox (ECGridOS node: Callback → Create) and trigger it, for example by sending a parcel, then fetch the test event again.',
			});
		}
		return [[await toItem(context, settings, newest)]];
	}

	const scopeKey = JSON.stringify(['callbackQueue', cursorScope(settings.scope), [...settings.states].sort(), settings.failedMaxDays]);
	const cursor = readCursor<CallbackCursor>(context, scopeKey);
	const emitted = new Set(cursor?.emitted ?? []);
	const listedKeys = new Set(listed.map((entry) => entry.key));
	if (!cursor && !settings.includeExisting) {
		writeCursor(context, scopeKey, { emitted: [...listedKeys] } satisfies CallbackCursor);
		return null;
	}

	const due = listed.filter((entry) => !emitted.has(entry.key)).slice(0, settings.maxItems);
	const items: INodeExecutionData[] = [];
	for (const entry of due) {
		items.push(await toItem(context, settings, entry));
		emitted.add(entry.key);
	}
	writeCursor(context, scopeKey, { emitted: [...emitted].filter((key) => listedKeys.has(key)) } satisfies CallbackCursor);
	return items.length > 0 ? [items] : null;
}
