/**
 * The ECGridOS Callback Trigger through n8n's engine: its webhook methods in n8n-core's HookContext
 * (activation, restart, deactivation) and every call in its WebhookContext, against the simulator,
 * whose callbacks are real HTTP POSTs with the Basic credentials the trigger registered.
 */
import { ECGridOSCallbackTrigger } from '../../nodes/ECGridOS/ECGridOSCallbackTrigger.node';
import { ALLOW_PRIVATE_CALLBACK_URL_ENV } from '../../nodes/ECGridOS/callbackTrigger/webhookUrl';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { createCredentialsHelper, WebhookTrigger, type InMemoryCredentialsHelper, type StoredCredential } from '../harness';
import { x12Interchange } from '../simulator/support/edi';
import { items, RawSoapClient } from '../simulator/support/rawSoapClient';
import { basicAuthorization, WebhookServer } from './support';

let simulator: RunningSimulator;
let soap: RawSoapClient;
let server: WebhookServer;
let credentialsHelper: InMemoryCredentialsHelper;
let globex: StoredCredential;
let acme: StoredCredential;
let control = 100;

const apiKey = (sim: RunningSimulator, login: string) => sim.seed.users.find((user) => user.loginName === login)!.apiKey;

function credentialFor(sim: RunningSimulator, login: string): StoredCredential {
	return credentialsHelper.add('ecgridOsApi', { authentication: 'apiKey', apiKey: apiKey(sim, login), environment: 'custom', customUrl: sim.endpointUrl });
}

async function send(sim: RunningSimulator, from: string, to: string, loginName: string): Promise<Buffer> {
	const content = Buffer.from(x12Interchange({ senderQualifier: 'ZZ', senderId: from, receiverQualifier: 'ZZ', receiverId: to, control: control++ }));
	await new RawSoapClient(sim.endpointUrl).ok('ParcelUpload', { SessionID: apiKey(sim, loginName), FileName: `po-${control}.x12`, Bytes: content.length, Content: content });
	return content;
}

async function newestInboxParcelId(sim: RunningSimulator, login: string): Promise<string> {
	const inbox = items((await new RawSoapClient(sim.endpointUrl).ok('ParcelInBox', { SessionID: apiKey(sim, login) })).ParcelIDInfoList, 'ParcelIDInfo');
	return inbox.map((parcel) => String(parcel.ParcelID)).sort((a, b) => Number(b) - Number(a))[0];
}

async function activeCallbacks(login: string): Promise<any[]> {
	return items(await soap.ok('CallBackEventListEx', { SessionID: apiKey(simulator, login), NetworkID: 0, MailboxID: 0, ShowInactive: false }), 'CallBackEventIDInfo');
}

async function allCallbacks(login: string): Promise<any[]> {
	return items(await soap.ok('CallBackEventListEx', { SessionID: apiKey(simulator, login), NetworkID: 0, MailboxID: 0, ShowInactive: true }), 'CallBackEventIDInfo');
}

const inboxParameters = { event: 'newInboxParcel', mailboxScope: 'own', downloadContent: true, binaryPropertyName: 'data', options: { ediSummary: true, maxRetries: 3, frequency: 1 } };

function newTrigger(parameters: object, credential: StoredCredential, staticData?: object): WebhookTrigger {
	const trigger = new WebhookTrigger(ECGridOSCallbackTrigger, parameters as never, { ecgridOsApi: credential }, {
		credentialsHelper,
		webhookBaseUrl: server.baseUrl,
		staticData: staticData as never,
	});
	server.serve(trigger);
	return trigger;
}

/** The trigger's state in the workflow's static data, where n8n keeps a node's under "node:<name>". */
function callbackState(trigger: WebhookTrigger): any {
	return (trigger.staticData[`node:${trigger.node.name}`] as any)?.ecgridosCallback;
}

function registration(trigger: WebhookTrigger): { callBackEventId: string; user: string; password: string; url: string } {
	return callbackState(trigger)?.registration;
}

beforeAll(async () => {
	simulator = await startSimulator({ callbackRetrySeconds: 0.2 });
	soap = new RawSoapClient(simulator.endpointUrl);
	server = new WebhookServer();
	await server.start();
	credentialsHelper = createCredentialsHelper();
	globex = credentialFor(simulator, 'globex.admin');
	acme = credentialFor(simulator, 'acme.admin');
});

afterAll(async () => {
	await simulator.stop();
	await server.stop();
});

afterEach(() => {
	delete process.env[ALLOW_PRIVATE_CALLBACK_URL_ENV];
});

describe('activation', () => {
	test('by default refuses a webhook URL on localhost or a private address, saying how to set WEBHOOK_URL, and registers nothing', async () => {
		const trigger = newTrigger(inboxParameters, globex);
		const before = (await allCallbacks('globex.admin')).length;
		await expect(trigger.activate()).rejects.toMatchObject({
			message: expect.stringContaining('localhost or private address'),
			description: expect.stringMatching(/WEBHOOK_URL=https:\/\/.*ECGRIDOS_ALLOW_PRIVATE_CALLBACK_URL=true/s),
		});
		expect(await allCallbacks('globex.admin')).toHaveLength(before);
		expect(callbackState(trigger)).toBeUndefined();
	});

	test('registers one callback with random Basic credentials; a restart (checkExists) keeps it; deactivation terminates it', async () => {
		process.env[ALLOW_PRIVATE_CALLBACK_URL_ENV] = 'true';
		const trigger = newTrigger(inboxParameters, globex);
		expect(await trigger.activate()).toEqual({ created: true });
		const registered = registration(trigger);
		expect(registered.url).toBe(trigger.webhookUrl);
		expect(registered.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
		const [listed] = (await activeCallbacks('globex.admin')).filter((event) => event.URL === trigger.webhookUrl);
		expect(listed).toMatchObject({
			CallBackEventID: registered.callBackEventId,
			SystemObject: 'Parcel',
			Direction: 'InBox',
			MailboxID: '1002',
			Status: 'Active',
			HTTPAuthentication: { Type: 'Basic', User: registered.user },
		});

		// n8n runs checkExists at every start of its main instance: the same callback, no second one.
		expect(await trigger.activate('init')).toEqual({ created: false });
		expect(await trigger.activate('init')).toEqual({ created: false });
		expect((await activeCallbacks('globex.admin')).filter((event) => event.URL === trigger.webhookUrl)).toHaveLength(1);
		expect(registration(trigger)).toEqual(registered);

		expect(await trigger.deactivate()).toBe(true);
		expect((await activeCallbacks('globex.admin')).filter((event) => event.URL === trigger.webhookUrl)).toEqual([]);
		expect((await allCallbacks('globex.admin')).find((event) => event.CallBackEventID === registered.callBackEventId)).toMatchObject({ Status: 'Terminated' });
		expect(registration(trigger)).toBeUndefined();

		// Activating again registers one new callback, with new credentials.
		expect(await trigger.activate()).toEqual({ created: true });
		expect((await activeCallbacks('globex.admin')).filter((event) => event.URL === trigger.webhookUrl)).toHaveLength(1);
		expect(registration(trigger).password).not.toBe(registered.password);
		await trigger.deactivate();
	});

	test('a callback left calling this URL without its credentials in static data is terminated and replaced', async () => {
		process.env[ALLOW_PRIVATE_CALLBACK_URL_ENV] = 'true';
		const trigger = newTrigger(inboxParameters, globex);
		await trigger.activate();
		const lost = registration(trigger).callBackEventId;
		trigger.staticData = {};
		expect(await trigger.activate('init')).toEqual({ created: true });
		const active = (await activeCallbacks('globex.admin')).filter((event) => event.URL === trigger.webhookUrl);
		expect(active.map((event) => event.CallBackEventID)).toEqual([registration(trigger).callBackEventId]);
		expect((await allCallbacks('globex.admin')).find((event) => event.CallBackEventID === lost)).toMatchObject({ Status: 'Terminated' });
		await trigger.deactivate();
	});
});

test('deactivating when ECGrid no longer knows the callback succeeds and forgets it', async () => {
	process.env[ALLOW_PRIVATE_CALLBACK_URL_ENV] = 'true';
	const trigger = newTrigger(inboxParameters, globex);
	await trigger.activate();
	callbackState(trigger).registration.callBackEventId = '987654';
	expect(await trigger.deactivate()).toBe(true);
	expect(registration(trigger)).toBeUndefined();
	// The real one is still registered: the next activation's checkExists finds it and ends it.
	expect(await trigger.activate('init')).toEqual({ created: true });
	expect((await activeCallbacks('globex.admin')).filter((event) => event.URL === trigger.webhookUrl)).toHaveLength(1);
	await trigger.deactivate();
	expect((await activeCallbacks('globex.admin')).filter((event) => event.URL === trigger.webhookUrl)).toEqual([]);
});

describe('calls from ECGrid', () => {
	let trigger: WebhookTrigger;

	beforeAll(async () => {
		process.env[ALLOW_PRIVATE_CALLBACK_URL_ENV] = 'true';
		trigger = newTrigger(inboxParameters, globex);
		await trigger.activate();
	});

	afterAll(async () => {
		await trigger.deactivate();
	});

	test('a parcel arriving in the inbox makes the simulator POST; the trigger emits the parcel read from ECGridOS, with its content and EDI summary', async () => {
		const content = await send(simulator, 'ACMERETAIL', 'GLOBEXSUPPLY', 'acme.user');
		const parcelId = await newestInboxParcelId(simulator, 'globex.user');
		const { call } = await server.waitFor((received) => received.call.items.length > 0 && received.call.items[0].json.ParcelID === Number(parcelId));
		expect(call.status).toBe(200);
		const [item] = call.items;
		expect(item.json).toMatchObject({
			ParcelID: Number(parcelId),
			StatusCode: 'InBoxReady',
			MailboxNameFrom: 'Acme Retail',
			ecgridCallback: { event: 'newInboxParcel', callBackEventId: registration(trigger).callBackEventId, test: false },
		});
		expect(item.json.ediSummary).toMatchObject({ interchanges: [expect.objectContaining({ sender: { qualifier: 'ZZ', id: 'ACMERETAIL' } })] });
		expect(Buffer.from(item.binary!.data.data, 'base64')).toEqual(content);
		expect(item.binary!.data.mimeType).toBe('application/edi-x12');
		// The download did not change the parcel: confirming stays the workflow's decision.
		expect((await soap.ok('ParcelInfo', { SessionID: apiKey(simulator, 'globex.user'), ParcelID: parcelId })).StatusCode).toBe('InBoxReady');
		const queueId = String((item.json.ecgridCallback as any).callBackQueueId);
		const queue = await soap.ok('CallBackQueueInfo', { SessionID: apiKey(simulator, 'globex.admin'), CallBackQueueID: queueId });
		expect(queue).toMatchObject({ Status: 'Completed', ObjectID: parcelId });
	});

	test('the same queue entry delivered again is answered 200 and not emitted twice', async () => {
		await send(simulator, 'ACMERETAIL', 'GLOBEXSUPPLY', 'acme.user');
		const parcelId = Number(await newestInboxParcelId(simulator, 'globex.user'));
		const first = await server.waitFor((received) => received.call.items[0]?.json.ParcelID === parcelId);
		const queueId = String((first.call.items[0].json.ecgridCallback as any).callBackQueueId);
		const { user, password } = registration(trigger);
		const again = await trigger.receive({
			headers: { authorization: basicAuthorization(user, password), 'content-type': 'application/x-www-form-urlencoded' },
			body: { CallBackQueueID: queueId, ObjectID: String(parcelId), CallNumber: '2' },
		});
		expect(again.status).toBe(200);
		expect(again.items).toEqual([]);
		expect(again.response.body).toEqual({ message: 'Already delivered' });
	});

	test('wrong or missing credentials get 401 and nothing is emitted; the secret appears nowhere but in static data', async () => {
		await send(simulator, 'ACMERETAIL', 'GLOBEXSUPPLY', 'acme.user');
		const parcelId = await newestInboxParcelId(simulator, 'globex.user');
		const { user, password } = registration(trigger);
		const stateBefore = JSON.stringify(trigger.staticData);
		for (const authorization of [basicAuthorization(user, `${password}x`), basicAuthorization('someone', password), `Bearer ${password}`, undefined]) {
			const refused = await trigger.receive({ headers: authorization ? { authorization } : {}, body: { ParcelID: parcelId } });
			expect(refused.status).toBe(401);
			expect(refused.response.headers['www-authenticate']).toMatch(/^Basic /);
			expect(refused.items).toEqual([]);
			expect(refused.result).toEqual({ noWebhookResponse: true });
		}
		expect(JSON.stringify(trigger.staticData)).toBe(stateBefore);
		const emitted = server.calls.flatMap((received) => received.call.items);
		expect(emitted.length).toBeGreaterThan(0);
		for (const text of [JSON.stringify(emitted), JSON.stringify(server.calls.map((received) => received.call.response))]) {
			expect(text).not.toContain(password);
			expect(text).not.toContain(user);
		}
	});

	test.each([
		['JSON with a bare "id"', { 'content-type': 'application/json' }, (id: string) => ({ body: { id: Number(id) } })],
		['XML, as n8n parses it (element names lower-cased)', { 'content-type': 'application/xml' }, (id: string) => ({ body: { callback: { objectid: id, status: 'whatever' } } })],
		['XML n8n left unparsed', { 'content-type': 'text/plain' }, (id: string) => ({ body: {}, rawBody: Buffer.from(`<Event><Parcel_ID>${id}</Parcel_ID></Event>`) })],
		['a query string on an empty POST', {}, (id: string) => ({ body: {}, query: { parcelId: id } })],
	])('a payload carrying only the ID, as %s, is resolved through ParcelInfo', async (_name, headers, request) => {
		const content = await send(simulator, 'ACMERETAIL', 'GLOBEXSUPPLY', 'acme.user');
		const parcelId = await newestInboxParcelId(simulator, 'globex.user');
		// Wait for the simulator's own call for this parcel, so that this one is the second delivery of a different shape.
		await server.waitFor((received) => received.call.items[0]?.json.ParcelID === Number(parcelId));
		const fresh = newTrigger(inboxParameters, globex, trigger.staticData);
		callbackState(fresh).delivered = [];
		const { user, password } = registration(fresh);
		const call = await fresh.receive({ headers: { ...headers, authorization: basicAuthorization(user, password) }, ...request(parcelId) });
		expect(call.status).toBe(200);
		expect(call.items).toHaveLength(1);
		expect(call.items[0].json).toMatchObject({ ParcelID: Number(parcelId), StatusCode: 'InBoxReady', FileName: `po-${control}.x12` });
		expect(Buffer.from(call.items[0].binary!.data.data, 'base64')).toEqual(content);
	});

	test('the memory of delivered calls stays bounded: the newest are kept, the oldest forgotten', async () => {
		await send(simulator, 'ACMERETAIL', 'GLOBEXSUPPLY', 'acme.user');
		const parcelId = await newestInboxParcelId(simulator, 'globex.user');
		await server.waitFor((received) => received.call.items[0]?.json.ParcelID === Number(parcelId));
		const fresh = newTrigger(inboxParameters, globex, trigger.staticData);
		callbackState(fresh).delivered = Array.from({ length: 600 }, (_, index) => `queue:old-${index}`);
		const { user, password } = registration(fresh);
		const call = await fresh.receive({ headers: { authorization: basicAuthorization(user, password) }, body: { ParcelID: parcelId } });
		expect(call.items).toHaveLength(1);
		const { delivered } = callbackState(fresh);
		expect(delivered).toHaveLength(500);
		expect(delivered[delivered.length - 1]).toBe(`Parcel:${parcelId}:InBoxReady`);
		expect(delivered).not.toContain('queue:old-100');
		expect(delivered).toContain('queue:old-599');
	});

	test('a payload naming a parcel of another mailbox, or none, emits nothing', async () => {
		await send(simulator, 'GLOBEXSUPPLY', 'ACMERETAIL', 'globex.user');
		const acmeParcel = await newestInboxParcelId(simulator, 'acme.user');
		const { user, password } = registration(trigger);
		const authorization = basicAuthorization(user, password);
		const foreign = await trigger.receive({ headers: { authorization }, body: { ObjectID: acmeParcel } });
		expect(foreign.items).toEqual([]);
		expect(foreign.status).toBe(200);
		const empty = await trigger.receive({ headers: { authorization }, body: { Status: 'InBoxReady' } });
		expect(empty.status).toBe(400);
		expect(empty.items).toEqual([]);
	});

	test('when ECGridOS cannot be read, the answer is 503 so that ECGrid calls again, and the delivery is not marked done', async () => {
		const unreachable = credentialsHelper.add('ecgridOsApi', { authentication: 'apiKey', apiKey: apiKey(simulator, 'globex.admin'), environment: 'custom', customUrl: 'http://127.0.0.1:9/v4.1/prod/ECGridOS.asmx' });
		const cut = new WebhookTrigger(ECGridOSCallbackTrigger, inboxParameters as never, { ecgridOsApi: unreachable }, { credentialsHelper, webhookBaseUrl: server.baseUrl, staticData: trigger.staticData });
		const { user, password } = registration(cut);
		const call = await cut.receive({ headers: { authorization: basicAuthorization(user, password) }, body: { CallBackQueueID: '999999', ObjectID: '1' } });
		expect(call.status).toBe(503);
		expect(call.items).toEqual([]);
		expect(callbackState(cut).delivered).not.toContain('queue:999999');
		expect(JSON.stringify(call.response)).not.toContain(apiKey(simulator, 'globex.admin'));
	});

	test('a test call (Callback → Send Test Call) is emitted marked as a test', async () => {
		const { callBackEventId } = registration(trigger);
		const queued = await soap.ok('CallBackTest', { SessionID: apiKey(simulator, 'globex.admin'), CallBackEventID: callBackEventId, ParcelID: 0, InterchangeID: 0, UserID: 0 });
		const { call } = await server.waitFor((received) => (received.call.items[0]?.json.ecgridCallback as any)?.callBackQueueId === String(queued.CallBackQueueID));
		expect(call.items[0].json).toEqual({ ecgridCallback: { event: 'newInboxParcel', callBackEventId, callBackQueueId: String(queued.CallBackQueueID), test: true } });
	});
});

describe('outbound events', () => {
	test('Outbound Parcel Delivered and Outbound Parcel Failed each emit their own outcome', async () => {
		process.env[ALLOW_PRIVATE_CALLBACK_URL_ENV] = 'true';
		const delivered = newTrigger({ event: 'outboundParcelDelivered', mailboxScope: 'own', downloadContent: false, options: { frequency: 1 } }, acme);
		const failed = newTrigger({ event: 'outboundParcelFailed', mailboxScope: 'own', downloadContent: false, options: { frequency: 1 } }, acme);
		await delivered.activate();
		await failed.activate();
		try {
			await send(simulator, 'ACMERETAIL', 'GLOBEXSUPPLY', 'acme.user');
			await send(simulator, 'ACMERETAIL', 'NOBODYHERE', 'acme.user');
			const deliveredPath = new URL(delivered.webhookUrl).pathname;
			const failedPath = new URL(failed.webhookUrl).pathname;
			const routed = await server.waitFor((received) => received.path === deliveredPath && received.call.items.length > 0);
			expect(routed.call.items[0].json).toMatchObject({ StatusCode: 'OutBoxRouted', MailboxNameTo: 'Globex Supply', ecgridCallback: { outcome: 'delivered' } });
			const noRoute = await server.waitFor((received) => received.path === failedPath && received.call.items.length > 0);
			expect(noRoute.call.items[0].json).toMatchObject({ StatusCode: 'OutBoxNoRoute', ecgridCallback: { event: 'outboundParcelFailed', outcome: 'failed' } });
			expect(noRoute.call.items[0].binary).toBeUndefined();
			// Each trigger was called for both parcels and emitted only its own outcome.
			const emittedStatuses = (path: string) => server.calls.filter((received) => received.path === path).flatMap((received) => received.call.items.map((item) => item.json.StatusCode));
			expect(emittedStatuses(failedPath)).not.toContain('OutBoxRouted');
			expect(emittedStatuses(deliveredPath)).not.toContain('OutBoxNoRoute');
		} finally {
			await delivered.deactivate();
			await failed.deactivate();
		}
	});
});

describe('interchange events', () => {
	test('an interchange routed into the inbox is emitted as ECGridOS reads it (InterchangeInfo), without content', async () => {
		process.env[ALLOW_PRIVATE_CALLBACK_URL_ENV] = 'true';
		const trigger = newTrigger({ event: 'interchange', interchangeDirection: 'inbound', mailboxScope: 'own', options: { frequency: 1 } }, globex);
		await trigger.activate();
		try {
			const [listed] = (await activeCallbacks('globex.admin')).filter((event) => event.URL === trigger.webhookUrl);
			expect(listed).toMatchObject({ SystemObject: 'Interchange', Direction: 'InBox' });
			await send(simulator, 'ACMERETAIL', 'GLOBEXSUPPLY', 'acme.user');
			const path = new URL(trigger.webhookUrl).pathname;
			const { call } = await server.waitFor((received) => received.path === path && received.call.items.length > 0);
			expect(call.items[0].json).toMatchObject({
				InterchangeControlID: String(control - 1).padStart(9, '0'),
				StatusCode: 'Routed',
				MailboxIDTo: 1002,
				ecgridCallback: { event: 'interchange', test: false },
			});
			expect(call.items[0].binary).toBeUndefined();
		} finally {
			await trigger.deactivate();
		}
	});
});

describe('with a simulator that sends only the ID, as JSON "parcelId"', () => {
	let idOnly: RunningSimulator;

	beforeAll(async () => {
		idOnly = await startSimulator({ callbackRetrySeconds: 0.2, callbackPayload: 'id-only' });
	});

	afterAll(async () => {
		await idOnly.stop();
	});

	test('the trigger looks the parcel up and emits it', async () => {
		process.env[ALLOW_PRIVATE_CALLBACK_URL_ENV] = 'true';
		const trigger = newTrigger(inboxParameters, credentialFor(idOnly, 'globex.admin'));
		await trigger.activate();
		try {
			const content = await send(idOnly, 'ACMERETAIL', 'GLOBEXSUPPLY', 'acme.user');
			const parcelId = Number(await newestInboxParcelId(idOnly, 'globex.user'));
			const path = new URL(trigger.webhookUrl).pathname;
			const { call } = await server.waitFor((received) => received.path === path && received.call.items.length > 0);
			expect(call.items[0].json).toMatchObject({ ParcelID: parcelId, StatusCode: 'InBoxReady', ecgridCallback: { test: false } });
			expect((call.items[0].json.ecgridCallback as any).callBackQueueId).toBeUndefined();
			expect(Buffer.from(call.items[0].binary!.data.data, 'base64')).toEqual(content);
			expect(callbackState(trigger).delivered).toContain(`Parcel:${parcelId}:InBoxReady`);
		} finally {
			await trigger.deactivate();
		}
	});
});
