/**
 * New Inbox Parcel: parcels waiting in a mailbox's inbox, emitted until the workflow confirms them.
 *
 * Listing. How the inbox is read (the pending inbox by default, or the inbox archive page by page)
 * is in inboxListing.ts. At most "Max Parcels per Poll" parcels are emitted per poll, lowest
 * ParcelID first, their content downloaded one at a time into n8n's binary data store; a large
 * inbox is spread over polls and nothing is skipped. Content comes from ParcelDownloadNoUpdate, so
 * reading never changes a parcel: it waits until it is confirmed, by the workflow (Parcel →
 * Confirm) or by this trigger (Confirm Download).
 *
 * Deduplication (the cursor). ParcelIDs grow with arrival, so a high-water mark covers everything
 * handled so far. IDs can become visible slightly out of order (two arrivals committed in the other
 * order), so handled IDs are also kept for an hour of arrivals (by the server's ParcelDate), and a
 * parcel under the mark dated inside that hour and not yet handled is a late arrival and emitted.
 * Older parcels under the mark are handled by definition. That part of the cursor therefore holds
 * about one hour of IDs (never more than MAX_RECENT_PARCELS) plus parcels whose download failed,
 * however long the trigger runs and however full the inbox gets. Both listings share the cursor, so
 * switching between them neither repeats nor skips a parcel.
 *
 * Redelivery (Confirm Download off). An emitted parcel still waiting after "Redeliver After" is
 * emitted again, and reported as stuck after "Max Deliveries": see redelivery.ts. The log of
 * parcels out and unconfirmed is capped at MAX_IN_FLIGHT.
 *
 * Confirmation (Confirm Download on). poll() returns items and n8n starts the execution after poll()
 * has returned, so a poll cannot confirm what it emits without risking a parcel confirmed but never
 * processed (n8n stopping in between). Confirmation is therefore two-phase: a poll emits parcels and
 * records them as awaiting confirmation, together with the ID of the n8n process; the next poll
 * confirms them. By then n8n has handed them to an execution, because that happens right after
 * poll() returns in the same process. If the next poll runs in another process, n8n stopped in
 * between and that hand-over is unproven, so the parcels (still waiting, being unconfirmed) are
 * emitted again instead: at least once, never silently lost. Redelivery does not apply: the trigger
 * confirms whatever it handed over, however the execution ends.
 */
import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ecgridosRequest } from '../transport';
import { DEFAULT_MAX_ITEMS_PER_POLL } from './description';
import { PollProblems, pollFailure } from './errors';
import {
	INBOX_LISTINGS,
	INCLUDE_EXISTING_LOOK_BACK_MS,
	LATE_ARRIVAL_WINDOW_MS,
	inboxArchive,
	newestInArchive,
	pendingInbox,
	serverNow,
	type InboxListing,
	type InboxView,
	type ListedParcel,
	type ScanResult,
} from './inboxListing';
import { INBOX_RECORD_TYPE, inboxParcelItem, recordJson, type ParcelOutputOptions } from './items';
import {
	dueAgain,
	forgetSettled,
	isTracking,
	oldestDeliveries,
	readRedelivery,
	recordDelivery,
	reportStuck,
	room,
	type DeliveryLog,
	type RedeliverySettings,
} from './redelivery';
import { cursorScope, describeScope, idParameter, readScope, type MailboxScope } from './scope';
import { PROCESS_RUN_ID, compareIds, readCursor, writeCursor } from './state';

export { MAX_PAGES_PER_POLL, PAGE_SIZE } from './inboxListing';

/** Hard bound on the handled IDs kept for late-arrival detection. */
export const MAX_RECENT_PARCELS = 2000;

interface InboxCursor {
	/** The highest ParcelID handled so far; '' until the first one. */
	highWater: string;
	/** Server time (ms): parcels dated before it and at or under the high-water mark are handled. */
	horizon: number;
	/** Handled parcels dated from the horizon on: ParcelID → ParcelDate (ms). */
	recent: Record<string, number>;
	/** Where the archive scan goes on: its BeginDate (server ms) and the next page to read. */
	scan: { from: number; page: number };
	/** Parcels at or under the high-water mark that are still due: download failed, or emission unproven. */
	retry: string[];
	/** Parcels emitted by the last poll, to be confirmed by the next poll of the same process. */
	awaitingConfirmation?: { run: string; ids: string[] };
	/** Parcels emitted and not yet confirmed, while redelivery is on. */
	deliveries?: DeliveryLog;
}

interface InboxSettings {
	scope: MailboxScope;
	senderEcgridId: number;
	receiverEcgridId: number;
	listing: InboxListing;
	output: ParcelOutputOptions;
	confirm: boolean;
	redelivery: RedeliverySettings;
	includeExisting: boolean;
	maxItems: number;
}

function readSettings(context: IPollFunctions): InboxSettings {
	const options = context.getNodeParameter('options', {}) as Record<string, unknown>;
	const download = context.getNodeParameter('downloadContent', true) as boolean;
	// Confirming a parcel nobody has read would throw its content away, so it requires the download.
	const confirm = download && (context.getNodeParameter('confirmDownload', false) as boolean);
	return {
		scope: readScope(context),
		senderEcgridId: idParameter(context, 'senderEcgridId'),
		receiverEcgridId: idParameter(context, 'receiverEcgridId'),
		listing: options.inboxListing === INBOX_LISTINGS.archive ? INBOX_LISTINGS.archive : INBOX_LISTINGS.pending,
		output: {
			download,
			binaryPropertyName: download ? (context.getNodeParameter('binaryPropertyName', 'data') as string) : 'data',
			ediSummary: download && options.ediSummary === true,
		},
		confirm,
		// The trigger confirms what it hands over, so with Confirm Download on there is nothing to redeliver.
		redelivery: readRedelivery(options, confirm),
		includeExisting: options.includeExisting === true,
		maxItems: Math.max(1, Math.floor(Number(options.maxParcelsPerPoll ?? DEFAULT_MAX_ITEMS_PER_POLL))),
	};
}

function describeInbox(settings: InboxSettings): string {
	const filters: string[] = [];
	if (settings.senderEcgridId) filters.push(`from ECGridID ${settings.senderEcgridId}`);
	if (settings.receiverEcgridId) filters.push(`to ECGridID ${settings.receiverEcgridId}`);
	return `the inbox of ${describeScope(settings.scope)}${filters.length ? ` (parcels ${filters.join(' ')})` : ''}`;
}

async function openView(context: IPollFunctions, settings: InboxSettings): Promise<InboxView> {
	return settings.listing === INBOX_LISTINGS.archive ? inboxArchive(context, settings) : await pendingInbox(context, settings);
}

/**
 * The first cursor. Starting from now, everything up to the newest parcel counts as handled (in
 * the archive: in any state; in the pending inbox: waiting); with Include Existing everything
 * waiting is due.
 */
async function firstCursor(context: IPollFunctions, settings: InboxSettings, view: InboxView): Promise<InboxCursor> {
	const now = await serverNow(context);
	if (settings.includeExisting) {
		const from = now - INCLUDE_EXISTING_LOOK_BACK_MS;
		return { highWater: '', horizon: from, recent: {}, scan: { from, page: 1 }, retry: [] };
	}
	const newest =
		settings.listing === INBOX_LISTINGS.archive ? await newestInArchive(context, settings, now - INCLUDE_EXISTING_LOOK_BACK_MS) : await view.newest();
	if (!newest) {
		const from = now - LATE_ARRIVAL_WINDOW_MS;
		return { highWater: '', horizon: from, recent: {}, scan: { from, page: 1 }, retry: [] };
	}
	const horizon = newest.date + 1;
	return { highWater: newest.id, horizon, recent: {}, scan: { from: Math.min(horizon, now - LATE_ARRIVAL_WINDOW_MS), page: 1 }, retry: [] };
}

/** Raises the high-water mark, moves the horizon and the scan on, and keeps the cursor bounded. */
function advance(cursor: InboxCursor, handled: ListedParcel[], scan: ScanResult): void {
	for (const parcel of handled) {
		if (cursor.highWater === '' || compareIds(parcel.id, cursor.highWater) > 0) cursor.highWater = parcel.id;
	}
	// A late arrival is dated within the window of when it shows up, which is after everything read
	// so far; the scan comes back for it from the horizon once it has reached the end.
	cursor.horizon = Math.max(cursor.horizon, scan.newestDate - LATE_ARRIVAL_WINDOW_MS);
	cursor.scan = scan.complete ? { from: cursor.horizon, page: 1 } : { from: cursor.scan.from, page: scan.nextPage };
	let kept = Object.entries(cursor.recent).filter(([, date]) => date >= cursor.horizon);
	if (kept.length > MAX_RECENT_PARCELS) {
		// Oldest first (then lowest ID), so that the same cursor always evicts the same entries. The
		// evicted are covered by moving the horizon past them; only parcels under the mark move with it.
		kept.sort(([idA, dateA], [idB, dateB]) => dateA - dateB || compareIds(idA, idB));
		cursor.horizon = kept[kept.length - MAX_RECENT_PARCELS - 1][1] + 1;
		kept = kept.filter(([, date]) => date >= cursor.horizon);
	}
	cursor.recent = Object.fromEntries(kept);
}

/**
 * Confirms what the previous poll of this process emitted, or, after a restart, makes it due again.
 * Parcels no longer waiting were confirmed or taken elsewhere and are left alone.
 */
async function settleConfirmations(context: IPollFunctions, cursor: InboxCursor, view: InboxView, problems: PollProblems): Promise<void> {
	const awaiting = cursor.awaitingConfirmation;
	delete cursor.awaitingConfirmation;
	if (!awaiting || awaiting.ids.length === 0) return;
	if (awaiting.run !== PROCESS_RUN_ID) {
		// Whether these reached an execution is unknown: due again (the retry list drops those no longer waiting).
		for (const id of awaiting.ids) delete cursor.recent[id];
		cursor.retry = [...new Set([...cursor.retry, ...awaiting.ids])];
		return;
	}
	const unsettled: string[] = [];
	for (const id of awaiting.ids) {
		try {
			if (!(await view.waiting(id))) continue;
			const confirmed = await ecgridosRequest.call(context, 'ParcelDownloadConfirm', { ParcelID: id });
			if (confirmed !== true) {
				unsettled.push(id);
				problems.add(`ECGridOS did not confirm parcel ${id}; trying again next poll`);
			}
		} catch (error) {
			unsettled.push(id);
			problems.add(`confirming parcel ${id} failed, trying again next poll: ${(error as Error).message}`);
		}
	}
	if (unsettled.length > 0) cursor.awaitingConfirmation = { run: PROCESS_RUN_ID, ids: unsettled };
}

/**
 * The parcels of `ids` that still wait, up to `wanted`, in order. `onGone` is told of those that no
 * longer wait; one that cannot be read stays where it is, with a problem noted.
 */
async function stillWaiting(
	view: InboxView,
	ids: string[],
	wanted: number,
	problems: PollProblems,
	onGone: (id: string) => void,
): Promise<{ parcels: ListedParcel[]; unread: string[] }> {
	const parcels: ListedParcel[] = [];
	const unread: string[] = [];
	for (const id of ids) {
		if (parcels.length >= wanted) {
			unread.push(id);
			continue;
		}
		try {
			const parcel = await view.waiting(id);
			if (parcel) parcels.push(parcel);
			else onGone(id);
		} catch (error) {
			unread.push(id);
			problems.add(`reading parcel ${id} failed, trying again next poll: ${(error as Error).message}`);
		}
	}
	return { parcels, unread };
}

/** Parcels of the retry list that still wait, up to `wanted`; the others leave the list. */
async function retryCandidates(view: InboxView, cursor: InboxCursor, wanted: number, problems: PollProblems): Promise<ListedParcel[]> {
	const { parcels, unread } = await stillWaiting(view, cursor.retry, wanted, problems, () => undefined);
	cursor.retry = [...parcels.map((parcel) => parcel.id), ...unread];
	return parcels;
}

/**
 * Drops the log entries among `ids` whose parcels no longer wait. Used where the listing does not
 * show every waiting parcel (the archive), with the oldest deliveries: a parcel still waiting is
 * redelivered in time, which moves it to the back, so entries do not block each other for long.
 */
async function forgetSettledAmong(view: InboxView, log: DeliveryLog, ids: string[], problems: PollProblems): Promise<void> {
	await stillWaiting(view, ids, ids.length, problems, (id) => delete log[id]);
}

/** Items reporting parcels that had their last delivery and still wait; each leaves the log. */
async function stuckReports(view: InboxView, log: DeliveryLog, ids: string[], settings: InboxSettings, problems: PollProblems): Promise<INodeExecutionData[]> {
	const { parcels } = await stillWaiting(view, ids, settings.maxItems, problems, (id) => delete log[id]);
	return parcels.map((parcel) => ({ json: { ...recordJson(parcel.record, INBOX_RECORD_TYPE), delivery: reportStuck(log, parcel.id, settings.redelivery) } }));
}

/** The newest waiting parcel as a sample item for the editor, or null when none waits. */
async function sample(context: IPollFunctions, settings: InboxSettings): Promise<INodeExecutionData[][] | null> {
	const newest = await (await openView(context, settings)).newest();
	return newest ? [[await inboxParcelItem(context, newest.record, settings.output)]] : null;
}

export async function pollInbox(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(context);
	const doing = `listing ${describeInbox(settings)}`;
	if (context.getMode() === 'manual') {
		let sampled: INodeExecutionData[][] | null;
		try {
			sampled = await sample(context, settings);
		} catch (error) {
			throw pollFailure(context, error, doing);
		}
		if (sampled) return sampled;
		throw new NodeOperationError(context.getNode(), `No parcels are waiting in ${describeInbox(settings)}; upload one to test`, {
			description:
				'Send a parcel to this mailbox (for example with the ECGridOS node: Parcel → Upload from a partner mailbox), then fetch the test event again. Fetching never confirms or remembers anything.',
		});
	}

	// The listing is not part of the key: both listings keep the same cursor.
	const scopeKey = JSON.stringify(['inbox', cursorScope(settings.scope), settings.senderEcgridId, settings.receiverEcgridId]);
	let cursor = readCursor<InboxCursor>(context, scopeKey);
	const problems = new PollProblems();
	const now = Date.now();
	const tracking = isTracking(settings.redelivery);
	let scan: ScanResult;
	let batch: ListedParcel[];
	let log: DeliveryLog | undefined;
	try {
		const view = await openView(context, settings);
		if (!cursor) {
			cursor = await firstCursor(context, settings, view);
			if (!settings.includeExisting) {
				writeCursor(context, scopeKey, cursor);
				return null;
			}
		}
		await settleConfirmations(context, cursor, view, problems);

		let redelivered: ListedParcel[] = [];
		if (tracking) {
			log = cursor.deliveries ?? {};
			cursor.deliveries = log;
			const known = view.all;
			if (known) forgetSettled(log, (id) => known.has(id));
			else await forgetSettledAmong(view, log, oldestDeliveries(log, settings.maxItems), problems);
			const { redeliver, stuck } = dueAgain(log, settings.redelivery, now);
			// Stuck parcels are reported in an execution of their own, so that a workflow that fails on
			// them fails no other parcel; the parcels due meanwhile come at the next poll.
			const reports = await stuckReports(view, log, stuck, settings, problems);
			if (reports.length > 0) {
				writeCursor(context, scopeKey, cursor);
				problems.settle(context, reports.length);
				return [reports];
			}
			redelivered = (await stillWaiting(view, redeliver, settings.maxItems, problems, (id) => delete log![id])).parcels;
		} else {
			delete cursor.deliveries;
		}
		const retried = await retryCandidates(view, cursor, settings.maxItems - redelivered.length, problems);
		const skip = new Set([
			...(cursor.awaitingConfirmation?.ids ?? []),
			...retried.map((parcel) => parcel.id),
			...Object.keys(log ?? {}),
		]);
		let wanted = settings.maxItems - redelivered.length - retried.length;
		if (log) wanted = Math.min(wanted, room(log) - retried.length);
		scan = await view.scan(cursor, wanted, skip);
		batch = [...redelivered, ...retried, ...scan.due];
	} catch (error) {
		throw pollFailure(context, error, doing);
	}

	const items: INodeExecutionData[] = [];
	const emittedIds: string[] = [];
	const retry = new Set(cursor.retry);
	for (const parcel of batch) {
		let item: INodeExecutionData;
		try {
			item = await inboxParcelItem(context, parcel.record, settings.output);
		} catch (error) {
			// A parcel already in the delivery log stays due there; a new one goes to the retry list.
			if (!log?.[parcel.id]) retry.add(parcel.id);
			problems.add(`downloading parcel ${parcel.id} failed, trying again next poll: ${(error as Error).message}`);
			continue;
		}
		if (log) item.json.delivery = recordDelivery(log, parcel.id, now, settings.redelivery);
		items.push(item);
		emittedIds.push(parcel.id);
		retry.delete(parcel.id);
		cursor.recent[parcel.id] = parcel.date;
	}
	cursor.retry = [...retry];
	if (settings.confirm && emittedIds.length > 0) {
		cursor.awaitingConfirmation = {
			run: PROCESS_RUN_ID,
			ids: [...(cursor.awaitingConfirmation?.ids ?? []), ...emittedIds],
		};
	}
	advance(cursor, batch, scan);
	writeCursor(context, scopeKey, cursor);

	problems.settle(context, items.length);
	return items.length > 0 ? [items] : null;
}
