/**
 * Load and no data loss: 200 concurrent clients for ECGRIDOS_LOAD_SECONDS (default 60) against the
 * simulator, with no error and nothing lost. Senders upload X12 850s from Acme; receivers list
 * Globex's inbox, download each parcel and confirm it. At the end every uploaded parcel has been
 * seen in the receiving inbox under exactly one ParcelID, its content arrived intact, and every
 * confirmed parcel has left the inbox while the unconfirmed rest is still there.
 *
 * Clients run the ECGridOS node in n8n's real engine (WorkflowExecute through the test harness),
 * one workflow execution per call, 200 at a time; senders use API keys, receivers share one Login
 * credential, so concurrent session handling is part of the load. The simulator runs in a process
 * of its own, from its command line.
 */
import type { IDataObject } from 'n8n-workflow';

import { demoSeed } from '../../simulator';
import { createCredentialsHelper, type StoredCredential } from '../harness';
import { X12_850, fileItem, runEcgridos } from './support/node';
import { startSimulatorProcess, type SimulatorProcess } from './support/simulatorProcess';

const CLIENTS = 200;
const SENDERS = 70;
const DURATION_SECONDS = Number(process.env.ECGRIDOS_LOAD_SECONDS ?? 60);

jest.setTimeout((DURATION_SECONDS + 180) * 1000);

let simulator: SimulatorProcess;

beforeAll(async () => {
	simulator = await startSimulatorProcess();
});
afterAll(async () => {
	await simulator?.stop();
});

function seedUser(loginName: string) {
	const user = demoSeed.users.find((candidate) => candidate.loginName === loginName);
	if (!user?.apiKey) throw new Error(`no seed user ${loginName}`);
	return user;
}

interface Problem {
	client: string;
	what: string;
}

test(`${CLIENTS} concurrent clients for ${DURATION_SECONDS} s: no errors, every parcel delivered exactly once, confirmed parcels leave the inbox`, async () => {
	const sender: IDataObject = {
		authentication: 'apiKey',
		apiKey: seedUser('acme.admin').apiKey,
		environment: 'custom',
		customUrl: simulator.endpointUrl,
		timeout: 60,
	};
	const receiverHelper = createCredentialsHelper();
	const receiver: StoredCredential = receiverHelper.add('ecgridOsApi', {
		authentication: 'login',
		loginName: 'globex.admin',
		password: seedUser('globex.admin').password,
		environment: 'custom',
		customUrl: simulator.endpointUrl,
		timeout: 60,
	});

	const problems: Problem[] = [];
	const uploaded = new Map<string, string>(); // file name → X12 content
	const outboundIds = new Set<number>();
	const inboundIdsByName = new Map<string, Set<number>>();
	const nameById = new Map<number, string>();
	const confirmed = new Set<string>();
	const queue: number[] = [];
	const queued = new Set<number>();
	let calls = 0;
	const deadline = Date.now() + DURATION_SECONDS * 1000;
	let sendersDone = false;

	const receive = (client: string) => async (parameters: IDataObject) => {
		calls++;
		const run = await runEcgridos(parameters, receiver, { credentialsHelper: receiverHelper });
		if (run.error) problems.push({ client, what: `${String(parameters.operation)}: ${run.error.message}` });
		return run;
	};

	let listing: Promise<void> | undefined;
	const listInbox = (client: string) =>
		(listing ??= (async () => {
			// Confirmed before the listing was asked for: such a parcel must no longer be listed.
			const confirmedBefore = new Set(confirmed);
			const run = await receive(client)({ resource: 'parcel', operation: 'getInbox', returnAll: true });
			const seenNow = new Set<string>();
			for (const item of run.items) {
				const name = String(item.json.FileName);
				const id = Number(item.json.ParcelID);
				if (seenNow.has(name)) problems.push({ client, what: `${name} listed twice in one inbox listing` });
				seenNow.add(name);
				if (confirmedBefore.has(name)) problems.push({ client, what: `${name} is still in the inbox after its confirmation` });
				const ids = inboundIdsByName.get(name) ?? new Set<number>();
				ids.add(id);
				inboundIdsByName.set(name, ids);
				nameById.set(id, name);
				if (!queued.has(id)) {
					queued.add(id);
					queue.push(id);
				}
			}
		})().finally(() => {
			listing = undefined;
		}));

	async function runSender(index: number) {
		const client = `sender ${index}`;
		for (let sequence = 0; Date.now() < deadline; sequence++) {
			const control = String(index * 100000 + sequence).padStart(9, '0');
			const fileName = `load-${control}.x12`;
			const content = X12_850(control);
			calls++;
			const run = await runEcgridos({ resource: 'parcel', operation: 'upload' }, sender, { items: [fileItem(content, fileName)] });
			if (run.error) {
				problems.push({ client, what: `upload ${fileName}: ${run.error.message}` });
				continue;
			}
			uploaded.set(fileName, content);
			const parcelId = Number(run.items[0]?.json.parcelId);
			if (outboundIds.has(parcelId)) problems.push({ client, what: `upload ParcelID ${parcelId} returned twice` });
			outboundIds.add(parcelId);
		}
	}

	async function runReceiver(index: number) {
		const client = `receiver ${index}`;
		const call = receive(client);
		while (Date.now() < deadline || !sendersDone) {
			const parcelId = queue.shift();
			if (parcelId === undefined) {
				await listInbox(client);
				if (queue.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
				continue;
			}
			const name = nameById.get(parcelId)!;
			const download = await call({ resource: 'parcel', operation: 'download', parcelId });
			if (download.error) continue;
			const content = Buffer.from(download.items[0].binary?.data.data ?? '', 'base64').toString('latin1');
			if (content !== uploaded.get(name)) problems.push({ client, what: `${name} (ParcelID ${parcelId}) arrived with different content` });
			const confirm = await call({ resource: 'parcel', operation: 'confirm', parcelId });
			if (confirm.error) continue;
			if (confirm.items[0].json.confirmed !== true) problems.push({ client, what: `ParcelID ${parcelId} was not confirmed` });
			confirmed.add(name);
		}
	}

	const senders = Array.from({ length: SENDERS }, (_, index) => runSender(index + 1));
	const receivers = Array.from({ length: CLIENTS - SENDERS }, (_, index) => runReceiver(index + 1));
	await Promise.all(senders);
	sendersDone = true;
	await Promise.all(receivers);
	// Parcels uploaded in the last moments may not have been listed yet: the final listing sees them.
	await listInbox('final check');

	const finalInbox = new Set<string>();
	const final = await runEcgridos({ resource: 'parcel', operation: 'getInbox', returnAll: true }, receiver, {
		credentialsHelper: receiverHelper,
	});
	expect(final.error).toBeUndefined();
	for (const item of final.items) finalInbox.add(String(item.json.FileName));

	expect(problems.slice(0, 20)).toEqual([]);
	expect(uploaded.size).toBeGreaterThanOrEqual(SENDERS);
	expect(confirmed.size).toBeGreaterThan(0);
	for (const [name, ids] of inboundIdsByName) {
		if (!uploaded.has(name)) problems.push({ client: 'check', what: `${name} is in the inbox but was never uploaded` });
		if (ids.size !== 1) problems.push({ client: 'check', what: `${name} arrived ${ids.size} times (ParcelIDs ${[...ids].join(', ')})` });
	}
	for (const name of uploaded.keys()) {
		if (!inboundIdsByName.has(name)) problems.push({ client: 'check', what: `${name} never arrived in the inbox` });
		if (confirmed.has(name) === finalInbox.has(name)) {
			problems.push({ client: 'check', what: `${name}: confirmed ${confirmed.has(name)}, in the inbox ${finalInbox.has(name)}` });
		}
	}
	expect(problems.slice(0, 20)).toEqual([]);
	process.stdout.write(
		`load: ${CLIENTS} clients, ${DURATION_SECONDS} s, ${calls} calls, ${uploaded.size} parcels uploaded, ${confirmed.size} confirmed, ${finalInbox.size} left in the inbox, rss ${Math.round(process.memoryUsage().rss / 1024 ** 2)} MB\n`,
	);
});
