/**
 * Listings filter and page as declared, and a 10,000-parcel inbox still lists and pages.
 *
 * Ten parcels are sent through the API; the state file is then grown to 10,000 inbox parcels by
 * copying those (new IDs, same content) before the simulator is started on it, so the set-up
 * costs milliseconds instead of ten thousand uploads on a busy machine.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { x12Interchange } from './support/edi';
import { buildEnvelope, items, postXml, RawSoapClient } from './support/rawSoapClient';

const PARCELS = 10000;
const SENT = 10;
let simulator: RunningSimulator;
let client: RawSoapClient;
let directory: string;
const key = (login: string) => simulator.seed.users.find((user) => user.loginName === login)!.apiKey;

beforeAll(async () => {
	directory = mkdtempSync(join(tmpdir(), 'ecgridos-paging-'));
	const dataFile = join(directory, 'state.json');
	simulator = await startSimulator({ dataFile });
	client = new RawSoapClient(simulator.endpointUrl);
	for (let control = 1; control <= SENT; control++) {
		// The tenth parcel goes to Globex's second ID, so the ECGridIDTo filter has something to separate.
		const receiver = control % 10 === 0 ? { receiverQualifier: '12', receiverId: '5551234567' } : { receiverQualifier: 'ZZ', receiverId: 'GLOBEXSUPPLY' };
		const content = Buffer.from(x12Interchange({ senderQualifier: 'ZZ', senderId: 'ACMERETAIL', ...receiver, control }));
		await client.ok('ParcelUpload', { SessionID: key('acme.user'), FileName: `po-${control}.x12`, Bytes: content.length, Content: content });
	}
	await simulator.stop();

	const state = JSON.parse(readFileSync(dataFile, 'utf8'));
	const templates = state.parcels.filter((parcel: { direction: string }) => parcel.direction === 'InBox');
	expect(templates).toHaveLength(SENT);
	let nextId = state.counters.parcel;
	for (let copy = SENT; copy < PARCELS; copy++) {
		const template = templates[copy % SENT];
		nextId++;
		state.parcels.push({ ...template, parcelId: nextId, date: template.date + copy, fileName: `po-${copy + 1}.x12`, manifest: [], notes: [] });
		state.contents[nextId] = state.contents[template.parcelId];
	}
	state.counters.parcel = nextId;
	writeFileSync(dataFile, JSON.stringify(state));
	simulator = await startSimulator({ dataFile });
	client = new RawSoapClient(simulator.endpointUrl);
});

afterAll(async () => {
	await simulator.stop();
	rmSync(directory, { recursive: true, force: true });
});

test('the whole inbox lists at once', async () => {
	// Counted in the raw XML: parsing tens of megabytes into objects would only measure the test's parser.
	const { status, xml } = await postXml(simulator.endpointUrl, buildEnvelope('ParcelInBox', { SessionID: key('globex.user') }), { SOAPAction: '"https://os.ecgrid.io/ParcelInBox"' });
	expect(status).toBe(200);
	expect(xml).toContain(`<TotalRecords>${PARCELS}</TotalRecords>`);
	expect(xml.match(/<ParcelIDInfo>/g)).toHaveLength(PARCELS);
});

test('archive listings page through every parcel exactly once, in both orders', async () => {
	const globex = key('globex.user');
	const seen: string[] = [];
	let page = 1;
	let totalPages = 0;
	do {
		// Read from the raw XML: parsing a thousand entries per page into objects would only time the test's parser.
		const { xml } = await postXml(
			simulator.endpointUrl,
			buildEnvelope('ParcelInBoxArchiveExShort', { SessionID: globex, NetworkID: 0, MailboxID: 0, ECGridIDFrom: 0, ECGridIDTo: 0, PageNo: page, RecordsPerPage: 1000 }),
			{ SOAPAction: '"https://os.ecgrid.io/ParcelInBoxArchiveExShort"' },
		);
		const header = /<PageSize>(\d+)<\/PageSize><PageNumber>(\d+)<\/PageNumber><Count>(\d+)<\/Count><TotalRecords>(\d+)<\/TotalRecords><TotalPages>(\d+)<\/TotalPages>/.exec(xml);
		expect(header?.slice(1)).toEqual(['1000', String(page), '1000', String(PARCELS), '10']);
		seen.push(...[...xml.matchAll(/<ParcelID>(\d+)<\/ParcelID>/g)].map((match) => match[1]));
		totalPages = Number(header?.[5]);
		page++;
	} while (page <= totalPages);
	expect(new Set(seen).size).toBe(PARCELS);
	expect([...seen].sort((a, b) => Number(a) - Number(b))).toEqual(seen);

	const descending = await client.ok('ParcelInBoxArchiveDescEx', { SessionID: globex, NetworkID: 0, MailboxID: 0, ECGridIDFrom: 0, ECGridIDTo: 0, PageNo: 1, RecordsPerPage: 3 });
	expect(items(descending.ParcelIDInfoList, 'ParcelIDInfo').map((parcel) => parcel.ParcelID)).toEqual(seen.slice(-3).reverse());
	const beyond = await client.ok('ParcelInBoxArchiveEx', { SessionID: globex, NetworkID: 0, MailboxID: 0, ECGridIDFrom: 0, ECGridIDTo: 0, PageNo: 11, RecordsPerPage: 1000 });
	expect(beyond).toMatchObject({ Count: '0', TotalRecords: String(PARCELS) });
});

test('filters narrow the listing before paging', async () => {
	const globex = key('globex.user');
	const toSecondId = await client.ok('ParcelInBoxArchiveEx', { SessionID: globex, NetworkID: 0, MailboxID: 0, ECGridIDFrom: 0, ECGridIDTo: 100012, PageNo: 2, RecordsPerPage: 400 });
	expect(toSecondId).toMatchObject({ TotalRecords: String(PARCELS / 10), TotalPages: '3', Count: '400' });
	const ready = await client.ok('ParcelInBoxEx', { SessionID: globex, NetworkID: 0, MailboxID: 0, ECGridIDFrom: 0, ECGridIDTo: 100012 });
	expect(ready.TotalRecords).toBe(String(PARCELS / 10));
	const future = await client.ok('ParcelInBoxArchiveEx', {
		SessionID: globex,
		NetworkID: 0,
		MailboxID: 0,
		BeginDate: new Date(Date.now() + 86400000),
		ECGridIDFrom: 0,
		ECGridIDTo: 0,
		PageNo: 1,
		RecordsPerPage: 10,
	});
	expect(future.TotalRecords).toBe('0');
	const outbox = await client.ok('InterchangeOutBoxArchiveEx', { SessionID: key('acme.user'), NetworkID: 0, MailboxID: 0, ECGridIDFrom: 0, ECGridIDTo: 0, PageNo: 3, RecordsPerPage: 4 });
	expect(outbox).toMatchObject({ PageNumber: '3', PageSize: '4', Count: '2', TotalRecords: String(SENT), TotalPages: '3' });
});

test('trading partner listings page too', async () => {
	const first = await client.ok('TPListExPaged', { SessionID: key('sim.root'), NetworkID: 0, MailboxID: 0, ShowInactive: false, PageSize: 4, PageNumber: 1 });
	const second = await client.ok('TPListExPaged', { SessionID: key('sim.root'), NetworkID: 0, MailboxID: 0, ShowInactive: false, PageSize: 4, PageNumber: 3 });
	expect(first).toMatchObject({ TotalRecords: '9', TotalPages: '3', Count: '4' });
	expect(second.Count).toBe('1');
	expect(items(second.ECGridIDInfoList, 'ECGridIDInfo')[0].ECGridID).toBe('100023');
});
