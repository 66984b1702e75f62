/**
 * Representative requests and responses for every catalog operation, written independently of the
 * codec: request values for every parameter, and response XML together with the JSON the codec must
 * decode it to. Used by the table-driven transport tests and validated against the WSDL schema.
 */
import { catalog, type CatalogField } from '../../nodes/ECGridOS/catalog';

export const SERVICE_NAMESPACE = 'https://os.ecgrid.io/';
export const LARGE_LONG = '9223372036854775807';
export const SMALL_LONG = 42;

const SAMPLE_BYTES = Buffer.from([0, 1, 2, 250, 255, 10, 13]);

/** A value for one parameter of `type`, chosen to exercise escaping and ranges. */
export function sampleParameterValue(field: CatalogField, index: number): unknown {
	switch (field.type) {
		case 'string':
			return `${field.name} <&> "quoted" 'single' line\r\nnext`;
		case 'int':
			return index % 2 === 0 ? 2147483647 : -2147483648;
		case 'short':
			return index % 2 === 0 ? 32767 : '-32768';
		case 'long':
			return index % 2 === 0 ? LARGE_LONG : 9007199254740993n;
		case 'unsignedByte':
			return index % 2 === 0 ? 255 : 0;
		case 'boolean':
			return index % 2 === 0;
		case 'dateTime':
			return index % 2 === 0 ? new Date(Date.UTC(2024, 4, 1, 13, 0, 0)) : '2024-05-01T08:00:00-05:00';
		case 'float':
			return -5.5;
		case 'base64Binary':
			return SAMPLE_BYTES;
	}
	const values = catalog.enums[field.type];
	if (values) return values[index % values.length];
	throw new Error(`No sample for parameter type ${field.type}`);
}

/** Values for every parameter of `operation`. */
export function sampleRequestValues(operation: string): Record<string, unknown> {
	const values: Record<string, unknown> = {};
	catalog.operations[operation].parameters.forEach((field, index) => {
		values[field.name] = sampleParameterValue(field, index);
	});
	return values;
}

export type ResponseVariant = 'full' | 'single' | 'empty';

export interface SampleResponse {
	/** The SOAP envelope ECGridOS would send. */
	xml: string;
	/** What decodeResponse must return for it. */
	expected: unknown;
}

function escapeText(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

interface Built {
	xml: string;
	json: unknown;
}

/** Content and decoded JSON for a primitive or enum of `type`; `seed` varies the sample. */
function primitiveSample(type: string, seed: number): Built | undefined {
	switch (type) {
		case 'string': {
			const text = seed % 3 === 0 ? '' : `text ${seed} <&> "q" 'a' é 😀\r\n`;
			return { xml: escapeText(text), json: text };
		}
		case 'int':
			return { xml: String(-2147483648 + seed), json: -2147483648 + seed };
		case 'short':
			return { xml: String(32767 - seed), json: 32767 - seed };
		case 'long':
			return seed % 2 === 0 ? { xml: LARGE_LONG, json: LARGE_LONG } : { xml: String(SMALL_LONG), json: SMALL_LONG };
		case 'unsignedByte':
			return { xml: String(seed % 256), json: seed % 256 };
		case 'float':
			return { xml: '-5.5', json: -5.5 };
		case 'boolean':
			return seed % 2 === 0 ? { xml: 'true', json: true } : { xml: '0', json: false };
		case 'dateTime':
			return seed % 2 === 0
				? { xml: '2024-05-01T08:00:00.1234567-05:00', json: '2024-05-01T13:00:00.1234567Z' }
				: { xml: '0001-01-01T00:00:00', json: '0001-01-01T00:00:00' };
		case 'base64Binary': {
			const bytes = Buffer.from(`binary ${seed} \u0000\u00ff`, 'latin1');
			return { xml: bytes.toString('base64'), json: bytes };
		}
	}
	const values = catalog.enums[type];
	if (values) {
		const value = values[seed % values.length];
		return { xml: value, json: value };
	}
	return undefined;
}

function arrayItem(type: string): CatalogField | undefined {
	const fields = catalog.types[type]?.fields;
	return fields && fields.length === 1 && fields[0].repeated ? fields[0] : undefined;
}

const MAX_DEPTH = 3;

/** Children XML and decoded JSON of a complex value of `type`. */
function complexSample(type: string, variant: ResponseVariant, depth: number, seed: number): Built {
	const item = arrayItem(type);
	if (item) {
		const count = variant === 'full' ? 2 : variant === 'single' ? 1 : 0;
		let xml = '';
		const json: unknown[] = [];
		for (let index = 0; index < count; index++) {
			const built = valueSample(item.type, variant, depth + 1, seed + index);
			xml += `<${item.name}>${built.xml}</${item.name}>`;
			json.push(built.json);
			if (variant === 'full' && index === 0 && item.nillable) {
				xml += `<${item.name} xsi:nil="true" />`;
			}
		}
		return { xml, json };
	}
	const fields = catalog.types[type].fields;
	let xml = '';
	const json: Record<string, unknown> = {};
	fields.forEach((field, index) => {
		const isComplex = primitiveSample(field.type, 0) === undefined && field.type !== 'DataSet';
		if (!field.required) {
			if (variant === 'empty') {
				if (type.endsWith('Collection') && arrayItem(field.type)) json[field.name] = [];
				return;
			}
			if (isComplex && depth >= MAX_DEPTH) {
				if (type.endsWith('Collection') && arrayItem(field.type)) json[field.name] = [];
				return;
			}
		}
		const built = valueSample(field.type, variant, depth + 1, seed + index);
		xml += `<${field.name}>${built.xml}</${field.name}>`;
		json[field.name] = built.json;
	});
	return { xml, json };
}

function valueSample(type: string, variant: ResponseVariant, depth: number, seed: number): Built {
	if (type === 'DataSet') return dataSetSample(variant);
	return primitiveSample(type, seed) ?? complexSample(type, variant, depth, seed);
}

/** An ADO.NET DataSet as ASP.NET serializes it: inline schema, then a diffgram of rows. */
export function dataSetSample(variant: ResponseVariant): Built {
	const schema =
		'<xs:schema id="NewDataSet" xmlns="" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:msdata="urn:schemas-microsoft-com:xml-msdata">' +
		'<xs:element name="NewDataSet" msdata:IsDataSet="true" msdata:UseCurrentLocale="true"><xs:complexType>' +
		'<xs:choice minOccurs="0" maxOccurs="unbounded"><xs:element name="Table"><xs:complexType><xs:sequence>' +
		'<xs:element name="NetworkID" type="xs:int" minOccurs="0" />' +
		'<xs:element name="Name" type="xs:string" minOccurs="0" />' +
		'<xs:element name="Interchanges" type="xs:long" minOccurs="0" />' +
		'<xs:element name="Bytes" type="xs:decimal" minOccurs="0" />' +
		'<xs:element name="Active" type="xs:boolean" minOccurs="0" />' +
		'<xs:element name="Month" type="xs:dateTime" minOccurs="0" />' +
		'</xs:sequence></xs:complexType></xs:element></xs:choice></xs:complexType></xs:element></xs:schema>';
	const rows =
		variant === 'empty'
			? []
			: variant === 'single'
				? [{ NetworkID: 1, Name: 'Loren <Data>', Interchanges: LARGE_LONG, Bytes: 1234.5, Active: true, Month: '2024-05-01T00:00:00-04:00' }]
				: [
						{ NetworkID: 1, Name: 'Loren <Data>', Interchanges: LARGE_LONG, Bytes: 1234.5, Active: true, Month: '2024-05-01T00:00:00-04:00' },
						{ NetworkID: 2, Interchanges: 7, Active: false },
					];
	const rowXml = rows
		.map(
			(row, index) =>
				`<Table diffgr:id="Table${index + 1}" msdata:rowOrder="${index}">` +
				Object.entries(row)
					.map(([column, value]) => `<${column}>${escapeText(String(value))}</${column}>`)
					.join('') +
				'</Table>',
		)
		.join('');
	const xml =
		schema +
		'<diffgr:diffgram xmlns:msdata="urn:schemas-microsoft-com:xml-msdata" xmlns:diffgr="urn:schemas-microsoft-com:xml-diffgram-v1">' +
		(rows.length > 0 ? `<NewDataSet xmlns="">${rowXml}</NewDataSet>` : '') +
		'</diffgr:diffgram>';
	const json = rows.map((row) => ({
		NetworkID: row.NetworkID,
		Name: 'Name' in row ? row.Name : null,
		Interchanges: row.Interchanges,
		Bytes: 'Bytes' in row ? row.Bytes : null,
		Active: row.Active,
		Month: 'Month' in row ? '2024-05-01T04:00:00Z' : null,
	}));
	return { xml, json };
}

export function soapEnvelope(bodyContent: string): string {
	return (
		'<?xml version="1.0" encoding="utf-8"?>' +
		'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
		`<soap:Body>${bodyContent}</soap:Body></soap:Envelope>`
	);
}

/** The response envelope of `operation` for `variant`, with the JSON it decodes to. */
export function sampleResponse(operation: string, variant: ResponseVariant): SampleResponse {
	const { result } = catalog.operations[operation];
	const built = valueSample(result.type, variant, 0, 1);
	const xml = soapEnvelope(
		`<${operation}Response xmlns="${SERVICE_NAMESPACE}"><${result.name}>${built.xml}</${result.name}></${operation}Response>`,
	);
	return { xml, expected: built.json };
}

/** A SOAP 1.1 fault as ASP.NET sends it for an ECGridOS error. */
export function sampleFault(errorCode: number, errorString: string, errorItem = '', errorMessage = ''): string {
	return soapEnvelope(
		'<soap:Fault><faultcode>soap:Server</faultcode>' +
			`<faultstring>Server was unable to process request. ---&gt; ${escapeText(errorString)}</faultstring>` +
			`<detail><ErrorCode>${errorCode}</ErrorCode><ErrorString>${escapeText(errorString)}</ErrorString>` +
			`<ErrorItem>${escapeText(errorItem)}</ErrorItem><ErrorMessage>${escapeText(errorMessage)}</ErrorMessage></detail>` +
			'</soap:Fault>',
	);
}
