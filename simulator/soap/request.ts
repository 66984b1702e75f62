/**
 * Reads a SOAP 1.1 request by the catalog: finds the operation element, checks it against the
 * SOAPAction header, and types every parameter (ints, longs, booleans, dateTime, base64 → Buffer,
 * enums) in the WSDL's terms.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { randomBytes } from 'node:crypto';
import { catalog, enumValues, INTEGER_RANGES, isEnumType, SERVICE_NAMESPACE, type CatalogField } from '../catalog';
import { defaultValue } from './defaults';
import { FrameworkFault } from './faults';
import { parseDateTime } from './xmlText';

const SOAP11_ENVELOPE_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';

/** Typed parameter values; a long beyond JavaScript's safe integers stays a bigint. */
export type ParameterValue = string | number | bigint | boolean | Date | Buffer | undefined;

export interface SoapRequest {
	operationName: string;
	values: Record<string, ParameterValue>;
}

/** Text runs longer than this are cut out before parsing so a 100 MB parcel is never tokenised. */
const LARGE_TEXT_THRESHOLD = 8192;

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@_',
	removeNSPrefix: false,
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: false,
	processEntities: false,
});

type XmlNode = Record<string, unknown>;

export function parseSoapRequest(body: Buffer, soapActionHeader: string | undefined): SoapRequest {
	let text = body.toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
		throw new FrameworkFault('soap:Client', 'Server was unable to read request. ---> DTD is prohibited in this XML document.');
	}
	const { text: slimText, blobs } = cutOutLargeText(text);
	const validation = XMLValidator.validate(slimText);
	if (validation !== true) {
		throw new FrameworkFault(
			'soap:Client',
			`Server was unable to read request. ---> There is an error in XML document (${validation.err.line}, ${validation.err.col}).`,
		);
	}
	const document = parser.parse(slimText) as XmlNode;
	const { operationName, operationNode } = findOperation(document);
	checkSoapAction(soapActionHeader, operationName);
	const operation = catalog.operations[operationName];
	const children = childrenByLocalName(operationNode);
	const values: Record<string, ParameterValue> = {};
	for (const parameter of operation.parameters) {
		const raw = children.get(parameter.name);
		values[parameter.name] = typeParameter(parameter, raw === undefined ? undefined : leafText(raw, blobs));
	}
	return { operationName, values };
}

function cutOutLargeText(text: string): { text: string; blobs: Map<string, string> } {
	const blobs = new Map<string, string>();
	const nonce = randomBytes(6).toString('hex');
	const pieces: string[] = [];
	let copiedUpTo = 0;
	let position = 0;
	for (;;) {
		const tagEnd = text.indexOf('>', position);
		if (tagEnd === -1) break;
		const nextTag = text.indexOf('<', tagEnd + 1);
		if (nextTag === -1) break;
		if (nextTag - tagEnd - 1 > LARGE_TEXT_THRESHOLD) {
			const token = `SIMBLOB${nonce}N${blobs.size}`;
			blobs.set(token, text.slice(tagEnd + 1, nextTag));
			pieces.push(text.slice(copiedUpTo, tagEnd + 1), token);
			copiedUpTo = nextTag;
		}
		position = nextTag;
	}
	if (blobs.size === 0) return { text, blobs };
	pieces.push(text.slice(copiedUpTo));
	return { text: pieces.join(''), blobs };
}

function localName(qualifiedName: string): string {
	const colon = qualifiedName.indexOf(':');
	return colon === -1 ? qualifiedName : qualifiedName.slice(colon + 1);
}

function prefixOf(qualifiedName: string): string {
	const colon = qualifiedName.indexOf(':');
	return colon === -1 ? '' : qualifiedName.slice(0, colon);
}

function elementKeys(node: XmlNode): string[] {
	return Object.keys(node).filter((key) => !key.startsWith('@_') && key !== '#text' && key !== '?xml');
}

function namespaceDeclarations(node: unknown, into: Map<string, string>): void {
	if (!node || typeof node !== 'object') return;
	for (const [key, value] of Object.entries(node as XmlNode)) {
		if (key === '@_xmlns') into.set('', String(value));
		else if (key.startsWith('@_xmlns:')) into.set(key.slice('@_xmlns:'.length), String(value));
	}
}

function findOperation(document: XmlNode): { operationName: string; operationNode: XmlNode } {
	const clientFault = (message: string) => new FrameworkFault('soap:Client', message);
	const namespaces = new Map<string, string>();
	const envelopeKey = elementKeys(document).find((key) => localName(key) === 'Envelope');
	if (!envelopeKey) throw clientFault('Server was unable to read request. ---> The root element is not a SOAP envelope.');
	const envelope = document[envelopeKey] as XmlNode;
	namespaceDeclarations(envelope, namespaces);
	if (namespaces.get(prefixOf(envelopeKey)) !== SOAP11_ENVELOPE_NAMESPACE) {
		throw new FrameworkFault('soap:Client', 'Possible SOAP version mismatch: Envelope namespace was unexpected. Expecting http://schemas.xmlsoap.org/soap/envelope/.');
	}
	const bodyKey = typeof envelope === 'object' ? elementKeys(envelope).find((key) => localName(key) === 'Body') : undefined;
	if (!bodyKey || Array.isArray(envelope[bodyKey])) throw clientFault('Server was unable to read request. ---> The envelope has no single Body.');
	const body = envelope[bodyKey] as XmlNode;
	namespaceDeclarations(body, namespaces);
	const operationKeys = typeof body === 'object' ? elementKeys(body) : [];
	if (operationKeys.length !== 1 || Array.isArray(body[operationKeys[0]])) {
		throw clientFault('Server was unable to read request. ---> The Body must hold exactly one operation element.');
	}
	const operationKey = operationKeys[0];
	const operationNode = (typeof body[operationKey] === 'object' ? body[operationKey] : {}) as XmlNode;
	namespaceDeclarations(operationNode, namespaces);
	const operationName = localName(operationKey);
	const namespace = namespaces.get(prefixOf(operationKey));
	if (namespace !== SERVICE_NAMESPACE || !Object.prototype.hasOwnProperty.call(catalog.operations, operationName)) {
		throw clientFault(`Server did not recognize the value of HTTP Header SOAPAction: ${operationName}.`);
	}
	return { operationName, operationNode };
}

function checkSoapAction(header: string | undefined, operationName: string): void {
	const action = (header ?? '').trim().replace(/^"(.*)"$/, '$1');
	if (action !== catalog.operations[operationName].soapAction) {
		throw new FrameworkFault('soap:Client', `Server did not recognize the value of HTTP Header SOAPAction: ${action}.`);
	}
}

function childrenByLocalName(node: XmlNode): Map<string, unknown> {
	const children = new Map<string, unknown>();
	for (const key of elementKeys(node)) {
		const value = node[key];
		// A repeated scalar parameter is a client error in XmlSerializer terms; the first one wins there too.
		children.set(localName(key), Array.isArray(value) ? value[0] : value);
	}
	return children;
}

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
	return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_match, entity: string) => {
		if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
		if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
		return XML_ENTITIES[entity];
	});
}

/** The text of a leaf element, or undefined when it is xsi:nil. */
function leafText(raw: unknown, blobs: Map<string, string>): string | undefined {
	if (raw !== null && typeof raw === 'object') {
		const node = raw as XmlNode;
		const nilKey = Object.keys(node).find((key) => key.startsWith('@_') && localName(key.slice(2)) === 'nil');
		if (nilKey && String(node[nilKey]) === 'true') return undefined;
		if (elementKeys(node).length > 0) {
			throw new FrameworkFault('soap:Client', 'Server was unable to read request. ---> A parameter holds child elements where text was expected.');
		}
		raw = node['#text'] ?? '';
	}
	const text = String(raw ?? '');
	const blob = blobs.get(text.trim());
	return blob !== undefined ? blob : decodeEntities(text);
}

function unreadable(parameter: CatalogField, detail: string): FrameworkFault {
	return new FrameworkFault('soap:Client', `Server was unable to read request. ---> ${parameter.name}: ${detail}`);
}

function typeParameter(parameter: CatalogField, text: string | undefined): ParameterValue {
	const { type } = parameter;
	if (text === undefined) return defaultValue(type);
	if (type === 'string') return text;
	const trimmed = text.trim();
	const range = INTEGER_RANGES[type];
	if (range) {
		if (!/^[+-]?\d+$/.test(trimmed)) throw unreadable(parameter, 'Input string was not in a correct format.');
		const value = BigInt(trimmed);
		if (value < range.min || value > range.max) throw unreadable(parameter, `Value was either too large or too small for ${type}.`);
		return value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER) ? value : Number(value);
	}
	switch (type) {
		case 'boolean':
			if (trimmed === 'true' || trimmed === '1') return true;
			if (trimmed === 'false' || trimmed === '0') return false;
			throw unreadable(parameter, 'The string was not recognized as a valid Boolean.');
		case 'float': {
			const value = Number(trimmed);
			if (trimmed === '' || Number.isNaN(value)) throw unreadable(parameter, 'Input string was not in a correct format.');
			return value;
		}
		case 'dateTime': {
			const value = parseDateTime(trimmed);
			if (!value) throw unreadable(parameter, 'The string was not recognized as a valid DateTime.');
			return value;
		}
		case 'base64Binary':
			if (!/^[A-Za-z0-9+/=\s]*$/.test(trimmed)) throw unreadable(parameter, 'Invalid character in a Base-64 string.');
			return Buffer.from(trimmed, 'base64');
	}
	if (isEnumType(type)) {
		if (!enumValues(type).includes(trimmed)) throw unreadable(parameter, `Instance validation error: '${trimmed}' is not a valid value for ${type}.`);
		return trimmed;
	}
	throw unreadable(parameter, `unsupported parameter type ${type}`);
}
