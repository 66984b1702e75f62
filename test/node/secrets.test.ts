/**
 * The node withholds every secret the catalog annotates from its output, by declared type, unless
 * the operation's "Include Secrets" option is on. Run in n8n's engine against the simulator (the
 * session of Who Am I, a generated API key, a Log In session) and against a fixture server that
 * answers with the secrets the simulator never sends (a VPN shared secret, a legacy network
 * password, X.400 mailbag passwords, an FTP password, an HTTP password of a comm).
 */
import type { INodeProperties } from 'n8n-workflow';

import { ECGridOS } from '../../nodes/ECGridOS/ECGridOS.node';
import type { RunningSimulator } from '../../simulator';
import { startFixtureServer, type FixtureServer } from '../support/fixtureServer';
import { ecgridos, loginCredentials, withSimulator } from './support';

let simulator: RunningSimulator;
let fixture: FixtureServer;

const FIXTURE_KEY = 'A1B2C3D4-0000-4000-8000-00000000F1X7';
const VPN_SECRET = 'vpn-Shared-Secret-41';
const LEGACY_PASSWORD = 'legacy-Pa55-17';
const MAILBAG_FROM = 'mailbag-From-Pa55';
const MAILBAG_TO = 'mailbag-To-Pa55';
const FTP_PASSWORD = 'ftp-Pa55-93';
const HTTP_PASSWORD = 'http-Pa55-58';
const FIXTURE_SECRETS = [VPN_SECRET, LEGACY_PASSWORD, MAILBAG_FROM, MAILBAG_TO, FTP_PASSWORD, HTTP_PASSWORD];

const fixtureCredentials = () => ({ authentication: 'apiKey', apiKey: FIXTURE_KEY, environment: 'custom', customUrl: fixture.endpointUrl });
const idOf = (value: number) => ({ __rl: true, mode: 'id', value: String(value) });

beforeAll(async () => {
	simulator = await withSimulator();
	fixture = await startFixtureServer();
	fixture.addApiKey(FIXTURE_KEY);
	fixture.respond('NetworkInfo', {
		result:
			'<NetworkID>7</NetworkID><Name>Fixture VAN</Name>' +
			`<OwnerInfo><Type>VAN</Type><LegacyPassword>${LEGACY_PASSWORD}</LegacyPassword><ContractID>3</ContractID></OwnerInfo>` +
			'<NetOpsInfo><BillingUserID>1</BillingUserID>' +
			`<x1256><passwordFrom>${MAILBAG_FROM}</passwordFrom><passwordTo>${MAILBAG_TO}</passwordTo><idFrom>FROM</idFrom><production>true</production></x1256>` +
			`<VPN><LocalTunnel>10.0.0.1</LocalTunnel><SharedSecret>${VPN_SECRET}</SharedSecret><EncryptionMethod>AES256</EncryptionMethod></VPN>` +
			`<FTPServer><Password>${FTP_PASSWORD}</Password></FTPServer>` +
			'</NetOpsInfo>',
	});
	fixture.respond('CommInfo', {
		result: `<CommID>5</CommID><URL>https://edi.example/as2</URL><HTTPAuthentication><Type>Basic</Type><User>edi</User><Password>${HTTP_PASSWORD}</Password></HTTPAuthentication>`,
	});
});

afterAll(async () => {
	await fixture?.stop();
	await simulator?.stop();
});

function optionsOf(resource: string, operation: string): string[] {
	const { properties } = new ECGridOS().description;
	const collection = properties.find(
		(property) =>
			property.name === 'options' &&
			property.displayOptions?.show?.resource?.includes(resource) &&
			property.displayOptions?.show?.operation?.includes(operation),
	);
	return ((collection?.options ?? []) as INodeProperties[]).map((option) => option.name);
}

describe('Include Secrets', () => {
	it('is offered only where the result can hold a secret, and says where the values land', () => {
		expect(optionsOf('network', 'get')).toContain('includeSecrets');
		expect(optionsOf('session', 'whoAmI')).toContain('includeSecrets');
		expect(optionsOf('user', 'generateApiKey')).toContain('includeSecrets');
		expect(optionsOf('parcel', 'get')).not.toContain('includeSecrets');
		const option = new ECGridOS().description.properties
			.flatMap((property) => (property.options ?? []) as INodeProperties[])
			.find((candidate) => candidate.name === 'includeSecrets');
		expect(option).toMatchObject({ type: 'boolean', default: false });
		expect(option?.description).toMatch(/execution data/);
	});
});

describe('against the simulator', () => {
	it('Who Am I leaves out the session ID unless asked for', async () => {
		const credentials = loginCredentials(simulator, 'globex.admin');
		const plain = await ecgridos(simulator, 'globex.admin', { resource: 'session', operation: 'whoAmI', options: { simplify: false } }, { credentials });
		expect(plain.error).toBeUndefined();
		expect(plain.items[0].json.LoginName).toBe('globex.admin');
		expect(plain.items[0].json).not.toHaveProperty('SessionID');

		const withSecrets = await ecgridos(
			simulator,
			'globex.admin',
			{ resource: 'session', operation: 'whoAmI', options: { simplify: false, includeSecrets: true } },
			{ credentials },
		);
		expect(withSecrets.items[0].json.SessionID).toMatch(/^[0-9a-f-]{36}$/i);
	});

	it('Generate API Key and Log In leave out the key and the session unless asked for', async () => {
		const key = await ecgridos(simulator, 'acme.admin', { resource: 'user', operation: 'generateApiKey', userId: idOf(102) });
		expect(key.error).toBeUndefined();
		expect(key.items[0].json).toEqual({ UserID: 102 });
		const shown = await ecgridos(simulator, 'acme.admin', {
			resource: 'user',
			operation: 'generateApiKey',
			userId: idOf(102),
			options: { includeSecrets: true },
		});
		expect(shown.items[0].json.apiKey).toMatch(/^[0-9a-f-]{36}$/i);

		const user = simulator.seed.users.find((candidate) => candidate.loginName === 'globex.admin')!;
		const login = await ecgridos(simulator, 'acme.admin', {
			resource: 'session',
			operation: 'login',
			loginName: user.loginName,
			password: user.password,
		});
		expect(login.error).toBeUndefined();
		expect(login.items[0].json).not.toHaveProperty('sessionId');
		expect(JSON.stringify(login.items)).not.toContain(user.password);
	});
});

describe('against a server that sends the secrets', () => {
	it('Get Network leaves out the VPN shared secret, the legacy password and the mailbag and FTP passwords', async () => {
		const run = await ecgridos(
			simulator,
			'acme.admin',
			{ resource: 'network', operation: 'get', networkId: idOf(7), options: { simplify: false } },
			{ credentials: fixtureCredentials() },
		);
		expect(run.error).toBeUndefined();
		const json = run.items[0].json as Record<string, Record<string, Record<string, unknown>>>;
		expect(json.NetOpsInfo.VPN).toEqual({ LocalTunnel: '10.0.0.1', EncryptionMethod: 'AES256' });
		expect(json.NetOpsInfo.x1256).toMatchObject({ idFrom: 'FROM', production: true });
		expect(json.OwnerInfo).toMatchObject({ Type: 'VAN', ContractID: 3 });
		const text = JSON.stringify(run.items);
		for (const secret of FIXTURE_SECRETS) expect(text).not.toContain(secret);
	});

	it('Get Network with Include Secrets gives them all', async () => {
		const run = await ecgridos(
			simulator,
			'acme.admin',
			{ resource: 'network', operation: 'get', networkId: idOf(7), options: { simplify: false, includeSecrets: true } },
			{ credentials: fixtureCredentials() },
		);
		const json = run.items[0].json as Record<string, Record<string, Record<string, unknown>>>;
		expect(json.NetOpsInfo.VPN.SharedSecret).toBe(VPN_SECRET);
		expect(json.OwnerInfo.LegacyPassword).toBe(LEGACY_PASSWORD);
		expect(json.NetOpsInfo.x1256).toMatchObject({ passwordFrom: MAILBAG_FROM, passwordTo: MAILBAG_TO });
		expect(json.NetOpsInfo.FTPServer.Password).toBe(FTP_PASSWORD);
	});

	it('Get Comm leaves out the HTTP password and keeps the user name', async () => {
		const run = await ecgridos(
			simulator,
			'acme.admin',
			{ resource: 'comm', operation: 'get', commId: 5, options: { simplify: false } },
			{ credentials: fixtureCredentials() },
		);
		expect(run.error).toBeUndefined();
		expect(run.items[0].json.HTTPAuthentication).toEqual({ Type: 'Basic', User: 'edi' });
		expect(JSON.stringify(run.items)).not.toContain(HTTP_PASSWORD);
	});
});
