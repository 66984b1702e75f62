/**
 * The SOAP codec for ECGridOS, driven entirely by the catalog, like zeep's types: every XSD type
 * knows how to render itself into a request and how to read itself back (xsd/). No operation has
 * its own code.
 *
 * - xmlReader.ts: the hand-written XML reader (safe: no DOCTYPE, no entity expansion).
 * - xsd/: one module per XSD primitive, each holding both directions and the input checks.
 * - values.ts: a value of any catalog type checked and rendered; `validateValue`.
 * - request.ts: request encoding. envelope.ts: the SOAP envelope, SOAPAction and faults.
 * - decode.ts: response decoding by declared type. dataSet.ts: the ADO.NET DataSet reader.
 * - largePayload.ts: large binaries and large replies kept off the ordinary string paths.
 * - errors.ts: the codec's typed errors.
 */
export {
	EcgridosFault,
	EcgridosInputError,
	EcgridosResponseError,
	excerptOf,
	type EcgridosFaultData,
	type FaultKind,
	type InputErrorKind,
	type ResponseContext,
	type ResponseErrorKind,
	type ValuePlace,
} from './errors';
export { SOAP11_NAMESPACE, SOAP12_NAMESPACE, soapAction } from './envelope';
export { encodeEnvelope, encodeRequest, type RequestEnvelope } from './request';
export { decodeResponse, type DecodeKind } from './decode';
export {
	envelopeBytes,
	readInPieces,
	streamedEnvelope,
	streamedEnvelopeBytes,
	streamedEnvelopeChunks,
	textPieces,
	type StreamedEnvelope,
} from './largePayload';
export { LARGE_TEXT_THRESHOLD } from './xmlReader';
export { validateValue } from './values';
export { base64Text, canonicalBase64Bytes, type Base64Text, type StreamedBinary } from './xsd/base64Binary';
export { normalizeDateTime } from './xsd/dateTime';
export { encodeString, escapeXmlText } from './xsd/string';
