/**
 * The X12 and EDIFACT reader and writer on their own: the public samples (envelopes, delimiters,
 * layouts, the five broken files), byte-exact round trips, and malformed variants of files we
 * write ourselves.
 */
import { summarizeEdi } from '../../nodes/ECGridOS/helpers/ediSummary';
import { interchangeFields } from '../../nodes/Edi/envelope';
import { elementText, type Interchange } from '../../nodes/Edi/syntax/document';
import { isContentIssue, type EdiIssue } from '../../nodes/Edi/syntax/issues';
import { readEdi } from '../../nodes/Edi/syntax/read';
import { writeInterchanges } from '../../nodes/Edi/syntax/writer';
import { describeWithSamples, sample, sampleNames } from './support';

function allIssues(result: ReturnType<typeof readEdi>): EdiIssue[] {
	return [
		...result.issues,
		...result.interchanges.flatMap((interchange) => [...interchange.issues, ...interchange.groups.flatMap((group) => [...group.issues, ...group.sets.flatMap((set) => set.issues)])]),
	];
}

function shape(interchanges: Interchange[]): string[][] {
	return interchanges.map((interchange) => interchange.groups.map((group) => group.sets.map((set) => set.id).join(',')));
}

function roundTrip(content: Buffer): Buffer {
	const result = readEdi(content);
	return Buffer.from(writeInterchanges(result.interchanges), result.interchanges[0].delimiters.encoding);
}

/** What each public sample holds: groups of transaction sets per interchange, and its delimiters. */
const SAMPLES: Record<string, { shape: string[][]; delimiters: Record<string, string | number | boolean> }> = {
	'x12_850_004010VICS_tilde-lf__node-x12.edi': { shape: [['850']], delimiters: { element: '*', component: '>', repetition: '', segment: '~', lineBreak: '\n', fileEnding: '~' } },
	'x12_855_004010_tilde-lf__node-x12.edi': { shape: [['855']], delimiters: { segment: '~', lineBreak: '\n', fileEnding: '~\n' } },
	'x12_856_004010_crossdock-hl_newline-term__EdiEngine.edi': { shape: [['856']], delimiters: { segment: '\n', lineBreak: '' } },
	'x12_810x2_850_two-groups_004010-003010__staedi.edi': { shape: [['810,810', '850']], delimiters: { segment: '~' } },
	'x12_997_004010__pyx12.edi': { shape: [['997']], delimiters: { component: ':' } },
	'x12_999_005010X231_two-groups-four-sets__pyx12.edi': { shape: [['999,999', '999,999']], delimiters: { component: ':', repetition: '^' } },
	'x12_940_004010_two-interchanges-four-groups__EdiEngine.edi': { shape: [['940,940', '940'], ['940,940', '940']], delimiters: { segment: '\n' } },
	'x12_210_004010_wrapped-80col__staedi.edi': { shape: [['210']], delimiters: { segment: '~', lineBreak: '', lineWidth: 80 } },
	'x12_837P_005010X222A2_ambulance__linuxforhealth-x12.edi': { shape: [['837']], delimiters: { component: ':', repetition: '^' } },
	'edifact_INVOIC_D97A_no-una__pydifact.edi': { shape: [['INVOIC']], delimiters: { serviceStringAdvice: false, element: '+', segment: "'" } },
	'edifact_RECADV_D01B_EAN007_release-apostrophe_utf8__smooks-edi-cartridge.edi': { shape: [['RECADV']], delimiters: { serviceStringAdvice: true, release: '?' } },
	'edifact_ORDERS_D01B_EAN010_single-line__edifactconverter.edi': { shape: [['ORDERS']], delimiters: { lineBreak: '', fileEnding: "'" } },
	'edifact_CONTRL_D3-2.0b_generated__edifact_mapper.edi': { shape: [['CONTRL']], delimiters: { serviceStringAdvice: false } },
};

/** What the reader must find wrong in each broken sample, as verify.py describes it. */
const BROKEN: Record<string, Array<[EdiIssue['kind'], EdiIssue['level'], string]>> = {
	'x12_BROKEN_940_se01-count__EdiEngine.edi': [['countMismatch', 'set', 'SE01 says "12" segments but transaction set 20066 (940) has 9']],
	'x12_BROKEN_940_control-numbers-mismatch__EdiEngine.edi': [
		['controlNumberMismatch', 'interchange', 'IEA02 "000003439" differs from ISA13 "000003438"'],
		['controlNumberMismatch', 'group', 'GE02 "3315" differs from GS06 "3314"'],
		['controlNumberMismatch', 'set', 'SE02 "0002" differs from ST02 "0001"'],
	],
	'x12_BROKEN_truncated-isa-only__badX12.edi': [['truncated', 'interchange', 'the interchange has no IEA: the file ends after segment 1']],
	'edifact_BROKEN_APERAK_D96A_unt-count-off-by-one__pydifact.edi': [['countMismatch', 'set', 'UNT01 says "8" segments but message 1 (APERAK) has 7']],
	'edifact_BROKEN_ORDERS_D96A_EAN008_no-unz__pydifact.edi': [['truncated', 'interchange', 'the interchange has no UNZ: the file ends after segment 17']],
};

describeWithSamples('the public EDI samples (../shared/edi-samples)', () => {
	it('are the 18 files this suite knows', () => {
		expect(sampleNames().sort()).toEqual([...Object.keys(SAMPLES), ...Object.keys(BROKEN)].sort());
	});

	it.each(Object.entries(SAMPLES))('%s: reads its envelopes, sets and delimiters without a fault', (name, expected) => {
		const result = readEdi(sample(name));
		expect(allIssues(result).filter((issue) => !isContentIssue(issue))).toEqual([]);
		expect(shape(result.interchanges)).toEqual(expected.shape);
		expect(result.interchanges[0].delimiters).toMatchObject(expected.delimiters);
	});

	it.each(Object.entries(BROKEN))('%s: finds exactly the fault verify.py names', (name, expected) => {
		const result = readEdi(sample(name));
		expect(allIssues(result).map((issue) => [issue.kind, issue.level, issue.message])).toEqual(expected);
	});

	it.each(Object.keys(SAMPLES).filter((name) => !name.includes('two-interchanges')))('%s: written again with its own delimiters and control numbers gives back the original bytes', (name) => {
		const original = sample(name);
		expect(roundTrip(original).toString('latin1')).toBe(original.toString('latin1'));
	});

	it('writes IEA02 as ISA13 where a sample wrote it unpadded (the only difference in that round trip)', () => {
		const original = sample('x12_940_004010_two-interchanges-four-groups__EdiEngine.edi').toString('utf8');
		const normalized = original.replace('IEA*2*3438', 'IEA*2*000003438').replace('IEA*2*3439', 'IEA*2*000003439');
		expect(roundTrip(Buffer.from(original)).toString('utf8')).toBe(normalized);
	});

	it('reads the 80-column wrapped 210 as if it were not wrapped', () => {
		const [interchange] = readEdi(sample('x12_210_004010_wrapped-80col__staedi.edi')).interchanges;
		expect(elementText(interchange.header, 10)).toBe('0224');
		const set = interchange.groups[0].sets[0];
		expect(set.segments.find((segment) => segment[0] === 'N4')).toEqual(['N4', 'WILKESBORO', 'NC', '286977576', 'US']);
		expect(set.segments).toHaveLength(31);
	});

	it('splits X12 composites and, in 005010, repetitions (ISA11 ^)', () => {
		const set = readEdi(sample('x12_837P_005010X222A2_ambulance__linuxforhealth-x12.edi')).interchanges[0].groups[0].sets[0];
		expect(set.segments.find((segment) => segment[0] === 'CLM')?.[5]).toEqual(['41', '', '1']);
		expect(set.segments.find((segment) => segment[0] === 'HI')).toEqual(['HI', ['BK', '8628'], ['BF', 'E8888'], ['BF', '9592'], ['BF', '8540']]);
	});

	it('unescapes an EDIFACT released apostrophe and keeps UTF-8 text', () => {
		const set = readEdi(sample('edifact_RECADV_D01B_EAN007_release-apostrophe_utf8__smooks-edi-cartridge.edi')).interchanges[0].groups[0].sets[0];
		const parties = set.segments.filter((segment) => segment[0] === 'NAD');
		expect(parties[2][4]).toBe("CSP test d'This is also a test section");
		expect(String(parties[1][4])).toContain('天津');
		expect(set.segments[1]).toEqual(['BGM', ['632', '', '', 'STO'], '20220808112809950', '9']);
	});

	it('reads the decimal comma of a UNA', () => {
		const [interchange] = readEdi(sample('edifact_BROKEN_ORDERS_D96A_EAN008_no-unz__pydifact.edi')).interchanges;
		expect(interchange.delimiters.decimal).toBe(',');
		expect(interchange.groups[0].sets[0].issues).toEqual([]);
	});
});

/** A two-set interchange we write ourselves, for malformed variants. */
const OWN_X12 = [
	'ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*GLOBEXSUPPLY   *241128*0930*U*00401*000000905*0*T*>~',
	'GS*PO*ACMERETAIL*GLOBEXSUPPLY*20241128*0930*905*X*004010~',
	'ST*850*0001~',
	'BEG*00*SA*PO-1001**20241128~',
	'PO1*1*10*EA*2.5**VP*W-1~',
	'SE*4*0001~',
	'ST*850*0002~',
	'BEG*00*SA*PO-1002**20241128~',
	'SE*3*0002~',
	'GE*2*905~',
	'IEA*1*000000905~',
].join('\n');

const OWN_EDIFACT =
	"UNA:+.? 'UNB+UNOC:3+5412345000013:14+4012345000016:14+241128:0930+CTRL42'" +
	"UNH+M1+ORDERS:D:96A:UN'BGM+220+PO?+1001+9'QTY+21:10'UNT+4+M1'" +
	"UNH+M2+ORDERS:D:96A:UN'BGM+220+PO1002+9'UNT+3+M2'UNZ+2+CTRL42'";

function kinds(text: string): Array<[string, string]> {
	return allIssues(readEdi(Buffer.from(text, 'latin1'))).map((issue) => [issue.kind, issue.level]);
}

describe('our own files and malformed variants of them', () => {
	it('reads and writes our X12 and EDIFACT files unchanged', () => {
		expect(kinds(OWN_X12)).toEqual([]);
		expect(roundTrip(Buffer.from(OWN_X12)).toString()).toBe(OWN_X12);
		expect(kinds(OWN_EDIFACT)).toEqual([]);
		expect(roundTrip(Buffer.from(OWN_EDIFACT)).toString()).toBe(OWN_EDIFACT);
		const [interchange] = readEdi(OWN_EDIFACT).interchanges;
		expect(interchange.groups[0].sets[0].segments[1]).toEqual(['BGM', '220', 'PO+1001', '9']);
	});

	it('keeps CR LF line breaks and any other delimiters through a round trip', () => {
		const crlf = OWN_X12.replace(/\n/g, '\r\n').replace(/\*/g, '|').replace(/~/g, '\u0085');
		const result = readEdi(Buffer.from(crlf, 'latin1'));
		expect(result.interchanges[0].delimiters).toMatchObject({ element: '|', segment: '\u0085', lineBreak: '\r\n', encoding: 'latin1' });
		expect(roundTrip(Buffer.from(crlf, 'latin1')).toString('latin1')).toBe(crlf);
	});

	it('names an unknown delimiter: a letter after ISA, or ISA16 equal to the element separator', () => {
		const letter = readEdi(OWN_X12.replace(/\*/g, 'A'));
		expect(allIssues(letter)[0]).toMatchObject({ kind: 'unknownDelimiter', message: 'the character after ISA is "A", which cannot be an element separator' });
		const clash = readEdi(OWN_X12.replace('*T*>~', '*T**~'));
		expect(allIssues(clash)[0]).toMatchObject({ kind: 'unknownDelimiter' });
		expect(allIssues(clash)[0].message).toContain('not three different characters');
		const una = readEdi(OWN_EDIFACT.replace("UNA:+.? '", "UNA:A.? '"));
		expect(allIssues(una)[0]).toMatchObject({ kind: 'unknownDelimiter', message: 'UNA declares "A" as a delimiter, which cannot be one' });
	});

	it('finds a truncated file at every level it cuts', () => {
		const cut = OWN_X12.slice(0, OWN_X12.indexOf('SE*4'));
		expect(kinds(cut)).toEqual([
			['truncated', 'interchange'],
			['truncated', 'group'],
			['truncated', 'set'],
		]);
		const inIsa = OWN_X12.slice(0, 50);
		expect(allIssues(readEdi(inIsa))[0]).toMatchObject({ kind: 'truncated', message: 'the ISA segment is cut short: the file ends after 6 of its 16 elements' });
		expect(kinds(OWN_EDIFACT.slice(0, OWN_EDIFACT.indexOf('UNT+4')))).toEqual([
			['truncated', 'interchange'],
			['truncated', 'set'],
		]);
	});

	it('finds wrong counts and control numbers in each trailer, and keeps the sound set', () => {
		const variants: Array<[string, string, string]> = [
			['SE*4*0001', 'SE*5*0001', 'SE01 says "5" segments but transaction set 0001 (850) has 4'],
			['SE*3*0002', 'SE*3*0003', 'SE02 "0003" differs from ST02 "0002"'],
			['GE*2*905', 'GE*3*905', 'GE01 says "3" but 2 transaction sets were found'],
			['GE*2*905', 'GE*2*906', 'GE02 "906" differs from GS06 "905"'],
			['IEA*1*000000905', 'IEA*2*000000905', 'IEA01 says "2" but 1 functional groups were found'],
			['IEA*1*000000905', 'IEA*1*000000904', 'IEA02 "000000904" differs from ISA13 "000000905"'],
		];
		for (const [from, to, message] of variants) {
			const result = readEdi(OWN_X12.replace(from, to));
			expect(allIssues(result).map((issue) => issue.message)).toEqual([message]);
			expect(result.interchanges[0].groups[0].sets).toHaveLength(2);
		}
		const edifact = readEdi(OWN_EDIFACT.replace('UNZ+2+CTRL42', 'UNZ+3+CTRL43'));
		expect(allIssues(edifact).map((issue) => issue.message)).toEqual([
			'UNZ01 says "3" but 2 messages were found',
			'UNZ02 "CTRL43" differs from UNB05 "CTRL42"',
		]);
	});

	it('reports a segment outside its envelope and a segment tag that cannot be one, with their positions', () => {
		const outside = readEdi(OWN_X12.replace('GE*2*905~', 'REF*ZZ*LOST~\nGE*2*905~'));
		expect(allIssues(outside)).toEqual([expect.objectContaining({ kind: 'segmentOutsideEnvelope', level: 'group', position: 10, message: 'segment 10 (REF) is outside a transaction set' })]);
		const badTag = readEdi(OWN_X12.replace('PO1*1', 'P%1*1'));
		expect(allIssues(badTag)).toEqual([expect.objectContaining({ kind: 'invalidSegmentId', position: 5, positionInSet: 3, segmentId: 'P%1' })]);
	});

	it('reads several interchanges in one file, each with its own delimiters', () => {
		const second = OWN_X12.replace(/\*/g, '|').replace('000000905', '000000906').replace('000000905', '000000906');
		const result = readEdi(`${OWN_X12}\n${second}`);
		expect(allIssues(result)).toEqual([]);
		expect(result.interchanges.map((interchange) => [interchange.delimiters.element, elementText(interchange.header, 13), interchange.position])).toEqual([
			['*', '000000905', 1],
			['|', '000000906', 12],
		]);
	});

	it('says when a file is not EDI', () => {
		expect(allIssues(readEdi('<xml/>'))).toEqual([expect.objectContaining({ kind: 'notEdi', message: 'the file starts with "<xml/>", not with an X12 ISA or an EDIFACT UNA/UNB segment' })]);
		expect(allIssues(readEdi(''))).toEqual([expect.objectContaining({ kind: 'notEdi', message: 'the file is empty' })]);
	});

	it('refuses to write an X12 value holding a delimiter, and escapes it in EDIFACT', () => {
		const result = readEdi(OWN_X12);
		result.interchanges[0].groups[0].sets[0].segments[1][3] = 'PO*1001';
		expect(() => writeInterchanges(result.interchanges)).toThrow('BEG03 holds "PO*1001", which contains the delimiter "*"');
		const edifact = readEdi(OWN_EDIFACT);
		edifact.interchanges[0].groups[0].sets[1].segments[1][2] = "it's:?";
		expect(writeInterchanges(edifact.interchanges)).toContain("BGM+220+it?'s?:??+9'");
	});
});

describeWithSamples('the ECGridOS envelope summary and this reader', () => {
	const WRAPPED = 'x12_210_004010_wrapped-80col__staedi.edi';

	it.each(Object.keys(SAMPLES).filter((name) => name !== WRAPPED))('%s: agree on interchanges, groups and transaction sets', (name) => {
		const content = sample(name);
		const summary = summarizeEdi(content);
		const { interchanges } = readEdi(content);
		const fromReader = interchanges.map((interchange) => {
			const fields = interchangeFields(interchange);
			return [fields.controlNumber, fields.sender.id, fields.receiver.id, interchange.groups.map((group) => group.sets.map((set) => `${set.id}:${set.controlNumber}`))];
		});
		const fromSummary = summary.interchanges.map((interchange) => [
			interchange.controlNumber,
			interchange.sender.id,
			interchange.receiver.id,
			interchange.groups.map((group) => group.transactionSets.map((set) => `${set.id}:${set.controlNumber}`)),
		]);
		expect(fromReader).toEqual(fromSummary);
	});

	it('agree on the 80-column wrapped file too, a line break inside its ISA notwithstanding', () => {
		const content = sample(WRAPPED);
		expect(summarizeEdi(content).interchanges[0].groups.flatMap((group) => group.transactionSets)).toEqual([{ id: '210', controlNumber: '1305' }]);
		expect(readEdi(content).interchanges[0].groups[0].sets.map((set) => `${set.id}:${set.controlNumber}`)).toEqual(['210:1305']);
	});
});
