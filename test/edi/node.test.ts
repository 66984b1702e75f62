/**
 * The EDI node in n8n's engine: Parse, Build and Acknowledge on the public samples and on files
 * of our own, Continue On Fail per transaction set, round trips through two node runs, the
 * control-number counter in the workflow's static data, and acknowledgments read segment by segment.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Edi } from '../../nodes/Edi/Edi.node';
import { describeWithSamples, ediItem, outputBytes, runEdi, runEdiNodes, runEdiWithStaticData, sample } from './support';

const PARSE = { operation: 'parse' };
const ROUND_TRIP = { operation: 'build', standard: 'fromInput', inputForm: 'segments', controlNumbers: 'input', files: 'one', outputBinaryPropertyName: 'data' };

/** The segments of an output file, one string per segment, without the layout. */
function segmentsOf(bytes: Buffer, terminator = '~'): string[] {
	return bytes
		.toString('utf8')
		.split(terminator)
		.map((segment) => segment.trim())
		.filter(Boolean);
}

/** The segments of the first transaction set in a file, from ST (UNH) to SE (UNT). */
function firstSet(bytes: Buffer, terminator = '~', start = 'ST', end = 'SE'): string[] {
	const segments = segmentsOf(bytes, terminator);
	const from = segments.findIndex((segment) => segment.startsWith(start));
	const to = segments.findIndex((segment, index) => index > from && segment.startsWith(end));
	return segments.slice(from, to + 1);
}

async function parsed(content: Buffer | string, parameters: IDataObject = PARSE): Promise<INodeExecutionData[]> {
	const { items, error } = await runEdi(parameters, [ediItem(content)]);
	if (error) throw new Error(error.message);
	return items;
}

async function acknowledged(content: Buffer | string, parameters: IDataObject = {}): Promise<INodeExecutionData[]> {
	const { items, error } = await runEdi({ operation: 'acknowledge', ...parameters }, [ediItem(content)]);
	if (error) throw new Error(error.message);
	return items;
}

const OWN_850 = [
	'ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*GLOBEXSUPPLY   *241128*0930*U*00401*000000905*0*T*>~',
	'GS*PO*ACMERETAIL*GLOBEXSUPPLY*20241128*0930*905*X*004010~',
	'ST*850*0001~',
	'BEG*00*SA*PO-1001**20241128~',
	'PO1*1*10*EA*2.5**VP*W-1*UP*012345678905~',
	'PID*F****WIDGET~',
	'CTT*1~',
	'SE*6*0001~',
	'GE*1*905~',
	'IEA*1*000000905~',
].join('\n');

describe('the EDI node', () => {
	it('is usable as an AI tool and needs no credential', () => {
		const { description } = new Edi();
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials ?? []).toEqual([]);
		expect(description.properties.find((property) => property.name === 'operation')?.options?.map((option) => (option as { value: string }).value)).toEqual([
			'parse',
			'build',
			'acknowledge',
		]);
	});

	it('parses our 850 into one item with envelope, segments and the readable form', async () => {
		const [item] = await parsed(OWN_850);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			standard: 'X12',
			interchange: { controlNumber: '000000905', sender: { qualifier: 'ZZ', id: 'ACMERETAIL' }, receiver: { qualifier: 'ZZ', id: 'GLOBEXSUPPLY' }, usage: 'T', version: '00401' },
			group: { functionalId: 'PO', controlNumber: '905', version: '004010' },
			transactionSet: { id: '850', controlNumber: '0001', title: 'Purchase Order', position: 3, segmentCount: 6 },
			readable: {
				purpose: '00',
				orderType: 'SA',
				purchaseOrderNumber: 'PO-1001',
				orderDate: '20241128',
				lineItems: [
					{
						lineNumber: '1',
						quantity: 10,
						unit: 'EA',
						unitPrice: 2.5,
						productIds: [
							{ qualifier: 'VP', id: 'W-1' },
							{ qualifier: 'UP', id: '012345678905' },
						],
						descriptions: [{ type: 'F', description: 'WIDGET' }],
					},
				],
				totals: { lineItemCount: 1 },
			},
			unmappedSegments: [],
		});
		expect((item.json.segments as unknown[])[2]).toEqual(['PO1', '1', '10', 'EA', '2.5', '', 'VP', 'W-1', 'UP', '012345678905']);
	});

	it('says which binary field is missing', async () => {
		const { error } = await runEdi(PARSE, [{ json: {} }]);
		expect(error?.message).toBe('The item has no binary field "data"');
	});

	it('keeps a segment the readable form does not know in the segments, and lists it', async () => {
		const [item] = await parsed(OWN_850.replace('PID*F', 'MSG*HELLO~\nPID*F').replace('SE*6', 'SE*7'));
		expect(item.json.unmappedSegments).toEqual([4]);
		expect((item.json.segments as unknown[])[3]).toEqual(['MSG', 'HELLO']);
		expect(item.json.transactionSet).toMatchObject({ segmentCount: 7 });
	});

	it('turns an envelope fault into an error naming the interchange, the segment position and the problem', async () => {
		const { error } = await runEdi(PARSE, [ediItem(OWN_850.replace('SE*6*0001', 'SE*9*0001'))]);
		expect(error?.message).toBe(
			'Interchange 000000905 (X12, ZZ:ACMERETAIL to ZZ:GLOBEXSUPPLY, starting at segment 1): SE01 says "9" segments but transaction set 0001 (850) has 6',
		);
	});

	it('with Continue On Fail, gives an error item for the broken set and still delivers the others and the other items', async () => {
		const twoSets = OWN_850.replace('GE*1*905', 'ST*850*0002~\nBEG*00*SA*PO-1002**20241128~\nSE*2*0002~\nGE*2*905');
		const { items } = await runEdi(PARSE, [ediItem(twoSets), ediItem('not EDI at all'), ediItem(OWN_850)], { continueOnFail: true });
		expect(items.map((item) => [item.pairedItem, item.json.error ?? (item.json.readable as IDataObject).purchaseOrderNumber])).toEqual([
			[{ item: 0 }, 'PO-1001'],
			[{ item: 0 }, 'Interchange 000000905 (X12, ZZ:ACMERETAIL to ZZ:GLOBEXSUPPLY, starting at segment 1): SE01 says "2" segments but transaction set 0002 (850) has 3'],
			[{ item: 1 }, 'The file: the file starts with "not EDI at all", not with an X12 ISA or an EDIFACT UNA/UNB segment'],
			[{ item: 2 }, 'PO-1001'],
		]);
		// Nothing is silently dropped: the broken set's data goes with its error.
		expect(items[1].json).toMatchObject({ errorKind: 'countMismatch', position: 11, transactionSet: { id: '850', controlNumber: '0002' } });
		expect(items[1].json.segments).toHaveLength(3);
	});

	it('lists element faults of a known set on its item without failing it', async () => {
		const [item] = await parsed(OWN_850.replace('BEG*00*SA*PO-1001', 'BEG*00*SA*').replace('PO1*1*10', 'PO1*1*1O'));
		expect(item.json.error).toBeUndefined();
		expect((item.json.syntaxErrors as IDataObject[]).map((issue) => issue.message)).toEqual([
			'BEG03 (purchaseOrderNumber) is required but empty in segment 4',
			'PO102 (quantity) must be a number but holds "1O" in segment 5',
		]);
	});

	it('builds a new 855 from the readable form, numbering it with the counter, and parses back to the same fields', async () => {
		const readable = {
			purpose: '00',
			acknowledgmentType: 'AC',
			purchaseOrderNumber: 'PO-1001',
			purchaseOrderDate: '20241128',
			lineItems: [{ lineNumber: '1', quantity: 10, unit: 'EA', unitPrice: 2.5, productIds: [{ qualifier: 'VP', id: 'W-1' }], acknowledgments: [{ status: 'IA', quantity: 10, unit: 'EA' }] }],
			totals: { lineItemCount: 1 },
		};
		const staticData: IDataObject = {};
		const parameters = {
			operation: 'build',
			standard: 'X12',
			inputForm: 'readable',
			controlNumbers: 'counter',
			counterStart: 1,
			files: 'one',
			outputBinaryPropertyName: 'data',
			envelope: { senderQualifier: 'ZZ', senderId: 'GLOBEXSUPPLY', receiverQualifier: 'ZZ', receiverId: 'ACMERETAIL', usage: 'T' },
			fileName: 'po-reply.x12',
		};
		const [file] = await runEdiWithStaticData(parameters, [{ json: { transactionSet: { id: '855' }, readable } }], staticData);
		expect(file.json).toMatchObject({ fileName: 'po-reply.x12', standard: 'X12', interchanges: [{ controlNumber: '000000001', groups: [{ functionalId: 'PR', controlNumber: '1' }] }] });
		const segments = segmentsOf(outputBytes(file));
		expect(segments[0]).toMatch(/^ISA\*00\* {10}\*00\* {10}\*ZZ\*GLOBEXSUPPLY   \*ZZ\*ACMERETAIL     \*\d{6}\*\d{4}\*U\*00401\*000000001\*0\*T\*>$/);
		expect(segments[0]).toHaveLength(105);
		expect(segments.slice(1)).toEqual([
			expect.stringMatching(/^GS\*PR\*GLOBEXSUPPLY\*ACMERETAIL\*\d{8}\*\d{4}\*1\*X\*004010$/),
			'ST*855*0001',
			'BAK*00*AC*PO-1001*20241128',
			'PO1*1*10*EA*2.5**VP*W-1',
			'ACK*IA*10*EA',
			'CTT*1',
			'SE*6*0001',
			'GE*1*1',
			'IEA*1*000000001',
		]);
		const [back] = await parsed(outputBytes(file));
		expect(back.json.readable).toEqual(readable);

		// The counter goes on from where the last execution left it, per sender and receiver.
		const [second] = await runEdiWithStaticData(parameters, [{ json: { transactionSet: { id: '855' }, readable } }], staticData);
		expect(second.json).toMatchObject({ interchanges: [{ controlNumber: '000000002', groups: [{ controlNumber: '2' }] }] });
		const [otherPartner] = await runEdiWithStaticData(
			{ ...parameters, envelope: { ...parameters.envelope, receiverId: 'INITECH' } },
			[{ json: { transactionSet: { id: '855' }, readable } }],
			staticData,
		);
		expect(otherPartner.json).toMatchObject({ interchanges: [{ controlNumber: '000000001' }] });
		const [raised] = await runEdiWithStaticData({ ...parameters, counterStart: 700 }, [{ json: { transactionSet: { id: '855' }, readable } }], staticData);
		expect(raised.json).toMatchObject({ interchanges: [{ controlNumber: '000000700' }] });
	});

	it('numbers an 855 and a 997 to the same partner from one counter, whichever EDI node builds them', async () => {
		const item = ediItem(OWN_850);
		item.json = {
			standard: 'X12',
			transactionSet: { id: '855' },
			interchange: { sender: { qualifier: 'ZZ', id: 'GLOBEXSUPPLY' }, receiver: { qualifier: 'ZZ', id: 'ACMERETAIL' }, usage: 'T' },
			readable: { purpose: '00', acknowledgmentType: 'AC', purchaseOrderNumber: 'PO-1001', purchaseOrderDate: '20241128' },
		};
		const staticData: IDataObject = {};
		const outputs = await runEdiNodes(
			[
				{ name: 'Build the 855', parameters: { operation: 'build', standard: 'X12', inputForm: 'readable', controlNumbers: 'counter', files: 'one', outputBinaryPropertyName: 'data' } },
				{ name: 'Build the 997', parameters: { operation: 'acknowledge', binaryPropertyName: 'data', x12Acknowledgment: 'auto', controlNumbers: 'counter', outputBinaryPropertyName: 'data' } },
			],
			[item],
			staticData,
		);
		const interchangeNumber = (name: string) => segmentsOf(outputBytes(outputs[name][0]))[0].split('*')[13];
		expect([interchangeNumber('Build the 855'), interchangeNumber('Build the 997')].sort()).toEqual(['000000001', '000000002']);
		expect(staticData).toEqual({ global: { ediControlNumbers: { 'X12:ZZ:GLOBEXSUPPLY>ZZ:ACMERETAIL': { interchange: 2, group: 2 } } } });
	});

	it('puts several items into one interchange and group, numbering the sets, and one file per item when asked', async () => {
		const items = (await parsed(OWN_850)).concat(await parsed(OWN_850.replace(/PO-1001/, 'PO-1002')));
		const parameters = { operation: 'build', standard: 'fromInput', inputForm: 'segments', controlNumbers: 'counter', counterStart: 41, files: 'one', outputBinaryPropertyName: 'edi' };
		const [file] = await runEdiWithStaticData(parameters, items, {});
		expect(file.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		const segments = segmentsOf(outputBytes(file, 'edi'));
		expect(segments.filter((segment) => /^(GS|ST|SE|GE|IEA)\*/.test(segment)).map((segment) => segment.replace(/\*\d{8}\*\d{4}\*/, '*D*T*'))).toEqual([
			'GS*PO*ACMERETAIL*GLOBEXSUPPLY*D*T*41*X*004010',
			'ST*850*0001',
			'SE*6*0001',
			'ST*850*0002',
			'SE*6*0002',
			'GE*2*41',
			'IEA*1*000000041',
		]);
		const separate = await runEdiWithStaticData({ ...parameters, files: 'each' }, items, {});
		expect(separate.map((item) => [item.pairedItem, (item.json.interchanges as IDataObject[])[0].controlNumber])).toEqual([
			[{ item: 0 }, '000000041'],
			[{ item: 1 }, '000000042'],
		]);
	});

	it('with Continue On Fail, builds the file from the items it can and gives an error item for the others', async () => {
		const [good] = await parsed(OWN_850);
		const { items } = await runEdi({ ...ROUND_TRIP, controlNumbers: 'input' }, [good, { json: { standard: 'X12', segments: 'BEG*00' } }], { continueOnFail: true });
		expect(items.map((item) => item.json.error ?? item.json.fileName)).toEqual([
			'the item has no "segments": a list of segments, each a list starting with its tag (as Parse outputs them)',
			'x12-000000905.x12',
		]);
		expect(items[0].pairedItem).toEqual({ item: 1 });
		expect(outputBytes(items[1]).toString()).toBe(`${OWN_850}~`.replace(/~\n/g, '~\n').replace(/~~$/, '~'));
	});

	it('refuses a value X12 cannot write, naming the element', async () => {
		const [item] = await parsed(OWN_850);
		(item.json.readable as IDataObject).purchaseOrderNumber = 'PO*1';
		const { error } = await runEdi({ ...ROUND_TRIP, inputForm: 'readable' }, [item]);
		expect(error?.message).toBe('BEG03 holds "PO*1", which contains the delimiter "*"; X12 cannot escape it: choose other delimiters or change the value');
	});

	it('writes the delimiters asked for and escapes EDIFACT values', async () => {
		const [item] = await parsed(OWN_850);
		const { items } = await runEdi({ ...ROUND_TRIP, delimiters: { element: '|', component: '^', segment: '\u0085', lineBreak: 'crlf' } }, [item]);
		const text = outputBytes(items[0]).toString('utf8');
		expect(text.split('\r\n')[1]).toBe('GS|PO|ACMERETAIL|GLOBEXSUPPLY|20241128|0930|905|X|004010\u0085');
		expect(text.startsWith('ISA|00|')).toBe(true);
		expect(text.split('\r\n')[0].endsWith('|T|^\u0085')).toBe(true);

		const edifact = "UNA:+.? 'UNB+UNOC:3+SENDER:14+RECEIVER:14+241128:0930+7'UNH+1+ORDERS:D:96A:UN'BGM+220+PO?+1+9'UNT+3+1'UNZ+1+7'";
		const [message] = await parsed(edifact);
		expect(message.json.readable).toMatchObject({ purchaseOrderNumber: 'PO+1' });
		(message.json.readable as IDataObject).purchaseOrderNumber = "O'Neil:1";
		const { items: built } = await runEdi({ ...ROUND_TRIP, inputForm: 'readable' }, [message]);
		expect(outputBytes(built[0]).toString()).toBe(edifact.replace('PO?+1', "O?'Neil?:1"));
	});
});

describeWithSamples('the EDI node on the public samples', () => {
	it('parses the 850 sample into a readable purchase order', async () => {
		const [item] = await parsed(sample('x12_850_004010VICS_tilde-lf__node-x12.edi'));
		const readable = item.json.readable as IDataObject;
		expect(readable).toMatchObject({ purchaseOrderNumber: '08292233294', orderDate: '20101127', parties: [{ entity: 'ST', name: 'XYZ RETAIL', city: 'SOLON' }] });
		const lines = readable.lineItems as IDataObject[];
		expect(lines).toHaveLength(6);
		expect(lines[5]).toMatchObject({ lineNumber: '6', quantity: 696, unit: 'EA', unitPrice: 9.55, productIds: [{ qualifier: 'CB', id: '067504-118' }, { qualifier: 'PR', id: 'RO' }, { qualifier: 'VN', id: 'DX1875' }] });
		expect(item.json.group).toMatchObject({ version: '004010VICS' });
	});

	it('parses an EDIFACT INVOIC and ORDERS into readable messages', async () => {
		const [invoice] = await parsed(sample('edifact_INVOIC_D97A_no-una__pydifact.edi'));
		expect(invoice.json.transactionSet).toEqual({ id: 'INVOIC', controlNumber: '1', version: 'D', release: '97A', agency: 'UN', title: 'Invoice', position: 2, segmentCount: 24 });
		expect(invoice.json.readable).toMatchObject({
			invoiceNumber: '1060113800026',
			currencies: [{ usage: '2', code: 'EUR' }],
			lineItems: [{ productId: '090346642', productIdType: 'IN', quantities: [{ qualifier: '12', quantity: 54, unit: 'PCE' }], prices: [{ qualifier: 'AAA', price: 3630.1724 }] }],
			totals: [{ qualifier: '77', amount: 1960.29 }],
		});
		const [order] = await parsed(sample('edifact_ORDERS_D01B_EAN010_single-line__edifactconverter.edi'));
		const readable = order.json.readable as IDataObject;
		expect(readable.purchaseOrderNumber).toBe('PO357893');
		expect((readable.lineItems as IDataObject[]).map((line) => [line.productId, (line.quantities as IDataObject[])[0].quantity])).toEqual([
			['GTIN1233456', 45],
			['GTIN8734652', 3],
		]);
		expect((readable.parties as IDataObject[])[0]).toMatchObject({ qualifier: 'BY', id: 'BUYEREANID12345', contacts: [{ function: 'PD', communications: [{ number: 'EMAIL@DOMAIN', channel: 'EM' }, { number: '9055557766', channel: 'FX' }] }] });
	});

	it('gives one item per transaction set for two interchanges of four groups', async () => {
		const items = await parsed(sample('x12_940_004010_two-interchanges-four-groups__EdiEngine.edi'));
		expect(items.map((item) => `${(item.json.interchange as IDataObject).controlNumber}/${(item.json.group as IDataObject).controlNumber}/${(item.json.transactionSet as IDataObject).controlNumber}`)).toEqual([
			'000003438/3313/0001',
			'000003438/3313/0002',
			'000003438/3314/0001',
			'000003439/3315/0001',
			'000003439/3315/0002',
			'000003439/3316/0001',
		]);
	});

	it.each([
		'x12_850_004010VICS_tilde-lf__node-x12.edi',
		'x12_810x2_850_two-groups_004010-003010__staedi.edi',
		'x12_856_004010_crossdock-hl_newline-term__EdiEngine.edi',
		'x12_999_005010X231_two-groups-four-sets__pyx12.edi',
		'x12_210_004010_wrapped-80col__staedi.edi',
		'x12_837P_005010X222A2_ambulance__linuxforhealth-x12.edi',
		'edifact_RECADV_D01B_EAN007_release-apostrophe_utf8__smooks-edi-cartridge.edi',
		'edifact_ORDERS_D01B_EAN010_single-line__edifactconverter.edi',
		'edifact_INVOIC_D97A_no-una__pydifact.edi',
	])('%s: Parse then Build with the same delimiters and control numbers gives back the original bytes', async (name) => {
		const original = sample(name);
		const items = await parsed(original);
		// Parse withholds ISA02/ISA04 when ISA01/ISA03 are not 00; Build takes them from the Envelope options.
		const isa = original.toString('latin1').startsWith('ISA') ? original.toString('latin1').slice(0, 106).split(original.toString('latin1')[3]) : [];
		const envelope = {
			...(isa[1] && isa[1] !== '00' ? { authorizationInformation: isa[2] } : {}),
			...(isa[3] && isa[3] !== '00' ? { securityInformation: isa[4] } : {}),
		};
		expect((items[0].json.interchange as IDataObject).securityWithheld).toBe(Object.keys(envelope).length > 0);
		const { items: files, error } = await runEdi({ ...ROUND_TRIP, envelope }, items);
		expect(error).toBeUndefined();
		expect(files).toHaveLength(1);
		expect(outputBytes(files[0]).equals(original)).toBe(true);
	});

	it.each([
		['x12_BROKEN_940_se01-count__EdiEngine.edi', ['SE01 says "12" segments but transaction set 20066 (940) has 9']],
		[
			'x12_BROKEN_940_control-numbers-mismatch__EdiEngine.edi',
			['IEA02 "000003439" differs from ISA13 "000003438"', 'GE02 "3315" differs from GS06 "3314"', 'SE02 "0002" differs from ST02 "0001"'],
		],
		['x12_BROKEN_truncated-isa-only__badX12.edi', ['the interchange has no IEA: the file ends after segment 1']],
		['edifact_BROKEN_APERAK_D96A_unt-count-off-by-one__pydifact.edi', ['UNT01 says "8" segments but message 1 (APERAK) has 7']],
		['edifact_BROKEN_ORDERS_D96A_EAN008_no-unz__pydifact.edi', ['the interchange has no UNZ: the file ends after segment 17']],
	])('%s: with Continue On Fail, an error item per fault', async (name, problems) => {
		const { items } = await runEdi(PARSE, [ediItem(sample(name))], { continueOnFail: true });
		const errors = items.filter((item) => item.json.error).map((item) => String(item.json.error).replace(/^Interchange .*?, starting at segment \d+\): /, ''));
		expect(errors).toEqual(problems);
	});

	it('still delivers the complete ORDERS of an interchange without UNZ', async () => {
		const { items } = await runEdi(PARSE, [ediItem(sample('edifact_BROKEN_ORDERS_D96A_EAN008_no-unz__pydifact.edi'))], { continueOnFail: true });
		const order = items.find((item) => !item.json.error);
		expect(order?.json.readable).toMatchObject({ purchaseOrderNumber: '801715918011', lineItems: [{ productId: '5020436373085', quantities: [{ quantity: 8 }] }, { productId: '5020436373108' }] });
	});
});

describeWithSamples('acknowledgments, checked segment by segment', () => {
	it('answers the 850 sample with a 997 accepting its group and set, addressed back to the sender', async () => {
		const [answer] = await acknowledged(sample('x12_850_004010VICS_tilde-lf__node-x12.edi'));
		expect(answer.json).toMatchObject({
			standard: 'X12',
			accepted: true,
			interchanges: [{ controlNumber: '000000001', groups: [{ functionalId: 'FA', controlNumber: '1', transactionSets: [{ id: '997', controlNumber: '0001', segmentCount: 6 }] }] }],
			acknowledges: { controlNumber: '000003438', sender: { qualifier: '12', id: '4405197800' } },
			groups: [{ type: '997', functionalId: 'PO', controlNumber: '1421', status: 'A', setsIncluded: 1, setsReceived: 1, setsAccepted: 1, sets: [{ id: '850', status: 'A' }] }],
		});
		const segments = segmentsOf(outputBytes(answer));
		expect(segments[0]).toMatch(/^ISA\*00\* {10}\*00\* {10}\*01\*999999999      \*12\*4405197800     \*\d{6}\*\d{4}\*U\*00400\*000000001\*0\*P\*>$/);
		expect(segments[1]).toMatch(/^GS\*FA\*999999999\*4405197800\*\d{8}\*\d{4}\*1\*X\*004010VICS$/);
		expect(segments.slice(2)).toEqual(['ST*997*0001', 'AK1*PO*1421', 'AK2*850*000000010', 'AK5*A', 'AK9*A*1*1*1', 'SE*6*0001', 'GE*1*1', 'IEA*1*000000001']);
	});

	it('answers a 005010X222A2 claim with a 999 (automatic choice)', async () => {
		const [answer] = await acknowledged(sample('x12_837P_005010X222A2_ambulance__linuxforhealth-x12.edi'));
		const segments = segmentsOf(outputBytes(answer));
		expect(segments[1]).toMatch(/\*X\*005010X231$/);
		expect(firstSet(outputBytes(answer))).toEqual([
			'ST*999*0001*005010X231',
			'AK1*HC*1*005010X222A2',
			'AK2*837*000017712*005010X222A2',
			'IK5*A',
			'AK9*A*1*1*1',
			'SE*6*0001',
		]);
		expect(segments[0]).toContain('*^*00501*');
	});

	it('acknowledges every group: one 999 per group of the two-group file', async () => {
		const [answer] = await acknowledged(sample('x12_810x2_850_two-groups_004010-003010__staedi.edi'));
		const sets = segmentsOf(outputBytes(answer)).filter((segment) => /^(AK1|AK2|AK5|AK9)/.test(segment));
		expect(sets).toEqual(['AK1*IN*1', 'AK2*810*000000001', 'AK5*A', 'AK2*810*000000002', 'AK5*A', 'AK9*A*2*2*2', 'AK1*PO*165', 'AK2*850*000191240', 'AK5*A', 'AK9*A*1*1*1']);
	});

	it('rejects a set whose SE01 is wrong (AK5 R 4) and a group whose trailer disagrees (AK9 4)', async () => {
		const [count] = await acknowledged(sample('x12_BROKEN_940_se01-count__EdiEngine.edi'));
		expect(firstSet(outputBytes(count), '\n')).toEqual(['ST*997*0001', 'AK1*OW*9221', 'AK2*940*20066', 'AK5*R*4', 'AK9*R*1*1*0', 'SE*6*0001']);
		expect(count.json).toMatchObject({ accepted: false, groups: [{ status: 'R', sets: [{ status: 'R', errorCodes: ['4'], problems: ['SE01 says "12" segments but transaction set 20066 (940) has 9'] }] }] });
		const [control] = await acknowledged(sample('x12_BROKEN_940_control-numbers-mismatch__EdiEngine.edi'));
		expect(firstSet(outputBytes(control), '\n')).toEqual(['ST*997*0001', 'AK1*OW*3314', 'AK2*940*0001', 'AK5*R*3', 'AK9*R*1*1*0*4', 'SE*6*0001']);
	});

	it('reports syntax errors in AK3/AK4 (997) and IK3/IK4 (999)', async () => {
		const broken = OWN_850.replace('BEG*00*SA*PO-1001', 'BEG*00*SA*').replace('PO1*1*10', 'PO1*1*1O').replace('PID*F', 'P%D*F');
		const [answer] = await acknowledged(broken, { x12Acknowledgment: '997' });
		expect(firstSet(outputBytes(answer))).toEqual([
			'ST*997*0001',
			'AK1*PO*905',
			'AK2*850*0001',
			'AK3*BEG*2**8',
			'AK4*3**1',
			'AK3*PO1*3**8',
			'AK4*2**6*1O',
			'AK3*P%D*4**1',
			'AK5*R*5',
			'AK9*R*1*1*0',
			'SE*11*0001',
		]);
		const [implementation] = await acknowledged(broken, { x12Acknowledgment: '999' });
		expect(firstSet(outputBytes(implementation))).toEqual([
			'ST*999*0001*005010X231',
			'AK1*PO*905*004010',
			'AK2*850*0001',
			'IK3*BEG*2**8',
			'IK4*3**1',
			'IK3*PO1*3**8',
			'IK4*2**6*1O',
			'IK3*P%D*4**1',
			'IK5*R*5',
			'AK9*R*1*1*0',
			'SE*11*0001',
		]);
	});

	it('answers an EDIFACT INVOIC with a CONTRL accepting the interchange and the message', async () => {
		const [answer] = await acknowledged(sample('edifact_INVOIC_D97A_no-una__pydifact.edi'));
		const segments = segmentsOf(outputBytes(answer), "'");
		expect(segments[0]).toMatch(/^UNB\+UNOA:1\+O0013000093SCHA-Z59\+01010000253001\+\d{6}:\d{4}\+1$/);
		expect(segments.slice(1)).toEqual([
			'UNH+1+CONTRL:D:3:UN',
			'UCI+PAYO0012101221+01010000253001+O0013000093SCHA-Z59+7',
			'UCM+1+INVOIC:D:97A:UN+7',
			'UNT+4+1',
			'UNZ+1+1',
		]);
		expect(answer.json).toMatchObject({ standard: 'EDIFACT', accepted: true, control: { interchangeReference: 'PAYO0012101221', action: '7', messages: [{ id: 'INVOIC', action: '7' }] } });
	});

	it('rejects in CONTRL a message whose UNT01 is wrong and an interchange without UNZ', async () => {
		const [count] = await acknowledged(sample('edifact_BROKEN_APERAK_D96A_unt-count-off-by-one__pydifact.edi'));
		expect(firstSet(outputBytes(count), "'", 'UNH', 'UNT')).toEqual(['UNH+1+CONTRL:D:3:UN', 'UCI+000000003+RECEIVERID+SENDERID+7', 'UCM+1+APERAK:D:96A:UN+4+29+UNT', 'UNT+4+1']);
		const [truncated] = await acknowledged(sample('edifact_BROKEN_ORDERS_D96A_EAN008_no-unz__pydifact.edi'));
		expect(firstSet(outputBytes(truncated), "'", 'UNH', 'UNT')).toEqual(['UNH+1+CONTRL:D:3:UN', 'UCI+807+12345678:8+WBDZDD:ZZ+4+13+UNZ', 'UCM+1+ORDERS:D:96A:UN:EAN008+7', 'UNT+4+1']);
		expect(truncated.json.accepted).toBe(false);
	});

	it('reports EDIFACT element errors in UCS/UCD', async () => {
		const orders = "UNB+UNOC:3+SENDER:14+RECEIVER:14+241128:0930+7'UNH+1+ORDERS:D:96A:UN'BGM+220+PO1+9'QTY+21:TEN'QTY+:5'UNT+5+1'UNZ+1+7'";
		const [answer] = await acknowledged(orders, { acknowledgeOptions: { controlVersion: '4:1:UN' } });
		expect(firstSet(outputBytes(answer), "'", 'UNH', 'UNT')).toEqual([
			'UNH+1+CONTRL:4:1:UN',
			'UCI+7+SENDER:14+RECEIVER:14+7',
			'UCM+1+ORDERS:D:96A:UN+4',
			'UCS+3',
			'UCD+37+1:2',
			'UCS+4',
			'UCD+13+1:1',
			'UNT+8+1',
		]);
	});
});
