/**
 * The two inbox listings against the two readings of ECGrid's archive. Loren Data documents
 * ParcelInBox as the mailbox's current inbox; it does not document that ParcelInBoxArchive lists a
 * parcel while it still waits. The simulator's strict-archive mode lists it only once it has left
 * the inbox: there the default listing must still see every arrival, and the archive listing sees
 * none (which is why it is an option that says what it relies on).
 */
import { startSimulator, type RunningSimulator } from '../../simulator';
import { ActiveTrigger, credentialsFor, fetchTestEvent, fileNamesOf, inboxParameters, readyParcelIds, sendPurchaseOrder, soapCall, apiKeyOf } from './support';

let simulator: RunningSimulator;
let control = 1200;
const nextControl = () => String(++control).padStart(9, '0');

afterEach(async () => {
	await simulator.stop();
});

const globex = () => credentialsFor(simulator, 'globex.admin');

describe('an ECGrid whose inbox archive does not list waiting parcels (strict archive)', () => {
	beforeEach(async () => {
		simulator = await startSimulator({ port: 0, strictArchive: true });
	});

	it('the simulator lists a waiting parcel in ParcelInBox only, and in the archive once confirmed', async () => {
		await sendPurchaseOrder(simulator, nextControl());
		const [parcelId] = await readyParcelIds(simulator, 'globex.admin');
		const archive = () =>
			soapCall(simulator, apiKeyOf(simulator, 'globex.admin'), 'ParcelInBoxArchive', {
				BeginDate: new Date(Date.now() - 86_400_000).toISOString(),
				EndDate: new Date(Date.now() + 86_400_000).toISOString(),
				ECGridIDFrom: 0,
				ECGridIDTo: 0,
				MailbagControlID: '',
				PageNo: 1,
				RecordsPerPage: 100,
			});
		expect(await archive()).not.toContain(`<ParcelID>${parcelId}</ParcelID>`);
		await soapCall(simulator, apiKeyOf(simulator, 'globex.admin'), 'ParcelDownloadConfirm', { ParcelID: parcelId });
		expect(await archive()).toContain(`<ParcelID>${parcelId}</ParcelID>`);
	});

	it('the default listing emits every arrival, once; the archive listing emits none', async () => {
		const pending = new ActiveTrigger(globex(), inboxParameters());
		const archive = new ActiveTrigger(globex(), inboxParameters({}, { inboxListing: 'archive' }));
		await pending.poll();
		await archive.poll();
		const orders = [nextControl(), nextControl()];
		for (const order of orders) await sendPurchaseOrder(simulator, order);

		expect(fileNamesOf(await pending.items())).toEqual(orders.map((order) => `po-${order}.x12`));
		expect(await pending.items()).toEqual([]);
		expect(await archive.items()).toEqual([]);
	});

	it('the default listing includes what is waiting when asked to, and fetches it as the test event', async () => {
		const waiting = nextControl();
		await sendPurchaseOrder(simulator, waiting);
		expect(fileNamesOf((await fetchTestEvent(globex(), inboxParameters())).result![0])).toEqual([`po-${waiting}.x12`]);
		const trigger = new ActiveTrigger(globex(), inboxParameters({}, { includeExisting: true }));
		expect(fileNamesOf(await trigger.items())).toEqual([`po-${waiting}.x12`]);
		await expect(fetchTestEvent(globex(), inboxParameters({}, { inboxListing: 'archive' }))).rejects.toThrow(/No parcels are waiting/);
	});
});

describe('switching the listing of a running trigger', () => {
	beforeEach(async () => {
		simulator = await startSimulator({ port: 0 });
	});

	it('keeps the cursor: nothing is emitted twice and nothing is skipped', async () => {
		const archive = new ActiveTrigger(globex(), inboxParameters({}, { inboxListing: 'archive' }));
		await archive.poll();
		const before = nextControl();
		await sendPurchaseOrder(simulator, before);
		expect(fileNamesOf(await archive.items())).toEqual([`po-${before}.x12`]);

		const after = nextControl();
		await sendPurchaseOrder(simulator, after);
		const pending = new ActiveTrigger(globex(), inboxParameters(), undefined, archive.staticData);
		expect(fileNamesOf(await pending.items())).toEqual([`po-${after}.x12`]);
		expect(await pending.items()).toEqual([]);
	});
});
