/**
 * Callback Queue Event and Outbox Delivery Error through n8n-core's PollContext against the
 * simulator, and the inbox of a mailbox chosen by a network administrator (the …Ex calls).
 */
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';

import { startSimulator, type RunningSimulator } from '../../simulator';
import { ActiveTrigger, apiKeyOf, credentialsFor, fetchTestEvent, fileNamesOf, inboxParameters, sendPurchaseOrder, soapCall } from './support';

let simulator: RunningSimulator;
let receiver: Server;
let receiverUrl: string;
let callbacksReceived = 0;
let control = 900;
const nextControl = () => String(++control).padStart(9, '0');

beforeEach(async () => {
	// Retries far apart: a callback that failed once stays pending for the whole test.
	simulator = await startSimulator({ port: 0, callbackRetrySeconds: 3600 });
	callbacksReceived = 0;
	receiver = createServer((request, response) => {
		request.resume();
		request.on('end', () => {
			callbacksReceived++;
			response.writeHead(503).end();
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ecgrid-callback`;
});
afterEach(async () => {
	await simulator.stop();
	receiver.closeAllConnections();
	await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

async function addInboxCallback(maxRetries: number): Promise<void> {
	await soapCall(simulator, apiKeyOf(simulator, 'globex.admin'), 'CallBackAddEx', {
		NetworkID: 1,
		MailboxID: 1002,
		UserID: 0,
		SystemObject: 'Parcel',
		ObjectStatus: 0,
		Direction: 'InBox',
		Frequency: 1,
		MaxRetries: maxRetries,
		URL: receiverUrl,
		HTTPAuthentication: 'Basic',
		HTTPUser: 'n8n',
		HTTPPassword: 'callback-secret-pw',
		Status: 'Active',
	});
}

async function until(condition: () => boolean): Promise<void> {
	for (let attempt = 0; attempt < 200 && !condition(); attempt++) await new Promise((resolve) => setTimeout(resolve, 25));
	expect(condition()).toBe(true);
}

describe('Callback Queue Event', () => {
	const parameters = { event: 'callbackQueueEvent', mailboxScope: 'own', callbackStates: ['pending', 'failed'], options: {} };

	it('emits a failed and a pending callback once each, with the parcel they are about', async () => {
		await addInboxCallback(0);
		await addInboxCallback(5);
		const trigger = new ActiveTrigger(credentialsFor(simulator, 'globex.admin'), parameters);
		expect((await trigger.poll()).result).toBeNull();

		const order = nextControl();
		await sendPurchaseOrder(simulator, order);
		await until(() => callbacksReceived >= 2);

		const items = await trigger.items();
		expect(items.map((item) => item.json.queueState).sort()).toEqual(['failed', 'pending']);
		for (const item of items) {
			expect(item.json.related).toMatchObject({ parcel: { FileName: `po-${order}.x12`, Direction: 'InBox' } });
			expect(item.json.CallBackEvent).toMatchObject({ SystemObject: 'Parcel', URL: receiverUrl });
			expect(JSON.stringify(item.json)).not.toContain('callback-secret-pw');
		}
		expect(items.find((item) => item.json.queueState === 'failed')!.json.Status).toBe('Error');
		expect(items.find((item) => item.json.queueState === 'pending')!.json.Status).toBe('Pending');

		expect(await trigger.items()).toEqual([]);

		const fetched = await fetchTestEvent(credentialsFor(simulator, 'globex.admin'), parameters, trigger.staticData);
		expect(fetched.result![0]).toHaveLength(1);
		expect(fetched.staticData).toEqual(trigger.staticData);
	});

	it('watches only the states asked for, and says so when there is nothing to fetch', async () => {
		const failedOnly = { ...parameters, callbackStates: ['failed'] };
		await expect(fetchTestEvent(credentialsFor(simulator, 'globex.admin'), failedOnly)).rejects.toThrow(
			/no records in the failed callback queue of the credential's mailbox/,
		);
		await addInboxCallback(0);
		await addInboxCallback(5);
		const trigger = new ActiveTrigger(credentialsFor(simulator, 'globex.admin'), failedOnly);
		await trigger.poll();
		await sendPurchaseOrder(simulator, nextControl());
		await until(() => callbacksReceived >= 2);
		const items = await trigger.items();
		expect(items.map((item) => item.json.queueState)).toEqual(['failed']);
	});
});

describe('Outbox Delivery Error', () => {
	const parameters = { event: 'outboxDeliveryError', mailboxScope: 'own', options: {} };

	async function sendBroken(fileName: string, content: string): Promise<void> {
		await soapCall(simulator, apiKeyOf(simulator, 'acme.admin'), 'ParcelUploadA', {
			FileName: fileName,
			ContentBase64: Buffer.from(content, 'latin1').toString('base64'),
		});
	}

	it('emits each parcel that enters an error state once, starting from now', async () => {
		await sendBroken('old-broken.txt', 'this is not EDI');
		const trigger = new ActiveTrigger(credentialsFor(simulator, 'acme.admin'), parameters);
		expect((await trigger.poll()).result).toBeNull();

		await sendBroken('broken.txt', 'still not EDI');
		await sendPurchaseOrder(simulator, nextControl());
		const items = await trigger.items();
		expect(fileNamesOf(items)).toEqual(['broken.txt']);
		expect(items[0].json.StatusCode).toBe('OutBoxError');
		expect(await trigger.items()).toEqual([]);

		await sendBroken('broken-again.txt', 'nope');
		expect(fileNamesOf(await trigger.items())).toEqual(['broken-again.txt']);
	});

	it('an error still listed after Redeliver After is emitted again, reported stuck after Max Deliveries, and left alone once resolved', async () => {
		let clockOffset = 0;
		const realNow = Date.now.bind(Date);
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + clockOffset);
		try {
			const trigger = new ActiveTrigger(credentialsFor(simulator, 'acme.admin'), {
				...parameters,
				options: { redeliverAfterMinutes: 10, maxDeliveries: 2 },
			});
			await trigger.poll();
			await sendBroken('unhandled.txt', 'not EDI');
			await sendBroken('resolved.txt', 'not EDI either');
			const first = await trigger.items();
			expect(fileNamesOf(first)).toEqual(['unhandled.txt', 'resolved.txt']);
			expect(first.map((item) => item.json.delivery)).toEqual([
				{ count: 1, maxDeliveries: 2, stuck: false },
				{ count: 1, maxDeliveries: 2, stuck: false },
			]);
			// Someone deals with one of them: it leaves the error listing.
			await soapCall(simulator, apiKeyOf(simulator, 'acme.admin'), 'ParcelUpdateStatus', {
				ParcelID: first[1].json.ParcelID as number,
				Status: 'ftpSent',
				TransLogOnly: 'false',
			});
			expect(await trigger.items()).toEqual([]);

			clockOffset += 11 * 60_000;
			const again = await trigger.items();
			expect(fileNamesOf(again)).toEqual(['unhandled.txt']);
			expect(again[0].json.delivery).toEqual({ count: 2, maxDeliveries: 2, stuck: false });
			clockOffset += 11 * 60_000;
			const report = await trigger.items();
			expect(fileNamesOf(report)).toEqual(['unhandled.txt']);
			expect(report[0].json.delivery).toEqual({ count: 2, maxDeliveries: 2, stuck: true });
			clockOffset += 11 * 60_000;
			expect(await trigger.items()).toEqual([]);
		} finally {
			clock.mockRestore();
		}
	});

	it('includes existing errors when asked to, and fetches the newest as a test event', async () => {
		await sendBroken('first.txt', 'not EDI');
		await sendBroken('second.txt', 'not EDI either');
		const fetched = await fetchTestEvent(credentialsFor(simulator, 'acme.admin'), parameters);
		expect(fileNamesOf(fetched.result![0])).toEqual(['second.txt']);

		const trigger = new ActiveTrigger(credentialsFor(simulator, 'acme.admin'), { ...parameters, options: { includeExisting: true } });
		expect(fileNamesOf(await trigger.items())).toEqual(['first.txt', 'second.txt']);
		expect(await trigger.items()).toEqual([]);
	});
});

// Version 1 saved the specific-mailbox choice as `chosen`; such workflows keep working.
describe.each([
	['specific', 1.1],
	['chosen', 1],
])('a specific network and mailbox (mailboxScope "%s", version %s)', (mailboxScope, typeVersion) => {
	it("lets a network administrator watch a mailbox's inbox with the …Ex calls, filtered by sender", async () => {
		const chosen = inboxParameters({
			mailboxScope,
			networkId: { __rl: true, mode: 'id', value: '1' },
			mailboxId: { __rl: true, mode: 'id', value: '1002' },
			senderEcgridId: { __rl: true, mode: 'id', value: '100001' },
		});
		const trigger = new ActiveTrigger(credentialsFor(simulator, 'demovan.admin'), chosen, undefined, {}, typeVersion);
		expect((await trigger.poll()).result).toBeNull();
		const order = nextControl();
		await sendPurchaseOrder(simulator, order);
		const items = await trigger.items();
		expect(fileNamesOf(items)).toEqual([`po-${order}.x12`]);
		expect(items[0].json.MailboxIDTo).toBe(1002);

		const otherSender = inboxParameters({ ...chosen, senderEcgridId: { __rl: true, mode: 'id', value: '100021' } });
		const filtered = new ActiveTrigger(credentialsFor(simulator, 'demovan.admin'), otherSender, undefined, {}, typeVersion);
		await expect(fetchTestEvent(credentialsFor(simulator, 'demovan.admin'), otherSender)).rejects.toThrow(
			/No parcels are waiting in the inbox of mailbox 1002 of network 1 \(parcels from ECGridID 100021\)/,
		);
		expect((await filtered.poll()).result).toBeNull();
	});
});
