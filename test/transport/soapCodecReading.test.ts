/**
 * Reply reading edge cases that the decoder's fast paths (plain tags read in place, children matched
 * to fields in one pass, integers without BigInt, dates already in UTC) must treat exactly as the
 * general path does.
 */
import {
	EcgridosResponseError,
	decodeResponse,
	normalizeDateTime,
	readInPieces,
	textPieces,
} from '../../nodes/ECGridOS/transport/soap';
import { soapEnvelope } from '../support/catalogSamples';

const NS = 'https://os.ecgrid.io/';

function response(operation: string, resultXml: string): string {
	return soapEnvelope(`<${operation}Response xmlns="${NS}"><${operation}Result>${resultXml}</${operation}Result></${operation}Response>`);
}

function errorMessage(action: () => unknown): string {
	try {
		action();
	} catch (error) {
		if (error instanceof EcgridosResponseError) return error.message;
		throw error;
	}
	throw new Error('expected an EcgridosResponseError');
}

describe('tags', () => {
	test('reads tags with white space, quoted > in attributes, prefixes without attributes and self-closing forms', () => {
		const xml = response(
			'WhoAmI',
			'<UserID >7</UserID ><LoginName\n>a</LoginName\n><FirstName a="x>y" b=\'">\'>f</FirstName>' +
				`<e:LastName xmlns:e="${NS}">l</e:LastName><Company/><EMail />`,
		);
		expect(decodeResponse('WhoAmI', xml)).toEqual({ UserID: 7, LoginName: 'a', FirstName: 'f', LastName: 'l', Company: '', EMail: '' });
	});

	test('an element without attributes takes the namespace of its prefix, declared on an ancestor', () => {
		const envelope = (body: string) =>
			'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"' +
			` xmlns:e="${NS}" xmlns:old="http://ecgridos.net/"><soap:Body>${body}</soap:Body></soap:Envelope>`;
		const current = envelope('<e:WhoAmIResponse><e:WhoAmIResult><e:UserID>7</e:UserID></e:WhoAmIResult></e:WhoAmIResponse>');
		expect(decodeResponse('WhoAmI', current)).toEqual({ UserID: 7 });
		const older = envelope('<old:WhoAmIResponse><WhoAmIResult/></old:WhoAmIResponse>');
		expect(errorMessage(() => decodeResponse('WhoAmI', older))).toMatch(/<WhoAmIResponse> in namespace "http:\/\/ecgridos.net\/"/);
		const none = envelope('<WhoAmIResponse><WhoAmIResult/></WhoAmIResponse>');
		expect(errorMessage(() => decodeResponse('WhoAmI', none))).toMatch(/<WhoAmIResponse> in namespace ""/);
	});

	test('an end tag that differs from its start tag only slightly is still refused, with both names', () => {
		expect(errorMessage(() => decodeResponse('WhoAmI', response('WhoAmI', '<UserID>7</UserI>')))).toMatch(
			/malformed or truncated XML \(<\/UserI> does not close <UserID> at line 1\)/,
		);
		expect(errorMessage(() => decodeResponse('WhoAmI', response('WhoAmI', '<UserID>7</UserIDs>')))).toMatch(
			/<\/UserIDs> does not close <UserID>/,
		);
		expect(errorMessage(() => decodeResponse('WhoAmI', response('WhoAmI', '<UserID>7</UserIX>')))).toMatch(
			/<\/UserIX> does not close <UserID>/,
		);
	});
});

describe('text', () => {
	test('decodes entities wherever they are, also after attributes, comments and CDATA that hold an ampersand', () => {
		const xml = response(
			'WhoAmI',
			'<LoginName>a &amp; b</LoginName><FirstName x="&amp;">plain</FirstName>' +
				'<LastName><![CDATA[<c>&amp;]]> &lt;d&gt;</LastName><Company><!-- & -->x&#65;</Company><EMail>no entity</EMail>',
		);
		expect(decodeResponse('WhoAmI', xml)).toEqual({
			LoginName: 'a & b',
			FirstName: 'plain',
			LastName: '<c>&amp; <d>',
			Company: 'xA',
			EMail: 'no entity',
		});
	});
});

describe('fields', () => {
	test('keys follow the catalog whatever the order of the elements, and the first of repeated elements wins', () => {
		const decoded = decodeResponse(
			'WhoAmI',
			response('WhoAmI', '<LoginName>b</LoginName><Bogus>1</Bogus><UserID>7</UserID><UserID>8</UserID><LoginName>c</LoginName>'),
		);
		expect(decoded).toEqual({ UserID: 7, LoginName: 'b' });
		expect(Object.keys(decoded as object)).toEqual(['UserID', 'LoginName']);
	});

	test('the value reported as not matching the WSDL is the first in catalog order, not in document order', () => {
		const xml = response('WhoAmI', '<OpenSessions>y</OpenSessions><UserID>x</UserID>');
		expect(errorMessage(() => decodeResponse('WhoAmI', xml))).toMatch(/WhoAmIResult\.UserID "x" is not a valid int/);
	});

	test('a value that does not match the WSDL is named by its full path, with list positions counted without nil items', () => {
		const search = response(
			'TPSearch',
			'<ECGridIDInfo><ECGridID>1</ECGridID></ECGridIDInfo><ECGridIDInfo xsi:nil="true"/>' +
				'<ECGridIDInfo><ECGridID>2</ECGridID><Owner><UserID>x</UserID></Owner></ECGridIDInfo>',
		);
		expect(errorMessage(() => decodeResponse('TPSearch', search))).toMatch(
			/does not match the WSDL: TPSearchResult\.ECGridIDInfo\[1\]\.Owner\.UserID "x" is not a valid int/,
		);
		const inbox = response(
			'ParcelInBox',
			'<ParcelIDInfoList><ParcelIDInfo><ParcelID>1</ParcelID><Interchanges><InterchangeIDInfo><InterchangeID>q</InterchangeID>' +
				'</InterchangeIDInfo></Interchanges></ParcelIDInfo></ParcelIDInfoList>',
		);
		expect(errorMessage(() => decodeResponse('ParcelInBox', inbox))).toMatch(
			/ParcelInBoxResult\.ParcelIDInfoList\.ParcelIDInfo\[0\]\.Interchanges\.InterchangeIDInfo\[0\]\.InterchangeID "q" is not a valid int/,
		);
	});

	test('a DataSet cell that does not match its column type is named by table, row and column', () => {
		const xml =
			'<xs:schema id="NewDataSet" xmlns="" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:msdata="urn:schemas-microsoft-com:xml-msdata">' +
			'<xs:element name="NewDataSet" msdata:IsDataSet="true"><xs:complexType><xs:choice minOccurs="0" maxOccurs="unbounded">' +
			'<xs:element name="Table"><xs:complexType><xs:sequence><xs:element name="A" type="xs:int" minOccurs="0"/>' +
			'</xs:sequence></xs:complexType></xs:element>' +
			'</xs:choice></xs:complexType></xs:element></xs:schema>' +
			'<diffgr:diffgram xmlns:diffgr="urn:schemas-microsoft-com:xml-diffgram-v1"><NewDataSet xmlns="">' +
			'<Table><A>1</A></Table><Table><A>two</A></Table></NewDataSet></diffgr:diffgram>';
		expect(errorMessage(() => decodeResponse('InterconnectCount', response('InterconnectCount', xml)))).toMatch(
			/InterconnectCountResult\.Table\[1\]\.A "two" is not a valid int/,
		);
	});
});

describe('numbers and dates', () => {
	test('integers: signs, white space, leading zeros and the edge of exact numbers', () => {
		const decode = (text: string) => decodeResponse('TPAdd', response('TPAdd', text));
		expect(Object.is(decode('-0'), 0)).toBe(true);
		expect(decode('+5')).toBe(5);
		expect(decode(' 007 ')).toBe(7);
		expect(decode('999999999999999')).toBe(999999999999999);
		expect(decode('-99999999999999')).toBe(-99999999999999);
		expect(decodeResponse('ParcelInfo', response('ParcelInfo', '<ParcelID>-9007199254740993</ParcelID>'))).toEqual({
			ParcelID: '-9007199254740993',
		});
		for (const text of ['', '-', '+', '1 2', '1.0', '٣']) {
			expect(errorMessage(() => decode(text))).toMatch(/TPAddResult ".*" is not a valid int/);
		}
	});

	test('UTC values come back as sent, while values that are not a real moment still roll over as Date does', () => {
		expect(normalizeDateTime('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00Z');
		expect(normalizeDateTime(' 2024-05-01T08:00:00.1234567890Z ')).toBe('2024-05-01T08:00:00.1234567890Z');
		expect(normalizeDateTime('2023-02-29T00:00:00Z')).toBe('2023-03-01T00:00:00Z');
		expect(normalizeDateTime('2024-05-01T24:00:00Z')).toBe('2024-05-02T00:00:00Z');
		expect(normalizeDateTime('2024-05-01T08:00:00.Z')).toBe('2024-05-01T08:00:00.Z');
		expect(normalizeDateTime('2024-05-01T08:00:00 +01:00')).toBe('2024-05-01T08:00:00 +01:00');
	});
});

describe('replies of more than 64 KB, read from bytes in pieces split before a "<"', () => {
	// Decoding from a string reads it whole; from bytes, a reply this large is read in pieces. Both
	// must give the same value, or the same error.
	function outcome(operation: string, reply: string | Buffer): unknown {
		try {
			return { value: decodeResponse(operation, reply) };
		} catch (error) {
			return { error: (error as Error).message };
		}
	}

	function partners(count: number, record: (index: number) => string): string {
		return response('TPSearch', Array.from({ length: count }, (_, index) => `<ECGridIDInfo>${record(index)}</ECGridIDInfo>`).join(''));
	}

	test('a list of 3,000 partners, with entities, non-ASCII text and a namespace declared on the way', () => {
		const xml = partners(
			3000,
			(index) =>
				`<ECGridID>${index}</ECGridID><Description>Caf\u00e9 &amp; partner ${index} \u2014 ${'x'.repeat(index % 50)}</Description>` +
				`<e:ID xmlns:e="${NS}">ID${index}</e:ID>`,
		);
		const bytes = Buffer.from(xml);
		const pieces = textPieces(bytes);
		expect(pieces.length).toBeGreaterThanOrEqual(4);
		expect(pieces.join('')).toBe(xml);
		for (const piece of pieces) expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(64 * 1024);
		for (const piece of pieces.slice(1)) expect(piece[0]).toBe('<');
		expect(readInPieces(bytes)).toBeDefined();
		const decoded = decodeResponse('TPSearch', bytes) as Array<{ ECGridID: number; Description: string; ID: string }>;
		expect(decoded).toHaveLength(3000);
		expect(decoded[2999]).toEqual({ ECGridID: 2999, ID: 'ID2999', Description: `Caf\u00e9 & partner 2999 \u2014 ${'x'.repeat(2999 % 50)}` });
		expect(decoded).toEqual(decodeResponse('TPSearch', xml));
	});

	test('a comment, CDATA section, processing instruction or attribute value holding "<" where the reply is split', () => {
		const filler = '<'.repeat(20_000);
		const constructs = [`<!--${filler}-->`, `<![CDATA[${filler}]]>`, `<?note ${filler}?>`, `<Unknown a="${filler}"/>`];
		for (const construct of constructs) {
			const xml = partners(2000, (index) => `<ECGridID>${index}</ECGridID>${index === 1000 ? `<Description>${construct}</Description>` : ''}`);
			// The first piece would end just before a "<" inside the construct, which spans 64 KB.
			const at = xml.indexOf(construct);
			expect(at).toBeLessThan(64 * 1024);
			expect(at + construct.length).toBeGreaterThan(64 * 1024);
			expect(readInPieces(Buffer.from(xml))).toBeUndefined();
			// The reply is then read whole.
			const fromBytes = outcome('TPSearch', Buffer.from(xml));
			expect(fromBytes).toEqual(outcome('TPSearch', xml));
			expect((fromBytes as { value: unknown[] }).value).toHaveLength(2000);
		}
	});

	test('a malformed reply reports the same error, with its line, as when read whole', () => {
		const lines = partners(4000, (index) => `\n<ECGridID>${index}</ECGridID>`);
		expect(lines.length).toBeGreaterThan(3 * 64 * 1024);
		const broken = [
			lines.replace('<ECGridID>1700</ECGridID>', '<ECGridID>1700</ECGridIDs>'),
			lines.slice(0, Math.floor(lines.length * 0.7)),
			lines.slice(0, lines.indexOf('<ECGridIDInfo>', Math.floor(lines.length * 0.7))),
			lines.replace('<ECGridID>1500</ECGridID>', '<ECGridID>1500<!-- unterminated </ECGridID>'),
			lines.replace('<ECGridID>1200</ECGridID>', '<ECGridID>x</ECGridID>'),
		];
		for (const xml of broken) {
			const fromBytes = outcome('TPSearch', Buffer.from(xml)) as { error?: string };
			expect(fromBytes.error).toMatch(/malformed or truncated XML \(.* at line \d+\)|TPSearchResult\.ECGridIDInfo\[1200\]\.ECGridID "x"/);
			expect(fromBytes).toEqual(outcome('TPSearch', xml));
		}
	});
});
