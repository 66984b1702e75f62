/**
 * The inbox trigger's at-least-once promise when a poll is interrupted between emitting a parcel
 * and confirming it (Confirm Download on). As the trigger documents it: a poll emits and records
 * the parcels as awaiting confirmation; the next poll of the same n8n process confirms them; a poll
 * in a new process (n8n stopped in between) emits them again instead, since their hand-over to an
 * execution is unproven. A parcel that is no longer waiting is never emitted again (docs/TRIGGER.md,
 * "Confirm Download").
 *
 * "n8n crashed" is played by reusing static data saved earlier with the trigger module loaded
 * afresh (a new process has new module state), through n8n-core's PollContext, against the
 * simulator behind a proxy that can cut connections.
 */
import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';

import { ECGridOSTrigger } from '../../nodes/ECGridOS/ECGridOSTrigger.node';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { createCredentialsHelper, pollTrigger } from '../harness';
import { X12_850, fileItem, runEcgridos } from './support/node';
import { startSpyProxy, type SpyProxy } from './support/spyProxy';

let simulator: RunningSimulator;
let proxy: SpyProxy;
let control = 700;

beforeEach(async () => {
	simulator = await startSimulator({ port: 0 });
	proxy = await startSpyProxy(simulator.endpointUrl);
});
afterEach(async () => {
	await proxy.stop();
	await simulator.stop();
});

function credential(loginName: string, viaProxy = true): IDataObject {
	const user = simulator.seed.users.find((candidate) => candidate.loginName === loginName)!;
	return { authentication: 'apiKey', apiKey: user.apiKey, environment: 'custom', customUrl: viaProxy ? proxy.endpointUrl : simulator.endpointUrl, timeout: 5 };
}

const PARAMETERS = { event: 'newInboxParcel', mailboxScope: 'own', downloadContent: true, binaryPropertyName: 'data', confirmDownload: true, options: {} };

/** The trigger class as a freshly started n8n process loads it. */
function triggerOfANewProcess(): new () => INodeType {
	let nodeClass: (new () => INodeType) | undefined;
	jest.isolateModules(() => {
		nodeClass = (require('../../nodes/ECGridOS/ECGridOSTrigger.node') as { ECGridOSTrigger: new () => INodeType }).ECGridOSTrigger;
	});
	return nodeClass!;
}

async function poll(staticData: IDataObject, trigger: new () => INodeType = ECGridOSTrigger) {
	const { result, staticData: after } = await pollTrigger(trigger, PARAMETERS, { ecgridOsApi: credential('globex.admin') }, {
		staticData,
		credentialsHelper: createCredentialsHelper(),
	});
	const items: INodeExecutionData[] = result?.[0] ?? [];
	return { fileNames: items.map((item) => String(item.json.FileName)), staticData: after };
}

async function send(): Promise<string> {
	const fileName = `po-${++control}.x12`;
	const { error } = await runEcgridos({ resource: 'parcel', operation: 'upload' }, credential('acme.admin', false), {
		items: [fileItem(X12_850(String(control).padStart(9, '0')), fileName)],
	});
	expect(error).toBeUndefined();
	return fileName;
}

async function inbox(): Promise<string[]> {
	const { items, error } = await runEcgridos({ resource: 'parcel', operation: 'getInbox', returnAll: true }, credential('globex.admin', false));
	expect(error).toBeUndefined();
	return items.map((item) => String(item.json.FileName));
}

/** An active trigger that has polled once (its first poll only sets the starting point). */
async function activeTrigger(): Promise<IDataObject> {
	const first = await poll({});
	expect(first.fileNames).toEqual([]);
	return first.staticData;
}

test('static data saved after emitting, then a restart: the parcel is emitted again, then confirmed once', async () => {
	const started = await activeTrigger();
	const parcel = await send();
	const emitted = await poll(started);
	expect(emitted.fileNames).toEqual([parcel]);

	// n8n stops after saving the static data of the emitting poll, before the next poll confirms.
	const restarted = triggerOfANewProcess();
	const again = await poll(emitted.staticData, restarted);
	expect(again.fileNames).toEqual([parcel]);
	expect(proxy.operations).not.toContain('ParcelDownloadConfirm');
	expect(await inbox()).toEqual([parcel]);

	const settled = await poll(again.staticData, restarted);
	expect(settled.fileNames).toEqual([]);
	expect(proxy.operations.filter((operation) => operation === 'ParcelDownloadConfirm')).toHaveLength(1);
	expect(await inbox()).toEqual([]);
	expect((await poll(settled.staticData, restarted)).fileNames).toEqual([]);
});

test('a crash before the emitting poll saved its static data: the next start emits the parcel again', async () => {
	const started = await activeTrigger();
	const parcel = await send();
	expect((await poll(started)).fileNames).toEqual([parcel]);

	const restarted = triggerOfANewProcess();
	const again = await poll(started, restarted);
	expect(again.fileNames).toEqual([parcel]);
	await poll(again.staticData, restarted);
	expect(await inbox()).toEqual([]);
});

test('a crash after the confirm but before its static data was saved: the confirmed parcel is not emitted again', async () => {
	const started = await activeTrigger();
	const parcel = await send();
	const emitted = await poll(started);
	expect(emitted.fileNames).toEqual([parcel]);
	const confirming = await poll(emitted.staticData);
	expect(confirming.fileNames).toEqual([]);
	expect(await inbox()).toEqual([]);

	const restarted = triggerOfANewProcess();
	const after = await poll(emitted.staticData, restarted);
	expect(after.fileNames).toEqual([]);
	expect((await poll(after.staticData, restarted)).fileNames).toEqual([]);
});

test.each(['request', 'response'] as const)(
	'a confirm cut off by the network (%s lost) is completed by a later poll; the parcel is emitted once and leaves the inbox',
	async (when) => {
		const started = await activeTrigger();
		const parcel = await send();
		const emitted = await poll(started);
		expect(emitted.fileNames).toEqual([parcel]);

		proxy.cut('ParcelDownloadConfirm', 1, when);
		const interrupted = await poll(emitted.staticData).catch((error: Error) => ({ fileNames: [] as string[], staticData: emitted.staticData, error }));
		expect(interrupted.fileNames).toEqual([]);

		let state = interrupted.staticData;
		const later: string[] = [];
		for (let round = 0; round < 2; round++) {
			const next = await poll(state);
			later.push(...next.fileNames);
			state = next.staticData;
		}
		expect(later).toEqual([]);
		expect(await inbox()).toEqual([]);
		expect(proxy.operations.filter((operation) => operation === 'ParcelDownloadConfirm').length).toBe(when === 'request' ? 2 : 1);
	},
);

test('two parcels, restart in between, more parcels after: each parcel is emitted, none is lost, all are confirmed', async () => {
	let state = await activeTrigger();
	const first = [await send(), await send()];
	const emitted = await poll(state);
	expect(emitted.fileNames.sort()).toEqual([...first].sort());

	const restarted = triggerOfANewProcess();
	const second = [await send()];
	const seen: string[] = [];
	state = emitted.staticData;
	for (let round = 0; round < 3; round++) {
		const next = await poll(state, restarted);
		seen.push(...next.fileNames);
		state = next.staticData;
	}
	expect([...new Set(seen)].sort()).toEqual([...first, ...second].sort());
	expect(seen.filter((name) => second.includes(name))).toHaveLength(1);
	expect(await inbox()).toEqual([]);
});
