/**
 * New Inbox Parcel: parcels ready in a mailbox's inbox, each emitted once.
 *
 * Listing. ParcelInBox / ParcelInBoxEx return the whole pending list in one reply and take no paging
 * parameters: with 10,000 parcels waiting that is one reply of tens of megabytes on every poll. The
 * inbox archive calls (ParcelInBoxArchive / ParcelInBoxArchiveEx) list the mailbox's inbound
 * parcels in every state by date range, in pages (PageNo / RecordsPerPage), each with its
 * StatusCode; a parcel waiting for download is in state InBoxReady, the state ParcelInBox lists. The
 * trigger pages through the archive from its cursor and keeps the InBoxReady parcels it has not
 * handled. One page is in memory at a time, at most MAX_PAGES_PER_POLL pages are read per poll, and
 * at most "Max Parcels per Poll" parcels are emitted per poll (lowest ParcelID first), their content
 * downloaded one at a time into n8n's binary data store. A large inbox is thus spread over polls;
 * the scan resumes where the previous poll stopped, and nothing is skipped.
 *
 * Reading never changes a parcel: content comes from ParcelDownloadNoUpdate, so a parcel stays
 * InBoxReady until it is confirmed, by this trigger (Confirm Download) or by the workflow.
 *
 * Deduplication (the cursor). ParcelIDs grow with arrival, so a high-water mark covers everything
 * handled so far. IDs can become visible slightly out of order (two arrivals committed in the other
 * order), so handled IDs are also kept for an hour of arrivals (by the server's ParcelDate), and a
 * parcel under the mark dated inside that hour and not yet handled is a late arrival and emitted.
 * Older parcels under the mark are handled by definition. The cursor therefore holds about one hour
 * of IDs (never more than MAX_RECENT_PARCELS) plus parcels whose download failed, however long the
 * trigger runs and however full the inbox gets.
 *
 * Confirmation (Confirm Download). poll() returns items and n8n starts the execution after poll()
 * has returned, so a poll cannot confirm what it emits without risking a parcel confirmed but never
 * processed (n8n stopping in between). Confirmation is therefore two-phase: a poll emits parcels and
 * records them as awaiting confirmation, together with the ID of the n8n process; the next poll
 * confirms them. By then n8n has handed them to an execution, because that happens right after
 * poll() returns in the same process. If the next poll runs in another process, n8n stopped in
 * between and that hand-over is unproven, so the parcels (still InBoxReady, being unconfirmed) are
 * emitted again instead: at least once, never silently lost. A parcel whose download failed is
 * neither emitted nor confirmed and comes again at the next poll.
 */
import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ecgridosRequest } from '../transport';
import { DEFAULT_MAX_ITEMS_PER_POLL } from './description';
import { PollProblems, pollFailure } from './errors';
import { inboxParcelItem, type ParcelOutputOptions } from './items';
import { addressOf, describeScope, idParameter, readScope, type MailboxScope } from './scope';
import { PROCESS_RUN_ID, compareIds, idText, readCursor, serverTime, writeCursor } from './state';

/** How long after its ParcelDate a parcel may still become visible under a higher ParcelID. */
const LATE_ARRIVAL_WINDOW_MS = 60 * 60 * 1000;
/** Hard bound on the handled IDs kept for late-arrival detection. */
export const MAX_RECENT_PARCELS = 2000;
/** Records per archive page. */
export const PAGE_SIZE = 500;
/** Archive pages one poll reads at most; a longer scan continues at the next poll. */
export const MAX_PAGES_PER_POLL = 20;
/** How far back "Include Existing" looks for parcels already waiting. */
const INCLUDE_EXISTING_LOOK_BACK_MS = 365 * 24 * 60 * 60 * 1000;
/** The end of every date range lies this far ahead, so a clock difference hides no parcel. */
const END_MARGIN_MS = 24 * 60 * 60 * 1000;
const SAMPLE_LOOK_BACK_MS = 30 * 24 * 60 * 60 * 1000;
const SAMPLE_PAGE_SIZE = 100;
const SAMPLE_MAX_PAGES = 5;
const READY = 'InBoxReady';

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
}

interface InboxSettings {
	scope: MailboxScope;
	senderEcgridId: number;
	receiverEcgridId: number;
	output: ParcelOutputOptions;
	confirm: boolean;
	includeExisting: boolean;
	maxItems: number;
}

interface ListedParcel {
	id: string;
	date: number;
	record: Record<string, unknown>;
}

interface ArchivePage {
	parcels: ListedParcel[];
	last: boolean;
}

function readSettings(context: IPollFunctions): InboxSettings {
	const options = context.getNodeParameter('options', {}) as Record<string, unknown>;
	const download = context.getNodeParameter('downloadContent', true) as boolean;
	return {
		scope: readScope(context),
		senderEcgridId: idParameter(context, 'senderEcgridId'),
		receiverEcgridId: idParameter(context, 'receiverEcgridId'),
		output: {
			download,
			binaryPropertyName: download ? (context.getNodeParameter('binaryPropertyName', 'data') as string) : 'data',
			ediSummary: download && options.ediSummary === true,
		},
		// Confirming a parcel nobody has read would throw its content away, so it requires the download.
		confirm: download && (context.getNodeParameter('confirmDownload', false) as boolean),
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

function listed(record: Record<string, unknown>): ListedParcel | undefined {
	const id = idText(record.ParcelID);
	return id === '' ? undefined : { id, date: serverTime(record.ParcelDate), record };
}

/** One page of the inbox archive, oldest first (descending for the newest-first sample). */
async function archivePage(
	context: IPollFunctions,
	settings: InboxSettings,
	range: { from: number; page: number; pageSize: number; newestFirst?: boolean },
): Promise<ArchivePage> {
	const values: Record<string, unknown> = {
		BeginDate: new Date(range.from).toISOString(),
		EndDate: new Date(Math.max(Date.now(), range.from) + END_MARGIN_MS).toISOString(),
		ECGridIDFrom: settings.senderEcgridId,
		ECGridIDTo: settings.receiverEcgridId,
		MailbagControlID: '',
		PageNo: range.page,
		RecordsPerPage: range.pageSize,
	};
	let result: unknown;
	if (range.newestFirst || settings.scope.kind === 'chosen') {
		const address = await addressOf(context, settings.scope);
		result = await ecgridosRequest.call(context, range.newestFirst ? 'ParcelInBoxArchiveDescEx' : 'ParcelInBoxArchiveEx', {
			NetworkID: address.networkId,
			MailboxID: address.mailboxId,
			...values,
		});
	} else {
		result = await ecgridosRequest.call(context, 'ParcelInBoxArchive', values);
	}
	const collection = (result ?? {}) as Record<string, unknown>;
	const records = (collection.ParcelIDInfoList as Array<Record<string, unknown>> | undefined) ?? [];
	const parcels = records.map(listed).filter((parcel): parcel is ListedParcel => parcel !== undefined);
	// TotalPages decides where it is given: a server that pages by fewer records than asked for
	// returns short pages that are not the last.
	const last = typeof collection.TotalPages === 'number' ? range.page >= collection.TotalPages : records.length < range.pageSize;
	return { parcels, last };
}

function isReady(parcel: ListedParcel): boolean {
	return parcel.record.StatusCode === READY;
}

function isDue(cursor: InboxCursor, parcel: ListedParcel): boolean {
	if (cursor.highWater === '' || compareIds(parcel.id, cursor.highWater) > 0) return true;
	if (Object.prototype.hasOwnProperty.call(cursor.recent, parcel.id)) return false;
	// Under the mark: handled if older than the late-arrival window, else a late arrival.
	return parcel.date >= cursor.horizon;
}

/** The current server time, so that windows never depend on n8n's clock. */
async function serverNow(context: IPollFunctions): Promise<number> {
	const now = serverTime(await ecgridosRequest.call(context, 'NowUTC', {}));
	return now > 0 ? now : Date.now();
}

/**
 * The first cursor. Starting from now, everything up to the newest parcel in the archive counts as
 * handled; with Include Existing, the scan starts a year back and everything InBoxReady is due.
 */
async function firstCursor(context: IPollFunctions, settings: InboxSettings): Promise<InboxCursor> {
	if (settings.includeExisting) {
		const from = (await serverNow(context)) - INCLUDE_EXISTING_LOOK_BACK_MS;
		return { highWater: '', horizon: from, recent: {}, scan: { from, page: 1 }, retry: [] };
	}
	const now = await serverNow(context);
	const newest = (await archivePage(context, settings, { from: now - INCLUDE_EXISTING_LOOK_BACK_MS, page: 1, pageSize: 1, newestFirst: true })).parcels[0];
	if (!newest) {
		const from = now - LATE_ARRIVAL_WINDOW_MS;
		return { highWater: '', horizon: from, recent: {}, scan: { from, page: 1 }, retry: [] };
	}
	const horizon = newest.date + 1;
	return { highWater: newest.id, horizon, recent: {}, scan: { from: Math.min(horizon, now - LATE_ARRIVAL_WINDOW_MS), page: 1 }, retry: [] };
}

interface ScanResult {
	due: ListedParcel[];
	/** The scan reached the end of the archive. */
	complete: boolean;
	/** The page the next poll continues with, when not complete. */
	nextPage: number;
	newestDate: number;
}

/** Reads archive pages from the cursor until `wanted` due parcels are found, the end, or the page limit. */
async function scanArchive(
	context: IPollFunctions,
	settings: InboxSettings,
	cursor: InboxCursor,
	wanted: number,
	skip: ReadonlySet<string>,
): Promise<ScanResult> {
	const due: ListedParcel[] = [];
	let newestDate = 0;
	if (wanted <= 0) return { due, complete: false, nextPage: cursor.scan.page, newestDate };
	// Resuming, start a page early: should the archive drop old records, the pages move back, and the
	// overlap keeps the records at the boundary from being skipped (those already handled are not due).
	let page = Math.max(1, cursor.scan.page - 1);
	for (let read = 0; read < MAX_PAGES_PER_POLL; read++, page++) {
		const { parcels, last } = await archivePage(context, settings, { from: cursor.scan.from, page, pageSize: PAGE_SIZE });
		for (const parcel of parcels) {
			newestDate = Math.max(newestDate, parcel.date);
			if (due.length >= wanted || !isReady(parcel) || skip.has(parcel.id) || !isDue(cursor, parcel)) continue;
			due.push(parcel);
		}
		// A page where the wanted parcels were found is read again next time, for what follows them.
		if (due.length >= wanted) return { due, complete: false, nextPage: page, newestDate };
		if (last) return { due, complete: true, nextPage: 1, newestDate };
	}
	return { due, complete: false, nextPage: page, newestDate };
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

/** The parcel's current record, when it is still waiting for download; undefined when it is not. */
async function stillReady(context: IPollFunctions, id: string): Promise<ListedParcel | undefined> {
	const record = (await ecgridosRequest.call(context, 'ParcelInfo', { ParcelID: id })) as Record<string, unknown>;
	const parcel = listed(record ?? {});
	return parcel && isReady(parcel) ? parcel : undefined;
}

/**
 * Confirms what the previous poll of this process emitted, or, after a restart, makes it due again.
 * Parcels no longer waiting were confirmed or taken elsewhere and are left alone.
 */
async function settleConfirmations(context: IPollFunctions, cursor: InboxCursor, problems: PollProblems): Promise<void> {
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
			if (!(await stillReady(context, id))) continue;
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

/** Parcels of the retry list that still wait, up to `wanted`; the others leave the list. */
async function retryCandidates(context: IPollFunctions, cursor: InboxCursor, wanted: number, problems: PollProblems): Promise<ListedParcel[]> {
	const candidates: ListedParcel[] = [];
	const keep: string[] = [];
	for (const id of cursor.retry) {
		if (candidates.length >= wanted) {
			keep.push(id);
			continue;
		}
		try {
			const parcel = await stillReady(context, id);
			if (parcel) {
				candidates.push(parcel);
				keep.push(id);
			}
		} catch (error) {
			keep.push(id);
			problems.add(`reading parcel ${id} failed, trying again next poll: ${(error as Error).message}`);
		}
	}
	cursor.retry = keep;
	return candidates;
}

async function sample(context: IPollFunctions, settings: InboxSettings): Promise<INodeExecutionData[][]> {
	const from = (await serverNow(context)) - SAMPLE_LOOK_BACK_MS;
	for (let page = 1; page <= SAMPLE_MAX_PAGES; page++) {
		const { parcels, last } = await archivePage(context, settings, { from, page, pageSize: SAMPLE_PAGE_SIZE, newestFirst: true });
		const newest = parcels.filter(isReady).sort((a, b) => compareIds(b.id, a.id))[0];
		if (newest) return [[await inboxParcelItem(context, newest.record, settings.output)]];
		if (last) break;
	}
	throw new NodeOperationError(context.getNode(), `No parcels are waiting in ${describeInbox(settings)}; upload one to test`, {
		description:
			'Send a parcel to this mailbox (for example with the ECGridOS node: Parcel → Upload from a partner mailbox), then fetch the test event again. Fetching never confirms or remembers anything.',
	});
}

export async function pollInbox(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(context);
	const doing = `listing ${describeInbox(settings)}`;
	if (context.getMode() === 'manual') {
		try {
			return await sample(context, settings);
		} catch (error) {
			throw error instanceof NodeOperationError && error.message.startsWith('No parcels') ? error : pollFailure(context, error, doing);
		}
	}

	const scopeKey = JSON.stringify(['inbox', settings.scope, settings.senderEcgridId, settings.receiverEcgridId]);
	let cursor = readCursor<InboxCursor>(context, scopeKey);
	const problems = new PollProblems();
	let scan: ScanResult;
	let batch: ListedParcel[];
	try {
		if (!cursor) {
			cursor = await firstCursor(context, settings);
			if (!settings.includeExisting) {
				writeCursor(context, scopeKey, cursor);
				return null;
			}
		}
		await settleConfirmations(context, cursor, problems);
		const retried = await retryCandidates(context, cursor, settings.maxItems, problems);
		const skip = new Set([...(cursor.awaitingConfirmation?.ids ?? []), ...retried.map((parcel) => parcel.id)]);
		scan = await scanArchive(context, settings, cursor, settings.maxItems - retried.length, skip);
		batch = [...retried, ...scan.due];
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
			retry.add(parcel.id);
			problems.add(`downloading parcel ${parcel.id} failed, trying again next poll: ${(error as Error).message}`);
			continue;
		}
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
