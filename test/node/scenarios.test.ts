/**
 * Workflows users build, run through the ECGridOS node in n8n's engine against the simulator:
 * onboarding a trading partner, administering users, API keys and callbacks, and reports.
 */
import { createServer, type Server } from 'http';

import type { RunningSimulator } from '../../simulator';
import { X12_850, apiKeyCredentials, ecgridos, fileItem, withSimulator } from './support';

const byId = (value: number) => ({ __rl: true, mode: 'id', value: String(value) });

let simulator: RunningSimulator;

beforeAll(async () => {
	simulator = await withSimulator();
});
afterAll(async () => {
	await simulator.stop();
});

describe('onboard a trading partner', () => {
	it('searches, registers an ID, requests an interconnect, checks its status and keeps notes', async () => {
		const search = await ecgridos(simulator, 'globex.admin', {
			resource: 'tradingPartner',
			operation: 'search',
			qualifier: 'ZZ',
			id: 'GLOBEXSUPPLY',
		});
		expect(search.error).toBeUndefined();
		expect(search.items.map((item) => item.json.ECGridID)).toContain(100011);

		const created = await ecgridos(simulator, 'acme.admin', {
			resource: 'tradingPartner',
			operation: 'create',
			qualifier: 'ZZ',
			id: 'ACMEWEST',
			additionalFields: { description: 'Acme Retail, western DC' },
		});
		expect(created.error).toBeUndefined();
		const ecgridId = created.items[0].json.ecgridId as number;
		expect(ecgridId).toBeGreaterThan(0);

		const fetched = await ecgridos(simulator, 'acme.admin', { resource: 'tradingPartner', operation: 'get', ecgridId: byId(ecgridId) });
		expect(fetched.items[0].json).toMatchObject({ ECGridID: ecgridId, Qualifier: 'ZZ', ID: 'ACMEWEST', Description: 'Acme Retail, western DC' });

		const duplicate = await ecgridos(
			simulator,
			'acme.admin',
			{ resource: 'tradingPartner', operation: 'create', qualifier: 'ZZ', id: 'ACMEWEST' },
			{ continueOnFail: true },
		);
		expect(String(duplicate.items[0].json.error)).toMatch(/TPAdd.*Duplicate|Duplicate.*TPAdd/);

		const interconnect = await ecgridos(simulator, 'acme.admin', {
			resource: 'interconnect',
			operation: 'create',
			ecgridId1: byId(ecgridId),
			ecgridId2: byId(100011),
			additionalFields: { reference: 'ONBOARD-1', contactName: 'Grace Globex', contactEmail: 'grace@globex.invalid' },
			options: { simplify: false },
		});
		expect(interconnect.error).toBeUndefined();
		const interconnectId = interconnect.items[0].json.InterconnectID as number;
		expect(interconnectId).toBeGreaterThan(0);

		const status = await ecgridos(simulator, 'acme.admin', {
			resource: 'interconnect',
			operation: 'get',
			interconnectId,
			options: { simplify: false },
		});
		expect(status.items[0].json).toMatchObject({ InterconnectID: interconnectId });
		expect(typeof status.items[0].json.Status).toBe('string');

		const plainNote = await ecgridos(simulator, 'acme.admin', {
			resource: 'interconnect',
			operation: 'addNote',
			interconnectId,
			note: 'Please confirm your test ISA IDs',
		});
		expect(plainNote.error).toBeUndefined();
		const attachedNote = await ecgridos(
			simulator,
			'acme.admin',
			{
				resource: 'interconnect',
				operation: 'addNote',
				interconnectId,
				note: 'Our 850 mapping spec',
				additionalFields: { binaryPropertyName: 'data' },
			},
			{ items: [fileItem('850 spec', 'spec.txt')] },
		);
		expect(attachedNote.error).toBeUndefined();

		const notes = await ecgridos(simulator, 'acme.admin', { resource: 'interconnect', operation: 'getNotes', interconnectId, returnAll: true });
		const texts = notes.items.map((item) => item.json.Note);
		expect(texts).toEqual(expect.arrayContaining(['Please confirm your test ISA IDs', 'Our 850 mapping spec']));
	});
});

describe('administer users, API keys and callbacks', () => {
	let receiver: Server;
	const received: string[] = [];

	beforeAll(async () => {
		receiver = createServer((request, response) => {
			let body = '';
			request.on('data', (chunk) => (body += chunk));
			request.on('end', () => {
				received.push(body);
				response.end('OK');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	});
	afterAll(async () => {
		await new Promise<void>((resolve) => receiver.close(() => resolve()));
	});

	it('creates a user, gives it an API key that then works as a credential', async () => {
		const created = await ecgridos(simulator, 'acme.admin', {
			resource: 'user',
			operation: 'create',
			mailboxId: byId(1001),
			loginName: 'acme.robot',
			password: 'Robot-Pass-2024',
			authLevel: 'MailboxUser',
			additionalFields: { firstName: 'Robo', lastName: 'Acme', email: 'robot@acme.invalid' },
		});
		expect(created.error).toBeUndefined();
		const userId = Object.values(created.items[0].json).find((value) => typeof value === 'number') as number;
		expect(userId).toBeGreaterThan(0);

		const key = await ecgridos(simulator, 'acme.admin', {
			resource: 'user',
			operation: 'generateApiKey',
			userId: byId(userId),
			options: { includeSecrets: true },
		});
		expect(key.error).toBeUndefined();
		const apiKey = key.items[0].json.apiKey as string;
		expect(apiKey).toMatch(/^[0-9a-f-]{36}$/i);

		const whoAmI = await ecgridos(
			simulator,
			'acme.robot',
			{ resource: 'session', operation: 'whoAmI' },
			{ credentials: { ...apiKeyCredentials(simulator, 'acme.admin'), apiKey } },
		);
		expect(whoAmI.items[0].json).toMatchObject({ LoginName: 'acme.robot', MailboxID: 1001 });
		expect(whoAmI.items[0].json).not.toHaveProperty('SessionID');

		const users = await ecgridos(simulator, 'acme.admin', { resource: 'user', operation: 'getMany', returnAll: true });
		expect(users.items.map((item) => item.json.LoginName)).toContain('acme.robot');
	});

	it('registers a callback that ECGrid calls when a parcel arrives', async () => {
		const { port } = receiver.address() as { port: number };
		const created = await ecgridos(simulator, 'globex.admin', {
			resource: 'callback',
			operation: 'create',
			networkId: byId(1),
			mailboxId: byId(1002),
			userId: byId(111),
			systemObject: 'Parcel',
			direction: 'InBox',
			url: `http://127.0.0.1:${port}/ecgrid-events`,
			options: { simplify: false },
		});
		expect(created.error).toBeUndefined();
		const eventId = created.items[0].json.CallBackEventID as number;
		expect(eventId).toBeGreaterThan(0);

		const listed = await ecgridos(simulator, 'globex.admin', {
			resource: 'callback',
			operation: 'getMany',
			networkId: byId(1),
			mailboxId: byId(1002),
			returnAll: true,
		});
		expect(listed.items.map((item) => item.json.CallBackEventID)).toContain(eventId);

		await ecgridos(
			simulator,
			'acme.admin',
			{ resource: 'parcel', operation: 'upload' },
			{ items: [fileItem(X12_850('000000301'), 'callback-po.x12')] },
		);
		for (let attempt = 0; attempt < 50 && received.length === 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
		expect(received.length).toBeGreaterThan(0);
	});
});

describe('reports', () => {
	it('returns report rows as items, computed from the traffic the simulator saw', async () => {
		await ecgridos(
			simulator,
			'acme.admin',
			{ resource: 'parcel', operation: 'upload' },
			{ items: [fileItem(X12_850('000000401'), 'report-po.x12')] },
		);
		const report = await ecgridos(simulator, 'acme.admin', { resource: 'report', operation: 'getMailboxStats', returnAll: true });
		expect(report.error).toBeUndefined();
		expect(report.items.length).toBeGreaterThan(0);
		for (const item of report.items) {
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(Object.keys(item.json).length).toBeGreaterThan(0);
		}
	});
});
