/**
 * The readable forms of every covered set, read from the public samples or from files of our own,
 * and written back: segments → readable → segments → readable gives the same readable form.
 */
import { describeSet } from '../../nodes/Edi/readable';
import { fromReadable, toReadable, type ReadableObject } from '../../nodes/Edi/readable/mapping';
import type { Segment, Standard } from '../../nodes/Edi/syntax/document';
import { readEdi } from '../../nodes/Edi/syntax/read';
import { describeWithSamples, sample } from './support';

function readableSets(content: Buffer | string): Array<{ standard: Standard; id: string; readable: ReadableObject; unmapped: number[]; body: Segment[] }> {
	return readEdi(content).interchanges.flatMap((interchange) =>
		interchange.groups.flatMap((group) =>
			group.sets.map((set) => {
				const body = set.segments.slice(1, -1);
				const description = describeSet(interchange.standard, set.id)!;
				const { readable, unmappedSegments } = toReadable(description, body, interchange.delimiters.decimal);
				return { standard: interchange.standard, id: set.id, readable, unmapped: unmappedSegments, body };
			}),
		),
	);
}

/** Writing a readable form and reading it again changes nothing. */
function expectStable(standard: Standard, id: string, readable: ReadableObject, decimal = '.'): void {
	const description = describeSet(standard, id)!;
	const again = toReadable(description, fromReadable(description, readable, decimal), decimal);
	expect(again.unmappedSegments).toEqual([]);
	expect(again.readable).toEqual(readable);
}

const OWN_DESADV =
	"UNA:+.? 'UNB+UNOC:3+5412345000013:14+4012345000016:14+241128:0930+9'UNH+1+DESADV:D:96A:UN:EAN005'" +
	"BGM+351+DES-77+9'DTM+137:20241128:102'RFF+ON:PO-1001'NAD+SU+5412345000013::9'NAD+DP+4012345000016::9'" +
	"CPS+1'PAC+2++201'CPS+2+1'PAC+1++PK'LIN+1++4000862141404:EN'QTY+12:10:PCE'CPS+3+1'PAC+1++PK'LIN+2++4000862141411:EN'QTY+12:5,5:KGM'" +
	"CNT+2:2'UNT+19+1'UNZ+1+9'";

const OWN_ORDRSP =
	"UNB+UNOC:3+4012345000016:14+5412345000013:14+241128:0930+10'UNH+1+ORDRSP:D:96A:UN'BGM+231+RSP-1+29'DTM+137:20241128:102'" +
	"RFF+ON:PO-1001'LIN+1+5+4000862141404:EN'QTY+21:10'PRI+AAA:2.5'UNS+S'CNT+2:1'UNT+10+1'UNZ+1+10'";

describe('readable forms of messages of our own', () => {
	it('DESADV: packaging levels with their packages and line items', () => {
		const [set] = readableSets(OWN_DESADV.replace("QTY+12:5,5:KGM", "QTY+12:5.5:KGM"));
		expect(set.unmapped).toEqual([]);
		expect(set.readable).toMatchObject({
			despatchAdviceNumber: 'DES-77',
			references: [{ qualifier: 'ON', value: 'PO-1001' }],
			parties: [{ qualifier: 'SU', id: '5412345000013', agency: '9' }, { qualifier: 'DP' }],
			packagingLevels: [
				{ hierarchicalId: '1', packages: [{ packageCount: 2, packageType: '201' }] },
				{ hierarchicalId: '2', parentId: '1', lineItems: [{ lineNumber: '1', productId: '4000862141404', productIdType: 'EN', quantities: [{ qualifier: '12', quantity: 10, unit: 'PCE' }] }] },
				{ hierarchicalId: '3', parentId: '1', lineItems: [{ quantities: [{ quantity: 5.5, unit: 'KGM' }] }] },
			],
			controlTotals: [{ qualifier: '2', value: 2 }],
		});
		expectStable('EDIFACT', 'DESADV', set.readable);
	});

	it('ORDRSP: the response number, the order it answers and its lines', () => {
		const [set] = readableSets(OWN_ORDRSP);
		expect(set.readable).toMatchObject({
			documentType: '231',
			responseNumber: 'RSP-1',
			messageFunction: '29',
			references: [{ qualifier: 'ON', value: 'PO-1001' }],
			lineItems: [{ lineNumber: '1', action: '5', productId: '4000862141404', quantities: [{ quantity: 10 }], prices: [{ qualifier: 'AAA', price: 2.5 }] }],
			section: 'S',
			controlTotals: [{ qualifier: '2', value: 1 }],
		});
		expectStable('EDIFACT', 'ORDRSP', set.readable);
	});

	it('reads numbers with the decimal comma of the UNA and writes them back with it', () => {
		const decimalComma = OWN_DESADV.replace("UNA:+.? '", "UNA:+,? '");
		const [set] = readableSets(decimalComma);
		const level = (set.readable.packagingLevels as ReadableObject[])[2];
		expect(((level.lineItems as ReadableObject[])[0].quantities as ReadableObject[])[0].quantity).toBe(5.5);
		const description = describeSet('EDIFACT', 'DESADV')!;
		expect(fromReadable(description, set.readable, ',')).toContainEqual(['QTY', ['12', '5,5', 'KGM']]);
	});
});

describeWithSamples('readable forms of the public samples', () => {
	it('X12 856: the hierarchical levels of a cross-dock ship notice', () => {
		const [set] = readableSets(sample('x12_856_004010_crossdock-hl_newline-term__EdiEngine.edi'));
		const levels = set.readable.hierarchicalLevels as ReadableObject[];
		expect(levels.map((level) => `${level.id}/${level.parentId ?? ''}/${level.levelCode}`)).toEqual([
			'1//S', '2/1/O', '3/2/P', '4/3/I', '5/2/P', '6/5/I', '7/2/P', '8/7/I', '9/2/P', '10/9/I', '11/1/O', '12/11/P', '13/12/I',
		]);
		expect(set.readable).toMatchObject({ purpose: '00', shipmentId: '000009', date: '20090921', time: '0801' });
		expect(levels[1]).toMatchObject({ purchaseOrder: { purchaseOrderNumber: 'POREF00' }, parties: [{ entity: 'BY', name: 'STORE' }] });
		expect(levels[3]).toMatchObject({ productIds: [{ qualifier: 'UP', id: '0000000000642' }], quantityShipped: 12, unit: 'EA' });
		expectStable('X12', '856', set.readable);
	});

	it('X12 810: invoice lines, and the TDS total with its two implied decimals', () => {
		const [first] = readableSets(sample('x12_810x2_850_two-groups_004010-003010__staedi.edi'));
		expect(first.readable).toMatchObject({ invoiceDate: '19971211', invoiceNumber: '00001', purchaseOrderNumber: 'A99999-01', totalMonetaryValue: { totalAmount: 2554.38 } });
		expect((first.readable.lineItems as ReadableObject[])[0]).toMatchObject({ quantity: 16, unit: 'CA', unitPrice: 12.34, productIds: [{ qualifier: 'UA', id: '002840022222' }], descriptions: [{ description: 'CRUNCHY CHIPS LSS' }] });
		expect(fromReadable(describeSet('X12', '810')!, first.readable)).toContainEqual(['TDS', '255438']);
		expectStable('X12', '810', first.readable);
	});

	it('X12 855: acknowledged lines with their status and schedule', () => {
		const [set] = readableSets(sample('x12_855_004010_tilde-lf__node-x12.edi'));
		expect(set.readable).toMatchObject({ acknowledgmentType: 'AD', purchaseOrderNumber: 'POTEST1112', acknowledgmentDate: '20201015', currency: { entity: 'BT', code: 'USD' } });
		const lines = set.readable.lineItems as ReadableObject[];
		expect(lines.map((line) => [(line.acknowledgments as ReadableObject[])[0].status, (line.schedules as ReadableObject[])[0].quantity])).toEqual([
			['IA', 3],
			['IR', 0],
			['IR', 0],
			['IA', 2],
		]);
		// CSH has no readable form here: it is listed, and kept in the segments.
		expect(set.unmapped.map((position) => set.body[position - 2][0])).toEqual(['CSH']);
	});

	it('X12 997 and 999: group and set responses', () => {
		const [functional] = readableSets(sample('x12_997_004010__pyx12.edi'));
		expect(functional.readable).toEqual({
			functionalIdentifier: 'BE',
			groupControlNumber: '13360001',
			transactionSetResponses: [{ transactionSetId: '834', controlNumber: '0001', status: 'A' }],
			groupStatus: 'A',
			setsIncluded: 1,
			setsReceived: 1,
			setsAccepted: 1,
		});
		const implementation = readableSets(sample('x12_999_005010X231_two-groups-four-sets__pyx12.edi'));
		expect(implementation).toHaveLength(4);
		expect(implementation[0].readable).toMatchObject({ version: '005010X220A1', transactionSetResponses: [{ implementationReference: '005010X220A1', status: 'A' }] });
		expectStable('X12', '999', implementation[0].readable);
	});

	it('EDIFACT CONTRL: interchange, message and segment responses', () => {
		const [set] = readableSets(sample('edifact_CONTRL_D3-2.0b_generated__edifact_mapper.edi'));
		expect(set.readable).toMatchObject({
			interchangeReference: 'GENERATED00001',
			action: '4',
			errorCode: '2',
			segmentTag: 'UNA',
			messageResponses: [{ messageReference: 'GENERATED00001', messageType: 'APERAK', action: '4', errorCode: '12', segmentErrors: [{ errorCode: '13' }, { errorCode: '13', elementErrors: [{ errorCode: '12' }] }] }],
		});
		expectStable('EDIFACT', 'CONTRL', set.readable);
	});

	it('EDIFACT INVOIC: header and summary amounts stay apart', () => {
		const [set] = readableSets(sample('edifact_INVOIC_D97A_no-una__pydifact.edi'));
		expect(set.readable).toMatchObject({ totals: [{ qualifier: '77', amount: 1960.29 }], taxTotals: [{ function: '7', type: 'VAT' }] });
		expect((set.readable.lineItems as ReadableObject[])[0]).toMatchObject({ amounts: [{ qualifier: '203', amount: 1960.29 }], taxes: [{ function: '7', type: 'VAT', rate: 0 }] });
		expect(set.unmapped).toEqual([]);
		expectStable('EDIFACT', 'INVOIC', set.readable);
	});
});
