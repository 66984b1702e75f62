/**
 * Large inboxes: the trigger pages through them, spreads them over polls of "Max Parcels per Poll",
 * emits every parcel exactly once, and keeps its static data small however many parcels it handles.
 *
 * The inboxes are built through the simulator's data file (one parcel sent over SOAP, then copied in
 * the saved state), since sending 10,000 parcels one by one would take most of the time budget.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { MAX_PAGES_PER_POLL, MAX_RECENT_PARCELS, PAGE_SIZE } from '../../nodes/ECGridOS/trigger/inbox';
import { startSimulator, type RunningSimulator } from '../../simulator';
import type { ParcelRecord } from '../../simulator/store';
import { ActiveTrigger, credentialsFor, faultingProxy, inboxParameters, sendPurchaseOrder, type FaultingProxy } from './support';

let folder: string;
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
	const dataFile = join(folder, `inbox-${count}-${spacingMs}.json`);
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

async function drain(count: number, perPoll: number) {
	const trigger = new ActiveTrigger(
		{ ...credentialsFor(simulator!, 'globex.admin'), customUrl: proxy!.endpointUrl },
		inboxParameters({ downloadContent: false }, { includeExisting: true, maxParcelsPerPoll: perPoll }),
	);
	const seen = new Set<number>();
	let duplicates = 0;
	let largestState = 0;
	for (let poll = 0; poll < Math.ceil(count / perPoll) + 1; poll++) {
		const before = proxy!.operations.length;
		const items = await trigger.items();
		const calls = proxy!.operations.slice(before);
		expect(items.length).toBeLessThanOrEqual(perPoll);
		expect(calls).not.toContain('ParcelInBox');
		expect(calls.filter((operation) => operation === 'ParcelInBoxArchive').length).toBeLessThanOrEqual(MAX_PAGES_PER_POLL);
		for (const item of items) {
			const id = item.json.ParcelID as number;
			if (seen.has(id)) duplicates++;
			seen.add(id);
		}
		largestState = Math.max(largestState, JSON.stringify(trigger.staticData).length);
	}
	return { trigger, seen, duplicates, largestState };
}

it('spreads a 10,000-parcel inbox over polls, each parcel once, with paged reads and bounded static data', async () => {
	await inboxOf(10_000, 1);
	const { trigger, seen, duplicates, largestState } = await drain(10_000, 2500);
	expect(duplicates).toBe(0);
	expect(seen.size).toBe(10_000);
	// The inbox was read in pages, never whole.
	expect(proxy!.operations.filter((operation) => operation === 'ParcelInBoxArchive').length).toBeGreaterThanOrEqual(10_000 / PAGE_SIZE);
	// About 26 bytes per remembered parcel, and never more than MAX_RECENT_PARCELS of them.
	expect(largestState).toBeLessThan(MAX_RECENT_PARCELS * 30 + 2000);
	expect(await trigger.items()).toEqual([]);
});

it('remembers only about the last hour of parcels, however many it has handled', async () => {
	// 600 parcels, one a minute: ten hours of traffic.
	await inboxOf(600, 60_000);
	const { trigger, seen, duplicates, largestState } = await drain(600, 100);
	expect(duplicates).toBe(0);
	expect(seen.size).toBe(600);
	// All 600 IDs would take about 16 kB; an hour of them (61) about 1.6 kB.
	expect(JSON.stringify(trigger.staticData).length).toBeLessThan(3000);
	expect(largestState).toBeLessThan(3000);
	expect(await trigger.items()).toEqual([]);
});
