/**
 * Calls share kept-open connections (n8n's own HTTP helper opens a new one per request), and doing
 * so loses nothing: connections the server closed while idle are not reused, compressed replies are
 * read, a configured proxy is still honoured (through n8n's helper), and cancelling an execution
 * stops its call at once. Run in n8n's engine against a real HTTP server on loopback that counts
 * connections.
 */
import { createServer, request, type Server } from 'http';
import type { AddressInfo } from 'net';
import { setTimeout as sleep } from 'timers/promises';

import { closeKeptConnections } from '../../nodes/ECGridOS/transport';
import { IDLE_CONNECTION_MS, IDLE_SWEEP_MS } from '../../nodes/ECGridOS/transport/connections';
import { resultReply, startMisbehavingServer, type MisbehavingServer } from './support/misbehavingServer';
import { apiKeyCredential, runEcgridos } from './support/node';

let server: MisbehavingServer;

afterEach(async () => {
	await server?.stop();
	// Each test starts without connections kept from the one before.
	closeKeptConnections();
});

/** Parcel → Get: ParcelInfo, a call that only reads. */
const READ = { resource: 'parcel', operation: 'get', parcelId: 4711 };
const PARCEL_INFO = resultReply('ParcelInfo', '<ParcelID>4711</ParcelID><FileName>po.x12</FileName><StatusCode>InBoxReady</StatusCode>');

/** Trading Partner → Create: TPAdd, a change, which the transport never repeats by itself. */
const CHANGE = { resource: 'tradingPartner', operation: 'create', qualifier: 'ZZ', id: 'NEWPARTNER' };
const TP_ADDED = resultReply('TPAdd', '900777');

const items = (count: number) => Array.from({ length: count }, (_unused, index) => ({ json: { index } }));

describe('kept connections', () => {
	it('sends the calls of an execution, and of the next one, over one connection', async () => {
		server = await startMisbehavingServer(() => PARCEL_INFO);
		const credential = apiKeyCredential(server.endpointUrl);

		const first = await runEcgridos(READ, credential, { items: items(20) });
		const second = await runEcgridos(READ, credential, { items: items(5) });

		expect(first.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		expect(first.items).toHaveLength(20);
		expect(first.items[19].json).toMatchObject({ ParcelID: 4711, FileName: 'po.x12' });
		expect(server.count('ParcelInfo')).toBe(25);
		expect(server.connectionsOpened).toBe(1);
	});

	it('sends every call with the headers of a SOAP 1.1 request, the first and the ones that reuse its connection', async () => {
		server = await startMisbehavingServer(() => PARCEL_INFO);

		const run = await runEcgridos(READ, apiKeyCredential(server.endpointUrl), { items: items(2) });

		expect(run.error).toBeUndefined();
		expect(server.connectionsOpened).toBe(1);
		expect(server.calls).toHaveLength(2);
		for (const call of server.calls) {
			expect(call.headers).toEqual({
				host: new URL(server.endpointUrl).host,
				'content-type': 'text/xml; charset=utf-8',
				soapaction: '"https://os.ecgrid.io/ParcelInfo"',
				'content-length': String(Buffer.byteLength(call.body)),
				'accept-encoding': 'gzip, deflate, br',
				'user-agent': 'n8n',
				connection: 'keep-alive',
			});
		}
	});

	it('opens a new connection when the server closed the idle one, and the change goes through once', async () => {
		// The server drops idle connections after 100 ms, long before the transport's own limit.
		server = await startMisbehavingServer(() => TP_ADDED, 100);
		const credential = apiKeyCredential(server.endpointUrl);

		const first = await runEcgridos(CHANGE, credential);
		await sleep(400);
		const second = await runEcgridos(CHANGE, credential);

		expect(first.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		expect(Object.values(second.items[0].json)).toContain(900777);
		expect(server.count('TPAdd')).toBe(2);
		expect(server.connectionsOpened).toBe(2);
	});

	it('closes a connection left idle, within IDLE_CONNECTION_MS and one sweep, and opens a new one for the next call', async () => {
		// The server would keep it for a minute (and says so in its Keep-Alive header).
		server = await startMisbehavingServer(() => PARCEL_INFO, 60_000);
		const credential = apiKeyCredential(server.endpointUrl);

		expect((await runEcgridos(READ, credential)).error).toBeUndefined();
		await sleep(IDLE_CONNECTION_MS - IDLE_SWEEP_MS);
		expect(server.openConnections).toBe(1);
		await sleep(2 * IDLE_SWEEP_MS + 200);
		expect(server.openConnections).toBe(0);

		expect((await runEcgridos(READ, credential)).error).toBeUndefined();
		expect(server.connectionsOpened).toBe(2);
		expect(server.count('ParcelInfo')).toBe(2);
	}, 15_000);

	it('closes an idle connection a second before the keep-alive timeout the server announced', async () => {
		// Node's server says "Keep-Alive: timeout=3" and closes idle connections after 3 s.
		server = await startMisbehavingServer(() => PARCEL_INFO, 3000);

		expect((await runEcgridos(READ, apiKeyCredential(server.endpointUrl))).error).toBeUndefined();
		await sleep(2000 + 200);

		expect(server.openConnections).toBe(0);
	}, 10_000);

	it.each(['gzip', 'deflate', 'br'] as const)('reads a reply compressed with %s', async (contentEncoding) => {
		server = await startMisbehavingServer(() => ({ ...PARCEL_INFO, contentEncoding }));

		const run = await runEcgridos(READ, apiKeyCredential(server.endpointUrl));

		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ ParcelID: 4711, FileName: 'po.x12', StatusCode: 'InBoxReady' });
		expect(server.calls[0].headers['accept-encoding']).toMatch(/gzip/);
	});

	it('stops a call at once when the execution is cancelled, without repeating it', async () => {
		server = await startMisbehavingServer(() => ({ kind: 'hang' }));
		const arrived = new Promise<void>((resolve) => {
			const check = setInterval(() => {
				if (server.calls.length > 0) {
					clearInterval(check);
					resolve();
				}
			}, 5);
		});

		// The credential's timeout is 120 s: the run ends early only because it is cancelled.
		const run = await runEcgridos(READ, apiKeyCredential(server.endpointUrl), { cancelWhen: arrived });
		await sleep(50);

		expect(run.error?.message).toBe('ECGridOS ParcelInfo failed: the execution was cancelled');
		expect(run.errorText).toContain('stopped before ECGridOS answered');
		expect(run.items).toHaveLength(0);
		// The read was not repeated, and the server saw its connection go away unanswered.
		expect(server.count('ParcelInfo')).toBe(1);
		expect(server.abandonedRequests).toBe(1);
	});
});

describe('with a proxy configured for n8n', () => {
	let proxy: Server;
	let proxied: string[];
	const saved = process.env.HTTP_PROXY;

	beforeEach(async () => {
		proxied = [];
		// A forward proxy: requests arrive with the absolute URL of their target.
		proxy = createServer((incoming, outgoing) => {
			proxied.push(`${incoming.method} ${incoming.url}`);
			const forward = request(incoming.url ?? '', { method: incoming.method, headers: incoming.headers }, (reply) => {
				outgoing.writeHead(reply.statusCode ?? 502, reply.headers);
				reply.pipe(outgoing);
			});
			forward.on('error', () => outgoing.destroy());
			incoming.pipe(forward);
		});
		await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	});

	afterEach(async () => {
		if (saved === undefined) delete process.env.HTTP_PROXY;
		else process.env.HTTP_PROXY = saved;
		proxy.closeAllConnections();
		await new Promise<void>((resolve) => proxy.close(() => resolve()));
	});

	it('sends every call through the proxy, as n8n does', async () => {
		server = await startMisbehavingServer(() => PARCEL_INFO);
		process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

		const run = await runEcgridos(READ, apiKeyCredential(server.endpointUrl), { items: items(3) });

		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(3);
		expect(proxied).toEqual(Array(3).fill(`POST ${server.endpointUrl}`));
		expect(server.count('ParcelInfo')).toBe(3);
	});

	it('goes straight to ECGridOS when no proxy is configured', async () => {
		server = await startMisbehavingServer(() => PARCEL_INFO);
		delete process.env.HTTP_PROXY;

		const run = await runEcgridos(READ, apiKeyCredential(server.endpointUrl));

		expect(run.error).toBeUndefined();
		expect(proxied).toEqual([]);
		expect(server.count('ParcelInfo')).toBe(1);
	});
});
