/**
 * The two ways New Inbox Parcel reads the inbox, behind one interface the poll uses.
 *
 * Pending inbox (the default): ParcelInBox, or ParcelInBoxEx for another mailbox or with sender /
 * receiver filters, as Loren Data's Mailbox-IO sample polls. ECGridOS documents these as the
 * mailbox's current inbox: the parcels waiting for download. The reply holds the whole list (the
 * calls take no paging parameters), so one call per poll tells the trigger both what is new and
 * whether an emitted parcel is still waiting.
 *
 * Inbox archive, paged: ParcelInBoxArchive[Ex] (every inbound parcel by date range, with PageNo /
 * RecordsPerPage), keeping the InBoxReady ones. It reads a huge inbox a page at a time, but relies
 * on the archive listing a parcel from the moment it arrives, which Loren Data does not document;
 * whether an emitted parcel still waits is asked parcel by parcel (ParcelInfo).
 */
import type { IPollFunctions } from 'n8n-workflow';

import { scoped } from '../actions/variants';
import { ecgridosRequest } from '../transport';
import { addressOf, callScoped, type MailboxScope } from './scope';
import { compareIds, idText, serverTime } from './state';

/** Records per archive page. */
export const PAGE_SIZE = 500;
/** Archive pages one poll reads at most; a longer scan continues at the next poll. */
export const MAX_PAGES_PER_POLL = 20;
/** How long after its ParcelDate a parcel may still become visible under a higher ParcelID. */
export const LATE_ARRIVAL_WINDOW_MS = 60 * 60 * 1000;
/** How far back "Include Existing" looks in the archive for parcels already waiting. */
export const INCLUDE_EXISTING_LOOK_BACK_MS = 365 * 24 * 60 * 60 * 1000;
/** The end of every date range lies this far ahead, so a clock difference hides no parcel. */
const END_MARGIN_MS = 24 * 60 * 60 * 1000;
const SAMPLE_LOOK_BACK_MS = 30 * 24 * 60 * 60 * 1000;
const SAMPLE_PAGE_SIZE = 100;
const SAMPLE_MAX_PAGES = 5;
const READY = 'InBoxReady';

const PENDING_INBOX = scoped('ParcelInBox', 'ParcelInBoxEx');
const INBOX_ARCHIVE = scoped('ParcelInBoxArchive', 'ParcelInBoxArchiveEx');

export const INBOX_LISTINGS = { pending: 'pending', archive: 'archive' } as const;
export type InboxListing = (typeof INBOX_LISTINGS)[keyof typeof INBOX_LISTINGS];

export interface ListedParcel {
	id: string;
	date: number;
	record: Record<string, unknown>;
}

/** The part of the cursor a scan reads and moves on. */
export interface ScanCursor {
	highWater: string;
	horizon: number;
	recent: Record<string, number>;
	scan: { from: number; page: number };
}

export interface ScanResult {
	due: ListedParcel[];
	/** The scan reached the end of the listing. */
	complete: boolean;
	/** The archive page the next poll continues with, when not complete. */
	nextPage: number;
	newestDate: number;
}

export interface ListingFilter {
	scope: MailboxScope;
	senderEcgridId: number;
	receiverEcgridId: number;
}

/** One poll's view of the inbox. */
export interface InboxView {
	/** The parcel's current record when it is still waiting for download; undefined when it is not. */
	waiting(id: string): Promise<ListedParcel | undefined>;
	/** Every waiting parcel, when the listing holds them all (the pending inbox); else undefined. */
	readonly all?: ReadonlyMap<string, ListedParcel>;
	/** The newest parcel waiting (highest ParcelID), for the first poll and the test event. */
	newest(): Promise<ListedParcel | undefined>;
	/** Parcels due under the cursor, lowest ParcelID first, up to `wanted`, leaving out `skip`. */
	scan(cursor: ScanCursor, wanted: number, skip: ReadonlySet<string>): Promise<ScanResult>;
}

function listed(record: Record<string, unknown>): ListedParcel | undefined {
	const id = idText(record.ParcelID);
	return id === '' ? undefined : { id, date: serverTime(record.ParcelDate), record };
}

function recordsOf(result: unknown): Array<Record<string, unknown>> {
	return (((result ?? {}) as Record<string, unknown>).ParcelIDInfoList as Array<Record<string, unknown>> | undefined) ?? [];
}

function isReady(parcel: ListedParcel): boolean {
	return parcel.record.StatusCode === READY;
}

/** Whether a listed parcel is still to be emitted under the cursor (see inbox.ts, "Deduplication"). */
export function isDue(cursor: ScanCursor, parcel: ListedParcel): boolean {
	if (cursor.highWater === '' || compareIds(parcel.id, cursor.highWater) > 0) return true;
	if (Object.prototype.hasOwnProperty.call(cursor.recent, parcel.id)) return false;
	// Under the mark: handled if older than the late-arrival window, else a late arrival.
	return parcel.date >= cursor.horizon;
}

/** The parcel's record from ParcelInfo, when it is still waiting for download. */
async function stillReady(context: IPollFunctions, id: string): Promise<ListedParcel | undefined> {
	const parcel = listed(((await ecgridosRequest.call(context, 'ParcelInfo', { ParcelID: id })) ?? {}) as Record<string, unknown>);
	return parcel && isReady(parcel) ? parcel : undefined;
}

/** The pending inbox, read once: ParcelInBox, or ParcelInBoxEx when another mailbox or a filter needs it. */
export async function pendingInbox(context: IPollFunctions, filter: ListingFilter): Promise<InboxView> {
	const filtered = filter.senderEcgridId !== 0 || filter.receiverEcgridId !== 0;
	const exValues = { ECGridIDFrom: filter.senderEcgridId, ECGridIDTo: filter.receiverEcgridId };
	const result = await callScoped(context, PENDING_INBOX, filter.scope, filtered || filter.scope.kind === 'specific' ? exValues : {}, filtered);
	const parcels = recordsOf(result)
		.map(listed)
		.filter((parcel): parcel is ListedParcel => parcel !== undefined)
		.sort((a, b) => compareIds(a.id, b.id));
	const all = new Map(parcels.map((parcel) => [parcel.id, parcel]));
	const newestDate = parcels.reduce((newest, parcel) => Math.max(newest, parcel.date), 0);
	return {
		all,
		waiting: async (id) => all.get(id),
		newest: async () => parcels[parcels.length - 1],
		scan: async (cursor, wanted, skip) => {
			const due = wanted <= 0 ? [] : parcels.filter((parcel) => !skip.has(parcel.id) && isDue(cursor, parcel)).slice(0, wanted);
			return { due, complete: true, nextPage: 1, newestDate };
		},
	};
}

interface ArchivePage {
	parcels: ListedParcel[];
	last: boolean;
}

/** One page of the inbox archive, oldest first (newest first for the first poll and the sample). */
async function archivePage(
	context: IPollFunctions,
	filter: ListingFilter,
	range: { from: number; page: number; pageSize: number; newestFirst?: boolean },
): Promise<ArchivePage> {
	const values: Record<string, unknown> = {
		BeginDate: new Date(range.from).toISOString(),
		EndDate: new Date(Math.max(Date.now(), range.from) + END_MARGIN_MS).toISOString(),
		ECGridIDFrom: filter.senderEcgridId,
		ECGridIDTo: filter.receiverEcgridId,
		MailbagControlID: '',
		PageNo: range.page,
		RecordsPerPage: range.pageSize,
	};
	let result: unknown;
	if (range.newestFirst) {
		// The newest-first listing exists in the …Ex form only.
		const address = await addressOf(context, filter.scope);
		result = await ecgridosRequest.call(context, 'ParcelInBoxArchiveDescEx', { NetworkID: address.networkId, MailboxID: address.mailboxId, ...values });
	} else {
		result = await callScoped(context, INBOX_ARCHIVE, filter.scope, values);
	}
	const collection = (result ?? {}) as Record<string, unknown>;
	const records = recordsOf(result);
	const parcels = records.map(listed).filter((parcel): parcel is ListedParcel => parcel !== undefined);
	// TotalPages decides where it is given: a server that pages by fewer records than asked for
	// returns short pages that are not the last.
	const last = typeof collection.TotalPages === 'number' ? range.page >= collection.TotalPages : records.length < range.pageSize;
	return { parcels, last };
}

/** The current server time, so that windows never depend on n8n's clock. */
export async function serverNow(context: IPollFunctions): Promise<number> {
	const now = serverTime(await ecgridosRequest.call(context, 'NowUTC', {}));
	return now > 0 ? now : Date.now();
}

/** The inbox archive, read page by page as the scan goes. */
export function inboxArchive(context: IPollFunctions, filter: ListingFilter): InboxView {
	return {
		waiting: async (id) => await stillReady(context, id),
		newest: async () => {
			const from = (await serverNow(context)) - SAMPLE_LOOK_BACK_MS;
			for (let page = 1; page <= SAMPLE_MAX_PAGES; page++) {
				const { parcels, last } = await archivePage(context, filter, { from, page, pageSize: SAMPLE_PAGE_SIZE, newestFirst: true });
				const newest = parcels.filter(isReady).sort((a, b) => compareIds(b.id, a.id))[0];
				if (newest || last) return newest;
			}
			return undefined;
		},
		scan: async (cursor, wanted, skip) => {
			const due: ListedParcel[] = [];
			let newestDate = 0;
			if (wanted <= 0) return { due, complete: false, nextPage: cursor.scan.page, newestDate };
			// Resuming, start a page early: should the archive drop old records, the pages move back, and the
			// overlap keeps the records at the boundary from being skipped (those already handled are not due).
			let page = Math.max(1, cursor.scan.page - 1);
			for (let read = 0; read < MAX_PAGES_PER_POLL; read++, page++) {
				const { parcels, last } = await archivePage(context, filter, { from: cursor.scan.from, page, pageSize: PAGE_SIZE });
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
		},
	};
}

/**
 * The newest parcel in the archive in any state, newest first: where "from now" starts in archive
 * mode, since a parcel confirmed a moment ago is as much "before now" as one still waiting.
 */
export async function newestInArchive(context: IPollFunctions, filter: ListingFilter, from: number): Promise<ListedParcel | undefined> {
	return (await archivePage(context, filter, { from, page: 1, pageSize: 1, newestFirst: true })).parcels[0];
}
