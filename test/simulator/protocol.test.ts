/**
 * The SOAP contract itself: path, SOAPAction, envelope checks, faults, the generated WSDL, request
 * parsing details and large parcels.
 */
import { request } from 'node:http';
import { createClientAsync, type Client } from 'soap';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { validateAllAgainstWsdlSchema, wsdlAvailable } from '../support/wsdlSchema';
import { x12Interchange } from './support/edi';
import { buildEnvelope, items, parseReply, postXml, RawSoapClient } from './support/rawSoapClient';

let simulator: RunningSimulator;
let client: RawSoapClient;
const ACME = '00000000-0000-4000-8000-000000000101';
const faultXmls: string[] = [];

function get(url: string): Promise<{ status: number; type: string; body: string }> {
	return new Promise((resolve, reject) => {
		request(url, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') }));
		})
			.on('error', reject)
			.end();
	});
}

async function post(body: string, soapAction: string, contentType = 'text/xml; charset=utf-8') {
	const reply = await postXml(simulator.endpointUrl, body, { SOAPAction: soapAction, 'Content-Type': contentType });
	if (reply.status === 500) faultXmls.push(reply.xml);
	return reply;
}

beforeAll(async () => {
	simulator = await startSimulator();
	client = new RawSoapClient(simulator.endpointUrl);
});

afterAll(() => simulator.stop());

test('GET ?WSDL describes this server: every operation, SOAP 1.1, its own address, no prose', async () => {
	const { status, type, body } = await get(`${simulator.endpointUrl}?WSDL`);
	expect(status).toBe(200);
	expect(type).toMatch(/^text\/xml/);
	expect(body.match(/<wsdl:operation name="/g)).toHaveLength(221 * 2);
	expect(body).toContain(`<soap:address location="${simulator.endpointUrl}" />`);
	expect(body).toContain('soapAction="https://os.ecgrid.io/ParcelInBoxExShort"');
	expect(body).not.toMatch(/documentation|Loren Data|soap12/);
	const generated: Client & Record<string, any> = await createClientAsync(`${simulator.endpointUrl}?wsdl`);
	const [result] = await generated.LoginAsync({ LoginName: 'acme.user', Password: 'Demo-Acme-User-2024' });
	const [me] = await generated.WhoAmIAsync({ SessionID: result.LoginResult });
	expect(me.WhoAmIResult).toMatchObject({ LoginName: 'acme.user', UserID: 102 });
});

test('only the service path answers', async () => {
	expect((await get(simulator.endpointUrl.replace('ECGridOS.asmx', 'Other.asmx'))).status).toBe(404);
	const wrongType = await post(buildEnvelope('WhoAmI', { SessionID: ACME }), '"https://os.ecgrid.io/WhoAmI"', 'application/json');
	expect(wrongType.status).toBe(415);
	expect((await get(simulator.endpointUrl)).body).toMatch(/WSDL/);
});

test('a SOAPAction that does not match the body is a client fault without ECGridOS detail', async () => {
	const reply = await post(buildEnvelope('WhoAmI', { SessionID: ACME }), '"https://os.ecgrid.io/Logout"');
	const parsed = parseReply('WhoAmI', reply.status, reply.xml);
	expect(reply.status).toBe(500);
	expect(parsed.fault).toMatchObject({ faultcode: 'soap:Client' });
	expect(parsed.fault?.faultstring).toMatch(/SOAPAction/);
	expect(parsed.fault?.ErrorCode).toBeUndefined();
	expect((await post(buildEnvelope('WhoAmI', { SessionID: ACME }), '')).status).toBe(500);
	expect((await post(buildEnvelope('WhoAmI', { SessionID: ACME }), 'https://os.ecgrid.io/WhoAmI')).status).toBe(200);
});

test('DOCTYPE and entity declarations are refused, malformed XML is a client fault', async () => {
	const withDoctype = buildEnvelope('WhoAmI', { SessionID: ACME }).replace('<soap:Envelope', '<!DOCTYPE x [<!ENTITY e "boom">]><soap:Envelope');
	const refused = parseReply('WhoAmI', 0, (await post(withDoctype, '"https://os.ecgrid.io/WhoAmI"')).xml);
	expect(refused.fault?.faultstring).toMatch(/DTD is prohibited/);
	const malformed = await post('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><WhoAmI>', '"https://os.ecgrid.io/WhoAmI"');
	expect(parseReply('WhoAmI', malformed.status, malformed.xml).fault?.faultcode).toBe('soap:Client');
	const soap12 = buildEnvelope('WhoAmI', { SessionID: ACME }).replace('http://schemas.xmlsoap.org/soap/envelope/', 'http://www.w3.org/2003/05/soap-envelope');
	expect(parseReply('WhoAmI', 0, (await post(soap12, '"https://os.ecgrid.io/WhoAmI"')).xml).fault?.faultstring).toMatch(/SOAP version mismatch/);
	const wrongNamespace = buildEnvelope('WhoAmI', { SessionID: ACME }).replace('https://os.ecgrid.io/', 'http://www.ecgridos.net/');
	expect(parseReply('WhoAmI', 0, (await post(wrongNamespace, '"https://os.ecgrid.io/WhoAmI"')).xml).fault?.faultcode).toBe('soap:Client');
});

test('parameters are read by the catalog: prefixes, entities, defaults for missing value types, bad values refused', async () => {
	const prefixed =
		'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><t:TPSearch xmlns:t="https://os.ecgrid.io/">' +
		`<t:SessionID>${ACME}</t:SessionID><t:Qualifier>Z&#90;</t:Qualifier><t:ID>GLOBEX&amp;</t:ID></t:TPSearch></s:Body></s:Envelope>`;
	const reply = parseReply('TPSearch', 0, (await post(prefixed, '"https://os.ecgrid.io/TPSearch"')).xml);
	expect(reply.fault).toBeUndefined();
	expect(items(reply.result, 'ECGridIDInfo')).toEqual([]);
	const listed = await client.ok('TPList', { SessionID: ACME });
	expect(items(listed, 'ECGridIDInfo').length).toBeGreaterThan(0);
	const badInt = await client.call('TPInfo', { SessionID: ACME, ECGridID: 'abc' });
	expect(badInt.fault).toMatchObject({ faultcode: 'soap:Client' });
	expect(badInt.fault?.faultstring).toMatch(/ECGridID: Input string was not in a correct format/);
	const badEnum = await client.call('TPSetRoutingGroup', { SessionID: ACME, ECGridID: 100001, RoutingGroup: 'Fastest' });
	expect(badEnum.fault?.faultstring).toMatch(/'Fastest' is not a valid value for RoutingGroup/);
	faultXmls.push(badInt.xml, badEnum.xml);
	const hugeLong = await client.call('ParcelInfo', { SessionID: ACME, ParcelID: '9223372036854775807' });
	expect(hugeLong.fault).toMatchObject({ ErrorCode: '3', ErrorItem: 'ParcelID' });
	faultXmls.push(hugeLong.xml);
});

test('empty strings and absent optional fields are rendered as ASP.NET does', async () => {
	const { xml } = await client.call('UserInfo', { SessionID: ACME, UserID: 0 });
	expect(xml).toContain('<Phone />');
	expect(xml).toContain('<LastLogin>0001-01-01T00:00:00</LastLogin>');
	expect(xml).toContain('<UserInfoResponse xmlns="https://os.ecgrid.io/"><UserInfoResult><UserID>101</UserID><LoginName>acme.admin</LoginName>');
});

test('a 25 MB parcel uploads and downloads intact', async () => {
	const interchange = x12Interchange({ senderQualifier: 'ZZ', senderId: 'ACMERETAIL', receiverQualifier: 'ZZ', receiverId: 'GLOBEXSUPPLY', control: 77 });
	const filler = 'PO1*1*10*EA*9.99**UP*012345678905~\n'.repeat(Math.ceil((25 * 1024 * 1024) / 35));
	const content = Buffer.from(interchange.replace('CTT*1~\n', `${filler}CTT*1~\n`), 'latin1');
	const parcelId = await client.ok('ParcelUpload', { SessionID: ACME, FileName: 'big.x12', Bytes: content.length, Content: content });
	expect((await client.ok('ParcelInfo', { SessionID: ACME, ParcelID: parcelId })).StatusCode).toBe('OutBoxRouted');
	const globex = '00000000-0000-4000-8000-000000000112';
	const inbox = items((await client.ok('ParcelInBox', { SessionID: globex })).ParcelIDInfoList, 'ParcelIDInfo');
	// The content is cut out of the raw XML: a generic parser would spend its time on 35 MB of text.
	const { xml } = await postXml(simulator.endpointUrl, buildEnvelope('ParcelDownload', { SessionID: globex, ParcelID: inbox[inbox.length - 1].ParcelID }), {
		SOAPAction: '"https://os.ecgrid.io/ParcelDownload"',
	});
	const base64 = /<Content>([A-Za-z0-9+/=]*)<\/Content>/.exec(xml)?.[1] ?? '';
	expect(Buffer.from(base64, 'base64').equals(content)).toBe(true);
});

test('ECGridOS faults of every kind validate against the WSDL schema', async () => {
	const globex = '00000000-0000-4000-8000-000000000112';
	for (const [operation, parameters] of [
		['WhoAmI', { SessionID: 'expired' }],
		['TPInfo', { SessionID: globex, ECGridID: 100001 }],
		['TPInfo', { SessionID: globex, ECGridID: 1 }],
		['TPAdd', { SessionID: '00000000-0000-4000-8000-000000000111', Qualifier: 'ZZ', ID: 'ACMERETAIL' }],
	] as const) {
		faultXmls.push((await client.call(operation, parameters)).xml);
	}
	if (!wsdlAvailable()) return;
	const results = await validateAllAgainstWsdlSchema(faultXmls);
	expect(results.filter((result) => !result.valid)).toEqual([]);
	expect(faultXmls.length).toBeGreaterThan(8);
});
