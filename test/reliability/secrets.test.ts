/**
 * Passwords, API keys and session IDs never appear in anything a run produces. A representative
 * set of executions (success, ECGridOS faults, network errors, bad input, login and API-key mode,
 * session renewal, the trigger, a server that echoes the session back) runs in n8n's engine; then
 * every output, run data, error (every property, `cause` included), console/stdout/stderr line,
 * n8n log call and simulator log line is searched for every known secret, including the session
 * IDs seen on the wire.
 */
import type { IDataObject } from 'n8n-workflow';

import { ECGridOSTrigger } from '../../nodes/ECGridOS/ECGridOSTrigger.node';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { createCredentialsHelper, pollTrigger } from '../harness';
import { OutputCapture } from './support/capture';
import { envelope, resultReply, startMisbehavingServer, type MisbehavingServer } from './support/misbehavingServer';
import { TEST_API_KEY, X12_850, apiKeyCredential, fileItem, runEcgridos, type NodeRun } from './support/node';
import { startSpyProxy, type SpyProxy } from './support/spyProxy';

const capture = new OutputCapture();
const simulatorLog: string[] = [];
const secrets = new Set<string>([TEST_API_KEY]);
let simulator: RunningSimulator;
let spy: SpyProxy;
let echoServer: MisbehavingServer;

const WRONG_PASSWORD = 'Wrong-Pa55word!<&>';
const WRONG_API_KEY = '9D8C7B6A-5F4E-4D3C-8B2A-1F0E9D8C7B6A';
const ECHO_PASSWORD = 'Echo-Pa55word-7731';

function user(loginName: string) {
	const found = simulator.seed.users.find((candidate) => candidate.loginName === loginName);
	if (!found?.apiKey) throw new Error(`no seed user ${loginName}`);
	secrets.add(found.apiKey);
	secrets.add(found.password);
	return found;
}

function viaSpy(settings: IDataObject): IDataObject {
	return { environment: 'custom', customUrl: spy.endpointUrl, timeout: 5, ...settings };
}

const apiKeyOf = (loginName: string) => viaSpy({ authentication: 'apiKey', apiKey: user(loginName).apiKey });
const loginOf = (loginName: string, password = user(loginName).password) =>
	viaSpy({ authentication: 'login', loginName, password });

function keep(name: string, run: NodeRun): NodeRun {
	capture.add(`${name}: run`, run.run);
	capture.add(`${name}: items`, run.items);
	capture.add(`${name}: error`, run.error);
	capture.add(`${name}: credential updates`, run.credentialsHelper.updates.map((update) => ({ ...update, data: {} })));
	return run;
}

beforeAll(async () => {
	capture.start();
	simulator = await startSimulator({ port: 0, sessionTimeoutSeconds: 2, log: (line) => simulatorLog.push(line) });
	spy = await startSpyProxy(simulator.endpointUrl);
	// A badly behaved server that repeats the SessionID it received in every kind of reply.
	let logins = 0;
	echoServer = await startMisbehavingServer((call, index) => {
		if (call.operation === 'Login') {
			const session = `E0E0E0E${++logins}-1111-4222-8333-444455556666`;
			secrets.add(session);
			return resultReply('Login', session);
		}
		const session = /<SessionID>([^<]*)<\/SessionID>/.exec(call.body)?.[1] ?? '';
		secrets.add(session);
		switch (index % 4) {
			case 1:
				return {
					kind: 'reply',
					status: 500,
					body: envelope(
						`<soap:Fault><faultcode>soap:Server</faultcode><faultstring>Session ${session} is not valid for this call</faultstring>` +
							`<detail><ErrorCode>2</ErrorCode><ErrorString>Access denied for ${session}</ErrorString><ErrorItem>SessionID=${session}</ErrorItem>` +
							`<ErrorMessage>session id is ${session}; request was ${call.body.replace(/</g, '&lt;')}</ErrorMessage></detail></soap:Fault>`,
					),
				};
			case 2:
				return { kind: 'reply', status: 200, contentType: 'text/plain', body: `Unknown session ${session}. Request: ${call.body}` };
			case 3:
				return { kind: 'reply', status: 502, contentType: 'text/html', body: `<html><body>Bad gateway for ${session}</body></html>` };
			default:
				return { kind: 'reset' };
		}
	});
});

afterAll(async () => {
	capture.stop();
	await echoServer?.stop();
	await spy?.stop();
	await simulator?.stop();
});

describe('a representative set of executions', () => {
	test('API key: upload, list, download and confirm a parcel', async () => {
		const upload = keep(
			'upload',
			await runEcgridos({ resource: 'parcel', operation: 'upload' }, apiKeyOf('acme.admin'), {
				items: [fileItem(X12_850('000000901'), 'po-901.x12')],
			}),
		);
		expect(upload.error).toBeUndefined();
		const inbox = keep('inbox', await runEcgridos({ resource: 'parcel', operation: 'getInbox', returnAll: true }, apiKeyOf('globex.admin')));
		const parcelId = inbox.items.find((item) => item.json.FileName === 'po-901.x12')?.json.ParcelID;
		expect(parcelId).toBeDefined();
		keep('download', await runEcgridos({ resource: 'parcel', operation: 'download', parcelId }, apiKeyOf('globex.admin')));
		const confirm = keep('confirm', await runEcgridos({ resource: 'parcel', operation: 'confirm', parcelId }, apiKeyOf('globex.admin')));
		expect(confirm.items[0].json.confirmed).toBe(true);
	});

	test('API key: Who Am I returns the user but not the key it used', async () => {
		const run = keep('whoAmI apiKey', await runEcgridos({ resource: 'session', operation: 'whoAmI', options: { simplify: false } }, apiKeyOf('acme.admin')));
		expect(run.error).toBeUndefined();
		expect(run.items[0].json.LoginName).toBe('acme.admin');
	});

	test('login: Who Am I, then the session expires and is renewed', async () => {
		const credentialsHelper = createCredentialsHelper();
		const credential = credentialsHelper.add('ecgridOsApi', loginOf('globex.admin'));
		const first = keep(
			'whoAmI login',
			await runEcgridos({ resource: 'session', operation: 'whoAmI', options: { simplify: false } }, credential, { credentialsHelper }),
		);
		expect(first.error).toBeUndefined();
		await new Promise((resolve) => setTimeout(resolve, 2500));
		const renewed = keep(
			'whoAmI renewed',
			await runEcgridos({ resource: 'session', operation: 'whoAmI' }, credential, { credentialsHelper }),
		);
		expect(renewed.error).toBeUndefined();
		expect(credentialsHelper.preAuthenticationRuns.get('ecgridOsApi')).toBe(2);
	});

	test('faults: a wrong API key and a wrong password', async () => {
		secrets.add(WRONG_API_KEY);
		secrets.add(WRONG_PASSWORD);
		const key = keep('wrong key', await runEcgridos({ resource: 'session', operation: 'whoAmI' }, viaSpy({ authentication: 'apiKey', apiKey: WRONG_API_KEY })));
		expect(key.error).toBeDefined();
		const login = keep('wrong password', await runEcgridos({ resource: 'session', operation: 'whoAmI' }, loginOf('globex.admin', WRONG_PASSWORD)));
		expect(login.error?.message).toMatch(/login/i);
	});

	test('an ECGridOS fault for a change, in login mode', async () => {
		const run = keep('fault', await runEcgridos({ resource: 'parcel', operation: 'confirm', parcelId: 987654321 }, loginOf('globex.admin')));
		expect(run.error?.message).toMatch(/ParcelDownloadConfirm/);
	});

	test('bad input in login mode, with and without Continue On Fail', async () => {
		const stop = keep('bad input', await runEcgridos({ resource: 'parcel', operation: 'get', parcelId: '={{ "x" }}' }, loginOf('globex.admin')));
		expect(stop.error).toBeDefined();
		const go = keep(
			'bad input continue',
			await runEcgridos({ resource: 'parcel', operation: 'get', parcelId: '={{ $json.id }}' }, loginOf('globex.admin'), {
				items: [{ json: { id: 'x' } }, { json: { id: 1 } }],
				continueOnFail: true,
			}),
		);
		expect(go.items).toHaveLength(2);
	});

	test('network errors in login and API-key mode', async () => {
		const unreachable = { environment: 'custom', customUrl: echoServer.endpointUrl.replace(/:\d+\//, ':1/'), timeout: 1 };
		keep('refused login', await runEcgridos({ resource: 'session', operation: 'whoAmI' }, { ...unreachable, authentication: 'login', loginName: 'n8n', password: ECHO_PASSWORD }));
		keep('refused key', await runEcgridos({ resource: 'parcel', operation: 'confirm', parcelId: 1 }, { ...unreachable, authentication: 'apiKey', apiKey: TEST_API_KEY }));
		secrets.add(ECHO_PASSWORD);
	});

	test('a server that echoes the session ID in faults, odd replies and error pages', async () => {
		const login = { environment: 'custom', customUrl: echoServer.endpointUrl, timeout: 2, authentication: 'login', loginName: 'n8n', password: ECHO_PASSWORD };
		for (let attempt = 0; attempt < 4; attempt++) {
			keep(`echo login ${attempt}`, await runEcgridos({ resource: 'parcel', operation: 'confirm', parcelId: 1 }, login));
			keep(`echo key ${attempt}`, await runEcgridos({ resource: 'parcel', operation: 'confirm', parcelId: 2 }, apiKeyCredential(echoServer.endpointUrl, { timeout: 2 })));
			keep(
				`echo continue ${attempt}`,
				await runEcgridos({ resource: 'parcel', operation: 'get', parcelId: 3 }, apiKeyCredential(echoServer.endpointUrl, { timeout: 2 }), { continueOnFail: true }),
			);
		}
		expect(echoServer.count()).toBeGreaterThan(8);
	});

	test('the simulator logs no secret from malformed or refused requests of other clients', async () => {
		const apiKey = user('acme.admin').apiKey;
		const post = async (operation: string, body: string) =>
			await fetch(simulator.endpointUrl, {
				method: 'POST',
				headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"https://os.ecgrid.io/${operation}"` },
				body:
					'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
					`<soap:Body><${operation} xmlns="https://os.ecgrid.io/">${body}</${operation}></soap:Body></soap:Envelope>`,
			});
		const logged = simulatorLog.length;
		const replies = [
			await post('ParcelInfo', `<SessionID>${apiKey}</SessionID><ParcelID>not-a-number</ParcelID>`),
			await post('ParcelInfo', `<SessionID>${apiKey}</SessionID><ParcelID>1</ParcelID><Unexpected>${apiKey}</Unexpected>`),
			await post('NoSuchOperation', `<SessionID>${apiKey}</SessionID>`),
			await post('Login', `<LoginName>acme.admin</LoginName><Password>${WRONG_PASSWORD.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</Password>`),
			await post('ParcelInfo', `<SessionID>${apiKey}</SessionID><ParcelID>1</ParcelID`),
		];
		secrets.add(WRONG_PASSWORD);
		// Refused, and logged (the scan at the end reads the simulator's log lines).
		expect(replies.map((reply) => reply.status >= 400)).toEqual(replies.map(() => true));
		expect(simulatorLog.length - logged).toBeGreaterThanOrEqual(replies.length);
	});

	test('the trigger in login mode: a poll that works and one that fails', async () => {
		const parameters = { event: 'newInboxParcel', mailboxScope: 'own', downloadContent: true, binaryPropertyName: 'data', confirmDownload: true, options: { includeExisting: true } };
		const poll = await pollTrigger(ECGridOSTrigger, parameters, { ecgridOsApi: loginOf('globex.admin') });
		capture.add('trigger poll', { result: poll.result, staticData: poll.staticData });
		try {
			await pollTrigger(ECGridOSTrigger, parameters, { ecgridOsApi: loginOf('globex.admin', WRONG_PASSWORD) });
			throw new Error('the poll with a wrong password should fail');
		} catch (error) {
			capture.add('trigger error', error);
			expect((error as Error).message).toMatch(/login|ECGridOS/i);
		}
	});
});

test('the scan finds a secret hidden in an error cause, whatever its case', () => {
	const control = new OutputCapture();
	control.add('planted', new Error('request failed', { cause: { config: { data: `<SessionID>${TEST_API_KEY.toLowerCase()}</SessionID>` } } }));
	expect(control.findSecrets([TEST_API_KEY])).toHaveLength(1);
});

test('no password, API key or session ID appears in anything produced', () => {
	for (const sessionId of spy.sessionIds) secrets.add(sessionId);
	capture.add('simulator log', simulatorLog);
	// The scan found something to scan: the simulator logged calls, sessions were seen on the wire.
	expect(simulatorLog.length).toBeGreaterThan(10);
	expect(spy.sessionIds.size).toBeGreaterThanOrEqual(3);
	expect(capture.produced.length).toBeGreaterThan(30);
	expect(capture.findSecrets(secrets)).toEqual([]);
});
