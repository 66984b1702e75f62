/**
 * Bad input is refused clearly and before any call: a NodeOperationError that names the field.
 * Text is always sent as text, whatever markup it contains. Run in n8n's engine; a counting
 * server proves that nothing was sent, and the simulator proves what a string became on the server.
 */
import { XMLParser } from 'fast-xml-parser';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startSimulator, type RunningSimulator } from '../../simulator';
import { resultReply, startMisbehavingServer, type MisbehavingServer } from './support/misbehavingServer';
import { X12_850, apiKeyCredential, fileItem, runEcgridos } from './support/node';

let server: MisbehavingServer;

beforeEach(async () => {
	server = await startMisbehavingServer((call) => resultReply(call.operation, 'true'));
});
afterEach(async () => {
	await server.stop();
});

const byId = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });

interface BadInputCase {
	name: string;
	parameters: IDataObject;
	items?: INodeExecutionData[];
	/** The field the error must name, as the user sees it. */
	field: RegExp;
}

const CASES: BadInputCase[] = [
	{
		name: 'a long (Parcel ID) beyond 64 bits',
		parameters: { resource: 'parcel', operation: 'get', parcelId: '={{ "99999999999999999999" }}' },
		field: /Parcel ID/,
	},
	{
		name: 'an int (ECGrid ID) beyond 32 bits',
		parameters: { resource: 'tradingPartner', operation: 'get', ecgridId: byId('3000000000') },
		field: /ECGrid ?ID/i,
	},
	{
		name: 'a short (Minutes) beyond 16 bits',
		parameters: { resource: 'mailbox', operation: 'setInboxTimeout', mailboxId: byId(1002), minutes: '={{ 40000 }}' },
		field: /Minutes/,
	},
	{
		name: 'a negative number below the short range',
		parameters: { resource: 'mailbox', operation: 'setInboxTimeout', mailboxId: byId(1002), minutes: '={{ -40000 }}' },
		field: /Minutes/,
	},
	{
		name: 'a fraction where a whole number is needed',
		parameters: { resource: 'parcel', operation: 'confirm', parcelId: '={{ 12.5 }}' },
		field: /Parcel ID/,
	},
	{
		name: 'text that is not a number',
		parameters: { resource: 'parcel', operation: 'confirm', parcelId: '={{ "twelve" }}' },
		field: /Parcel ID/,
	},
	{
		name: 'an ID typed by hand that is not a number',
		parameters: { resource: 'tradingPartner', operation: 'get', ecgridId: byId('={{ "ACME-1" }}') },
		field: /ECGrid ?ID/i,
	},
	{
		name: 'a date that is not a date',
		parameters: {
			resource: 'parcel',
			operation: 'getInboxArchive',
			beginDate: 'last tuesday',
			endDate: '2024-05-01T00:00:00Z',
		},
		field: /Start Date/,
	},
	{
		name: 'an impossible calendar date',
		parameters: {
			resource: 'parcel',
			operation: 'getInboxArchive',
			beginDate: '2024-01-01T00:00:00Z',
			endDate: '2024-02-31T00:00:00Z',
		},
		field: /End ?Date/,
	},
	{
		name: 'an unknown enum value',
		parameters: {
			resource: 'parcel',
			operation: 'getInbox',
			mailboxScope: 'specific',
			networkId: byId(1),
			mailboxId: byId(1002),
			inboxListing: 'byStatus',
			status: '={{ "Lost" }}',
		},
		field: /Status/,
	},
	{
		name: 'a missing required text',
		parameters: { resource: 'tradingPartner', operation: 'updateDescription', ecgridId: byId(100001), description: '={{ "" }}' },
		field: /Description/,
	},
	{
		name: 'a missing binary property',
		parameters: { resource: 'parcel', operation: 'upload', binaryPropertyName: 'attachment' },
		items: [fileItem(X12_850('000000001'), 'po-1.x12', 'data')],
		field: /attachment/,
	},
	{
		name: 'an item without any binary data',
		parameters: { resource: 'parcel', operation: 'upload' },
		items: [{ json: { note: 'no file' } }],
		field: /binary|data/i,
	},
	{
		name: 'an empty file',
		parameters: { resource: 'parcel', operation: 'upload' },
		items: [fileItem(Buffer.alloc(0), 'empty.x12')],
		field: /Input Binary Field|empty/i,
	},
	{
		name: 'an oversized delimiter (two characters where one byte goes)',
		parameters: { resource: 'mailbox', operation: 'setX12Delimiters', mailboxId: byId(1002), segTerm: '~\n', elmSep: '*', subElmSep: '>' },
		field: /Segment Terminator/,
	},
	{
		name: 'a delimiter outside one byte',
		parameters: { resource: 'mailbox', operation: 'setX12Delimiters', mailboxId: byId(1002), segTerm: '~', elmSep: '€', subElmSep: '>' },
		field: /Element Separator/,
	},
	{
		name: 'a character XML cannot carry',
		parameters: { resource: 'tradingPartner', operation: 'updateDescription', ecgridId: byId(100001), description: 'Acme\u0001Retail' },
		field: /Description/,
	},
];

describe('bad input is refused before any call, naming the field', () => {
	test.each(CASES)('$name', async ({ parameters, items, field }) => {
		const { error } = await runEcgridos(parameters, apiKeyCredential(server.endpointUrl), { items });
		expect(error).toBeDefined();
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(field);
		expect(server.count()).toBe(0);
	});

	test('with Continue On Fail, the bad item becomes an error item paired with its input and the good ones are sent', async () => {
		const { error, items } = await runEcgridos(
			{ resource: 'parcel', operation: 'confirm', parcelId: '={{ $json.id }}' },
			apiKeyCredential(server.endpointUrl),
			{ items: [{ json: { id: 5 } }, { json: { id: 'five' } }, { json: { id: 7 } }], continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(String(items[1].json.error)).toMatch(/Parcel ID/);
		expect(server.count('ParcelDownloadConfirm')).toBe(2);
	});
});

describe('strings are always text', () => {
	const HOSTILE = [
		'</Description><Injected>1</Injected>',
		'<![CDATA[x]]> ]]> &amp; &lt;tag&gt; &#60; &unknown;',
		'"quoted" \'single\' <Description>',
		'line one\r\nline two\rthree\ttab',
		'EDI ~*> ISA*00*~ 日本語 😀',
	];

	test.each(HOSTILE)('%j goes over the wire as that literal text', async (text) => {
		const { error } = await runEcgridos(
			{ resource: 'tradingPartner', operation: 'updateDescription', ecgridId: byId(100001), description: text },
			apiKeyCredential(server.endpointUrl),
		);
		expect(error).toBeUndefined();
		const [call] = server.calls;
		const parsed = new XMLParser({ removeNSPrefix: true, processEntities: true, htmlEntities: true, parseTagValue: false, trimValues: false }).parse(
			call.body,
		) as { Envelope: { Body: { TPUpdateDescription: Record<string, unknown> } } };
		const parameters = parsed.Envelope.Body.TPUpdateDescription;
		expect(Object.keys(parameters).filter((key) => !key.startsWith('@'))).toEqual(['SessionID', 'ECGridID', 'Description']);
		expect(parameters.Description).toBe(text);
		expect(parameters).not.toHaveProperty('Injected');
	});

	describe('against the simulator', () => {
		let simulator: RunningSimulator;
		beforeAll(async () => {
			simulator = await startSimulator({ port: 0 });
		});
		afterAll(async () => {
			await simulator.stop();
		});

		test('an injection attempt is stored and read back as the literal description', async () => {
			const credential = {
				...apiKeyCredential(simulator.endpointUrl),
				apiKey: simulator.seed.users.find((user) => user.loginName === 'acme.admin')!.apiKey,
			};
			const injected = '</Description><Injected>1</Injected>';
			const update = await runEcgridos(
				{ resource: 'tradingPartner', operation: 'updateDescription', ecgridId: byId(100001), description: injected },
				credential,
			);
			expect(update.error).toBeUndefined();
			const read = await runEcgridos({ resource: 'tradingPartner', operation: 'get', ecgridId: byId(100001) }, credential);
			expect(read.error).toBeUndefined();
			expect(read.items[0].json.Description).toBe(injected);
			expect(read.items[0].json).not.toHaveProperty('Injected');
		});
	});
});
