/**
 * Table-driven tests generated from the catalog: every one of the 221 operations is encoded with a
 * value for every parameter and decoded from full, single-item and empty responses. Envelopes and
 * responses are validated against the WSDL's schema (when the WSDL is present, as on CI).
 */
import { XMLParser } from 'fast-xml-parser';

import { OPERATION_NAMES, catalog } from '../../nodes/ECGridOS/catalog';
import { decodeResponse, encodeRequest, soapAction } from '../../nodes/ECGridOS/transport/soap';
import { sampleRequestValues, sampleResponse, type ResponseVariant } from '../support/catalogSamples';
import { describeWithWsdl, validateAllAgainstWsdlSchema } from '../support/wsdlSchema';

const VARIANTS: ResponseVariant[] = ['full', 'single', 'empty'];

const orderedParser = new XMLParser({ preserveOrder: true, ignoreAttributes: false });

function bodyChildren(envelope: string): string[] {
	const [, envelopeNode] = orderedParser.parse(envelope) as Array<Record<string, unknown>>;
	const body = (envelopeNode['soap:Envelope'] as Array<Record<string, unknown>>)[0]['soap:Body'] as Array<
		Record<string, unknown>
	>;
	const operationElement = body[0];
	const name = Object.keys(operationElement).find((key) => key !== ':@') as string;
	return (operationElement[name] as Array<Record<string, unknown>>).map(
		(child) => Object.keys(child).find((key) => key !== ':@') as string,
	);
}

test('the catalog has the 221 operations this suite covers', () => {
	expect(OPERATION_NAMES).toHaveLength(221);
});

describe.each(OPERATION_NAMES)('%s', (operation) => {
	test('encodes every parameter, in catalog order, with its SOAPAction', () => {
		const envelope = encodeRequest(operation, sampleRequestValues(operation));
		expect(bodyChildren(envelope)).toEqual(catalog.operations[operation].parameters.map((field) => field.name));
		expect(soapAction(operation)).toBe(`"https://os.ecgrid.io/${operation}"`);
		expect(envelope).toContain(`<${operation} xmlns="https://os.ecgrid.io/">`);
	});

	test.each(VARIANTS)('decodes a %s response', (variant) => {
		const { xml, expected } = sampleResponse(operation, variant);
		expect(decodeResponse(operation, xml)).toEqual(expected);
	});
});

describeWithWsdl('against the WSDL schema (libxml2)', () => {
	test('every encoded request envelope is valid', async () => {
		const envelopes = OPERATION_NAMES.map((operation) => encodeRequest(operation, sampleRequestValues(operation)));
		const results = await validateAllAgainstWsdlSchema(envelopes);
		const invalid = results
			.map((result, index) => ({ operation: OPERATION_NAMES[index], errors: result.errors }))
			.filter((entry) => entry.errors.length > 0);
		expect(invalid).toEqual([]);
	});

	test('every sample response the decoding tests use is valid', async () => {
		const documents = OPERATION_NAMES.flatMap((operation) =>
			VARIANTS.map((variant) => ({ operation, variant, xml: sampleResponse(operation, variant).xml })),
		);
		const results = await validateAllAgainstWsdlSchema(documents.map((document) => document.xml));
		const invalid = results
			.map((result, index) => ({ ...documents[index], xml: undefined, errors: result.errors }))
			.filter((entry) => entry.errors.length > 0);
		expect(invalid).toEqual([]);
	});

	test('the validator rejects what the WSDL forbids', async () => {
		const envelope = encodeRequest('TPInfo', { SessionID: 's', ECGridID: 5 });
		const [unqualified, wrongType, missingRequired, wrongOrder] = await validateAllAgainstWsdlSchema([
			envelope.replace('<TPInfo xmlns="https://os.ecgrid.io/">', '<x:TPInfo xmlns:x="https://os.ecgrid.io/">').replace('</TPInfo>', '</x:TPInfo>'),
			envelope.replace('<ECGridID>5</ECGridID>', '<ECGridID>five</ECGridID>'),
			envelope.replace('<ECGridID>5</ECGridID>', ''),
			encodeRequest('TPUpdateDescription', { SessionID: 's', ECGridID: 1, Description: 'd' }).replace(
				'<ECGridID>1</ECGridID><Description>d</Description>',
				'<Description>d</Description><ECGridID>1</ECGridID>',
			),
		]);
		expect(unqualified.valid).toBe(false);
		expect(wrongType.valid).toBe(false);
		expect(missingRequired.valid).toBe(false);
		expect(wrongOrder.valid).toBe(false);
	});
});
