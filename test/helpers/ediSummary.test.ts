import { ediMimeType, summarizeEdi } from '../../nodes/ECGridOS/helpers/ediSummary';

const X12_850 = [
	'ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*GLOBEXSUPPLY   *241128*0930*U*00401*000000905*0*T*>~',
	'GS*PO*ACMERETAIL*GLOBEXSUPPLY*20241128*0930*905*X*004010~',
	'ST*850*0001~BEG*00*SA*PO-1001**20241128~SE*3*0001~',
	'ST*850*0002~BEG*00*SA*PO-1002**20241128~SE*3*0002~',
	'GE*2*905~',
	'GS*IN*ACMERETAIL*GLOBEXSUPPLY*20241128*0930*906*X*004010~',
	'ST*810*0001~SE*2*0001~',
	'GE*1*906~',
	'IEA*2*000000905~',
].join('\n');

describe('EDI envelope summary', () => {
	it('reads an X12 interchange: parties, control numbers, usage, groups and transaction set counts', () => {
		const summary = summarizeEdi(Buffer.from(X12_850, 'latin1'));
		expect(summary.standard).toBe('X12');
		expect(summary.interchanges).toHaveLength(1);
		const [interchange] = summary.interchanges;
		expect(interchange).toMatchObject({
			sender: { qualifier: 'ZZ', id: 'ACMERETAIL' },
			receiver: { qualifier: 'ZZ', id: 'GLOBEXSUPPLY' },
			controlNumber: '000000905',
			version: '00401',
			usage: 'test',
			declaredGroupCount: 2,
		});
		expect(interchange.groups.map((group) => [group.functionalId, group.controlNumber, group.version])).toEqual([
			['PO', '905', '004010'],
			['IN', '906', '004010'],
		]);
		expect(interchange.groups[0].transactionSetCounts).toEqual({ '850': 2 });
		expect(interchange.groups[0].transactionSets[1]).toEqual({ id: '850', controlNumber: '0002' });
		expect(interchange.groups[1].transactionSetCounts).toEqual({ '810': 1 });
	});

	it('takes the X12 delimiters from the ISA segment itself', () => {
		const custom = X12_850.replace(/\*/g, '|').replace(/~/g, '\u0085');
		const summary = summarizeEdi(Buffer.from(custom, 'latin1'));
		expect(summary.interchanges[0].receiver.id).toBe('GLOBEXSUPPLY');
		expect(summary.interchanges[0].groups[0].transactionSetCounts).toEqual({ '850': 2 });
	});

	it('reads several interchanges in one file and a production flag', () => {
		const production = X12_850.replace('*0*T*>', '*0*P*>');
		const summary = summarizeEdi(`${X12_850}\n${production}`);
		expect(summary.interchanges.map((interchange) => interchange.usage)).toEqual(['test', 'production']);
	});

	it('reads EDIFACT with a UNA service string advice and escaped delimiters', () => {
		const edifact =
			"UNA:+.? 'UNB+UNOA:3+5412345000013:14+4012345000016:14+241128:0930+CTRL42++ORDERS++++1'" +
			"UNH+M1+ORDERS:D:96A:UN'BGM+220+PO?+1001+9'UNT+3+M1'" +
			"UNH+M2+ORDERS:D:96A:UN'UNT+2+M2'" +
			"UNH+M3+DESADV:D:96A:UN'UNT+2+M3'UNZ+3+CTRL42'";
		const summary = summarizeEdi(edifact);
		expect(summary.standard).toBe('EDIFACT');
		const [interchange] = summary.interchanges;
		expect(interchange).toMatchObject({
			sender: { qualifier: '14', id: '5412345000013' },
			receiver: { qualifier: '14', id: '4012345000016' },
			controlNumber: 'CTRL42',
			version: 'UNOA:3',
			usage: 'test',
			declaredGroupCount: 3,
		});
		expect(interchange.groups[0].transactionSetCounts).toEqual({ ORDERS: 2, DESADV: 1 });
		expect(interchange.groups[0].version).toBe('D:96A:UN');
	});

	it('says unknown for anything that is not X12 or EDIFACT', () => {
		expect(summarizeEdi(Buffer.from('%PDF-1.7 not edi'))).toEqual({ standard: 'unknown', interchanges: [] });
		expect(summarizeEdi('')).toEqual({ standard: 'unknown', interchanges: [] });
	});

	it('summarizes what it can of a broken file, and never throws', () => {
		const cutOff = X12_850.slice(0, X12_850.indexOf('GS*IN'));
		const summary = summarizeEdi(cutOff);
		expect(summary.interchanges[0].groups.map((group) => group.transactionSetCounts)).toEqual([{ '850': 2 }]);
		expect(summary.interchanges[0].declaredGroupCount).toBeUndefined();
		expect(summarizeEdi('ISA*00*   ')).toEqual({ standard: 'unknown', interchanges: [] });
		for (const broken of ['ISAX00', `${X12_850.slice(0, 104)}A~`, 'UNA', "UNA:+.? 'UNB", "UNB+UNOC:3'UNH+1'UNZ+x'", 'ISA*'.repeat(40), '\uFEFFUNB+']) {
			expect(() => summarizeEdi(broken)).not.toThrow();
			expect(() => summarizeEdi(Buffer.from(broken, 'latin1'))).not.toThrow();
		}
	});

	it('labels files by their first bytes alone', () => {
		expect(ediMimeType(Buffer.from(`\r\n  ${X12_850}`, 'latin1'))).toBe('application/edi-x12');
		expect(ediMimeType(Buffer.from("UNA:+.? 'UNB+UNOA:3+A:14+B:14+241128:0930+1'"))).toBe('application/edifact');
		expect(ediMimeType(Buffer.from("UNB+UNOA:3+A:14+B:14+241128:0930+1'"))).toBe('application/edifact');
		expect(ediMimeType(Buffer.from('%PDF-1.7'))).toBe('application/octet-stream');
		expect(ediMimeType(Buffer.alloc(0))).toBe('application/octet-stream');
	});
});
