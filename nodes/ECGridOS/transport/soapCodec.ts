/**
 * The SOAP codec for ECGridOS, driven entirely by the catalog: every XSD type knows how to render
 * itself into a request and how to read itself back from a response. No operation has its own code.
 *
 * Decoded JSON shapes, by declared type:
 * - int, short, unsignedByte, float: number (a float that is INF/NaN stays the string sent).
 * - long: number when it is a safe integer, otherwise the decimal string, so that 64-bit IDs never
 *   lose precision. Callers that need exact arithmetic use `BigInt(value)` on either form.
 * - boolean: boolean. Enums and strings: string (an empty element is '').
 * - dateTime: an ISO-8601 string. A value carrying a zone (Z or ±hh:mm) is normalized to UTC with
 *   its fractional digits kept; a zone-less value (.NET `Unspecified`, e.g. 0001-01-01T00:00:00) is
 *   returned exactly as sent, because inventing a zone would shift it.
 * - base64Binary: Buffer.
 * - `ArrayOfX`: always an array (0, 1 or n items); nil items are skipped.
 * - `…Collection`: an object with PageSize, PageNumber, Count, TotalRecords, TotalPages and the
 *   `…List` as an array (an array even when the element is missing).
 * - DataSet: an array of row objects. Column types come from the inline xs:schema where it gives
 *   them (otherwise strings); a column the schema declares but a row omits (.NET omits nulls) is
 *   null. When the DataSet holds more than one table, rows of all tables come in document order
 *   and each row carries `_table` with its table name.
 * - Complex types: an object with the catalog's fields; an optional field that is absent stays
 *   absent, an empty element of a complex type is {}, xsi:nil is null. Elements the catalog does
 *   not know are ignored, so a newer server build does not break older nodes.
 *
 * Large payloads: text nodes above LARGE_TEXT_THRESHOLD characters are cut out of the XML before it
 * is parsed and decoded straight from the original string (base64 goes directly into a Buffer), so
 * a 100 MB parcel costs a small multiple of its size rather than a DOM of it.
 *
 * Safety: a reply with a DOCTYPE is rejected outright, and only the five predefined XML entities and
 * character references are decoded, so nothing is fetched and nothing expands.
 */
import { isUtf8 } from 'buffer';

import {
	INTEGER_RANGES,
	SERVICE_NAMESPACE,
	arrayItemField,
	catalog,
	getOperation,
	isComplexType,
	isEnumType,
	type CatalogField,
} from '../catalog';

export const SOAP11_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NAMESPACE = 'http://www.w3.org/2003/05/soap-envelope';
const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';
const XSD_NAMESPACE = 'http://www.w3.org/2001/XMLSchema';
const MSDATA_NAMESPACE = 'urn:schemas-microsoft-com:xml-msdata';
const DIFFGRAM_NAMESPACE = 'urn:schemas-microsoft-com:xml-diffgram-v1';

/** Text nodes at least this long are decoded outside the XML parser. */
export const LARGE_TEXT_THRESHOLD = 64 * 1024;

/** A value the caller supplied cannot be sent; raised before any network call. */
export class EcgridosInputError extends Error {
	constructor(
		readonly operation: string,
		readonly parameter: string,
		problem: string,
	) {
		super(`${parameter}: ${problem}`);
		this.name = 'EcgridosInputError';
	}
}

export interface EcgridosFaultData {
	faultCode: string;
	faultString: string;
	/** ECGridOS `ErrorCode` from the fault detail (see retCodes.ts); absent on framework faults. */
	errorCode?: number;
	errorString?: string;
	errorItem?: string;
	errorMessage?: string;
}

/** ECGridOS answered with a SOAP fault. */
export class EcgridosFault extends Error {
	constructor(
		readonly operation: string,
		readonly data: EcgridosFaultData,
	) {
		super(data.errorString ?? data.faultString);
		this.name = 'EcgridosFault';
	}
}

export interface ResponseContext {
	statusCode?: number;
	contentType?: string;
}

/** The reply is not a usable SOAP message for this operation (HTML page, empty, truncated, …). */
export class EcgridosResponseError extends Error {
	constructor(
		readonly operation: string,
		problem: string,
		readonly context: ResponseContext & { excerpt?: string },
	) {
		super(`${problem}${describeContext(context)}`);
		this.name = 'EcgridosResponseError';
	}
}

function describeContext(context: ResponseContext & { excerpt?: string }): string {
	const parts: string[] = [];
	if (context.statusCode !== undefined) parts.push(`HTTP ${context.statusCode}`);
	if (context.contentType) parts.push(`content type ${context.contentType}`);
	let text = parts.length > 0 ? ` (${parts.join(', ')})` : '';
	if (context.excerpt) text += `; the reply began: "${context.excerpt}"`;
	return text;
}

/** A short, printable excerpt of a reply for error messages. */
export function excerptOf(body: string, maxLength = 200): string {
	const printable = body
		.slice(0, maxLength * 4)
		.replace(/[^\x20-\x7e\u00a0-\uffff]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return printable.length > maxLength ? `${printable.slice(0, maxLength)}…` : printable;
}

// ---------------------------------------------------------------- encoding

/** A string that already holds base64 text, for a base64Binary parameter (the `…A`-less variants). */
export interface Base64Text {
	readonly base64: string;
}

const BASE64_TEXT = /^[A-Za-z0-9+/\r\n\t ]*={0,2}[\r\n\t ]*$/;

/** Marks `text` as base64 already, so the codec sends it as is instead of refusing a plain string. */
export function base64Text(text: string): Base64Text {
	if (!BASE64_TEXT.test(text)) throw new TypeError('The text is not valid base64');
	return { base64: text };
}

function isBase64Text(value: unknown): value is Base64Text {
	return typeof value === 'object' && value !== null && typeof (value as Base64Text).base64 === 'string';
}

// Characters XML 1.0 cannot carry at all, not even as character references.
const ILLEGAL_XML_CHARACTER = /[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

function escapeXmlText(text: string, operation: string, parameter: string): string {
	const illegal = ILLEGAL_XML_CHARACTER.exec(text);
	if (illegal) {
		const code = illegal[0].codePointAt(0) ?? 0;
		throw new EcgridosInputError(
			operation,
			parameter,
			`contains the character U+${code.toString(16).toUpperCase().padStart(4, '0')} at position ${illegal.index}, which XML cannot carry; remove it or send the data as binary`,
		);
	}
	// CR is escaped because XML parsers turn a literal CR into LF, and EDI segment terminators matter.
	return text.replace(/[&<>"'\r]/g, (character) => XML_ESCAPES[character]);
}

const XML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&apos;',
	'\r': '&#13;',
};

function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
	if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'an object';
	return `${typeof value} ${String(value)}`;
}

function encodeInteger(type: string, value: unknown, operation: string, parameter: string): string {
	const range = INTEGER_RANGES[type];
	let integer: bigint;
	if (typeof value === 'bigint') {
		integer = value;
	} else if (typeof value === 'number') {
		if (!Number.isInteger(value)) {
			throw new EcgridosInputError(operation, parameter, `must be a whole number, got ${value}`);
		}
		if (!Number.isSafeInteger(value)) {
			throw new EcgridosInputError(
				operation,
				parameter,
				`${value} is too large to be exact as a JavaScript number; pass it as a string`,
			);
		}
		integer = BigInt(value);
	} else if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) {
		integer = BigInt(value.trim());
	} else {
		throw new EcgridosInputError(operation, parameter, `must be a whole number, got ${describeValue(value)}`);
	}
	if (integer < range.min || integer > range.max) {
		throw new EcgridosInputError(
			operation,
			parameter,
			`${integer} is outside the range of ${type} (${range.min} to ${range.max})`,
		);
	}
	return integer.toString();
}

const XSD_DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const XSD_DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether the date and time fields name a real moment (Date.parse would roll 2024-02-31 over to March). */
function isCalendarDateTime(text: string): boolean {
	const [year, month, day, hour = 0, minute = 0, second = 0] = (text.match(/\d+/g) ?? []).map(Number);
	const moment = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
	moment.setUTCFullYear(year);
	return (
		moment.getUTCFullYear() === year &&
		moment.getUTCMonth() === month - 1 &&
		moment.getUTCDate() === day &&
		moment.getUTCHours() === hour &&
		moment.getUTCMinutes() === minute &&
		moment.getUTCSeconds() === second
	);
}

function encodeDateTime(value: unknown, operation: string, parameter: string): string {
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw new EcgridosInputError(operation, parameter, 'is an invalid date');
		return value.toISOString();
	}
	let text: unknown = value;
	// Luxon DateTime (what n8n expressions give) and similar objects.
	if (typeof value === 'object' && value !== null && typeof (value as { toISO?: unknown }).toISO === 'function') {
		text = (value as { toISO: () => unknown }).toISO();
	}
	if (typeof text === 'string') {
		const trimmed = text.trim();
		if (XSD_DATE_ONLY.test(trimmed) && isCalendarDateTime(trimmed)) return `${trimmed}T00:00:00`;
		if (XSD_DATE_TIME.test(trimmed) && isCalendarDateTime(trimmed)) return trimmed;
	}
	throw new EcgridosInputError(
		operation,
		parameter,
		`must be a date and time (ISO-8601, e.g. 2024-05-01T13:00:00Z), got ${describeValue(value)}`,
	);
}

function encodeBoolean(value: unknown, operation: string, parameter: string): string {
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase();
	throw new EcgridosInputError(operation, parameter, `must be true or false, got ${describeValue(value)}`);
}

function encodeEnum(type: string, value: unknown, operation: string, parameter: string): string {
	const allowed = catalog.enums[type];
	if (typeof value === 'string') {
		if (allowed.includes(value)) return value;
		const caseInsensitive = allowed.filter((name) => name.toLowerCase() === value.trim().toLowerCase());
		if (caseInsensitive.length === 1) return caseInsensitive[0];
	}
	throw new EcgridosInputError(
		operation,
		parameter,
		`must be one of ${allowed.join(', ')}; got ${describeValue(value)}`,
	);
}

function encodeBase64(value: unknown, operation: string, parameter: string): string {
	if (Buffer.isBuffer(value)) return value.toString('base64');
	if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
	if (isBase64Text(value)) {
		if (!BASE64_TEXT.test(value.base64)) throw new EcgridosInputError(operation, parameter, 'is not valid base64 text');
		return value.base64.replace(/[\r\n\t ]+/g, '');
	}
	throw new EcgridosInputError(
		operation,
		parameter,
		`must be binary data (a Buffer); got ${describeValue(value)}. Wrap text that is already base64 with base64Text()`,
	);
}

function encodeString(value: unknown, operation: string, parameter: string): string {
	if (typeof value === 'string') return escapeXmlText(value, operation, parameter);
	if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
	throw new EcgridosInputError(operation, parameter, `must be text, got ${describeValue(value)}`);
}

function encodeFloat(value: unknown, operation: string, parameter: string): string {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number === 'number' && Number.isFinite(number)) return String(number);
	throw new EcgridosInputError(operation, parameter, `must be a number, got ${describeValue(value)}`);
}

/** The element content for one value of `type`; complex types recurse through their fields. */
function encodeContent(type: string, value: unknown, operation: string, parameter: string): string {
	switch (type) {
		case 'string':
			return encodeString(value, operation, parameter);
		case 'int':
		case 'short':
		case 'long':
		case 'unsignedByte':
			return encodeInteger(type, value, operation, parameter);
		case 'float':
			return encodeFloat(value, operation, parameter);
		case 'boolean':
			return encodeBoolean(value, operation, parameter);
		case 'dateTime':
			return encodeDateTime(value, operation, parameter);
		case 'base64Binary':
			return encodeBase64(value, operation, parameter);
	}
	if (isEnumType(type)) return encodeEnum(type, value, operation, parameter);
	if (isComplexType(type)) {
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			throw new EcgridosInputError(operation, parameter, `must be an object of type ${type}`);
		}
		return encodeFields(catalog.types[type].fields, value as Record<string, unknown>, operation, `${parameter}.`);
	}
	throw new EcgridosInputError(operation, parameter, `has the type ${type}, which cannot be sent`);
}

function encodeFields(
	fields: CatalogField[],
	values: Record<string, unknown>,
	operation: string,
	path: string,
): string {
	const known = new Set(fields.map((field) => field.name));
	for (const key of Object.keys(values)) {
		if (!known.has(key)) {
			throw new EcgridosInputError(operation, `${path}${key}`, `is not a parameter of ${operation}`);
		}
	}
	let xml = '';
	for (const field of fields) {
		const name = `${path}${field.name}`;
		const value = values[field.name];
		if (value === undefined || value === null) {
			if (field.required) throw new EcgridosInputError(operation, name, `is required (type ${field.type})`);
			continue;
		}
		const items = field.repeated ? (Array.isArray(value) ? value : [value]) : [value];
		for (const item of items) {
			xml += `<${field.name}>${encodeContent(field.type, item, operation, name)}</${field.name}>`;
		}
	}
	return xml;
}

/**
 * The SOAP 1.1 envelope for `operationName` with `values` keyed by parameter name. Parameters go out
 * in catalog order; missing optional strings and binaries are omitted, an empty string is sent as an
 * empty element, and a missing required value throws an EcgridosInputError naming it.
 */
export function encodeRequest(operationName: string, values: Record<string, unknown>): string {
	const operation = getOperation(operationName);
	const body = encodeFields(operation.parameters, values, operationName, '');
	return (
		'<?xml version="1.0" encoding="utf-8"?>' +
		`<soap:Envelope xmlns:soap="${SOAP11_NAMESPACE}">` +
		`<soap:Body><${operationName} xmlns="${SERVICE_NAMESPACE}">${body}</${operationName}></soap:Body>` +
		'</soap:Envelope>'
	);
}

/** The SOAPAction header value, quoted as SOAP 1.1 wants it. */
export function soapAction(operationName: string): string {
	return `"${getOperation(operationName).soapAction}"`;
}

// ---------------------------------------------------------------- parsing

interface XmlAttribute {
	local: string;
	namespace: string;
	value: string;
}

interface XmlElement {
	local: string;
	namespace: string;
	attributes: XmlAttribute[];
	elements: XmlElement[];
	/** Direct character data, entities decoded. */
	text: string;
	/** A text node cut out before parsing, still raw (entities not yet decoded). */
	largeText?: string;
}

const XML_ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
	if (!text.includes('&')) return text;
	return text.replace(XML_ENTITY, (match, reference: string) => {
		if (reference[0] !== '#') return NAMED_ENTITIES[reference];
		const code = reference[1] === 'x' ? parseInt(reference.slice(2), 16) : parseInt(reference.slice(1), 10);
		// A reference to no character at all stays as it was written rather than failing the reply.
		return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
	});
}

/** A well-formedness error of a reply, at a character position. */
class XmlSyntaxError extends Error {
	constructor(
		message: string,
		readonly position: number,
	) {
		super(message);
	}
}

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
/** ECGridOS replies nest a dozen levels; far deeper is an attack on the decoder's recursion. */
const MAX_XML_DEPTH = 256;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

/** Index just past the `>` that ends the tag starting at `start` (quotes respected), or -1. */
function endOfTag(xml: string, start: number): number {
	let quote = '';
	for (let index = start + 1; index < xml.length; index++) {
		const character = xml[index];
		if (quote) {
			if (character === quote) quote = '';
		} else if (character === '"' || character === "'") {
			quote = character;
		} else if (character === '>') {
			return index + 1;
		}
	}
	return -1;
}

function splitName(qualifiedName: string): [string, string] {
	const colon = qualifiedName.indexOf(':');
	return colon === -1 ? ['', qualifiedName] : [qualifiedName.slice(0, colon), qualifiedName.slice(colon + 1)];
}

/** Reads the name and attributes of a start tag's inside (`name a="1" b='2'`). */
function readTag(inside: string, position: number): { name: string; attributes: Array<[string, string]> } {
	const nameEnd = inside.search(/[\s]|$/);
	const name = inside.slice(0, nameEnd);
	if (!name) throw new XmlSyntaxError('a tag without a name', position);
	const attributes: Array<[string, string]> = [];
	let index = nameEnd;
	while (index < inside.length) {
		while (index < inside.length && /\s/.test(inside[index])) index++;
		if (index >= inside.length) break;
		ATTRIBUTE.lastIndex = index;
		const match = ATTRIBUTE.exec(inside);
		if (!match) throw new XmlSyntaxError(`a malformed attribute in <${name}>`, position);
		attributes.push([match[1], match[2] ?? match[3]]);
		index = ATTRIBUTE.lastIndex;
	}
	return { name, attributes };
}

interface OpenElement {
	element: XmlElement;
	qualifiedName: string;
	scope: Map<string, string>;
}

/**
 * Reads a reply in one pass into XmlElement trees, checking that it is well-formed (every element
 * closed by its own end tag, one root, nothing after it). DOCTYPE is refused before this is called,
 * so no entity is ever defined or expanded. A text node of LARGE_TEXT_THRESHOLD characters or more
 * (a base64 parcel) is kept raw as a slice of the reply, not decoded or copied piecewise.
 */
function readXml(xml: string): XmlElement {
	const stack: OpenElement[] = [];
	let root: XmlElement | undefined;
	let position = 0;
	while (position < xml.length) {
		const markup = xml.indexOf('<', position);
		const textEnd = markup === -1 ? xml.length : markup;
		if (textEnd > position) {
			const open = stack[stack.length - 1];
			if (!open) {
				if (xml.slice(position, textEnd).trim() !== '') throw new XmlSyntaxError('text outside the root element', position);
			} else if (textEnd - position >= LARGE_TEXT_THRESHOLD && open.element.largeText === undefined) {
				open.element.largeText = xml.slice(position, textEnd);
			} else {
				open.element.text += decodeEntities(xml.slice(position, textEnd));
			}
		}
		if (markup === -1) break;
		if (xml.startsWith('<!--', markup)) {
			const end = xml.indexOf('-->', markup + 4);
			if (end === -1) throw new XmlSyntaxError('an unterminated comment', markup);
			position = end + 3;
		} else if (xml.startsWith('<![CDATA[', markup)) {
			const end = xml.indexOf(']]>', markup + 9);
			const open = stack[stack.length - 1];
			if (end === -1 || !open) throw new XmlSyntaxError('an unterminated or misplaced CDATA section', markup);
			open.element.text += xml.slice(markup + 9, end);
			position = end + 3;
		} else if (xml.startsWith('<?', markup)) {
			const end = xml.indexOf('?>', markup + 2);
			if (end === -1) throw new XmlSyntaxError('an unterminated processing instruction', markup);
			position = end + 2;
		} else if (xml.startsWith('<!', markup)) {
			throw new XmlSyntaxError('a markup declaration', markup);
		} else if (xml[markup + 1] === '/') {
			const end = xml.indexOf('>', markup + 2);
			if (end === -1) throw new XmlSyntaxError('an unterminated end tag', markup);
			const name = xml.slice(markup + 2, end).trim();
			const open = stack.pop();
			if (!open || open.qualifiedName !== name) {
				throw new XmlSyntaxError(`</${name}> does not close ${open ? `<${open.qualifiedName}>` : 'any element'}`, markup);
			}
			position = end + 1;
		} else {
			const end = endOfTag(xml, markup);
			if (end === -1) throw new XmlSyntaxError('an unterminated start tag', markup);
			const selfClosing = xml[end - 2] === '/';
			const { name, attributes } = readTag(xml.slice(markup + 1, selfClosing ? end - 2 : end - 1).trim(), markup);
			const parent = stack[stack.length - 1];
			if (!parent && root) throw new XmlSyntaxError(`a second root element <${name}>`, markup);
			const inherited = parent?.scope ?? new Map([['xml', XML_NAMESPACE]]);
			let scope = inherited;
			for (const [attributeName, value] of attributes) {
				if (attributeName === 'xmlns' || attributeName.startsWith('xmlns:')) {
					if (scope === inherited) scope = new Map(inherited);
					scope.set(attributeName === 'xmlns' ? '' : attributeName.slice(6), decodeEntities(value));
				}
			}
			const [prefix, local] = splitName(name);
			const element: XmlElement = { local, namespace: scope.get(prefix) ?? '', attributes: [], elements: [], text: '' };
			for (const [attributeName, value] of attributes) {
				if (attributeName === 'xmlns' || attributeName.startsWith('xmlns:')) continue;
				const [attributePrefix, attributeLocal] = splitName(attributeName);
				element.attributes.push({
					local: attributeLocal,
					namespace: attributePrefix ? (scope.get(attributePrefix) ?? '') : '',
					value: decodeEntities(value),
				});
			}
			if (parent) parent.element.elements.push(element);
			else root = element;
			if (!selfClosing) {
				if (stack.length >= MAX_XML_DEPTH) throw new XmlSyntaxError(`elements nested deeper than ${MAX_XML_DEPTH}`, markup);
				stack.push({ element, qualifiedName: name, scope });
			}
			position = end;
		}
	}
	if (stack.length) throw new XmlSyntaxError(`<${stack[stack.length - 1].qualifiedName}> is not closed`, xml.length);
	if (!root) throw new XmlSyntaxError('no root element', 0);
	return root;
}

function lineOf(text: string, position: number): number {
	let line = 1;
	for (let index = text.indexOf('\n'); index !== -1 && index < position; index = text.indexOf('\n', index + 1)) line++;
	return line;
}

/** Parses a reply into a namespace-resolved tree, or says clearly why it cannot. */
function parseXml(operation: string, body: Buffer | string, context: ResponseContext): XmlElement {
	let text: string;
	if (typeof body === 'string') {
		text = body;
	} else {
		if (!isUtf8(body)) {
			throw new EcgridosResponseError(operation, 'ECGridOS sent a reply that is not valid UTF-8', {
				...context,
				excerpt: excerptOf(body.subarray(0, 400).toString('latin1')),
			});
		}
		text = body.toString('utf8');
	}
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	if (text.trim() === '') {
		throw new EcgridosResponseError(operation, 'ECGridOS sent an empty reply', context);
	}
	const start = text.search(/\S/);
	if (text[start] !== '<') {
		throw new EcgridosResponseError(operation, 'ECGridOS sent a reply that is not XML', {
			...context,
			excerpt: excerptOf(text),
		});
	}
	if (/<html[\s>]/i.test(text.slice(0, 4096))) {
		throw new EcgridosResponseError(
			operation,
			'ECGridOS sent an HTML page instead of a SOAP reply (check the endpoint URL)',
			{ ...context, excerpt: excerptOf(text.replace(/<[^>]*>/g, ' ')) },
		);
	}
	if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
		throw new EcgridosResponseError(operation, 'ECGridOS sent XML with a DOCTYPE, which is refused for safety', {
			...context,
			excerpt: excerptOf(text),
		});
	}
	let failure: unknown;
	try {
		return readXml(text);
	} catch (error) {
		failure = error;
	}
	if (!(failure instanceof XmlSyntaxError)) throw failure;
	throw new EcgridosResponseError(
		operation,
		`ECGridOS sent malformed or truncated XML (${failure.message} at line ${lineOf(text, failure.position)})`,
		{ ...context, excerpt: excerptOf(text) },
	);
}

// ---------------------------------------------------------------- decoding

function attribute(element: XmlElement, namespace: string, local: string): string | undefined {
	return element.attributes.find((item) => item.local === local && item.namespace === namespace)?.value;
}

function isNil(element: XmlElement): boolean {
	const nil = attribute(element, XSI_NAMESPACE, 'nil');
	return nil === 'true' || nil === '1';
}

function textOf(element: XmlElement): string {
	return element.largeText !== undefined ? decodeEntities(element.largeText) : element.text;
}

/** Where a value sits in the reply, for saying which one does not match the WSDL. */
interface DecodeScope {
	operation: string;
	context: ResponseContext;
	path: string;
}

function within(scope: DecodeScope, step: string): DecodeScope {
	return { ...scope, path: scope.path ? `${scope.path}.${step}` : step };
}

function mismatch(scope: DecodeScope, text: string, expected: string): EcgridosResponseError {
	return new EcgridosResponseError(
		scope.operation,
		`ECGridOS sent a value that does not match the WSDL: ${scope.path} "${excerptOf(text.trim(), 40)}" is not a valid ${expected}`,
		scope.context,
	);
}

function parseInteger(text: string): number | string | undefined {
	const trimmed = text.trim();
	if (!/^[+-]?\d+$/.test(trimmed)) return undefined;
	const integer = BigInt(trimmed);
	const asNumber = Number(integer);
	return Number.isSafeInteger(asNumber) ? asNumber : integer.toString();
}

function parseFloatValue(text: string): number | string | undefined {
	const trimmed = text.trim();
	if (/^(-?INF|NaN)$/.test(trimmed)) return trimmed;
	const number = Number(trimmed);
	return trimmed === '' || !Number.isFinite(number) ? undefined : number;
}

function parseBoolean(text: string): boolean | undefined {
	const trimmed = text.trim();
	if (trimmed === 'true' || trimmed === '1') return true;
	if (trimmed === 'false' || trimmed === '0') return false;
	return undefined;
}

const ZONED_DATE_TIME = /^(-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** Zoned values become UTC with every fractional digit kept; zone-less values stay as sent. */
export function normalizeDateTime(text: string): string {
	const trimmed = text.trim();
	const zoned = ZONED_DATE_TIME.exec(trimmed);
	if (!zoned) return trimmed;
	const [, dateTime, fraction, zone] = zoned;
	const milliseconds = Date.parse(`${dateTime}.${(fraction ?? '').padEnd(3, '0').slice(0, 3)}${zone}`);
	if (Number.isNaN(milliseconds)) return trimmed;
	const utc = new Date(milliseconds).toISOString();
	return fraction === undefined ? utc.replace(/\.\d{3}Z$/, 'Z') : utc.replace(/\.\d{3}Z$/, `.${fraction}Z`);
}

function decodeBase64(element: XmlElement): Buffer {
	const raw = element.largeText ?? element.text;
	return Buffer.from(raw.includes('&') ? decodeEntities(raw) : raw, 'base64');
}

/** A primitive by its XSD type (also DataSet column types); undefined for a type that is not one. */
function decodePrimitive(type: string | undefined, element: XmlElement, scope: DecodeScope): unknown {
	const parsed = (value: unknown, expected: string) => {
		if (value === undefined) throw mismatch(scope, textOf(element), expected);
		return value;
	};
	switch (type) {
		case 'string':
			return textOf(element);
		case 'int':
		case 'short':
		case 'long':
		case 'unsignedByte':
		case 'byte':
		case 'unsignedShort':
		case 'unsignedInt':
		case 'unsignedLong':
		case 'integer':
			return parsed(parseInteger(textOf(element)), type);
		case 'float':
		case 'double':
		case 'decimal':
			return parsed(parseFloatValue(textOf(element)), type);
		case 'boolean':
			return parsed(parseBoolean(textOf(element)), type);
		case 'dateTime':
			return normalizeDateTime(textOf(element));
		case 'base64Binary':
			return decodeBase64(element);
	}
	return undefined;
}

function decodeValue(type: string, element: XmlElement, scope: DecodeScope): unknown {
	if (isNil(element)) return null;
	if (type === 'DataSet') return decodeDataSet(element, scope);
	const primitive = decodePrimitive(type, element, scope);
	if (primitive !== undefined) return primitive;
	if (isEnumType(type)) return textOf(element).trim();
	const itemField = arrayItemField(type);
	if (itemField) {
		return element.elements
			.filter((child) => child.local === itemField.name && !isNil(child))
			.map((child, index) => decodeValue(itemField.type, child, within(scope, `${itemField.name}[${index}]`)));
	}
	const complexType = catalog.types[type];
	const result: Record<string, unknown> = {};
	for (const field of complexType.fields) {
		const matches = element.elements.filter((child) => child.local === field.name);
		const fieldScope = within(scope, field.name);
		if (field.repeated) {
			result[field.name] = matches
				.filter((child) => !isNil(child))
				.map((child) => decodeValue(field.type, child, fieldScope));
		} else if (matches.length > 0) {
			result[field.name] = decodeValue(field.type, matches[0], fieldScope);
		} else if (type.endsWith('Collection') && arrayItemField(field.type)) {
			result[field.name] = [];
		}
	}
	return result;
}

interface DataSetTable {
	name: string;
	columns: Map<string, string>;
}

function readDataSetSchema(schema: XmlElement | undefined): { dataSetName?: string; tables: DataSetTable[] } {
	if (!schema) return { tables: [] };
	const dataSetElement =
		schema.elements.find(
			(element) => element.local === 'element' && attribute(element, MSDATA_NAMESPACE, 'IsDataSet') === 'true',
		) ?? schema.elements.find((element) => element.local === 'element');
	if (!dataSetElement) return { tables: [] };
	const tables: DataSetTable[] = [];
	for (const tableElement of descendants(dataSetElement, 'element', 3)) {
		const name = attribute(tableElement, '', 'name');
		if (!name) continue;
		const columns = new Map<string, string>();
		for (const column of descendants(tableElement, 'element', 3)) {
			const columnName = attribute(column, '', 'name');
			if (columnName) columns.set(columnName, splitName(attribute(column, '', 'type') ?? 'string')[1]);
		}
		tables.push({ name, columns });
	}
	return { dataSetName: attribute(dataSetElement, '', 'name'), tables };
}

/** xs:element children reached through complexType/choice/sequence wrappers, not deeper tables. */
function descendants(element: XmlElement, local: string, depth: number): XmlElement[] {
	const found: XmlElement[] = [];
	for (const child of element.elements) {
		if (child.namespace !== XSD_NAMESPACE) continue;
		if (child.local === local) found.push(child);
		else if (depth > 0) found.push(...descendants(child, local, depth - 1));
	}
	return found;
}

function decodeDataSetColumn(type: string | undefined, element: XmlElement, scope: DecodeScope): unknown {
	if (isNil(element)) return null;
	const primitive = decodePrimitive(type, element, scope);
	if (primitive !== undefined) return primitive;
	if (element.elements.length > 0) return untypedObject(element);
	return textOf(element);
}

function untypedObject(element: XmlElement): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const child of element.elements) {
		result[child.local] = child.elements.length > 0 ? untypedObject(child) : textOf(child);
	}
	return result;
}

function decodeDataSet(element: XmlElement, scope: DecodeScope): Array<Record<string, unknown>> {
	const schema = element.elements.find((child) => child.local === 'schema' && child.namespace === XSD_NAMESPACE);
	const { tables } = readDataSetSchema(schema);
	const diffgram = element.elements.find((child) => child.local === 'diffgram' && child.namespace === DIFFGRAM_NAMESPACE);
	const dataRoot = diffgram
		? diffgram.elements.find((child) => child.namespace !== DIFFGRAM_NAMESPACE)
		: element.elements.find((child) => child !== schema);
	if (!dataRoot) return [];
	const tableNames = new Set([...tables.map((table) => table.name), ...dataRoot.elements.map((row) => row.local)]);
	const labelRows = tableNames.size > 1;
	return dataRoot.elements.map((row, rowIndex) => {
		const table = tables.find((candidate) => candidate.name === row.local);
		const record: Record<string, unknown> = labelRows ? { _table: row.local } : {};
		for (const columnName of table?.columns.keys() ?? []) record[columnName] = null;
		for (const cell of row.elements) {
			record[cell.local] = decodeDataSetColumn(
				table?.columns.get(cell.local),
				cell,
				within(scope, `${row.local}[${rowIndex}].${cell.local}`),
			);
		}
		return record;
	});
}

function firstText(element: XmlElement | undefined, ...path: string[]): string | undefined {
	let current = element;
	for (const local of path) {
		current = current?.elements.find((child) => child.local === local);
	}
	return current ? textOf(current).trim() : undefined;
}

function findDescendant(element: XmlElement | undefined, local: string): XmlElement | undefined {
	if (!element) return undefined;
	for (const child of element.elements) {
		if (child.local === local) return child;
		const deeper = findDescendant(child, local);
		if (deeper) return deeper;
	}
	return undefined;
}

function readFault(fault: XmlElement, soap12: boolean): EcgridosFaultData {
	const detail = fault.elements.find((child) => child.local === (soap12 ? 'Detail' : 'detail'));
	const faultCode = (soap12 ? firstText(fault, 'Code', 'Value') : firstText(fault, 'faultcode')) ?? '';
	const faultString = (soap12 ? firstText(fault, 'Reason', 'Text') : firstText(fault, 'faultstring')) ?? '';
	const data: EcgridosFaultData = { faultCode, faultString };
	const errorCodeText = findDescendant(detail, 'ErrorCode');
	if (errorCodeText) {
		const code = Number(textOf(errorCodeText).trim());
		if (Number.isInteger(code)) data.errorCode = code;
	}
	for (const [local, key] of [
		['ErrorString', 'errorString'],
		['ErrorItem', 'errorItem'],
		['ErrorMessage', 'errorMessage'],
	] as const) {
		const element = findDescendant(detail, local);
		if (element) data[key] = textOf(element).trim();
	}
	return data;
}

/**
 * Decodes the reply to `operationName` into JSON by the operation's declared result type (see the
 * top of this file for the shapes). Throws EcgridosFault for a SOAP fault and EcgridosResponseError
 * for anything that is not this operation's SOAP reply.
 */
export function decodeResponse(operationName: string, body: Buffer | string, context: ResponseContext = {}): unknown {
	const operation = getOperation(operationName);
	const root = parseXml(operationName, body, context);
	const excerpt = () => excerptOf(typeof body === 'string' ? body : body.subarray(0, 1000).toString('utf8'));
	if (root.local !== 'Envelope' || (root.namespace !== SOAP11_NAMESPACE && root.namespace !== SOAP12_NAMESPACE)) {
		const what = root.local.toLowerCase() === 'html' ? 'an HTML page' : `XML with the root element <${root.local}>`;
		throw new EcgridosResponseError(operationName, `ECGridOS sent ${what} instead of a SOAP envelope`, {
			...context,
			excerpt: excerpt(),
		});
	}
	const soapBody = root.elements.find((child) => child.local === 'Body' && child.namespace === root.namespace);
	const content = soapBody?.elements[0];
	if (!content) {
		throw new EcgridosResponseError(operationName, 'ECGridOS sent a SOAP envelope with an empty body', {
			...context,
			excerpt: excerpt(),
		});
	}
	if (content.local === 'Fault' && content.namespace === root.namespace) {
		throw new EcgridosFault(operationName, readFault(content, root.namespace === SOAP12_NAMESPACE));
	}
	const expected = `${operationName}Response`;
	if (content.local !== expected || content.namespace !== SERVICE_NAMESPACE) {
		throw new EcgridosResponseError(
			operationName,
			`ECGridOS sent <${content.local}> in namespace "${content.namespace}" where <${expected}> in "${SERVICE_NAMESPACE}" was expected`,
			{ ...context, excerpt: excerpt() },
		);
	}
	const resultElement = content.elements.find((child) => child.local === operation.result.name);
	if (!resultElement) {
		if (operation.result.required) {
			throw new EcgridosResponseError(operationName, `ECGridOS sent no <${operation.result.name}>`, {
				...context,
				excerpt: excerpt(),
			});
		}
		return undefined;
	}
	return decodeValue(operation.result.type, resultElement, {
		operation: operationName,
		context,
		path: operation.result.name,
	});
}
