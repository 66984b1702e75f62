/**
 * The inbox trigger's promises under trouble: restarts with saved static data, confirmation on and
 * off, a restart between emitting and confirming, failed downloads, failed polls, refused
 * credentials. Through n8n-core's PollContext against the simulator (behind a fault-injecting
 * proxy where a failure is needed).
 */

import { ECGridOSTrigger } from '../../nodes/ECGridOS/ECGridOSTrigger.node';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { createCredentialsHelper } from '../harness';
import {
	ActiveTrigger,
	credentialsFor,
	faultingProxy,
	fileNamesOf,
	pollTrigger,
	inboxParameters,
	parcelIdIn,
	parcelIdsOf,
	readyParcelIds,
	sendPurchaseOrder,
	triggerOfANewProcess,
	type FaultingProxy,
} from './support';

let simulator: RunningSimulator;
let proxy: FaultingProxy;
let control = 500;
const nextControl = () => String(++control).padStart(9, '0');

beforeEach(async () => {
	simulator = await startSimulator({ port: 0 });
	proxy = await faultingProxy(simulator.endpointUrl);
});
afterEach(async () => {
	await proxy.stop();
	await simulator.stop();
});

const globex = () => ({ ...credentialsFor(simulator, 'globex.admin'), customUrl: proxy.endpointUrl });

describe('restarts', () => {
	it('with confirmation off, a trigger restarted from its saved static data emits nothing twice and misses nothing', async () => {
		const before = new ActiveTrigger(globex(), inboxParameters());
		await before.poll();
		const first = nextControl();
		await sendPurchaseOrder(simulator, first);
		expect(fileNamesOf(await before.items())).toEqual([`po-${first}.x12`]);

		// n8n stops; a parcel arrives while it is down; n8n starts again with the saved static data.
		const whileDown = nextControl();
		await sendPurchaseOrder(simulator, whileDown);
		const after = new ActiveTrigger(globex(), inboxParameters(), triggerOfANewProcess(), before.staticData);
		expect(fileNamesOf(await after.items())).toEqual([`po-${whileDown}.x12`]);
		expect(await after.items()).toEqual([]);
		expect(await readyParcelIds(simulator, 'globex.admin')).toHaveLength(2);
	});
});

describe('Confirm Download', () => {
	it('off: nothing is ever confirmed by the trigger', async () => {
		const trigger = new ActiveTrigger(globex(), inboxParameters({ confirmDownload: false }));
		await trigger.poll();
		await sendPurchaseOrder(simulator, nextControl());
		const [item] = await trigger.items();
		await trigger.poll();
		await trigger.poll();
		expect(await readyParcelIds(simulator, 'globex.admin')).toEqual([item.json.ParcelID]);
		expect(proxy.operations).not.toContain('ParcelDownloadConfirm');
	});

	it('on: a parcel is confirmed by the poll after the one that emitted it, never before', async () => {
		const trigger = new ActiveTrigger(globex(), inboxParameters({ confirmDownload: true }));
		await trigger.poll();
		const first = nextControl();
		await sendPurchaseOrder(simulator, first);
		const [emitted] = await trigger.items();
		expect(emitted.json.FileName).toBe(`po-${first}.x12`);
		// Emitted, not yet confirmed: n8n starts the execution only after poll() returns.
		expect(await readyParcelIds(simulator, 'globex.admin')).toEqual([emitted.json.ParcelID]);
		expect(proxy.operations).not.toContain('ParcelDownloadConfirm');

		const second = nextControl();
		await sendPurchaseOrder(simulator, second);
		const next = await trigger.items();
		expect(fileNamesOf(next)).toEqual([`po-${second}.x12`]);
		expect(await readyParcelIds(simulator, 'globex.admin')).toEqual(parcelIdsOf(next));

		expect(await trigger.items()).toEqual([]);
		expect(await readyParcelIds(simulator, 'globex.admin')).toEqual([]);
		expect(proxy.operations.filter((operation) => operation === 'ParcelDownloadConfirm')).toHaveLength(2);
	});

	it('on: when n8n stops between emitting and confirming, the parcel is emitted again rather than lost', async () => {
		const before = new ActiveTrigger(globex(), inboxParameters({ confirmDownload: true }));
		await before.poll();
		const order = nextControl();
		await sendPurchaseOrder(simulator, order);
		expect(fileNamesOf(await before.items())).toEqual([`po-${order}.x12`]);

		// A new process cannot know whether that emission reached an execution: it emits again, confirms later.
		const after = new ActiveTrigger(globex(), inboxParameters({ confirmDownload: true }), triggerOfANewProcess(), before.staticData);
		expect(fileNamesOf(await after.items())).toEqual([`po-${order}.x12`]);
		expect(await readyParcelIds(simulator, 'globex.admin')).toHaveLength(1);
		expect(await after.items()).toEqual([]);
		expect(await readyParcelIds(simulator, 'globex.admin')).toEqual([]);
	});

	it('on: a confirmation that fails is retried at the next poll, without emitting the parcel again', async () => {
		const trigger = new ActiveTrigger(globex(), inboxParameters({ confirmDownload: true }));
		await trigger.poll();
		await sendPurchaseOrder(simulator, nextControl());
		const [emitted] = await trigger.items();

		proxy.failWhen = (operation) => operation === 'ParcelDownloadConfirm';
		await expect(trigger.poll()).rejects.toThrow(new RegExp(`confirming parcel ${emitted.json.ParcelID} failed, trying again next poll`));
		expect(await readyParcelIds(simulator, 'globex.admin')).toEqual([emitted.json.ParcelID]);

		proxy.failWhen = () => false;
		expect((await trigger.poll()).result).toBeNull();
		expect(await readyParcelIds(simulator, 'globex.admin')).toEqual([]);
	});

	it('on: a parcel confirmed elsewhere in the meantime is left alone', async () => {
		const trigger = new ActiveTrigger(globex(), inboxParameters({ confirmDownload: true }));
		await trigger.poll();
		await sendPurchaseOrder(simulator, nextControl());
		const [emitted] = await trigger.items();
		const { soapCall, apiKeyOf } = await import('./support');
		await soapCall(simulator, apiKeyOf(simulator, 'globex.admin'), 'ParcelDownloadConfirm', { ParcelID: emitted.json.ParcelID as number });
		expect((await trigger.poll()).result).toBeNull();
		expect(proxy.operations.filter((operation) => operation === 'ParcelDownloadConfirm')).toHaveLength(0);
	});
});

describe('failures', () => {
	it('a parcel whose download fails is neither emitted nor confirmed, and comes again next poll', async () => {
		const trigger = new ActiveTrigger(globex(), inboxParameters({ confirmDownload: true }));
		await trigger.poll();
		const controls = [nextControl(), nextControl(), nextControl()];
		for (const sent of controls) await sendPurchaseOrder(simulator, sent);
		const ids = await readyParcelIds(simulator, 'globex.admin');
		const broken = ids[1];
		proxy.failWhen = (operation, body) => operation === 'ParcelDownloadNoUpdate' && parcelIdIn(body) === broken;

		const first = await trigger.items();
		expect(parcelIdsOf(first)).toEqual([ids[0], ids[2]]);

		proxy.failWhen = () => false;
		const second = await trigger.items();
		expect(parcelIdsOf(second)).toEqual([broken]);
		expect(second[0].binary?.data.fileName).toBe(`po-${controls[1]}.x12`);
		// The first two were confirmed by this poll; the retried one waits for the next.
		expect(await readyParcelIds(simulator, 'globex.admin')).toEqual([broken]);
		expect(await trigger.items()).toEqual([]);
		expect(await readyParcelIds(simulator, 'globex.admin')).toEqual([]);
	});

	it('when every download of a poll fails, the poll fails (n8n reports it) and the next poll delivers', async () => {
		const trigger = new ActiveTrigger(globex(), inboxParameters());
		await trigger.poll();
		const order = nextControl();
		await sendPurchaseOrder(simulator, order);
		proxy.failWhen = (operation) => operation === 'ParcelDownloadNoUpdate';
		await expect(trigger.poll()).rejects.toThrow(/downloading parcel \d+ failed, trying again next poll/);

		proxy.failWhen = () => false;
		expect(fileNamesOf(await trigger.items())).toEqual([`po-${order}.x12`]);
		expect(await trigger.items()).toEqual([]);
	});

	it('a poll that cannot list the inbox fails without moving the cursor; the next poll catches up', async () => {
		const trigger = new ActiveTrigger(globex(), inboxParameters());
		await trigger.poll();
		const saved = JSON.stringify(trigger.staticData);
		const during = nextControl();
		await sendPurchaseOrder(simulator, during);
		proxy.failWhen = (operation) => operation.startsWith('ParcelInBox');
		await expect(trigger.poll()).rejects.toThrow(/Internal error[\s\S]*while listing the inbox of the credential's mailbox/);
		expect(JSON.stringify(trigger.staticData)).toBe(saved);

		proxy.failWhen = () => false;
		expect(fileNamesOf(await trigger.items())).toEqual([`po-${during}.x12`]);
	});

	it('a refused credential fails the activation poll with a clear message', async () => {
		const refused = { ...globex(), apiKey: '00000000-0000-4000-8000-0000000000ff' };
		const trigger = new ActiveTrigger(refused, inboxParameters());
		await expect(trigger.poll()).rejects.toThrow(/^Authorization failed: ECGridOS refused the credential while listing the inbox/);
		expect(trigger.staticData).toEqual({});
	});

	it('a poll that starts while the previous one of the same trigger still runs leaves the work to it', async () => {
		const trigger = new ActiveTrigger(globex(), inboxParameters());
		await trigger.poll();
		await sendPurchaseOrder(simulator, nextControl());
		const poll = () =>
			pollTrigger(ECGridOSTrigger, inboxParameters() as never, { ecgridOsApi: globex() }, {
				credentialsHelper: createCredentialsHelper(),
				staticData: trigger.staticData,
				workflowId: 'one-workflow',
			});
		const [first, second] = await Promise.all([poll(), poll()]);
		expect(first.result?.[0]).toHaveLength(1);
		expect(second.result).toBeNull();
		expect(second.staticData).toEqual(trigger.staticData);
	});
});
