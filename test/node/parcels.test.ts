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

	it('sends the file the item holds, whether its base64 is sent as it is or decoded first', async () => {
		// n8n's own base64, small and large (a large one is copied into the request as it is), and base64
		// written by another tool (line breaks, spare bits after the last byte), which n8n decodes leniently:
		// the receiver gets the bytes n8n's binary helpers give for each item.
		const large = Buffer.from(X12_850('000000110').repeat(400), 'latin1');
		const wrapped = Buffer.from(X12_850('000000111'), 'latin1').toString('base64').replace(/.{76}/g, '$&\r\n');
		// An 850 whose base64 ends in padding, with a spare bit set in its last character.
		const padded = [0, 1, 2].map((extra) => X12_850('000000112') + '\n'.repeat(extra)).find((text) => text.length % 3 !== 0)!;
		const canonical = Buffer.from(padded, 'latin1').toString('base64');
		const lastData = canonical.replace(/=+$/, '').length - 1;
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
		const spareBits = canonical.slice(0, lastData) + alphabet[alphabet.indexOf(canonical[lastData]) + 1] + canonical.slice(lastData + 1);
		expect(Buffer.from(spareBits, 'base64')).toEqual(Buffer.from(padded, 'latin1'));
		const sent = [
			{ name: 'small.x12', base64: Buffer.from(X12_850('000000109'), 'latin1').toString('base64') },
			{ name: 'large.x12', base64: large.toString('base64') },
			{ name: 'wrapped.x12', base64: wrapped },
			{ name: 'spare-bits.x12', base64: spareBits },
		];
		expect(large.length).toBeGreaterThan(64 * 1024);
		const items = sent.map(({ name, base64 }) => ({ json: {}, binary: { data: { data: base64, mimeType: 'application/edi-x12', fileName: name } } }));
		const upload = await ecgridos(simulator, 'acme.admin', { resource: 'parcel', operation: 'upload' }, { items });
		expect(upload.error).toBeUndefined();
		expect(upload.items).toHaveLength(4);
		const inbox = await ecgridos(simulator, 'globex.admin', { resource: 'parcel', operation: 'getInbox', returnAll: true });
		for (const { name, base64 } of sent) {
			const parcel = inbox.items.find((item) => item.json.FileName === name);
			expect(parcel?.json.ParcelBytes).toBe(Buffer.from(base64, 'base64').length);
			const download = await ecgridos(simulator, 'globex.admin', {
				resource: 'parcel',
				operation: 'download',
				parcelId: parcel!.json.ParcelID as number,
			});
			expect(Buffer.from(download.items[0].binary!.data.data, 'base64')).toEqual(Buffer.from(base64, 'base64'));
		}
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
