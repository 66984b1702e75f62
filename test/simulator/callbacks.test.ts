/**
 * Callbacks registered with CallBackAddEx: real HTTP POSTs to a local receiver when a parcel
 * arrives, queue records moving pending → completed/error, retries bounded by MaxRetries.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { x12Interchange } from './support/edi';
import { items, RawSoapClient } from './support/rawSoapClient';

interface Received {
	path: string;
	authorization?: string;
	fields: Record<string, string>;
}

let simulator: RunningSimulator;
let client: RawSoapClient;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let answerStatus = 200;
let waiters: Array<() => void> = [];
let control = 1;

const key = (login: string) => simulator.seed.users.find((user) => user.loginName === login)!.apiKey;

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
	});
}

function waitForCalls(count: number): Promise<void> {
	return new Promise((resolve) => {
		const check = () => {
			if (received.length >= count) resolve();
			else waiters.push(check);
		};
		check();
	});
}

async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
	while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50));
}

beforeAll(async () => {
	receiver = createServer(async (request, response) => {
		const body = await readBody(request);
		received.push({ path: request.url ?? '', authorization: request.headers.authorization, fields: Object.fromEntries(new URLSearchParams(body)) });
		response.writeHead(request.url?.startsWith('/failing') ? 503 : answerStatus).end();
		const pending = waiters;
		waiters = [];
		pending.forEach((waiter) => waiter());
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
	simulator = await startSimulator({ callbackRetrySeconds: 0.1 });
	client = new RawSoapClient(simulator.endpointUrl);
});

afterAll(async () => {
	await simulator.stop();
	await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(() => {
	received.length = 0;
	answerStatus = 200;
});

async function sendToGlobex(): Promise<void> {
	const content = Buffer.from(x12Interchange({ senderQualifier: 'ZZ', senderId: 'ACMERETAIL', receiverQualifier: 'ZZ', receiverId: 'GLOBEXSUPPLY', control: control++ }));
	await client.ok('ParcelUpload', { SessionID: key('acme.user'), FileName: 'po.x12', Bytes: content.length, Content: content });
}

async function addCallback(path: string, maxRetries: number, extra: Record<string, string> = {}) {
	return client.ok('CallBackAddEx', {
		SessionID: key('globex.admin'),
		NetworkID: 0,
		MailboxID: 0,
		UserID: 0,
		SystemObject: 'Parcel',
		ObjectStatus: 0,
		Direction: 'InBox',
		Frequency: 1,
		MaxRetries: maxRetries,
		URL: `${receiverUrl}${path}`,
		HTTPAuthentication: 'None',
		Status: 'Active',
		...extra,
	});
}

test('a parcel arriving in the inbox is POSTed to the registered URL, with basic auth when configured', async () => {
	const event = await addCallback('/arrivals', 3, { HTTPAuthentication: 'Basic', HTTPUser: 'hook', HTTPPassword: 'hook-secret' });
	expect(event).toMatchObject({ MailboxID: '1002', NetworkID: '1', SystemObject: 'Parcel', Direction: 'InBox', MaxCalls: '4', Status: 'Active' });
	expect(event.HTTPAuthentication).toEqual({ Type: 'Basic', User: 'hook' });
	await sendToGlobex();
	await waitForCalls(1);
	const [call] = received;
	expect(call.path).toBe('/arrivals');
	expect(call.authorization).toBe(`Basic ${Buffer.from('hook:hook-secret').toString('base64')}`);
	expect(call.fields).toMatchObject({ CallBackEventID: event.CallBackEventID, SystemObject: 'Parcel', Direction: 'InBox', MailboxID: '1002', Test: 'false', CallNumber: '1' });
	const inbox = items((await client.ok('ParcelInBox', { SessionID: key('globex.user') })).ParcelIDInfoList, 'ParcelIDInfo');
	expect(inbox.map((parcel) => parcel.ParcelID)).toContain(call.fields.ObjectID);

	await waitUntil(async () => (await client.ok('CallBackQueueInfo', { SessionID: key('globex.admin'), CallBackQueueID: call.fields.CallBackQueueID })).Status === 'Completed');
	const queue = await client.ok('CallBackQueueInfo', { SessionID: key('globex.admin'), CallBackQueueID: call.fields.CallBackQueueID });
	expect(queue).toMatchObject({ ObjectID: call.fields.ObjectID, Test: 'false', CallsRemaining: '3' });
	expect(items(queue.CallBackLog, 'CallBackLogInfo')).toEqual([expect.objectContaining({ CallNumber: '1', ReturnCode: '200' })]);
	await client.ok('CallBackEventSetStatus', { SessionID: key('globex.admin'), CallBackEventID: event.CallBackEventID, Status: 'Suspended' });
});

test('a failing receiver is retried MaxRetries times, then the record is in the failed list', async () => {
	const event = await addCallback('/failing', 2);
	await sendToGlobex();
	await waitForCalls(3);
	const queueId = received[0].fields.CallBackQueueID;
	expect(received.map((call) => call.fields.CallNumber)).toEqual(['1', '2', '3']);
	expect(new Set(received.map((call) => call.fields.CallBackQueueID))).toEqual(new Set([queueId]));
	await waitUntil(async () => items(await client.ok('CallBackFailedListEx', { SessionID: key('globex.admin'), NetworkID: 0, MailboxID: 0, MaxDays: 1 }), 'CallBackQueueIDInfo').length > 0);
	const failed = items(await client.ok('CallBackFailedListEx', { SessionID: key('globex.admin'), NetworkID: 0, MailboxID: 0, MaxDays: 1 }), 'CallBackQueueIDInfo');
	expect(failed).toHaveLength(1);
	expect(failed[0]).toMatchObject({ CallBackQueueID: queueId, Status: 'Error', CallsRemaining: '0' });
	expect(items(failed[0].CallBackLog, 'CallBackLogInfo').map((log) => log.ReturnCode)).toEqual(['503', '503', '503']);
	await new Promise((resolve) => setTimeout(resolve, 300));
	expect(received).toHaveLength(3);
	expect(items(await client.ok('CallBackPendingList', { SessionID: key('globex.admin') }), 'CallBackQueueIDInfo')).toEqual([]);
	await client.ok('CallBackEventSetStatus', { SessionID: key('globex.admin'), CallBackEventID: event.CallBackEventID, Status: 'Suspended' });
});

test('CallBackTest queues a test call, and other mailboxes do not trigger the callback', async () => {
	const event = await addCallback('/tests', 0);
	const content = Buffer.from(x12Interchange({ senderQualifier: 'ZZ', senderId: 'GLOBEXSUPPLY', receiverQualifier: 'ZZ', receiverId: 'ACMERETAIL', control: control++ }));
	await client.ok('ParcelUpload', { SessionID: key('globex.user'), FileName: 'inv.x12', Bytes: content.length, Content: content });
	const queued = await client.ok('CallBackTest', { SessionID: key('globex.admin'), CallBackEventID: event.CallBackEventID, ParcelID: 42, InterchangeID: 0, UserID: 0 });
	expect(queued).toMatchObject({ Test: 'true', ObjectID: '42' });
	await waitForCalls(1);
	expect(received).toHaveLength(1);
	expect(received[0].fields).toMatchObject({ Test: 'true', ObjectID: '42', CallBackQueueID: queued.CallBackQueueID });
	const info = await client.ok('CallBackEventInfo', { SessionID: key('globex.admin'), CallBackEventID: event.CallBackEventID, QueueCount: 5 });
	expect(items(info.CallBackQueue, 'CallBackQueueIDInfo').map((record) => record.CallBackQueueID)).toEqual([queued.CallBackQueueID]);
	const listed = items(await client.ok('CallBackEventListEx', { SessionID: key('globex.admin'), NetworkID: 0, MailboxID: 0, ShowInactive: false }), 'CallBackEventIDInfo');
	expect(listed.map((entry) => entry.CallBackEventID)).toEqual([event.CallBackEventID]);
	expect((await client.fault('CallBackEventInfo', { SessionID: key('acme.admin'), CallBackEventID: event.CallBackEventID, QueueCount: 0 })).ErrorCode).toBe('2');
});

test('a callback URL must be http or https', async () => {
	expect((await client.fault('CallBackAddEx', { SessionID: key('globex.admin'), NetworkID: 0, MailboxID: 0, UserID: 0, SystemObject: 'Parcel', ObjectStatus: 0, Direction: 'InBox', Frequency: 1, MaxRetries: 1, URL: 'file:///etc/passwd', HTTPAuthentication: 'None', Status: 'Active' })).ErrorItem).toBe('URL');
});

test('a terminated callback makes no more calls: its pending record is canceled, and new events queue nothing', async () => {
	const event = await addCallback('/failing', 50, { HTTPAuthentication: 'Basic', HTTPUser: 'hook', HTTPPassword: 'hook-secret' });
	const ofThisCallback = () => received.filter((call) => call.fields.CallBackEventID === event.CallBackEventID);
	await sendToGlobex();
	await waitUntil(async () => ofThisCallback().length >= 2);
	expect(await client.ok('CallBackEventSetStatus', { SessionID: key('globex.admin'), CallBackEventID: event.CallBackEventID, Status: 'Terminated' })).toBe('true');
	const queueId = ofThisCallback()[0].fields.CallBackQueueID;
	await waitUntil(async () => (await client.ok('CallBackQueueInfo', { SessionID: key('globex.admin'), CallBackQueueID: queueId })).Status === 'Canceled');
	const callsWhenCanceled = ofThisCallback().length;
	await sendToGlobex();
	await new Promise((resolve) => setTimeout(resolve, 400));
	expect(ofThisCallback()).toHaveLength(callsWhenCanceled);
	expect(ofThisCallback().every((call) => call.authorization === `Basic ${Buffer.from('hook:hook-secret').toString('base64')}`)).toBe(true);
	const listed = items(await client.ok('CallBackEventListEx', { SessionID: key('globex.admin'), NetworkID: 0, MailboxID: 0, ShowInactive: true }), 'CallBackEventIDInfo');
	expect(listed.find((entry) => entry.CallBackEventID === event.CallBackEventID)).toMatchObject({ Status: 'Terminated' });
	expect((await client.fault('CallBackEventSetStatus', { SessionID: key('globex.admin'), CallBackEventID: event.CallBackEventID, Status: 'Active' })).ErrorCode).toBe('9');
});

describe('with --callback-payload id-only', () => {
	let idOnly: RunningSimulator;
	let idOnlyClient: RawSoapClient;
	const bodies: Array<{ contentType?: string; body: string }> = [];
	let jsonReceiver: Server;
	let jsonReceiverUrl: string;

	beforeAll(async () => {
		jsonReceiver = createServer(async (request, response) => {
			bodies.push({ contentType: request.headers['content-type'], body: await readBody(request) });
			response.writeHead(204).end();
		});
		await new Promise<void>((resolve) => jsonReceiver.listen(0, '127.0.0.1', resolve));
		jsonReceiverUrl = `http://127.0.0.1:${(jsonReceiver.address() as AddressInfo).port}/json`;
		idOnly = await startSimulator({ callbackRetrySeconds: 0.1, callbackPayload: 'id-only' });
		idOnlyClient = new RawSoapClient(idOnly.endpointUrl);
	});

	afterAll(async () => {
		await idOnly.stop();
		await new Promise((resolve) => jsonReceiver.close(resolve));
	});

	test('the call carries only the parcel ID, as JSON "parcelId"', async () => {
		const apiKey = (login: string) => idOnly.seed.users.find((user) => user.loginName === login)!.apiKey;
		await idOnlyClient.ok('CallBackAddEx', {
			SessionID: apiKey('globex.admin'), NetworkID: 0, MailboxID: 0, UserID: 0, SystemObject: 'Parcel', ObjectStatus: 0, Direction: 'InBox',
			Frequency: 1, MaxRetries: 0, URL: jsonReceiverUrl, HTTPAuthentication: 'None', Status: 'Active',
		});
		const content = Buffer.from(x12Interchange({ senderQualifier: 'ZZ', senderId: 'ACMERETAIL', receiverQualifier: 'ZZ', receiverId: 'GLOBEXSUPPLY', control: 9001 }));
		await idOnlyClient.ok('ParcelUpload', { SessionID: apiKey('acme.user'), FileName: 'po.x12', Bytes: content.length, Content: content });
		while (bodies.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
		expect(bodies[0].contentType).toBe('application/json');
		const inbox = items((await idOnlyClient.ok('ParcelInBox', { SessionID: apiKey('globex.user') })).ParcelIDInfoList, 'ParcelIDInfo');
		expect(JSON.parse(bodies[0].body)).toEqual({ parcelId: Number(inbox[0].ParcelID) });
	});
});
