/**
 * At least once to the end of the workflow: the pattern the docs recommend (Confirm Download off,
 * the workflow ends in Parcel → Confirm), run through n8n's engine. A parcel whose execution fails,
 * or whose n8n process dies, before the confirmation is emitted again after "Redeliver After", with
 * its delivery count, and reported once as stuck after "Max Deliveries".
 *
 * Both listings: the pending inbox against a simulator whose archive does not list waiting parcels
 * (the default must work there), the archive against one whose archive does. Time is n8n's clock
 * (Date.now), moved forward by the test instead of waited for.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INode, type INodeExecutionData, type INodeType, type IRun } from 'n8n-workflow';
import { randomUUID } from 'crypto';

import { ECGridOS } from '../../nodes/ECGridOS/ECGridOS.node';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { createCredentialsHelper, createManualTrigger, nodeTypeName, runWorkflow } from '../harness';
import {
	ActiveTrigger,
	credentialsFor,
	faultingProxy,
	fileNamesOf,
	inboxParameters,
	latestVersion,
	readyParcelIds,
	sendPurchaseOrder,
	triggerOfANewProcess,
	type FaultingProxy,
} from './support';

let simulator: RunningSimulator;
let proxy: FaultingProxy;
let control = 900;
const nextControl = () => String(++control).padStart(9, '0');

let clockOffset = 0;
const realNow = Date.now.bind(Date);
const advanceMinutes = (minutes: number) => {
	clockOffset += minutes * 60_000;
};

afterEach(async () => {
	jest.restoreAllMocks();
	await proxy.stop();
	await simulator.stop();
});

async function start(strictArchive: boolean): Promise<void> {
	clockOffset = 0;
	erp.down = false;
	jest.spyOn(Date, 'now').mockImplementation(() => realNow() + clockOffset);
	simulator = await startSimulator({ port: 0, strictArchive });
	proxy = await faultingProxy(simulator.endpointUrl);
}

const globex = (): IDataObject => ({ ...credentialsFor(simulator, 'globex.admin'), customUrl: proxy.endpointUrl });
const confirmations = () => proxy.operations.filter((operation) => operation === 'ParcelDownloadConfirm').length;

/** Stands for the workflow's own processing (storing the EDI in an ERP): it fails while the ERP is down. */
const erp = { down: false };
const processParcel: INodeType = {
	description: {
		displayName: 'Process Parcel',
		name: 'harnessProcessParcel',
		group: ['transform'],
		version: 1,
		description: 'Hands the parcel to the ERP',
		defaults: { name: 'Process Parcel' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		if (erp.down) throw new NodeOperationError(this.getNode(), 'The ERP system is unavailable');
		return [this.getInputData()];
	},
} as INodeType;

/** Trigger items → Process Parcel → ECGridOS Parcel → Confirm, in n8n's engine. */
async function runReceiveWorkflow(items: INodeExecutionData[]): Promise<IRun> {
	const credentialsHelper = createCredentialsHelper();
	const trigger = createManualTrigger(items);
	const ecgridos = new ECGridOS();
	const node = (name: string, type: INodeType, parameters: INode['parameters'] = {}): INode => ({
		id: randomUUID(),
		name,
		type: nodeTypeName(type.description),
		typeVersion: latestVersion(type),
		position: [0, 0],
		parameters,
	});
	const confirm = {
		...node('Confirm Download', ecgridos, { resource: 'parcel', operation: 'confirm', parcelId: '={{ $json.ParcelID }}' }),
		credentials: { ecgridOsApi: credentialsHelper.add('ecgridOsApi', globex() as never) },
	};
	return await runWorkflow({
		nodes: [node('ECGridOS Trigger', trigger), node('Process Parcel', processParcel), confirm],
		connections: {
			'ECGridOS Trigger': { main: [[{ node: 'Process Parcel', type: 'main', index: 0 }]] },
			'Process Parcel': { main: [[{ node: 'Confirm Download', type: 'main', index: 0 }]] },
		},
		nodeTypes: [trigger, processParcel, ecgridos],
		credentialsHelper,
		mode: 'trigger',
	});
}

const REDELIVERY = { redeliverAfterMinutes: 30, maxDeliveries: 3 };

describe.each([
	['pending', true],
	['archive', false],
])('listing the %s inbox (strict archive: %s)', (inboxListing, strictArchive) => {
	const parameters = () => inboxParameters({}, { ...REDELIVERY, inboxListing });

	it('a workflow that throws before it confirms: the parcel comes again after Redeliver After, and is confirmed once when an execution succeeds', async () => {
		await start(strictArchive);
		const trigger = new ActiveTrigger(globex(), parameters());
		await trigger.poll();
		const order = nextControl();
		await sendPurchaseOrder(simulator, order);

		const first = await trigger.items();
		expect(fileNamesOf(first)).toEqual([`po-${order}.x12`]);
		expect(first[0].json.delivery).toEqual({ count: 1, maxDeliveries: 3, stuck: false });
		erp.down = true;
		const failed = await runReceiveWorkflow(first);
		expect(failed.data.resultData.error?.message).toBe('The ERP system is unavailable');
		expect(confirmations()).toBe(0);

		// Not before the time the user set.
		advanceMinutes(29);
		expect(await trigger.items()).toEqual([]);
		advanceMinutes(2);
		const again = await trigger.items();
		expect(fileNamesOf(again)).toEqual([`po-${order}.x12`]);
		expect(again[0].json.delivery).toEqual({ count: 2, maxDeliveries: 3, stuck: false });
		expect(again[0].binary?.data.fileName).toBe(`po-${order}.x12`);

		erp.down = false;
		const succeeded = await runReceiveWorkflow(again);
		expect(succeeded.data.resultData.error).toBeUndefined();
		expect(confirmations()).toBe(1);
		expect(await readyParcelIds(simulator, 'globex.admin')).toEqual([]);

		advanceMinutes(31);
		expect(await trigger.items()).toEqual([]);
		advanceMinutes(31);
		expect(await trigger.items()).toEqual([]);
		expect(trigger.staticData).not.toHaveProperty(['node:Trigger under test', 'ecgridosTrigger', 'cursor', 'deliveries', String(again[0].json.ParcelID)]);
	});

	it('after Max Deliveries the parcel is reported once as stuck, in an execution of its own, and then left alone', async () => {
		await start(strictArchive);
		const trigger = new ActiveTrigger(globex(), parameters());
		await trigger.poll();
		const stuck = nextControl();
		await sendPurchaseOrder(simulator, stuck);
		const counts: number[] = [];
		for (let delivery = 0; delivery < 3; delivery++) {
			const items = await trigger.items();
			expect(fileNamesOf(items)).toEqual([`po-${stuck}.x12`]);
			counts.push((items[0].json.delivery as IDataObject).count as number);
			advanceMinutes(31);
		}
		expect(counts).toEqual([1, 2, 3]);

		// A new parcel is waiting too; the report goes out alone and the new parcel in the next poll.
		const arriving = nextControl();
		await sendPurchaseOrder(simulator, arriving);
		const report = await trigger.items();
		expect(fileNamesOf(report)).toEqual([`po-${stuck}.x12`]);
		expect(report[0].json.delivery).toEqual({ count: 3, maxDeliveries: 3, stuck: true });
		expect(report[0].binary).toBeUndefined();
		expect(fileNamesOf(await trigger.items())).toEqual([`po-${arriving}.x12`]);

		// Never again about the stuck one, though it still waits.
		for (let poll = 0; poll < 3; poll++) {
			advanceMinutes(31);
			const items = await trigger.items();
			expect(fileNamesOf(items)).not.toContain(`po-${stuck}.x12`);
		}
		expect(await readyParcelIds(simulator, 'globex.admin')).toHaveLength(2);
		expect(confirmations()).toBe(0);
	});
});

it('a process restart between emit and confirm: the new process emits the parcel again after Redeliver After, once, and it is confirmed once', async () => {
	await start(true);
	const before = new ActiveTrigger(globex(), inboxParameters({}, REDELIVERY));
	await before.poll();
	const order = nextControl();
	await sendPurchaseOrder(simulator, order);
	expect(fileNamesOf(await before.items())).toEqual([`po-${order}.x12`]);

	// The process dies while the execution runs: nothing confirms. n8n starts again with the static
	// data it saved when the poll emitted, and loads the trigger afresh.
	const after = new ActiveTrigger(globex(), inboxParameters({}, REDELIVERY), triggerOfANewProcess(), before.staticData);
	expect(await after.items()).toEqual([]);
	advanceMinutes(31);
	const again = await after.items();
	expect(fileNamesOf(again)).toEqual([`po-${order}.x12`]);
	expect(again[0].json.delivery).toMatchObject({ count: 2 });
	expect((await runReceiveWorkflow(again)).data.resultData.error).toBeUndefined();
	advanceMinutes(31);
	expect(await after.items()).toEqual([]);
	expect(confirmations()).toBe(1);
	expect(await readyParcelIds(simulator, 'globex.admin')).toEqual([]);
});

it('Redeliver After 0: a parcel is emitted once and never again, confirmed or not', async () => {
	await start(true);
	const trigger = new ActiveTrigger(globex(), inboxParameters({}, { redeliverAfterMinutes: 0 }));
	await trigger.poll();
	const order = nextControl();
	await sendPurchaseOrder(simulator, order);
	const [item] = await trigger.items();
	expect(item.json.delivery).toBeUndefined();
	for (let poll = 0; poll < 3; poll++) {
		advanceMinutes(24 * 60);
		expect(await trigger.items()).toEqual([]);
	}
	expect(await readyParcelIds(simulator, 'globex.admin')).toHaveLength(1);
});
