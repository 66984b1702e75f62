/**
 * When the network or the server misbehaves, the ECGridOS node fails with a clear error that names
 * what happened, never hangs and never crashes n8n. Transient failures are retried, boundedly, only
 * for calls that read. Run in n8n's engine against a real, misbehaving HTTP server on loopback
 * that counts every request.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ECGridOSTrigger } from '../../nodes/ECGridOS/ECGridOSTrigger.node';
import { pollTrigger } from '../harness';
import {
	envelope,
	faultReply,
	refusedEndpointUrl,
	resultReply,
	startMisbehavingServer,
	type Behaviour,
	type MisbehavingServer,
} from './support/misbehavingServer';
import { X12_850, apiKeyCredential, fileItem, runEcgridos } from './support/node';

let server: MisbehavingServer;
const strayFailures: unknown[] = [];
const noteStray = (failure: unknown) => strayFailures.push(failure);

beforeAll(() => {
	process.on('unhandledRejection', noteStray);
	process.on('uncaughtException', noteStray);
});
afterAll(() => {
	process.off('unhandledRejection', noteStray);
	process.off('uncaughtException', noteStray);
	// Nothing escaped the node as an unhandled rejection or exception, which would crash n8n.
	expect(strayFailures).toEqual([]);
});

beforeEach(async () => {
	server = await startMisbehavingServer();
});
afterEach(async () => {
	await server.stop();
});

/** Parcel → Get: ParcelInfo, a call that only reads. */
const READ = { resource: 'parcel', operation: 'get', parcelId: 4711 };
const PARCEL_INFO = resultReply('ParcelInfo', '<ParcelID>4711</ParcelID><FileName>po.x12</FileName><StatusCode>InBoxReady</StatusCode>');

/** Calls that change something, with the WSDL operation each one sends. */
const CHANGES: Array<{ name: string; operation: string; parameters: IDataObject; items?: INodeExecutionData[] }> = [
	{
		name: 'upload',
		operation: 'ParcelUpload',
		parameters: { resource: 'parcel', operation: 'upload' },
		items: [fileItem(X12_850('000000001'), 'po-1.x12')],
	},
	{
		name: 'create',
		operation: 'TPAdd',
		parameters: { resource: 'tradingPartner', operation: 'create', qualifier: 'ZZ', id: 'NEWPARTNER' },
	},
	{ name: 'confirm', operation: 'ParcelDownloadConfirm', parameters: { resource: 'parcel', operation: 'confirm', parcelId: 4711 } },
];

const credential = (settings: IDataObject = {}) => apiKeyCredential(server.endpointUrl, { timeout: 1, ...settings });

describe('each fault gives a clear error naming what happened', () => {
	const faults: Array<[string, Behaviour, RegExp]> = [
		['HTTP 500 with a plain-text body', { kind: 'reply', status: 500, contentType: 'text/plain', body: 'Internal Server Error' }, /not XML[\s\S]*HTTP 500/],
		[
			'an HTML page with status 200',
			{ kind: 'reply', contentType: 'text/html', body: '<!doctype html><html><head><title>Maintenance</title></head><body>Back soon</body></html>' },
			/HTML page/,
		],
		['an empty body', { kind: 'reply', body: '' }, /empty reply/],
		['truncated XML', { kind: 'reply', body: envelope('<ParcelInfoResponse xmlns="https://os.ecgrid.io/"><ParcelInfoResult><ParcelID>47').slice(0, -40) }, /malformed or truncated/],
		[
			'the right element in a wrong namespace',
			resultReply('ParcelInfo', '<ParcelID>4711</ParcelID>', 'https://example.com/not-ecgrid/'),
			/namespace/,
		],
		['a wrong SOAP envelope namespace', { kind: 'reply', body: envelope('<x/>', 'urn:not-soap') }, /SOAP envelope|namespace/i],
		[
			'invalid UTF-8',
			{
				kind: 'reply',
				body: Buffer.concat([
					Buffer.from(envelope('<ParcelInfoResponse xmlns="https://os.ecgrid.io/"><ParcelInfoResult><FileName>').replace('</soap:Body></soap:Envelope>', '')),
					Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
					Buffer.from('</FileName></ParcelInfoResult></ParcelInfoResponse></soap:Body></soap:Envelope>'),
				]),
			},
			/UTF-8/,
		],
	];

	test.each(faults)('%s', async (_name, behaviour, expected) => {
		server.script = () => behaviour;
		const { error, errorText } = await runEcgridos(READ, credential());
		expect(error?.message).toMatch(expected);
		expect(error?.message).toMatch(/ParcelInfo/);
		expect(errorText).not.toMatch(/\bundefined\b|\[object Object\]/);
	});

	test('connection refused', async () => {
		const { error } = await runEcgridos(CHANGES[2].parameters, apiKeyCredential(await refusedEndpointUrl(), { timeout: 1 }));
		expect(error?.message).toMatch(/ECONNREFUSED|refused/i);
	});

	test('connection reset in the middle of the reply', async () => {
		server.script = () => ({ kind: 'reset', partial: envelope('<ParcelInfoResponse xmlns="https://os.ecgrid.io/">').slice(0, 120) });
		const { error } = await runEcgridos(CHANGES[2].parameters, credential());
		expect(error?.message).toMatch(/ECONNRESET|reset|hang up|aborted|closed/i);
	});

	test('a network error names the ECGridOS operation that failed, not only a generic text', async () => {
		server.script = () => ({ kind: 'reset' });
		const { error } = await runEcgridos(CHANGES[2].parameters, credential());
		expect(error?.message).toMatch(/ParcelDownloadConfirm/);
		expect(error?.message).toMatch(/ECONNRESET|reset|closed/i);
	});

	test('no answer at all: the credential timeout ends the call with a timeout error', async () => {
		server.script = () => ({ kind: 'hang' });
		const { error } = await runEcgridos(CHANGES[2].parameters, credential({ timeout: 1 }));
		expect(error?.message).toMatch(/time(d)? ?out|did not answer/i);
		expect(server.count('ParcelDownloadConfirm')).toBe(1);
	});

	test('a Login that never answers ends at the credential timeout too', async () => {
		server.script = () => ({ kind: 'hang' });
		const { error } = await runEcgridos(CHANGES[2].parameters, {
			authentication: 'login',
			loginName: 'n8n',
			password: 'Pa55-word!',
			environment: 'custom',
			customUrl: server.endpointUrl,
			timeout: 1,
		});
		expect(error?.message).toMatch(/login/i);
		expect(error?.message).toMatch(/time(d)? ?out|did not answer/i);
		expect(server.count('Login')).toBe(1);
		expect(server.count('ParcelDownloadConfirm')).toBe(0);
	});

	test('a trigger poll against a broken endpoint fails clearly and keeps its state', async () => {
		server.script = () => ({ kind: 'reply', contentType: 'text/html', body: '<html><body>Proxy login required</body></html>' });
		const staticData = { kept: true };
		await expect(
			pollTrigger(
				ECGridOSTrigger,
				{ event: 'newInboxParcel', mailboxScope: 'own', downloadContent: true, binaryPropertyName: 'data', confirmDownload: true, options: {} },
				{ ecgridOsApi: credential() },
				{ staticData },
			),
		).rejects.toThrow(/HTML page/);
		expect(staticData).toEqual({ kept: true });
	});

	test('the timeout has a sensible default when the credential leaves it unset', async () => {
		const { ECGridOSApi } = await import('../../credentials/ECGridOSApi.credentials');
		const timeout = new ECGridOSApi().properties.find((property) => property.name === 'timeout');
		expect(timeout?.type).toBe('number');
		expect(timeout?.default).toBeGreaterThanOrEqual(30);
		expect(timeout?.default).toBeLessThanOrEqual(600);
	});

	test('an ECGridOS fault is reported with its error code, text and advice', async () => {
		server.script = () => faultReply(3, 'Not found.', 'Parcel 4711 does not exist');
		const { error } = await runEcgridos(READ, credential());
		expect(error?.message).toMatch(/ParcelInfo failed: NotFound \(3\): Not found/);
		expect((error as { description?: string }).description).toMatch(/Parcel 4711 does not exist/);
		expect(server.count('ParcelInfo')).toBe(1);
	});
});

describe('oversized and endless replies', () => {
	test('a reply announcing more than any sensible cap (3 GiB) is refused early, naming the size', async () => {
		// The announced length is known with the headers; a client without a cap reads on until the
		// server stops and then waits out its timeout.
		server.script = () => ({ kind: 'stream', declaredLength: 3 * 1024 ** 3, chunkBytes: 64 * 1024, intervalMs: 50, maxBytes: 2 * 1024 ** 2 });
		const { error } = await runEcgridos(READ, credential({ timeout: 5 }));
		expect(error?.message).toMatch(/too large|exceeds|size limit|maximum (response )?size/i);
		expect(error?.message).toMatch(/ParcelInfo/);
		expect(server.streamsCompleted).toBe(0);
	});

	test('a server that trickles bytes forever is cut off at the credential timeout, while it is still sending', async () => {
		// 1 KiB every 100 ms for 10 s: the socket is never idle, so only an overall deadline ends the call in time.
		server.script = () => ({ kind: 'stream', chunkBytes: 1024, intervalMs: 100, maxBytes: 100 * 1024 });
		const { error } = await runEcgridos(CHANGES[2].parameters, credential({ timeout: 2 }));
		expect(error?.message).toMatch(/time(d)? ?out|did not answer|ETIMEDOUT/i);
		expect(error?.message).toMatch(/ParcelDownloadConfirm/);
		expect(server.streamsCompleted).toBe(0);
		expect(server.count('ParcelDownloadConfirm')).toBe(1);
	});
});

describe('hostile XML in a reply is never resolved', () => {
	test('an external entity naming a local file is refused and its content never appears', async () => {
		const { mkdtempSync, writeFileSync } = await import('fs');
		const { join } = await import('path');
		const { tmpdir } = await import('os');
		const marker = `XXE-MARKER-${Date.now()}`;
		const file = join(mkdtempSync(join(tmpdir(), 'ecgridos-xxe-')), 'secret.txt');
		writeFileSync(file, marker);
		server.script = () => ({
			kind: 'reply',
			body:
				`<?xml version="1.0"?><!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM "file://${file}">]>` +
				envelope('<ParcelInfoResponse xmlns="https://os.ecgrid.io/"><ParcelInfoResult><FileName>&xxe;</FileName></ParcelInfoResult></ParcelInfoResponse>').replace(
					'<?xml version="1.0" encoding="utf-8"?>',
					'',
				),
		});
		const { error, errorText, items } = await runEcgridos(READ, credential());
		expect(error?.message).toMatch(/DOCTYPE/);
		expect(errorText).not.toContain(marker);
		expect(JSON.stringify(items)).not.toContain(marker);
	});

	test('an external entity naming a URL is refused without fetching it', async () => {
		const probe = await startMisbehavingServer(() => ({ kind: 'reply', body: 'fetched' }));
		try {
			server.script = () => ({
				kind: 'reply',
				body:
					`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY ext SYSTEM "${probe.endpointUrl}">]>` +
					envelope('<ParcelInfoResponse xmlns="https://os.ecgrid.io/"><ParcelInfoResult><FileName>&ext;</FileName></ParcelInfoResult></ParcelInfoResponse>').replace(
						'<?xml version="1.0" encoding="utf-8"?>',
						'',
					),
			});
			const { error } = await runEcgridos(READ, credential());
			expect(error?.message).toMatch(/DOCTYPE/);
			expect(probe.count()).toBe(0);
		} finally {
			await probe.stop();
		}
	});

	test('"billion laughs" entity expansion is refused without exhausting memory', async () => {
		const levels = ['<!ENTITY lol0 "lol">'];
		for (let level = 1; level <= 9; level++) {
			levels.push(`<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`);
		}
		server.script = () => ({
			kind: 'reply',
			body:
				`<?xml version="1.0"?><!DOCTYPE lolz [${levels.join('')}]>` +
				envelope('<ParcelInfoResponse xmlns="https://os.ecgrid.io/"><ParcelInfoResult><FileName>&lol9;</FileName></ParcelInfoResult></ParcelInfoResponse>').replace(
					'<?xml version="1.0" encoding="utf-8"?>',
					'',
				),
		});
		const before = process.memoryUsage().rss;
		const { error } = await runEcgridos(READ, credential());
		expect(error?.message).toMatch(/DOCTYPE/);
		expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 ** 2);
	});

	test('deeply nested elements are refused with a clear error, not a stack overflow', async () => {
		const depth = 100_000;
		server.script = () =>
			resultReply('ParcelInfo', `<ParcelID>4711</ParcelID><FileName>${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}</FileName>`);
		const { error } = await runEcgridos(READ, credential());
		expect(error?.message).toMatch(/ParcelInfo/);
		expect(error?.message).not.toMatch(/call stack/i);
	});

	test('an undeclared entity reference (no DOCTYPE) stays unresolved and does not break decoding', async () => {
		server.script = () =>
			resultReply('ParcelInfo', '<ParcelID>4711</ParcelID><FileName>a&amp;b &lol9; &#60;x&#62;</FileName>');
		const { error, items } = await runEcgridos({ ...READ, options: { simplify: false } }, credential());
		expect(error).toBeUndefined();
		expect(items[0].json.FileName).toBe('a&b &lol9; <x>');
	});
});

describe('retries', () => {
	test('a read is retried after a connection reset, boundedly, then fails clearly', async () => {
		server.script = () => ({ kind: 'reset' });
		const { error } = await runEcgridos(READ, credential());
		expect(error?.message).toMatch(/ECONNRESET|reset|closed/i);
		expect(server.count('ParcelInfo')).toBeGreaterThan(1);
		expect(server.count('ParcelInfo')).toBeLessThanOrEqual(5);
	});

	test('a read that fails twice with a reset and then succeeds returns the result', async () => {
		server.script = (_call, index) => (index < 2 ? { kind: 'reset' } : PARCEL_INFO);
		const { error, items } = await runEcgridos(READ, credential());
		expect(error).toBeUndefined();
		expect(items[0].json.ParcelID).toBe(4711);
		expect(server.count('ParcelInfo')).toBe(3);
	});

	test('a read is retried after HTTP 503 from a gateway', async () => {
		server.script = (_call, index) =>
			index === 0 ? { kind: 'reply', status: 503, contentType: 'text/html', body: '<html><body>Service Unavailable</body></html>' } : PARCEL_INFO;
		const { error } = await runEcgridos(READ, credential());
		expect(error).toBeUndefined();
		expect(server.count('ParcelInfo')).toBe(2);
	});

	test('a read is not retried after an ECGridOS fault (the server answered)', async () => {
		server.script = () => faultReply(11, 'Internal error.');
		await runEcgridos(READ, credential());
		expect(server.count('ParcelInfo')).toBe(1);
	});

	test.each(CHANGES)('a change ($name) is never retried after a connection reset', async ({ operation, parameters, items }) => {
		server.script = () => ({ kind: 'reset' });
		const { error } = await runEcgridos(parameters, credential(), { items });
		expect(error).toBeDefined();
		expect(server.count(operation)).toBe(1);
		expect(`${error?.message} ${(error as { description?: string }).description}`).toMatch(/never retried|not retried|check .*whether/i);
	});

	test.each(CHANGES)('a change ($name) is never retried after a timeout', async ({ operation, parameters, items }) => {
		server.script = () => ({ kind: 'hang' });
		const { error } = await runEcgridos(parameters, credential({ timeout: 1 }), { items });
		expect(error).toBeDefined();
		expect(server.count(operation)).toBe(1);
	});

	test.each(CHANGES)('a change ($name) is never retried after HTTP 503', async ({ operation, parameters, items }) => {
		server.script = () => ({ kind: 'reply', status: 503, contentType: 'text/plain', body: 'Service Unavailable' });
		await runEcgridos(parameters, credential(), { items });
		expect(server.count(operation)).toBe(1);
	});

	test('a session-expired fault renews the session (Login) and retries an upload exactly once', async () => {
		let logins = 0;
		server.script = (call) => {
			if (call.operation === 'Login') return resultReply('Login', `0000000${++logins}-AAAA-4BBB-8CCC-DDDDDDDDDDDD`);
			const session = /<SessionID>([^<]*)<\/SessionID>/.exec(call.body)?.[1];
			return session?.startsWith('00000002') ? resultReply('ParcelUpload', '9001') : faultReply(1, 'Session timeout.', 'Session has expired');
		};
		const { error, items } = await runEcgridos(
			{ resource: 'parcel', operation: 'upload' },
			{ authentication: 'login', loginName: 'n8n', password: 'Pa55-word!', environment: 'custom', customUrl: server.endpointUrl, timeout: 1 },
			{ items: [fileItem(X12_850('000000002'), 'po-2.x12')] },
		);
		expect(error).toBeUndefined();
		expect(items[0].json.parcelId).toBe(9001);
		expect(server.count('Login')).toBe(2);
		expect(server.count('ParcelUpload')).toBe(2);
	});

	test('a session fault that persists after renewal is reported, not retried again', async () => {
		let logins = 0;
		server.script = (call) =>
			call.operation === 'Login'
				? resultReply('Login', `0000000${++logins}-AAAA-4BBB-8CCC-DDDDDDDDDDDD`)
				: faultReply(1, 'Session timeout.', 'Session has expired');
		const { error } = await runEcgridos(CHANGES[2].parameters, {
			authentication: 'login',
			loginName: 'n8n',
			password: 'Pa55-word!',
			environment: 'custom',
			customUrl: server.endpointUrl,
			timeout: 1,
		});
		expect(error?.message).toMatch(/SessionTimeout|Session timeout/);
		expect(server.count('Login')).toBe(2);
		expect(server.count('ParcelDownloadConfirm')).toBe(2);
	});
});

describe('Continue On Fail', () => {
	test('a network failure becomes an error item paired with its input, and the other items go on', async () => {
		server.script = (call) => {
			const parcelId = /<ParcelID>(\d+)<\/ParcelID>/.exec(call.body)?.[1];
			return parcelId === '2' ? { kind: 'reset' } : resultReply('ParcelDownloadConfirm', 'true');
		};
		const { error, items } = await runEcgridos(
			{ resource: 'parcel', operation: 'confirm', parcelId: '={{ $json.id }}' },
			credential(),
			{ items: [{ json: { id: 1 } }, { json: { id: 2 } }, { json: { id: 3 } }], continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.confirmed).toBe(true);
		expect(String(items[1].json.error)).toMatch(/ECONNRESET|reset|closed/i);
		expect(items[2].json.confirmed).toBe(true);
		expect(server.count('ParcelDownloadConfirm')).toBe(3);
	});
});
