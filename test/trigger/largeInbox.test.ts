/**
 * Large inboxes, in both listings (the pending inbox read whole, the archive read page by page): the
 * trigger spreads them over polls of "Max Parcels per Poll", emits every parcel once while the
 * workflow confirms what it gets, and keeps its static data small however many parcels it handles.
 *
 * The inboxes are built through the simulator's data file (one parcel sent over SOAP, then copied in
 * the saved state), since sending 10,000 parcels one by one would take most of the time budget.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { MAX_PAGES_PER_POLL, MAX_RECENT_PARCELS, PAGE_SIZE } from '../../nodes/ECGridOS/trigger/inbox';
import { MAX_IN_FLIGHT } from '../../nodes/ECGridOS/trigger/redelivery';
import { startSimulator, type RunningSimulator } from '../../simulator';
import type { ParcelRecord } from '../../simulator/store';
import {
	ActiveTrigger,
	apiKeyOf,
	credentialsFor,
	faultingProxy,
	inboxParameters,
	parcelIdsOf,
	readyParcelIds,
	sendPurchaseOrder,
	soapCall,
	type FaultingProxy,
} from './support';

let folder: string;
let inboxes = 0;
let simulator: RunningSimulator | undefined;
let proxy: FaultingProxy | undefined;

beforeAll(() => {
	folder = mkdtempSync(join(tmpdir(), 'ecgridos-trigger-'));
});
afterEach(async () => {
	await proxy?.stop();
	await simulator?.stop();
});
afterAll(() => {
	rmSync(folder, { recursive: true, force: true });
});

/** A simulator whose Globex inbox holds `count` parcels, dated `spacingMs` apart, the newest now. */
async function inboxOf(count: number, spacingMs: number): Promise<void> {
	const dataFile = join(folder, `inbox-${++inboxes}.json`);
	const seeding = await startSimulator({ port: 0, dataFile });
	await sendPurchaseOrder(seeding, '000000001');
	await seeding.stop();

	const state = JSON.parse(readFileSync(dataFile, 'utf8')) as {
		parcels: ParcelRecord[];
		contents: Record<string, string>;
		counters: Record<string, number>;
	};
	const original = state.parcels.find((parcel) => parcel.direction === 'InBox')!;
	const newest = original.date;
	original.date = newest - (count - 1) * spacingMs;
	let parcelId = state.counters.parcel;
	for (let copy = 1; copy < count; copy++) {
		parcelId += 1;
		state.parcels.push({
			...original,
			parcelId,
			fileName: `po-${String(copy).padStart(5, '0')}.x12`,
			date: original.date + copy * spacingMs,
			interchangeIds: [],
			relatedParcelIds: [],
			manifest: [],
			notes: [],
		});
		state.contents[parcelId] = state.contents[original.parcelId];
	}
	state.counters.parcel = parcelId;
	writeFileSync(dataFile, JSON.stringify(state));

	simulator = await startSimulator({ port: 0, dataFile });
	proxy = await faultingProxy(simulator.endpointUrl);
}

/** Confirms parcels as the workflow's Parcel → Confirm would, a few at a time. */
async function confirmAll(ids: number[]): Promise<void> {
	const apiKey = apiKeyOf(simulator!, 'globex.admin');
	for (let start = 0; start < ids.length; start += 25) {
		await Promise.all(ids.slice(start, start + 25).map((id) => soapCall(simulator!, apiKey, 'ParcelDownloadConfirm', { ParcelID: id })));
	}
}

/**
 * Polls until the inbox is drained. With `confirming`, what each poll emitted is confirmed, as by a
 * workflow ending in Parcel → Confirm, and redelivery is on (its default); without, nothing is
 * confirmed and redelivery is off, so each parcel is emitted once and stays in the inbox. Checks
 * each poll's calls for the listing in use.
 */
async function drain(listing: string, count: number, perPoll: number, confirming: boolean) {
	const options = confirming ? {} : { redeliverAfterMinutes: 0 };
	const trigger = new ActiveTrigger(
		{ ...credentialsFor(simulator!, 'globex.admin'), customUrl: proxy!.endpointUrl },
		inboxParameters({ downloadContent: false }, { includeExisting: true, maxParcelsPerPoll: perPoll, inboxListing: listing, ...options }),
	);
	const seen = new Set<number>();
	let duplicates = 0;
	let largestState = 0;
	let largestPoll = 0;
	const perPollAtMost = confirming ? Math.min(perPoll, MAX_IN_FLIGHT) : perPoll;
	for (let poll = 0; poll < Math.ceil(count / perPollAtMost) + 1; poll++) {
		const before = proxy!.operations.length;
		const items = await trigger.items();
		const calls = proxy!.operations.slice(before);
		expect(items.length).toBeLessThanOrEqual(perPoll);
		if (listing === 'pending') {
			expect(calls.filter((operation) => operation === 'ParcelInBox')).toHaveLength(1);
			expect(calls.filter((operation) => operation.startsWith('ParcelInBoxArchive'))).toEqual([]);
		} else {
			expect(calls).not.toContain('ParcelInBox');
			expect(calls.filter((operation) => operation === 'ParcelInBoxArchive').length).toBeLessThanOrEqual(MAX_PAGES_PER_POLL);
		}
		for (const item of items) {
			const id = item.json.ParcelID as number;
			if (seen.has(id)) duplicates++;
			seen.add(id);
			if (confirming) expect(item.json.delivery).toEqual({ count: 1, maxDeliveries: 5, stuck: false });
			else expect(item.json.delivery).toBeUndefined();
		}
		largestPoll = Math.max(largestPoll, items.length);
		largestState = Math.max(largestState, JSON.stringify(trigger.staticData).length);
		if (confirming) await confirmAll(parcelIdsOf(items));
	}
	return { trigger, seen, duplicates, largestState, largestPoll };
}

describe.each(['pending', 'archive'])('listing the %s inbox', (listing) => {
	it('spreads 10,000 waiting parcels over polls, each parcel once, with bounded static data', async () => {
		await inboxOf(10_000, 1);
		const { trigger, seen, duplicates, largestState } = await drain(listing, 10_000, 2500, false);
		expect(duplicates).toBe(0);
		expect(seen.size).toBe(10_000);
		if (listing === 'archive') {
			// The inbox was read in pages, never whole.
			expect(proxy!.operations.filter((operation) => operation === 'ParcelInBoxArchive').length).toBeGreaterThanOrEqual(10_000 / PAGE_SIZE);
		}
		// About 26 bytes per remembered parcel, and never more than MAX_RECENT_PARCELS of them.
		expect(largestState).toBeLessThan(MAX_RECENT_PARCELS * 30 + 2000);
		expect(await trigger.items()).toEqual([]);
		// Nothing was confirmed: all 10,000 still wait.
		expect(await readyParcelIds(simulator!, 'globex.admin')).toHaveLength(10_000);
	}, 240_000);

	it('with redelivery on, keeps at most MAX_IN_FLIGHT parcels out unconfirmed and goes on as the workflow confirms', async () => {
		await inboxOf(MAX_IN_FLIGHT + 500, 1);
		const { trigger, seen, duplicates, largestState, largestPoll } = await drain(listing, MAX_IN_FLIGHT + 500, 5000, true);
		expect(duplicates).toBe(0);
		expect(seen.size).toBe(MAX_IN_FLIGHT + 500);
		expect(largestPoll).toBe(MAX_IN_FLIGHT);
		// About 30 bytes per parcel out, 26 per remembered one.
		expect(largestState).toBeLessThan(MAX_RECENT_PARCELS * 30 + MAX_IN_FLIGHT * 34 + 2000);
		expect(await trigger.items()).toEqual([]);
		expect(await readyParcelIds(simulator!, 'globex.admin')).toEqual([]);
	}, 240_000);

	it('remembers only about the last hour of parcels, however many it has handled', async () => {
		// 600 parcels, one a minute: ten hours of traffic.
		await inboxOf(600, 60_000);
		const { trigger, seen, duplicates, largestState } = await drain(listing, 600, 100, true);
		expect(duplicates).toBe(0);
		expect(seen.size).toBe(600);
		// All 600 IDs would take about 16 kB; an hour of them (61) about 1.6 kB, plus the last poll's
		// 100 parcels out until their confirmation is seen.
		expect(JSON.stringify(trigger.staticData).length).toBeLessThan(3000);
		expect(largestState).toBeLessThan(3000 + 100 * 34);
		expect(await trigger.items()).toEqual([]);
	});
});

it('stops emitting new parcels while MAX_IN_FLIGHT are out unconfirmed, and goes on once they are confirmed', async () => {
	await inboxOf(MAX_IN_FLIGHT + 300, 1);
	const trigger = new ActiveTrigger(
		{ ...credentialsFor(simulator!, 'globex.admin'), customUrl: proxy!.endpointUrl },
		inboxParameters({ downloadContent: false }, { includeExisting: true, maxParcelsPerPoll: 5000 }),
	);
	const first = await trigger.items();
	expect(first).toHaveLength(MAX_IN_FLIGHT);
	expect(await trigger.items()).toEqual([]);
	await confirmAll(parcelIdsOf(first).slice(0, 100));
	const next = await trigger.items();
	expect(next).toHaveLength(100);
	expect(Math.min(...parcelIdsOf(next))).toBeGreaterThan(Math.max(...parcelIdsOf(first)));
});
