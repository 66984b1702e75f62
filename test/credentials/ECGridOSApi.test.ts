import { readFileSync } from 'fs';
import { join } from 'path';
// n8n-core does not re-export its plain request helper; this is the one n8n hands to preAuthentication.
import { httpRequest } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import type { IHttpRequestHelper, IHttpRequestOptions, INodeType } from 'n8n-workflow';

import { ECGridOSApi } from '../../credentials/ECGridOSApi.credentials';
import { forgetSharedSessions } from '../../nodes/ECGridOS/transport/session';
import { sessionIdIn } from '../transport/sessionInEnvelope';
import { encodeRequest } from '../../nodes/ECGridOS/transport/soap';
import { createCredentialsHelper, runNode } from '../harness';
import { startFixtureServer, type FixtureServer } from '../support/fixtureServer';

const API_KEY = '0A1B2C3D-4E5F-4061-8293-A4B5C6D7E8F9';
const credentialType = new ECGridOSApi();
const helpers = { helpers: { httpRequest } } as unknown as IHttpRequestHelper;

let fixture: FixtureServer;

beforeEach(async () => {
	forgetSharedSessions();
	fixture = await startFixtureServer();
	fixture.addApiKey(API_KEY);
});

afterEach(async () => {
	await fixture.stop();
});

function loginData(password = fixture.users[0].password) {
	return {
		authentication: 'login',
		loginName: fixture.users[0].loginName,
		password,
		environment: 'custom',
		customUrl: fixture.endpointUrl,
		sessionId: '',
	};
}

describe('description', () => {
	test('has the fields the nodes rely on', () => {
		expect(credentialType.name).toBe('ecgridOsApi');
		expect(credentialType.displayName).toBe('ECGridOS API');
		expect(credentialType.documentationUrl).toMatch(/^https:\/\//);
		expect(credentialType.properties.map((property) => property.name)).toEqual([
			'authentication',
			'apiKey',
			'loginName',
			'password',
			'environment',
			'customUrl',
			'allowInsecureHttp',
			'timeout',
			'sessionId',
		]);
	});

	test('types secrets as passwords and keeps the session in a hidden expirable field', () => {
		const byName = Object.fromEntries(credentialType.properties.map((property) => [property.name, property]));
		expect(byName.apiKey.typeOptions?.password).toBe(true);
		expect(byName.password.typeOptions?.password).toBe(true);
		expect(byName.sessionId).toMatchObject({ type: 'hidden', typeOptions: { expirable: true }, default: '' });
		expect(byName.allowInsecureHttp).toMatchObject({ type: 'boolean', default: false });
		expect(byName.timeout.default).toBeGreaterThan(0);
	});

	test('has two different icon files that exist', () => {
		const icon = credentialType.icon as { light: string; dark: string };
		const read = (reference: string) => readFileSync(join(__dirname, '../../credentials', reference.replace('file:', '')), 'utf8');
		expect(read(icon.light)).toMatch(/^<svg/);
		expect(read(icon.dark)).toMatch(/^<svg/);
		expect(read(icon.light)).not.toBe(read(icon.dark));
	});
});

describe('preAuthentication', () => {
	test('returns nothing and calls nothing in API-key mode, so n8n never logs in', async () => {
		const output = await credentialType.preAuthentication.call(helpers, {
			authentication: 'apiKey',
			apiKey: API_KEY,
			environment: 'custom',
			customUrl: fixture.endpointUrl,
			sessionId: '',
		});
		expect(output).toEqual({});
		expect(fixture.requests).toHaveLength(0);
	});

	test('logs in and returns the session in Login mode', async () => {
		const output = await credentialType.preAuthentication.call(helpers, loginData());
		expect(fixture.sessions.has(output.sessionId as string)).toBe(true);
		expect(fixture.count('Login')).toBe(1);
		expect(fixture.requests[0].parameters).toEqual({ LoginName: 'alice', Password: fixture.users[0].password });
	});

	test('shares one Login among concurrent callers', async () => {
		fixture.loginDelayMs = 100;
		const outputs = await Promise.all(
			Array.from({ length: 20 }, async () => await credentialType.preAuthentication.call(helpers, loginData())),
		);
		expect(new Set(outputs.map((output) => output.sessionId)).size).toBe(1);
		expect(fixture.count('Login')).toBe(1);
	});

	test('reports a wrong password with the fault text and without the password', async () => {
		const password = 'Not-The-Password<&>';
		await expect(credentialType.preAuthentication.call(helpers, loginData(password))).rejects.toThrow(
			/login as "alice" failed \(AccessDenied\): Access denied\.: Invalid login name or password/,
		);
		try {
			await credentialType.preAuthentication.call(helpers, loginData(password));
		} catch (error) {
			expect(JSON.stringify({ message: (error as Error).message, stack: (error as Error).stack })).not.toContain('Not-The-Password');
		}
	});
});

describe('authenticate', () => {
	const request = (): IHttpRequestOptions => ({
		url: 'https://placeholder.invalid/',
		method: 'POST',
		body: encodeRequest('WhoAmI', { SessionID: '' }),
	});

	test('puts the API key into SessionID and the endpoint into the URL', async () => {
		const options = await credentialType.authenticate(
			{ authentication: 'apiKey', apiKey: API_KEY, environment: 'custom', customUrl: fixture.endpointUrl, timeout: 7 },
			request(),
		);
		expect(sessionIdIn(options.body as string)).toBe(API_KEY);
		expect(options.url).toBe(fixture.endpointUrl);
		expect(options.timeout).toBe(7000);
	});

	test('is idempotent: a retried request that carries an old session gets the current one', async () => {
		const credentials = { ...loginData(), sessionId: 'OLD' };
		const once = await credentialType.authenticate(credentials, request());
		const twice = await credentialType.authenticate({ ...credentials, sessionId: 'NEW' }, once);
		expect(sessionIdIn(twice.body as string)).toBe('NEW');
		expect((twice.body as string).match(/<SessionID>/g)).toHaveLength(1);
	});

	test('uses the API key in API-key mode even when an old session is stored', async () => {
		const options = await credentialType.authenticate(
			{ authentication: 'apiKey', apiKey: API_KEY, sessionId: 'STALE', environment: 'production' },
			request(),
		);
		expect(sessionIdIn(options.body as string)).toBe(API_KEY);
		expect(options.url).toBe('https://os.ecgrid.io/v4.1/prod/ECGridOS.asmx');
	});
});

describe('credential test (as n8n runs it: a routed request from a noOp node with temp = "")', () => {
	// n8n's credentials tester builds this node around the credential's `test.request`.
	const testerNode: INodeType = {
		description: {
			displayName: 'No Operation',
			name: 'n8n-nodes-base.noOp',
			group: ['transform'],
			version: 1,
			description: 'credential test',
			defaults: { name: 'Temp-Node' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'ecgridOsApi', required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: credentialType.test.request },
					default: '',
				},
			],
		},
	};

	test('succeeds with a valid API key, calling WhoAmI with it', async () => {
		const { error } = await runNode({
			nodeType: testerNode,
			parameters: { temp: '' },
			credentials: {
				ecgridOsApi: { authentication: 'apiKey', apiKey: API_KEY, environment: 'custom', customUrl: fixture.endpointUrl },
			},
		});
		expect(error).toBeUndefined();
		expect(fixture.count('WhoAmI')).toBe(1);
		expect(fixture.requests[0].parameters.SessionID).toBe(API_KEY);
		expect(fixture.requests[0].soapAction).toBe('"https://os.ecgrid.io/WhoAmI"');
	});

	test('logs in afresh in Login mode, as n8n does for every credential test', async () => {
		const credentialsHelper = createCredentialsHelper();
		const credential = credentialsHelper.add('ecgridOsApi', { ...loginData(), sessionId: 'OLD-SESSION' });
		const { error } = await runNode({ nodeType: testerNode, parameters: { temp: '' }, credentials: { ecgridOsApi: credential }, credentialsHelper });
		expect(error).toBeUndefined();
		expect(fixture.count('Login')).toBe(1);
		expect(fixture.requests.find((request) => request.operation === 'WhoAmI')?.parameters.SessionID).toBe(
			credentialsHelper.dataOf(credential).sessionId,
		);
	});

	test('fails with a rejected API key', async () => {
		const { error } = await runNode({
			nodeType: testerNode,
			parameters: { temp: '' },
			credentials: {
				ecgridOsApi: { authentication: 'apiKey', apiKey: 'wrong', environment: 'custom', customUrl: fixture.endpointUrl },
			},
		});
		expect(error).toBeDefined();
		expect(JSON.stringify(error)).not.toContain(API_KEY);
	});

	test('fails with the fault text for a wrong password', async () => {
		const { error } = await runNode({
			nodeType: testerNode,
			parameters: { temp: '' },
			credentials: { ecgridOsApi: loginData('wrong') },
		});
		expect(error?.message).toMatch(/Access denied/);
	});
});
