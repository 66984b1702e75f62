import {
	EcgridosFault,
	EcgridosInputError,
	EcgridosResponseError,
	LARGE_TEXT_THRESHOLD,
	base64Text,
	decodeResponse,
	encodeRequest,
	normalizeDateTime,
} from '../../nodes/ECGridOS/transport/soap';
import { LARGE_LONG, dataSetSample, sampleFault, soapEnvelope } from '../support/catalogSamples';

const NS = 'https://os.ecgrid.io/';

function response(operation: string, resultXml: string, resultAttributes = ''): string {
	return soapEnvelope(
		`<${operation}Response xmlns="${NS}"><${operation}Result${resultAttributes}>${resultXml}</${operation}Result></${operation}Response>`,
	);
}

function inputError(action: () => unknown): EcgridosInputError {
	try {
		action();
	} catch (error) {
		if (error instanceof EcgridosInputError) return error;
		throw error;
	}
	throw new Error('expected an EcgridosInputError');
}

function responseError(action: () => unknown): EcgridosResponseError {
	try {
		action();
	} catch (error) {
		if (error instanceof EcgridosResponseError) return error;
		throw error;
	}
	throw new Error('expected an EcgridosResponseError');
}

function parameterXml(envelope: string, name: string): string | undefined {
	return new RegExp(`<${name}>([^<]*)</${name}>`).exec(envelope)?.[1];
}

describe('encodeRequest', () => {
	test('builds a SOAP 1.1 envelope with the operation in the service namespace', () => {
		const envelope = encodeRequest('WhoAmI', { SessionID: 'abc' });
		expect(envelope).toBe(
			'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
				'<soap:Body><WhoAmI xmlns="https://os.ecgrid.io/"><SessionID>abc</SessionID></WhoAmI></soap:Body></soap:Envelope>',
		);
	});

	test('escapes every XML special character, and CR so that EDI line endings survive', () => {
		const envelope = encodeRequest('TPUpdateDescription', {
			SessionID: 's',
			ECGridID: 1,
			Description: `A&B <c> "d" 'e'\r\n`,
		});
		expect(parameterXml(envelope, 'Description')).toBe('A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;&#13;\n');
	});

	test('refuses characters XML 1.0 cannot carry, naming the parameter', () => {
		const error = inputError(() => encodeRequest('TPUpdateDescription', { SessionID: 's', ECGridID: 1, Description: 'bell\u0007' }));
		expect(error.parameter).toBe('Description');
		expect(error.message).toMatch(/U\+0007/);
		expect(() => encodeRequest('TPUpdateDescription', { SessionID: 's', ECGridID: 1, Description: 'half \ud800 pair' })).toThrow(
			EcgridosInputError,
		);
		expect(parameterXml(encodeRequest('TPUpdateDescription', { SessionID: 's', ECGridID: 1, Description: 'é😀\t' }), 'Description')).toBe('é😀\t');
	});

	test('omits optional strings that are undefined or null and sends an empty string as an empty element', () => {
		const omitted = encodeRequest('TPAdd', { SessionID: 's', Qualifier: undefined, ID: null, Description: '' });
		expect(omitted).not.toContain('<Qualifier>');
		expect(omitted).not.toContain('<ID>');
		expect(omitted).toContain('<Description></Description>');
	});

	test('requires every value type and names the missing parameter', () => {
		const error = inputError(() => encodeRequest('TPMove', { SessionID: 's', ECGridID: 1 }));
		expect(error.parameter).toBe('MoveDateTime');
		expect(error.message).toMatch(/required/);
	});

	test('rejects parameters the operation does not have', () => {
		expect(inputError(() => encodeRequest('WhoAmI', { SessionID: 's', Extra: 1 })).parameter).toBe('Extra');
	});

	test.each([
		['int', 'ECGridID', 'TPInfo', 2147483648, /outside the range of int/],
		['int', 'ECGridID', 'TPInfo', -2147483649, /outside the range of int/],
		['int', 'ECGridID', 'TPInfo', 1.5, /whole number/],
		['int', 'ECGridID', 'TPInfo', 'twelve', /whole number/],
		['short', 'MaxDays', 'InterconnectCount', 32768, /outside the range of short/],
		['unsignedByte', 'SegTerm', 'NetworkX12Delimiters', -1, /outside the range of unsignedByte/],
		['long', 'ParcelID', 'ParcelInfo', '9223372036854775808', /outside the range of long/],
		['long', 'ParcelID', 'ParcelInfo', 2 ** 60, /too large to be exact/],
	])('refuses an out-of-range or malformed %s (%s = %p)', (_type, parameter, operation, value, problem) => {
		const values: Record<string, unknown> = { SessionID: 's', [parameter]: value };
		if (operation === 'NetworkX12Delimiters') Object.assign(values, { NetworkID: 1, ElmSep: 1, SubElmSep: 1 });
		const error = inputError(() => encodeRequest(operation, values));
		expect(error.parameter).toBe(parameter);
		expect(error.message).toMatch(problem);
	});

	test('keeps 64-bit IDs exact from strings and bigints', () => {
		expect(parameterXml(encodeRequest('ParcelInfo', { SessionID: 's', ParcelID: LARGE_LONG }), 'ParcelID')).toBe(LARGE_LONG);
		expect(parameterXml(encodeRequest('ParcelInfo', { SessionID: 's', ParcelID: -9223372036854775808n }), 'ParcelID')).toBe(
			'-9223372036854775808',
		);
		expect(parameterXml(encodeRequest('ParcelInfo', { SessionID: 's', ParcelID: ' 12 ' }), 'ParcelID')).toBe('12');
	});

	test('validates enums against the catalog and accepts another letter case', () => {
		const values = { SessionID: 's', ECGridID: 1, RoutingGroup: 'productiona' };
		expect(parameterXml(encodeRequest('TPSetRoutingGroup', values), 'RoutingGroup')).toBe('ProductionA');
		const error = inputError(() => encodeRequest('TPSetRoutingGroup', { ...values, RoutingGroup: 'Nope' }));
		expect(error.parameter).toBe('RoutingGroup');
		expect(error.message).toMatch(/ProductionA, ProductionB/);
	});

	test('writes booleans as XSD booleans', () => {
		expect(parameterXml(encodeRequest('TPList', { SessionID: 's', ShowInactive: false }), 'ShowInactive')).toBe('false');
		expect(parameterXml(encodeRequest('TPList', { SessionID: 's', ShowInactive: 'TRUE' }), 'ShowInactive')).toBe('true');
		expect(inputError(() => encodeRequest('TPList', { SessionID: 's', ShowInactive: 'yes' })).parameter).toBe('ShowInactive');
	});

	test('accepts a Date, an ISO string, a date, or a Luxon-like object for dateTime', () => {
		const move = (MoveDateTime: unknown) =>
			parameterXml(encodeRequest('TPMove', { SessionID: 's', ECGridID: 1, MoveDateTime }), 'MoveDateTime');
		expect(move(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)))).toBe('2024-01-02T03:04:05.006Z');
		expect(move('2024-01-02T03:04:05-05:00')).toBe('2024-01-02T03:04:05-05:00');
		expect(move('2024-01-02T03:04:05.1234567Z')).toBe('2024-01-02T03:04:05.1234567Z');
		expect(move('2024-01-02')).toBe('2024-01-02T00:00:00');
		expect(move({ toISO: () => '2024-01-02T03:04:05.000+01:00' })).toBe('2024-01-02T03:04:05.000+01:00');
		expect(inputError(() => move('next tuesday')).parameter).toBe('MoveDateTime');
		expect(inputError(() => move(new Date('invalid'))).parameter).toBe('MoveDateTime');
		expect(inputError(() => move('2024-13-45T00:00:00Z')).parameter).toBe('MoveDateTime');
		expect(inputError(() => move('2024-02-31T00:00:00Z')).parameter).toBe('MoveDateTime');
		expect(inputError(() => move('2023-02-29')).parameter).toBe('MoveDateTime');
		expect(inputError(() => move('2024-01-01T24:00:00Z')).parameter).toBe('MoveDateTime');
		expect(move('2024-02-29T23:59:59.5+14:00')).toBe('2024-02-29T23:59:59.5+14:00');
		expect(move('0001-01-01T00:00:00')).toBe('0001-01-01T00:00:00');
	});

	test('sends binary from a Buffer or Uint8Array, and base64 text only when marked', () => {
		const upload = (Content: unknown) =>
			parameterXml(encodeRequest('ParcelUpload', { SessionID: 's', FileName: 'f', Bytes: 3, Content }), 'Content');
		expect(upload(Buffer.from('abc'))).toBe('YWJj');
		expect(upload(new Uint8Array([97, 98, 99]))).toBe('YWJj');
		expect(upload(new Uint8Array(Buffer.from('xxabc')).subarray(2))).toBe('YWJj');
		expect(upload(base64Text('YW\r\nJj'))).toBe('YWJj');
		expect(inputError(() => upload('YWJj')).message).toMatch(/base64Text/);
		expect(() => base64Text('not base64!')).toThrow(TypeError);
	});
});

describe('decodeResponse', () => {
	test('reads ints, booleans and strings, and keeps 64-bit values exact', () => {
		expect(decodeResponse('TPAdd', response('TPAdd', '-17'))).toBe(-17);
		expect(decodeResponse('TPActivate', response('TPActivate', 'true'))).toBe(true);
		expect(decodeResponse('Version', response('Version', 'v4.1 &amp; &#x42;&#66;'))).toBe('v4.1 & BB');
		const info = decodeResponse(
			'ParcelInfo',
			response('ParcelInfo', `<ParcelBytes>1</ParcelBytes><ParcelID>${LARGE_LONG}</ParcelID>`),
		) as Record<string, unknown>;
		expect(info).toEqual({ ParcelBytes: 1, ParcelID: LARGE_LONG });
		const small = decodeResponse('ParcelInfo', response('ParcelInfo', '<ParcelID>9007199254740991</ParcelID>'));
		expect(small).toEqual({ ParcelID: 9007199254740991 });
		expect(decodeResponse('ParcelInfo', response('ParcelInfo', '<ParcelID>9007199254740992</ParcelID>'))).toEqual({
			ParcelID: '9007199254740992',
		});
	});

	test('normalizes zoned dates to UTC with every digit and keeps zone-less dates as sent', () => {
		expect(normalizeDateTime('2024-05-01T08:00:00.1234567-05:00')).toBe('2024-05-01T13:00:00.1234567Z');
		expect(normalizeDateTime('2024-05-01T23:30:00+01:00')).toBe('2024-05-01T22:30:00Z');
		expect(normalizeDateTime('2024-05-01T08:00:00Z')).toBe('2024-05-01T08:00:00Z');
		expect(normalizeDateTime('0001-01-01T00:00:00')).toBe('0001-01-01T00:00:00');
		expect(decodeResponse('NowUTC', response('NowUTC', '2024-12-31T23:59:59.999+00:00'))).toBe('2024-12-31T23:59:59.999Z');
	});

	test('accepts prefixed namespaces as well as default ones', () => {
		const xml =
			'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>' +
			'<e:WhoAmIResponse xmlns:e="https://os.ecgrid.io/"><e:WhoAmIResult><e:UserID>7</e:UserID></e:WhoAmIResult></e:WhoAmIResponse>' +
			'</s:Body></s:Envelope>';
		expect(decodeResponse('WhoAmI', xml)).toEqual({ UserID: 7 });
	});

	test('gives null for xsi:nil, {} for an empty complex element and nothing for a missing optional result', () => {
		expect(decodeResponse('WhoAmI', response('WhoAmI', '', ' xsi:nil="true"'))).toBeNull();
		expect(decodeResponse('WhoAmI', response('WhoAmI', ''))).toEqual({});
		expect(
			decodeResponse('Version', soapEnvelope(`<VersionResponse xmlns="${NS}" />`)),
		).toBeUndefined();
		expect(() => decodeResponse('TPAdd', soapEnvelope(`<TPAddResponse xmlns="${NS}" />`))).toThrow(/TPAddResult/);
	});

	test('always gives arrays for ArrayOf types and skips nil items', () => {
		expect(decodeResponse('TPList', response('TPList', ''))).toEqual([]);
		expect(decodeResponse('TPList', response('TPList', '<ECGridIDInfo><ECGridID>1</ECGridID></ECGridIDInfo>'))).toEqual([
			{ ECGridID: 1 },
		]);
		expect(
			decodeResponse(
				'TPList',
				response('TPList', '<ECGridIDInfo xsi:nil="true"/><ECGridIDInfo><ECGridID>2</ECGridID></ECGridIDInfo>'),
			),
		).toEqual([{ ECGridID: 2 }]);
	});

	test('gives collections their paging numbers and the list as an array, even when the list is missing', () => {
		expect(
			decodeResponse(
				'ParcelInBox',
				response('ParcelInBox', '<PageSize>25</PageSize><PageNumber>1</PageNumber><Count>0</Count><TotalRecords>0</TotalRecords><TotalPages>0</TotalPages>'),
			),
		).toEqual({ PageSize: 25, PageNumber: 1, Count: 0, TotalRecords: 0, TotalPages: 0, ParcelIDInfoList: [] });
	});

	test('ignores elements the catalog does not know', () => {
		expect(decodeResponse('WhoAmI', response('WhoAmI', '<UserID>1</UserID><NewField>x</NewField>'))).toEqual({ UserID: 1 });
	});

	test('reads a DataSet into typed rows', () => {
		const { xml, json } = dataSetSample('full');
		expect(decodeResponse('ReportMonthly', response('ReportMonthly', xml))).toEqual(json);
	});

	test('labels rows with their table when a DataSet has several tables', () => {
		const xml =
			'<xs:schema id="NewDataSet" xmlns="" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:msdata="urn:schemas-microsoft-com:xml-msdata">' +
			'<xs:element name="NewDataSet" msdata:IsDataSet="true"><xs:complexType><xs:choice minOccurs="0" maxOccurs="unbounded">' +
			'<xs:element name="Table"><xs:complexType><xs:sequence><xs:element name="A" type="xs:int" minOccurs="0"/></xs:sequence></xs:complexType></xs:element>' +
			'<xs:element name="Table1"><xs:complexType><xs:sequence><xs:element name="B" type="xs:boolean" minOccurs="0"/></xs:sequence></xs:complexType></xs:element>' +
			'</xs:choice></xs:complexType></xs:element></xs:schema>' +
			'<diffgr:diffgram xmlns:msdata="urn:schemas-microsoft-com:xml-msdata" xmlns:diffgr="urn:schemas-microsoft-com:xml-diffgram-v1">' +
			'<NewDataSet xmlns=""><Table diffgr:id="Table1"><A>1</A></Table><Table1 diffgr:id="Table11"><B>true</B></Table1></NewDataSet>' +
			'<diffgr:before><Table diffgr:id="Table1"><A>0</A></Table></diffgr:before></diffgr:diffgram>';
		expect(decodeResponse('InterconnectCount', response('InterconnectCount', xml))).toEqual([
			{ _table: 'Table', A: 1 },
			{ _table: 'Table1', B: true },
		]);
	});

	test('reads DataSet columns as text when there is no schema', () => {
		const xml =
			'<diffgr:diffgram xmlns:diffgr="urn:schemas-microsoft-com:xml-diffgram-v1"><NewDataSet xmlns=""><Table><A>1</A><B/></Table></NewDataSet></diffgr:diffgram>';
		expect(decodeResponse('NetworkStatusSummary', response('NetworkStatusSummary', xml))).toEqual([{ A: '1', B: '' }]);
		expect(decodeResponse('NetworkStatusSummary', response('NetworkStatusSummary', ''))).toEqual([]);
	});

	test('decodes base64 to a Buffer', () => {
		const content = Buffer.from('ISA*00*          *00~\r\n', 'latin1');
		const result = decodeResponse(
			'ParcelDownload',
			response('ParcelDownload', `<ParcelID>5</ParcelID><Content>${content.toString('base64')}</Content>`),
		) as { Content: Buffer };
		expect(Buffer.isBuffer(result.Content)).toBe(true);
		expect(result.Content.equals(content)).toBe(true);
	});

	test('decodes a large text node that is not base64 with its entities', () => {
		const text = `${'x'.repeat(LARGE_TEXT_THRESHOLD)} &amp; more`;
		const result = decodeResponse('ParcelDownloadA', response('ParcelDownloadA', `<ContentBase64String>${text}</ContentBase64String>`));
		expect((result as { ContentBase64String: string }).ContentBase64String).toBe(`${'x'.repeat(LARGE_TEXT_THRESHOLD)} & more`);
	});
});

describe('faults', () => {
	test('reads an ECGridOS SOAP 1.1 fault with its detail', () => {
		try {
			decodeResponse('TPAdd', sampleFault(8, 'Invalid data length.', 'Description', 'Too long (max=35)'));
			throw new Error('expected a fault');
		} catch (error) {
			expect(error).toBeInstanceOf(EcgridosFault);
			expect((error as EcgridosFault).data).toEqual({
				faultCode: 'soap:Server',
				faultString: 'Server was unable to process request. ---> Invalid data length.',
				errorCode: 8,
				errorString: 'Invalid data length.',
				errorItem: 'Description',
				errorMessage: 'Too long (max=35)',
			});
		}
	});

	test('reads a framework fault without ECGridOS detail', () => {
		const xml = soapEnvelope('<soap:Fault><faultcode>soap:Client</faultcode><faultstring>Server was unable to read request.</faultstring><detail /></soap:Fault>');
		expect(() => decodeResponse('WhoAmI', xml)).toThrow(EcgridosFault);
		try {
			decodeResponse('WhoAmI', xml);
		} catch (error) {
			expect((error as EcgridosFault).data).toEqual({ faultCode: 'soap:Client', faultString: 'Server was unable to read request.' });
		}
	});

	test('reads a SOAP 1.2 fault', () => {
		const xml =
			'<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><soap:Fault>' +
			'<soap:Code><soap:Value>soap:Receiver</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">Boom</soap:Text></soap:Reason>' +
			'<soap:Detail><ErrorCode>1</ErrorCode><ErrorString>Session timeout.</ErrorString></soap:Detail></soap:Fault></soap:Body></soap:Envelope>';
		try {
			decodeResponse('WhoAmI', xml);
			throw new Error('expected a fault');
		} catch (error) {
			expect((error as EcgridosFault).data).toEqual({
				faultCode: 'soap:Receiver',
				faultString: 'Boom',
				errorCode: 1,
				errorString: 'Session timeout.',
			});
		}
	});
});

describe('replies that are not SOAP', () => {
	test('an empty body', () => {
		const error = responseError(() => decodeResponse('WhoAmI', '', { statusCode: 200, contentType: 'text/xml' }));
		expect(error.message).toBe('ECGridOS sent an empty reply (HTTP 200, content type text/xml)');
	});

	test('an HTML page', () => {
		const error = responseError(() =>
			decodeResponse('WhoAmI', '<!DOCTYPE html><html><head><title>Login</title></head><body><p>Sign in<br></body></html>', {
				statusCode: 200,
				contentType: 'text/html',
			}),
		);
		expect(error.message).toMatch(/HTML page instead of a SOAP reply/);
		expect(error.message).toMatch(/Login Sign in/);
	});

	test('HTML inside a SOAP envelope is text, not an HTML page', () => {
		// An error message or a document can carry markup; only a reply that is not an envelope is a page.
		const page = '<html><body><p>Sign in</p></body></html>';
		expect(decodeResponse('Version', response('Version', `<![CDATA[${page}]]>`))).toBe(page);
		expect(decodeResponse('Version', response('Version', '&lt;html&gt;'))).toBe('<html>');
	});

	test('an XHTML page that is well-formed XML is still reported as an HTML page', () => {
		const error = responseError(() => decodeResponse('WhoAmI', '<html xmlns="http://www.w3.org/1999/xhtml"><body>Maintenance</body></html>'));
		expect(error.message).toMatch(/HTML page instead of a SOAP reply/);
	});

	test('plain text', () => {
		expect(responseError(() => decodeResponse('WhoAmI', 'Service Unavailable', { statusCode: 503 })).message).toMatch(
			/not XML \(HTTP 503\); the reply began: "Service Unavailable"/,
		);
	});

	test('truncated XML', () => {
		const full = response('WhoAmI', '<UserID>1</UserID>');
		expect(responseError(() => decodeResponse('WhoAmI', full.slice(0, full.length - 30))).message).toMatch(/malformed or truncated/);
	});

	test('the namespace of older ECGridOS versions', () => {
		const xml = soapEnvelope('<WhoAmIResponse xmlns="http://ecgridos.net/"><WhoAmIResult /></WhoAmIResponse>');
		expect(responseError(() => decodeResponse('WhoAmI', xml)).message).toMatch(/namespace "http:\/\/ecgridos.net\/"/);
	});

	test('the response of another operation', () => {
		expect(responseError(() => decodeResponse('WhoAmI', response('TPAdd', '1'))).message).toMatch(/<TPAddResponse>/);
	});

	test('XML that is not an envelope', () => {
		expect(responseError(() => decodeResponse('WhoAmI', `<SessionInfo xmlns="${NS}"/>`)).message).toMatch(/root element <SessionInfo>/);
	});

	test('invalid UTF-8', () => {
		const body = Buffer.concat([Buffer.from(response('Version', 'v')), Buffer.from([0xc3, 0x28])]);
		expect(responseError(() => decodeResponse('Version', body)).message).toMatch(/not valid UTF-8/);
	});

	test('a value that does not match the WSDL type', () => {
		expect(responseError(() => decodeResponse('TPAdd', response('TPAdd', 'abc'))).message).toMatch(/not a valid int/);
	});

	test('DOCTYPE and entity definitions are refused, so nothing expands or is fetched', () => {
		const laughs =
			'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>' +
			'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><VersionResponse xmlns="https://os.ecgrid.io/"><VersionResult>&lol2;</VersionResult></VersionResponse></soap:Body></soap:Envelope>';
		expect(responseError(() => decodeResponse('Version', laughs)).message).toMatch(/DOCTYPE/);
		const external =
			'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>';
		expect(responseError(() => decodeResponse('Version', external)).message).toMatch(/DOCTYPE/);
	});

	test('escaped entity names stay text and references to no character are kept as written', () => {
		expect(decodeResponse('Version', response('Version', 'a &amp;xxe; b'))).toBe('a &xxe; b');
		expect(decodeResponse('Version', response('Version', 'x &#99999999; &#x0; y'))).toBe('x &#99999999; &#x0; y');
	});
});
