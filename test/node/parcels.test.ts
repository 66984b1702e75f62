/**
 * Send and receive, as a user builds it: upload an X12 850 from one mailbox, see it in the
 * receiver's inbox, download it as a binary file with its EDI summary, confirm it.
 * Runs the node in n8n's engine against the simulator over loopback HTTP.
 */
import type { RunningSimulator } from '../../simulator';
import { X12_850, ecgridos, fileItem, withSimulator } from './support';

let simulator: RunningSimulator;

beforeAll(async () => {
	simulator = await withSimulator();
});
afterAll(async () => {
	await simulator.stop();
});

async function upload(control: string): Promise<number> {
	const { items, error } = await ecgridos(
		simulator,
		'acme.admin',
		{ resource: 'parcel', operation: 'upload' },
		{ items: [fileItem(X12_850(control), `po-${control}.x12`)] },
	);
	expect(error).toBeUndefined();
	expect(items).toHaveLength(1);
	expect(typeof items[0].json.parcelId).toBe('number');
	expect(items[0].pairedItem).toEqual({ item: 0 });
	return items[0].json.parcelId as number;
}

describe('parcels through the ECGridOS node', () => {
	it('uploads an 850, which the receiver finds in its inbox, downloads as a file with its EDI summary, and confirms', async () => {
		const parcelId = await upload('000000101');

		const inbox = await ecgridos(simulator, 'globex.admin', { resource: 'parcel', operation: 'getInbox', returnAll: true });
		expect(inbox.error).toBeUndefined();
		const arrived = inbox.items.filter((item) => item.json.FileName === 'po-000000101.x12');
		expect(arrived).toHaveLength(1);
		const inboundId = arrived[0].json.ParcelID as number;

		const download = await ecgridos(simulator, 'globex.admin', {
			resource: 'parcel',
			operation: 'download',
			parcelId: inboundId,
			options: { ediSummary: true },
		});
		expect(download.error).toBeUndefined();
		const [file] = download.items;
		expect(file.binary?.data.fileName).toBe('po-000000101.x12');
		expect(file.binary?.data.mimeType).toBe('application/edi-x12');
		expect(Buffer.from(file.binary!.data.data, 'base64').toString('latin1')).toBe(X12_850('000000101'));
		expect(file.json).not.toHaveProperty('Content');
		expect(file.json.ediSummary).toMatchObject({
			standard: 'X12',
			interchanges: [
				{
					sender: { qualifier: 'ZZ', id: 'ACMERETAIL' },
					receiver: { qualifier: 'ZZ', id: 'GLOBEXSUPPLY' },
					controlNumber: '000000101',
					usage: 'test',
					groups: [{ functionalId: 'PO', transactionSetCounts: { '850': 1 } }],
				},
			],
		});

		const confirm = await ecgridos(simulator, 'globex.admin', { resource: 'parcel', operation: 'confirm', parcelId: inboundId });
		expect(confirm.items[0].json).toEqual({ ParcelID: inboundId, confirmed: true });

		const after = await ecgridos(simulator, 'globex.admin', { resource: 'parcel', operation: 'getInbox', returnAll: true });
		expect(after.items.map((item) => item.json.ParcelID)).not.toContain(inboundId);

		const sent = await ecgridos(simulator, 'acme.admin', { resource: 'parcel', operation: 'get', parcelId });
		expect(sent.error).toBeUndefined();
		expect(sent.items[0].json.ParcelID).toBe(parcelId);
	});

	it('peeks at a parcel without marking it downloaded, and takes base64-text transfers', async () => {
		await upload('000000102');
		const inbox = await ecgridos(simulator, 'globex.admin', { resource: 'parcel', operation: 'getInbox', returnAll: true });
		const inboundId = inbox.items.find((item) => item.json.FileName === 'po-000000102.x12')!.json.ParcelID as number;
		const peek = await ecgridos(simulator, 'globex.admin', {
			resource: 'parcel',
			operation: 'download',
			parcelId: inboundId,
			markDownloaded: false,
			transferEncoding: 'base64Text',
		});
		expect(peek.error).toBeUndefined();
		expect(Buffer.from(peek.items[0].binary!.data.data, 'base64').toString('latin1')).toBe(X12_850('000000102'));
		const still = await ecgridos(simulator, 'globex.admin', { resource: 'parcel', operation: 'getInbox', returnAll: true });
		expect(still.items.map((item) => item.json.ParcelID)).toContain(inboundId);
	});

	it('refuses a missing input file before calling ECGridOS, naming the field', async () => {
		const { error } = await ecgridos(simulator, 'acme.admin', { resource: 'parcel', operation: 'upload' }, { items: [{ json: {} }] });
		expect(error?.message).toMatch(/binary|data/i);
	});

	it('keeps going with Continue On Fail: the failing item becomes an error item paired to its input', async () => {
		const { items, error } = await ecgridos(
			simulator,
			'globex.admin',
			{ resource: 'parcel', operation: 'get', parcelId: '={{ $json.id }}' },
			{ items: [{ json: { id: 987654321 } }, { json: { id: -5 } }], continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expect(String(items[0].json.error)).toMatch(/ParcelInfo/);
		expect(String(items[0].json.error)).toMatch(/NotFound|not found/i);
	});

	it('refuses a parcel ID outside the long range before any call', async () => {
		const { error } = await ecgridos(simulator, 'globex.admin', {
			resource: 'parcel',
			operation: 'get',
			parcelId: '={{ "99999999999999999999" }}',
		});
		expect(error?.message).toMatch(/Parcel ID/);
	});
});
