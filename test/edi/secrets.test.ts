/**
 * The node never outputs a password: Parse withholds X12 ISA02/ISA04 (unless their qualifiers say
 * '00') and EDIFACT UNB06 from every item, error items and error messages included; Build refuses
 * to write such a header unless the Envelope options give the values back, and then writes the
 * file's exact bytes again.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { ediItem, outputBytes, runEdi } from './support';

const PARSE = { operation: 'parse' };
const ROUND_TRIP = { operation: 'build', standard: 'fromInput', inputForm: 'segments', controlNumbers: 'input', files: 'one', outputBinaryPropertyName: 'data' };

const AUTHORIZATION = 'LOGIN42';
const PASSWORD = 'S3cr3tPw99';
const EDIFACT_PASSWORD = 'Unb06Pass';

const X12_WITH_PASSWORD = [
	`ISA*03*${AUTHORIZATION.padEnd(10)}*01*${PASSWORD}*ZZ*ACMERETAIL     *ZZ*GLOBEXSUPPLY   *241128*0930*U*00401*000000905*0*T*>~`,
	'GS*PO*ACMERETAIL*GLOBEXSUPPLY*20241128*0930*905*X*004010~',
	'ST*850*0001~',
	'BEG*00*SA*PO-1001**20241128~',
	'PO1*1*10*EA*2.5**VP*W-1~',
	'CTT*1~',
	'SE*5*0001~',
	'GE*1*905~',
	'IEA*1*000000905~',
	'',
].join('\n');

const EDIFACT_WITH_PASSWORD = `UNA:+.? 'UNB+UNOC:3+SENDER:14+RECEIVER:14+241128:0930+42+${EDIFACT_PASSWORD}:AA'UNH+1+ORDERS:D:96A:UN'BGM+220+PO1+9'UNT+3+1'UNZ+1+42'\n`;

/** Every item of an output, as n8n stores it, searched for the secrets. */
function expectNoSecret(items: INodeExecutionData[], ...secrets: string[]): void {
	const stored = JSON.stringify(items);
	for (const secret of secrets) expect(stored).not.toContain(secret);
}

async function parsed(content: string): Promise<INodeExecutionData[]> {
	const { items, error } = await runEdi(PARSE, [ediItem(content)]);
	if (error) throw new Error(error.message);
	return items;
}

describe('secrets in interchange headers', () => {
	it('Parse withholds ISA02 and ISA04 when ISA01 and ISA03 are not 00, and says so', async () => {
		const items = await parsed(X12_WITH_PASSWORD);
		expect(items).toHaveLength(1);
		expectNoSecret(items, PASSWORD, AUTHORIZATION);
		const interchange = items[0].json.interchange as { header: string[]; securityWithheld: boolean };
		expect(interchange.securityWithheld).toBe(true);
		expect(interchange.header.slice(0, 5)).toEqual(['ISA', '03', '<withheld>', '01', '<withheld>']);
		// The rest of the header is as read, so that Build can write it back.
		expect(interchange.header.slice(5, 9)).toEqual(['ZZ', 'ACMERETAIL     ', 'ZZ', 'GLOBEXSUPPLY   ']);
	});

	it('keeps ISA02 and ISA04 when their qualifiers are 00, and says nothing was withheld', async () => {
		const [item] = await parsed(X12_WITH_PASSWORD.replace(`*03*${AUTHORIZATION.padEnd(10)}*01*${PASSWORD}*`, `*00*${' '.repeat(10)}*00*${' '.repeat(10)}*`));
		expect(item.json.interchange).toMatchObject({ securityWithheld: false });
		expect((item.json.interchange as { header: string[] }).header.slice(1, 5)).toEqual(['00', ' '.repeat(10), '00', ' '.repeat(10)]);
	});

	it('withholds them from error items and error messages too', async () => {
		const broken = X12_WITH_PASSWORD.replace('SE*5*0001', 'SE*9*0001').replace('IEA*1*000000905', 'IEA*1*000000906');
		const { items } = await runEdi(PARSE, [ediItem(broken)], { continueOnFail: true });
		expect(items.map((item) => item.json.errorKind)).toEqual(['controlNumberMismatch', 'countMismatch']);
		expectNoSecret(items, PASSWORD, AUTHORIZATION);
		const { error } = await runEdi(PARSE, [ediItem(broken)]);
		expect(error?.message).toMatch(/^Interchange 000000905 \(X12, ZZ:ACMERETAIL to ZZ:GLOBEXSUPPLY/);
		expect(JSON.stringify({ message: error?.message, description: error?.description })).not.toContain(PASSWORD);
	});

	it('Build refuses a withheld header without the Envelope options, never writing the marker into a file', async () => {
		const items = await parsed(X12_WITH_PASSWORD);
		const { items: built, error } = await runEdi(ROUND_TRIP, items);
		expect(built).toEqual([]);
		expect(error?.message).toBe(
			"the item's interchange header has ISA02 (Authorization Information) withheld (Parse never outputs it): set Envelope → Authorization Information to the value to write",
		);
		const { error: securityError } = await runEdi({ ...ROUND_TRIP, envelope: { authorizationInformation: AUTHORIZATION } }, items);
		expect(securityError?.message).toBe(
			"the item's interchange header has ISA04 (Security Information) withheld (Parse never outputs it): set Envelope → Security Information to the value to write",
		);
	});

	it('Build with the Envelope options writes the exact bytes read, and outputs no secret', async () => {
		const items = await parsed(X12_WITH_PASSWORD);
		const { items: built, error } = await runEdi({ ...ROUND_TRIP, envelope: { authorizationInformation: AUTHORIZATION, securityInformation: PASSWORD } }, items);
		expect(error).toBeUndefined();
		expect(outputBytes(built[0]).toString('utf8')).toBe(X12_WITH_PASSWORD);
		expectNoSecret(built.map((item) => ({ json: item.json, pairedItem: item.pairedItem })), PASSWORD, AUTHORIZATION);
	});

	it('refuses a security value longer than ISA04 without echoing it', async () => {
		const items = await parsed(X12_WITH_PASSWORD);
		const tooLong = `${PASSWORD}-extra`;
		const { error } = await runEdi({ ...ROUND_TRIP, envelope: { authorizationInformation: AUTHORIZATION, securityInformation: tooLong } }, items);
		expect(error?.message).toBe('the ISA04 (Security Information) given is 16 characters long; the ISA allows 10');
		expect(error?.message).not.toContain(PASSWORD);
	});

	it('treats EDIFACT UNB06 (recipient reference/password) alike', async () => {
		const items = await parsed(EDIFACT_WITH_PASSWORD);
		expectNoSecret(items, EDIFACT_PASSWORD);
		expect(items[0].json.interchange).toMatchObject({ securityWithheld: true, controlNumber: '42' });
		expect((items[0].json.interchange as { header: unknown[] }).header[6]).toEqual(['<withheld>', 'AA']);
		const { error } = await runEdi(ROUND_TRIP, items);
		expect(error?.message).toBe(
			"the item's interchange header has UNB06 (Recipient Reference/Password) withheld (Parse never outputs it): set Envelope → Security Information to the value to write",
		);
		const { items: built } = await runEdi({ ...ROUND_TRIP, envelope: { securityInformation: EDIFACT_PASSWORD } }, items);
		expect(outputBytes(built[0]).toString('utf8')).toBe(EDIFACT_WITH_PASSWORD);
	});
});
