/**
 * New Inbox Parcel through n8n-core's PollContext against the simulator: Acme sends purchase orders
 * to Globex, and a trigger on Globex's inbox picks them up.
 */
import { startSimulator, type RunningSimulator } from '../../simulator';
import {
	ActiveTrigger,
	X12_850,
	credentialsFor,
	fetchTestEvent,
	fileNamesOf,
	inboxParameters,
	parcelIdsOf,
	readyParcelIds,
	sendPurchaseOrder,
	soapCall,
	apiKeyOf,
} from './support';

let simulator: RunningSimulator;
let control = 100;
const nextControl = () => String(++control).padStart(9, '0');

beforeEach(async () => {
	simulator = await startSimulator({ port: 0 });
});
afterEach(async () => {
	await simulator.stop();
});

const globex = () => credentialsFor(simulator, 'globex.admin');

describe('New Inbox Parcel', () => {
	it('starts from now: what is already waiting is not emitted, an arrival between polls is, once', async () => {
		const waiting = nextControl();
		await sendPurchaseOrder(simulator, waiting);
		const trigger = new ActiveTrigger(globex(), inboxParameters({}, { ediSummary: true }));

		expect((await trigger.poll()).result).toBeNull();

		const arriving = nextControl();
		await sendPurchaseOrder(simulator, arriving);
		const items = await trigger.items();
		expect(fileNamesOf(items)).toEqual([`po-${arriving}.x12`]);
		const [item] = items;
		expect(item.binary?.data.fileName).toBe(`po-${arriving}.x12`);
		expect(item.binary?.data.mimeType).toBe('application/edi-x12');
		expect(Buffer.from(item.binary!.data.data, 'base64').toString('latin1')).toBe(X12_850(arriving));
		expect(item.json.ediSummary).toMatchObject({
			standard: 'X12',
			interchanges: [{ controlNumber: arriving, sender: { id: 'ACMERETAIL' }, receiver: { id: 'GLOBEXSUPPLY' } }],
		});
		expect(item.json.StatusCode).toBe('InBoxReady');
		expect(JSON.stringify(item.json)).not.toMatch(/SessionID|00000000-0000-4000-8000/);

		expect((await trigger.poll()).result).toBeNull();
		// Reading changed nothing in ECGrid: both parcels still wait for confirmation.
		expect(await readyParcelIds(simulator, 'globex.admin')).toHaveLength(2);
	});

	it('emits several arrivals of one poll in arrival order, each once', async () => {
		const trigger = new ActiveTrigger(globex(), inboxParameters({ downloadContent: false }));
		expect((await trigger.poll()).result).toBeNull();
		const controls = [nextControl(), nextControl(), nextControl()];
		for (const sent of controls) await sendPurchaseOrder(simulator, sent);

		const items = await trigger.items();
		expect(fileNamesOf(items)).toEqual(controls.map((sent) => `po-${sent}.x12`));
		expect(items.every((item) => item.binary === undefined)).toBe(true);
		const ids = parcelIdsOf(items);
		expect([...ids].sort((a, b) => a - b)).toEqual(ids);
		expect(await trigger.items()).toEqual([]);
	});

	it('includes what is already waiting when asked to', async () => {
		const waiting = [nextControl(), nextControl()];
		for (const sent of waiting) await sendPurchaseOrder(simulator, sent);
		const trigger = new ActiveTrigger(globex(), inboxParameters({}, { includeExisting: true }));
		expect(fileNamesOf(await trigger.items())).toEqual(waiting.map((sent) => `po-${sent}.x12`));
		expect(await trigger.items()).toEqual([]);
	});

	it('fetching a test event returns the newest parcel and leaves the cursor alone', async () => {
		const first = nextControl();
		const newest = nextControl();
		await sendPurchaseOrder(simulator, first);
		await sendPurchaseOrder(simulator, newest);

		const fetched = await fetchTestEvent(globex(), inboxParameters());
		expect(fileNamesOf(fetched.result![0])).toEqual([`po-${newest}.x12`]);
		expect(fetched.result![0][0].binary?.data.mimeType).toBe('application/edi-x12');
		expect(fetched.staticData).toEqual({});

		// An active trigger whose cursor predates the fetch still emits the newest parcel.
		const trigger = new ActiveTrigger(globex(), inboxParameters({}, { includeExisting: true }));
		const afterFetch = await fetchTestEvent(globex(), inboxParameters(), trigger.staticData);
		expect(afterFetch.staticData).toEqual(trigger.staticData);
		expect(fileNamesOf(await trigger.items())).toEqual([`po-${first}.x12`, `po-${newest}.x12`]);
	});

	it('fetching a test event from an empty inbox says what to do', async () => {
		const fetched = fetchTestEvent(globex(), inboxParameters());
		await expect(fetched).rejects.toThrow(/No parcels are waiting in the inbox of the credential's mailbox; upload one to test/);
	});

	it('at the cursor edge: a capped poll leaves the rest for the next, and nothing comes twice', async () => {
		const trigger = new ActiveTrigger(globex(), inboxParameters({ downloadContent: false }, { maxParcelsPerPoll: 2 }));
		await trigger.poll();
		const controls = [nextControl(), nextControl(), nextControl(), nextControl(), nextControl()];
		// Sent at once: several parcels share a ParcelDate.
		await Promise.all(controls.map((sent) => sendPurchaseOrder(simulator, sent)));
		const polls = [await trigger.items(), await trigger.items(), await trigger.items(), await trigger.items()];
		expect(polls.map((items) => items.length)).toEqual([2, 2, 1, 0]);
		const ids = polls.flatMap(parcelIdsOf);
		expect(new Set(ids).size).toBe(5);
		expect([...ids].sort((a, b) => a - b)).toEqual(ids);
		expect(polls.flatMap(fileNamesOf).sort()).toEqual(controls.map((sent) => `po-${sent}.x12`).sort());
	});

	it('at the cursor edge: a parcel showing up under the high-water mark is emitted, one already emitted is not', async () => {
		const globexKey = apiKeyOf(simulator, 'globex.admin');
		const trigger = new ActiveTrigger(globex(), inboxParameters({ downloadContent: false }));
		await trigger.poll();
		// A arrives and is taken by another system before the trigger looks; B arrives.
		const a = nextControl();
		await sendPurchaseOrder(simulator, a);
		const [aId] = await readyParcelIds(simulator, 'globex.admin');
		await soapCall(simulator, globexKey, 'ParcelDownloadConfirm', { ParcelID: aId });
		const b = nextControl();
		await sendPurchaseOrder(simulator, b);
		const [bItem] = await trigger.items();
		expect(bItem.json.FileName).toBe(`po-${b}.x12`);

		// A comes back to the inbox (reset): under the mark, never emitted, so it is due.
		await soapCall(simulator, globexKey, 'ParcelDownloadReset', { ParcelID: aId });
		expect(fileNamesOf(await trigger.items())).toEqual([`po-${a}.x12`]);

		// B is confirmed and reset: it was emitted already, so it is not emitted again.
		await soapCall(simulator, globexKey, 'ParcelDownloadConfirm', { ParcelID: bItem.json.ParcelID as number });
		await soapCall(simulator, globexKey, 'ParcelDownloadReset', { ParcelID: bItem.json.ParcelID as number });
		expect(await trigger.items()).toEqual([]);
	});
});
