/**
 * Session behaviour of the transport and the credential, run through n8n's real engine (harness)
 * against a real HTTP fixture server.
 */
import {
	NODE_UNDER_TEST,
	createCredentialsHelper,
	runNode,
	type InMemoryCredentialsHelper,
	type StoredCredential,
} from '../harness';
import { forgetSharedSessions } from '../../nodes/ECGridOS/transport/session';
import { startFixtureServer, type FixtureServer } from '../support/fixtureServer';
import { TransportTestNode } from '../support/transportTestNode';

const API_KEY = '0A1B2C3D-4E5F-4061-8293-A4B5C6D7E8F9';

let fixture: FixtureServer;

beforeEach(async () => {
	forgetSharedSessions();
	fixture = await startFixtureServer();
	fixture.addApiKey(API_KEY);
});

afterEach(async () => {
	await fixture.stop();
});

function loginCredential(helper: InMemoryCredentialsHelper): StoredCredential {
	const [user] = fixture.users;
	return helper.add('ecgridOsApi', {
		authentication: 'login',
		loginName: user.loginName,
		password: user.password,
		environment: 'custom',
		customUrl: fixture.endpointUrl,
	});
}

function apiKeyCredential(helper: InMemoryCredentialsHelper, apiKey = API_KEY, timeout?: number): StoredCredential {
	return helper.add('ecgridOsApi', {
		authentication: 'apiKey',
		apiKey,
		environment: 'custom',
		customUrl: fixture.endpointUrl,
		...(timeout === undefined ? {} : { timeout }),
	});
}

async function call(
	helper: InMemoryCredentialsHelper,
	credential: StoredCredential,
	operation: string,
	values: Record<string, unknown> = {},
	continueOnFail = false,
) {
	return await runNode({
		nodeType: TransportTestNode,
		parameters: { operation, values: JSON.stringify(values) },
		credentials: { ecgridOsApi: credential },
		credentialsHelper: helper,
		continueOnFail,
	});
}

describe('API key authentication', () => {
	test('sends the key as SessionID and never logs in or stores anything', async () => {
		const helper = createCredentialsHelper();
		const credential = apiKeyCredential(helper);
		for (let run = 0; run < 3; run++) {
			const { items, error } = await call(helper, credential, 'WhoAmI');
			expect(error).toBeUndefined();
			expect(items[0].json.result).toMatchObject({ LoginName: 'alice', UserID: 101 });
		}
		expect(fixture.count('Login')).toBe(0);
		expect(fixture.count('WhoAmI')).toBe(3);
		expect(fixture.requests.every((request) => request.parameters.SessionID === API_KEY)).toBe(true);
		expect(helper.updates).toHaveLength(0);
	});

	test('a rejected key is reported with the fault text and without the key, and is not retried as a login', async () => {
		const helper = createCredentialsHelper();
		const wrongKey = 'FFFFFFFF-4E5F-4061-8293-A4B5C6D7E8F9';
		const credential = apiKeyCredential(helper, wrongKey);
		const { error } = await call(helper, credential, 'WhoAmI');
		expect(error?.message).toMatch(/SessionTimeout \(1\)/);
		expect(error?.message).toMatch(/Session timeout/);
		expect(error?.description).toMatch(/did not accept the API key/);
		expect(JSON.stringify(error)).not.toContain(wrongKey);
		expect(fixture.count('Login')).toBe(0);
		expect(fixture.count('WhoAmI')).toBe(1);
	});

	test('sends the SOAP 1.1 headers ECGridOS expects', async () => {
		const helper = createCredentialsHelper();
		await call(helper, apiKeyCredential(helper), 'WhoAmI');
		const [request] = fixture.requests;
		expect(request.soapAction).toBe('"https://os.ecgrid.io/WhoAmI"');
		expect(request.contentType).toBe('text/xml; charset=utf-8');
	});
});

describe('Login authentication', () => {
	test('logs in once and reuses the stored session across executions', async () => {
		const helper = createCredentialsHelper();
		const credential = loginCredential(helper);
		for (let run = 0; run < 4; run++) {
			const { error } = await call(helper, credential, 'WhoAmI');
			expect(error).toBeUndefined();
		}
		expect(fixture.count('Login')).toBe(1);
		expect(fixture.count('WhoAmI')).toBe(4);
		const stored = helper.dataOf(credential);
		expect(fixture.sessions.has(stored.sessionId as string)).toBe(true);
		expect(helper.updates).toHaveLength(1);
		const sessionIds = new Set(fixture.requests.filter((r) => r.operation === 'WhoAmI').map((r) => r.parameters.SessionID));
		expect([...sessionIds]).toEqual([stored.sessionId]);
	});

	test('renews an expired session once and repeats the call', async () => {
		const helper = createCredentialsHelper();
		const credential = loginCredential(helper);
		await call(helper, credential, 'WhoAmI');
		const firstSession = helper.dataOf(credential).sessionId;
		fixture.expireAllSessions();

		const { items, error } = await call(helper, credential, 'WhoAmI');
		expect(error).toBeUndefined();
		expect(items[0].json.result).toMatchObject({ LoginName: 'alice' });
		expect(fixture.count('Login')).toBe(2);
		expect(fixture.count('WhoAmI')).toBe(3);
		const renewedSession = helper.dataOf(credential).sessionId;
		expect(renewedSession).not.toBe(firstSession);
		expect(fixture.sessions.has(renewedSession as string)).toBe(true);

		// The renewed session is stored, so the next execution needs no Login.
		await call(helper, credential, 'WhoAmI');
		expect(fixture.count('Login')).toBe(2);
	});

	test('after renewing a session mid-run, later calls for the same item use the new one', async () => {
		const helper = createCredentialsHelper();
		const credential = loginCredential(helper);

		// WhoAmI; Logout ends the session; WhoAmI meets the session fault and renews; WhoAmI again.
		const { items, error } = await runNode({
			nodeType: TransportTestNode,
			parameters: { operation: 'WhoAmI', values: '{}', thenCall: JSON.stringify(['Logout', 'WhoAmI', 'WhoAmI']) },
			credentials: { ecgridOsApi: credential },
			credentialsHelper: helper,
		});

		expect(error).toBeUndefined();
		expect(items[0].json.thenResults).toHaveLength(3);
		expect(fixture.count('Login')).toBe(2);
		const sessions = fixture.requests.filter((r) => r.operation === 'WhoAmI').map((r) => r.parameters.SessionID);
		const renewed = helper.dataOf(credential).sessionId;
		// first call, the call that met the fault, its repetition, and the last call
		expect(sessions).toEqual([sessions[0], sessions[0], renewed, renewed]);
		expect(renewed).not.toBe(sessions[0]);
	});

	test('recognises a session fault by its text when it carries no code', async () => {
		fixture.sessionFaultStyle = 'textOnly';
		const helper = createCredentialsHelper();
		const credential = loginCredential(helper);
		await call(helper, credential, 'WhoAmI');
		fixture.expireAllSessions();
		const { error } = await call(helper, credential, 'WhoAmI');
		expect(error).toBeUndefined();
		expect(fixture.count('Login')).toBe(2);
	});

	test('renews a session for a change too, since a session fault means the call did not run', async () => {
		fixture.respond('TPUpdateDescription', { result: 'true' }, { requireSession: true });
		const helper = createCredentialsHelper();
		const credential = loginCredential(helper);
		await call(helper, credential, 'WhoAmI');
		fixture.expireAllSessions();
		const { items, error } = await call(helper, credential, 'TPUpdateDescription', { ECGridID: 5, Description: 'x' });
		expect(error).toBeUndefined();
		expect(items[0].json.result).toBe(true);
		expect(fixture.count('TPUpdateDescription')).toBe(2);
	});

	test('gives up after one renewal when the new session is rejected too', async () => {
		fixture.respond('WhoAmI', { fault: { errorCode: 1, errorString: 'Session timeout.' } });
		const helper = createCredentialsHelper();
		const credential = loginCredential(helper);
		const { error } = await call(helper, credential, 'WhoAmI');
		expect(error?.message).toMatch(/SessionTimeout/);
		expect(fixture.count('WhoAmI')).toBe(2);
		expect(fixture.count('Login')).toBe(2);
	});

	test('a wrong password fails with the fault text, without the password, and does not loop', async () => {
		const helper = createCredentialsHelper();
		const credential = helper.add('ecgridOsApi', {
			authentication: 'login',
			loginName: 'alice',
			password: 'Wrong&Password!',
			environment: 'custom',
			customUrl: fixture.endpointUrl,
		});
		const { error } = await call(helper, credential, 'WhoAmI');
		expect(error?.message).toMatch(/login as "alice" failed/);
		expect(error?.message).toMatch(/Access denied/);
		expect(JSON.stringify(error)).not.toContain('Wrong&Password!');
		expect(JSON.stringify(error)).not.toContain('Wrong&amp;Password!');
		expect(fixture.count('Login')).toBe(1);
		expect(fixture.count('WhoAmI')).toBe(0);
	});

	test('fifty executions starting together cause one Login', async () => {
		fixture.loginDelayMs = 200;
		const helper = createCredentialsHelper();
		const credential = loginCredential(helper);
		const results = await Promise.all(Array.from({ length: 50 }, async () => await call(helper, credential, 'WhoAmI')));
		expect(results.every((result) => result.error === undefined)).toBe(true);
		expect(fixture.count('Login')).toBe(1);
		expect(fixture.count('WhoAmI')).toBe(50);
	});
});

describe('network failures', () => {
	test('a read-only call is retried after the connection drops', async () => {
		const helper = createCredentialsHelper();
		fixture.respondOnce('WhoAmI', { dropConnection: true });
		const { items, error } = await call(helper, apiKeyCredential(helper), 'WhoAmI');
		expect(error).toBeUndefined();
		expect(items[0].json.result).toMatchObject({ LoginName: 'alice' });
		expect(fixture.count('WhoAmI')).toBe(2);
	});

	test('an upload is never retried after the connection drops', async () => {
		const helper = createCredentialsHelper();
		fixture.respondOnce('ParcelUploadA', { dropConnection: true });
		fixture.respond('ParcelUploadA', { result: '77' });
		const { error } = await call(helper, apiKeyCredential(helper), 'ParcelUploadA', {
			FileName: 'po.edi',
			ContentBase64: Buffer.from('ISA*00~').toString('base64'),
		});
		expect(error?.message).toBe(
			'ECGridOS ParcelUploadA failed: the connection was closed before the reply was complete (connection reset)',
		);
		expect(fixture.count('ParcelUploadA')).toBe(1);
		expect(JSON.stringify(error)).not.toContain(API_KEY);
	});

	test('ParcelDownload, which marks the parcel as transferred, is not retried', async () => {
		const helper = createCredentialsHelper();
		fixture.respondOnce('ParcelDownload', { dropConnection: true });
		const { error } = await call(helper, apiKeyCredential(helper), 'ParcelDownload', { ParcelID: '9223372036854775807' });
		expect(error).toBeDefined();
		expect(fixture.count('ParcelDownload')).toBe(1);
		expect(fixture.requests[0].parameters.ParcelID).toBe('9223372036854775807');
	});

	test('a server that never answers is cut off at the credential timeout, naming the operation', async () => {
		const helper = createCredentialsHelper();
		fixture.respond('TPUpdateDescription', { hang: true });
		const { error } = await call(helper, apiKeyCredential(helper, API_KEY, 1), 'TPUpdateDescription', { ECGridID: 1 });
		expect(error?.message).toMatch(/^ECGridOS TPUpdateDescription failed: .*timed out/);
		expect(fixture.count('TPUpdateDescription')).toBe(1);
	});

	test('a read-only call that times out is not repeated, so the wait is the timeout the user set', async () => {
		const helper = createCredentialsHelper();
		fixture.respond('WhoAmI', { hang: true });
		const { error } = await call(helper, apiKeyCredential(helper, API_KEY, 1), 'WhoAmI');
		expect(error?.message).toMatch(/timed out/);
		expect(fixture.count('WhoAmI')).toBe(1);
	});

	test('a reply that trickles forever is cut off at the credential timeout while still sending', async () => {
		const helper = createCredentialsHelper();
		fixture.respond('TPUpdateDescription', { trickleEveryMs: 50 });
		const { error } = await call(helper, apiKeyCredential(helper, API_KEY, 1), 'TPUpdateDescription', { ECGridID: 1 });
		expect(error?.message).toMatch(/^ECGridOS TPUpdateDescription failed: no complete reply within the timeout/);
		expect(fixture.count('TPUpdateDescription')).toBe(1);
	});

	test('a reply announced larger than the limit is refused at once and not retried, even when read-only', async () => {
		const helper = createCredentialsHelper();
		fixture.respond('WhoAmI', { announceBytes: 3 * 1024 ** 3 });
		const { error } = await call(helper, apiKeyCredential(helper), 'WhoAmI');
		expect(error?.message).toBe(
			'ECGridOS WhoAmI failed: the reply is too large: announced as 3.0 GiB, and the limit is 500 MiB',
		);
		expect(fixture.count('WhoAmI')).toBe(1);
	});

	test('a connection refused names the operation', async () => {
		const helper = createCredentialsHelper();
		const credential = apiKeyCredential(helper);
		await fixture.stop();
		const { error } = await call(helper, credential, 'TPUpdateDescription', { ECGridID: 1 });
		expect(error?.message).toBe('ECGridOS TPUpdateDescription failed: the server refused the connection');
		expect(error?.description).toMatch(/ECONNREFUSED/);
	});

	test('an HTML error page from a gateway is reported as such', async () => {
		const helper = createCredentialsHelper();
		fixture.respond('TPUpdateDescription', {
			status: 502,
			contentType: 'text/html',
			body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
		});
		const { error } = await call(helper, apiKeyCredential(helper), 'TPUpdateDescription', { ECGridID: 1 });
		expect(error?.message).toMatch(/HTML page/);
		expect(error?.message).toMatch(/502 Bad Gateway/);
		expect(fixture.count('TPUpdateDescription')).toBe(1);
	});
});

describe('input and endpoint validation', () => {
	test('a missing required value fails before any request, naming the field', async () => {
		const helper = createCredentialsHelper();
		const { error } = await call(helper, apiKeyCredential(helper), 'TPInfo', {});
		expect(error?.message).toMatch(/ECGridID/);
		expect(error?.message).toMatch(/required/);
		expect(fixture.requests).toHaveLength(0);
	});

	test('plain http elsewhere, when allowed, works and warns on the node output', async () => {
		const helper = createCredentialsHelper();
		// 0.0.0.0 is not loopback to the package, while Linux delivers it to the fixture on 127.0.0.1.
		const credential = helper.add('ecgridOsApi', {
			authentication: 'apiKey',
			apiKey: API_KEY,
			environment: 'custom',
			customUrl: fixture.endpointUrl.replace('127.0.0.1', '0.0.0.0'),
			allowInsecureHttp: true,
		});
		const { run, error } = await call(helper, credential, 'WhoAmI');
		expect(error).toBeUndefined();
		const hints = run.data.resultData.runData[NODE_UNDER_TEST][0].hints ?? [];
		expect(hints.map((hint) => hint.message)).toEqual([expect.stringMatching(/plain HTTP to 0\.0\.0\.0:\d+ .*unencrypted/)]);
		expect(JSON.stringify(hints)).not.toContain(API_KEY);
	});

	test('plain http to a non-loopback host is refused unless allowed', async () => {
		const helper = createCredentialsHelper();
		const credential = helper.add('ecgridOsApi', {
			authentication: 'apiKey',
			apiKey: API_KEY,
			environment: 'custom',
			customUrl: 'http://ecgrid.example.com/ECGridOS.asmx',
		});
		const { error } = await call(helper, credential, 'WhoAmI');
		expect(error?.message).toMatch(/Allow Insecure HTTP/);
		expect(JSON.stringify(error)).not.toContain(API_KEY);
	});
});
