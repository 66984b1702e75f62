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
	/**
	 * The caller no longer needs the reply's bytes: a large base64 value (a parcel) is then decoded
	 * into them, and the result shares their memory, instead of into a copy beside them.
	 */
	consumeBody?: boolean;
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

const CANONICAL_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * How many bytes `text` encodes when it is base64 exactly as Node writes it (no white space, padded
 * to whole quads, zero bits after the last byte), or undefined for any other text. Text like this
 * can be sent as it is: decoding it and encoding the bytes again would give it back unchanged.
 */
export function canonicalBase64Bytes(text: string): number | undefined {
	if (text.length % 4 !== 0 || !CANONICAL_BASE64.test(text)) return undefined;
	const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
	// The last character before the padding carries 4 (one '=') or 2 (two) bits that must be zero.
	if (padding > 0 && BASE64_ALPHABET.indexOf(text[text.length - padding - 1]) % (padding === 2 ? 16 : 4) !== 0) {
		return undefined;
	}
	return (text.length / 4) * 3 - padding;
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

/** Binary values from this size on are base64-encoded straight into the request's bytes (envelopeBytes). */
const LARGE_BINARY_BYTES = 64 * 1024;

// Large binary values met while `encodeEnvelope` runs (synchronously) are collected here and marked in
// the XML by their index between NUL characters, which no encoded text can contain (XML cannot carry
// NUL, so escapeXmlText refuses it). A 100 MB parcel would otherwise exist as a 137 MB base64 string,
// again inside the envelope string, and once more as the bytes sent. A value given as base64 text
// (Base64Text) is collected as that text, copied into the bytes as it is.
let largeBinaries: Array<Buffer | string> | undefined;
const BINARY_MARK = '\u0000';

function encodeBase64(value: unknown, operation: string, parameter: string): string {
	if (value instanceof Uint8Array) {
		const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
		if (largeBinaries && bytes.length >= LARGE_BINARY_BYTES) {
			largeBinaries.push(bytes);
			return `${BINARY_MARK}${largeBinaries.length - 1}${BINARY_MARK}`;
		}
		return bytes.toString('base64');
	}
	if (isBase64Text(value)) {
		if (!BASE64_TEXT.test(value.base64)) throw new EcgridosInputError(operation, parameter, 'is not valid base64 text');
		const text = value.base64.replace(/[\r\n\t ]+/g, '');
		if (largeBinaries && text.length >= LARGE_BINARY_BYTES) {
			largeBinaries.push(text);
			return `${BINARY_MARK}${largeBinaries.length - 1}${BINARY_MARK}`;
		}
		return text;
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
	const known = fieldNames(fields);
	for (const key of Object.keys(values)) {
		if (!known.has(key)) {
			throw new EcgridosInputError(operation, `${path}${key}`, `is not a parameter of ${operation}`);
		}
	}
	let xml = '';
	for (const field of fields) {
		const value = values[field.name];
		if (value === undefined || value === null) {
			if (field.required) throw new EcgridosInputError(operation, `${path}${field.name}`, `is required (type ${field.type})`);
			continue;
		}
		const name = path === '' ? field.name : `${path}${field.name}`;
		if (field.repeated && Array.isArray(value)) {
			for (const item of value) xml += `<${field.name}>${encodeContent(field.type, item, operation, name)}</${field.name}>`;
		} else {
			xml += `<${field.name}>${encodeContent(field.type, value, operation, name)}</${field.name}>`;
		}
	}
	return xml;
}

// The names of each catalog field list, made once: encodeFields runs on every call.
const fieldNamesByList = new WeakMap<readonly CatalogField[], ReadonlySet<string>>();

function fieldNames(fields: readonly CatalogField[]): ReadonlySet<string> {
	let names = fieldNamesByList.get(fields);
	if (!names) {
		names = new Set(fields.map((field) => field.name));
		fieldNamesByList.set(fields, names);
	}
	return names;
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

/**
 * A request envelope as the transport sends it: the XML, where large binary values stand as marks,
 * and those values, base64-encoded only when the bytes are assembled (envelopeBytes), or already
 * base64 text.
 */
export interface RequestEnvelope {
	readonly xml: string;
	readonly binaries: ReadonlyArray<Buffer | string>;
}

/** `encodeRequest`, keeping large binary values apart (same checks, same errors, same XML once assembled). */
export function encodeEnvelope(operationName: string, values: Record<string, unknown>): RequestEnvelope {
	const binaries: Array<Buffer | string> = [];
	largeBinaries = binaries;
	try {
		return { xml: encodeRequest(operationName, values), binaries };
	} finally {
		largeBinaries = undefined;
	}
}

// A multiple of 3, so that every chunk but the last encodes to base64 without padding.
const BASE64_CHUNK_BYTES = 3 * 1024 * 1024;

/**
 * What goes on the wire for `envelope`: the XML itself when it holds no large binary values, or one
 * Buffer with each value base64-encoded into place chunk by chunk, so no whole base64 string exists
 * (a value that is base64 text already is copied in as it is).
 */
export function envelopeBytes(envelope: RequestEnvelope): string | Buffer {
	if (envelope.binaries.length === 0) return envelope.xml;
	// split gives text, index, text, index, …, text.
	const pieces = envelope.xml.split(BINARY_MARK);
	let length = 0;
	for (let index = 0; index < pieces.length; index++) {
		if (index % 2 === 0) {
			length += Buffer.byteLength(pieces[index]);
		} else {
			const binary = envelope.binaries[Number(pieces[index])];
			length += typeof binary === 'string' ? binary.length : Math.ceil(binary.length / 3) * 4;
		}
	}
	const bytes = Buffer.allocUnsafe(length);
	let position = 0;
	for (let index = 0; index < pieces.length; index++) {
		if (index % 2 === 0) {
			position += bytes.write(pieces[index], position, 'utf8');
			continue;
		}
		const binary = envelope.binaries[Number(pieces[index])];
		if (typeof binary === 'string') {
			position += bytes.write(binary, position, 'latin1');
			continue;
		}
		for (let start = 0; start < binary.length; start += BASE64_CHUNK_BYTES) {
			const end = Math.min(start + BASE64_CHUNK_BYTES, binary.length);
			position += bytes.write(binary.toString('base64', start, end), position, 'latin1');
		}
	}
	return bytes;
}

/** The SOAPAction header value, quoted as SOAP 1.1 wants it. */
export function soapAction(operationName: string): string {
	return `"${getOperation(operationName).soapAction}"`;
}

// ---------------------------------------------------------------- parsing

export interface XmlAttribute {
	local: string;
	namespace: string;
	value: string;
}

export interface XmlElement {
	local: string;
	namespace: string;
	attributes: XmlAttribute[];
	elements: XmlElement[];
	/** Direct character data, entities decoded. */
	text: string;
	/** A text node cut out before parsing, still raw (entities not yet decoded). */
	largeText?: string;
	/** A text node of a large reply kept as the reply's own bytes (see cutOutLargeText); no entities in it. */
	largeBytes?: Buffer;
	/** Whether base64 in `largeBytes` may be decoded into those same bytes (ResponseContext.consumeBody). */
	largeBytesWritable?: boolean;
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

/**
 * The namespace prefixes declared on one element, within those of the elements around it: a chain
 * rather than a copied map per element, since most elements declare nothing and lookups are few.
 */
interface NamespaceScope {
	readonly outer: NamespaceScope | undefined;
	/** Prefixes declared here ('' for the default namespace), and their namespaces at the same index. */
	readonly prefixes: string[];
	readonly namespaces: string[];
}

const DOCUMENT_SCOPE: NamespaceScope = { outer: undefined, prefixes: ['xml'], namespaces: [XML_NAMESPACE] };

/** The namespace `prefix` stands for in `scope`, or undefined when it is not declared. */
function namespaceFor(scope: NamespaceScope, prefix: string): string | undefined {
	for (let current: NamespaceScope | undefined = scope; current; current = current.outer) {
		// The last declaration of a prefix on one element wins, as it would in a map.
		const index = current.prefixes.lastIndexOf(prefix);
		if (index !== -1) return current.namespaces[index];
	}
	return undefined;
}

/** ECGridOS replies nest a dozen levels; far deeper is an attack on the decoder's recursion. */
const MAX_XML_DEPTH = 256;

/** Whether JavaScript's `\s` (and String#trim) counts the character `code` as white space. */
function isSpace(code: number): boolean {
	if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
	if (code < 0xa0) return false;
	return (
		code === 0xa0 ||
		code === 0x1680 ||
		(code >= 0x2000 && code <= 0x200a) ||
		code === 0x2028 ||
		code === 0x2029 ||
		code === 0x202f ||
		code === 0x205f ||
		code === 0x3000 ||
		code === 0xfeff
	);
}

// Character codes, which are also the bytes of these characters in UTF-8.
const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;
const AMPERSAND = 0x26;
const SLASH = 0x2f;
const EXCLAMATION_MARK = 0x21;
const QUESTION_MARK = 0x3f;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const COLON = 0x3a;
const EQUALS_SIGN = 0x3d;

/** Index just past the `>` that ends the tag starting at `start` (quotes respected), or -1. */
function endOfTag(xml: string, start: number): number {
	let index = start + 1;
	for (;;) {
		const close = xml.indexOf('>', index);
		if (close === -1) return -1;
		let quote = -1;
		for (let scan = index; scan < close; scan++) {
			const code = xml.charCodeAt(scan);
			if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
				quote = scan;
				break;
			}
		}
		if (quote === -1) return close + 1;
		const quoteEnd = xml.indexOf(xml[quote], quote + 1);
		if (quoteEnd === -1) return -1;
		index = quoteEnd + 1;
	}
}

function splitName(qualifiedName: string): [string, string] {
	const colon = qualifiedName.indexOf(':');
	return colon === -1 ? ['', qualifiedName] : [qualifiedName.slice(0, colon), qualifiedName.slice(colon + 1)];
}

/**
 * Reads the name and attributes of a start tag's inside (`name a="1" b='2'`). Attributes come as
 * a flat list: name, value, name, value, … Each is `name = "value"` or `name = 'value'`, white space
 * allowed around `=`; the name runs to white space, `=`, `/` or `>`. Read by hand rather than with
 * a regular expression, which would make a match array per attribute of every envelope.
 */
function readTag(inside: string, position: number): { name: string; attributes: string[] } {
	const length = inside.length;
	let nameEnd = 0;
	while (nameEnd < length && !isSpace(inside.charCodeAt(nameEnd))) nameEnd++;
	const name = inside.slice(0, nameEnd);
	if (!name) throw new XmlSyntaxError('a tag without a name', position);
	const malformed = () => new XmlSyntaxError(`a malformed attribute in <${name}>`, position);
	const attributes: string[] = [];
	let index = nameEnd;
	for (;;) {
		while (index < length && isSpace(inside.charCodeAt(index))) index++;
		if (index >= length) break;
		const attributeStart = index;
		for (; index < length; index++) {
			const code = inside.charCodeAt(index);
			if (code === EQUALS_SIGN || code === SLASH || code === GREATER_THAN || isSpace(code)) break;
		}
		if (index === attributeStart) throw malformed();
		const attributeName = inside.slice(attributeStart, index);
		while (index < length && isSpace(inside.charCodeAt(index))) index++;
		if (inside.charCodeAt(index) !== EQUALS_SIGN) throw malformed();
		index++;
		while (index < length && isSpace(inside.charCodeAt(index))) index++;
		const quote = inside.charCodeAt(index);
		if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) throw malformed();
		const valueEnd = inside.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", index + 1);
		if (valueEnd === -1) throw malformed();
		attributes.push(attributeName, inside.slice(index + 1, valueEnd));
		index = valueEnd + 1;
	}
	return { name, attributes };
}

// Shared by every element without attributes or children, replaced (never mutated) when one comes.
const NO_ATTRIBUTES: XmlAttribute[] = [];
const NO_ELEMENTS: XmlElement[] = [];

/**
 * Reads a reply in one pass into XmlElement trees, checking that it is well-formed (every element
 * closed by its own end tag, one root, nothing after it). Every markup declaration (DOCTYPE, ENTITY)
 * is refused, so no entity is ever defined or expanded. A text node of LARGE_TEXT_THRESHOLD
 * characters or more (a base64 parcel) is kept raw as a slice of the reply, not decoded or copied
 * piecewise.
 *
 * The reply comes as one text or as consecutive pieces of it (see textPieces). Every construct
 * (tag, comment, CDATA section, processing instruction) must end in the piece it starts in, or the
 * read fails; error positions count from the start of the piece.
 */
function readXml(pieces: readonly string[]): XmlElement {
	// The open elements, innermost last: element, its tag name as written, its namespace scope and
	// that scope's default namespace.
	const openElements: XmlElement[] = [];
	const openNames: string[] = [];
	const openScopes: NamespaceScope[] = [];
	const openDefaults: string[] = [];
	let depth = 0;
	let root: XmlElement | undefined;
	let piece = 0;
	let xml = pieces[0];
	let position = 0;
	let length = xml.length;
	// The next `&` at or after `position` (length if none): text before it has no entity to decode.
	let nextAmpersand = -1;
	for (;;) {
		if (position >= length) {
			// On to the next piece, if any, with the open elements as they are.
			if (++piece === pieces.length) break;
			xml = pieces[piece];
			position = 0;
			length = xml.length;
			nextAmpersand = -1;
			continue;
		}
		const markup = xml.indexOf('<', position);
		const textEnd = markup === -1 ? length : markup;
		if (textEnd > position) {
			if (depth === 0) {
				if (xml.slice(position, textEnd).trim() !== '') throw new XmlSyntaxError('text outside the root element', position);
			} else {
				const open = openElements[depth - 1];
				if (textEnd - position >= LARGE_TEXT_THRESHOLD && open.largeText === undefined) {
					open.largeText = xml.slice(position, textEnd);
				} else {
					if (nextAmpersand < position) {
						nextAmpersand = xml.indexOf('&', position);
						if (nextAmpersand === -1) nextAmpersand = length;
					}
					const text = xml.slice(position, textEnd);
					open.text += nextAmpersand < textEnd ? decodeEntities(text) : text;
				}
			}
		}
		if (markup === -1) {
			position = length;
			continue;
		}
		const second = xml.charCodeAt(markup + 1);
		if (second === SLASH) {
			const expected = depth > 0 ? openNames[depth - 1] : undefined;
			// The usual `</name>` is compared in place; anything else takes the trimming path.
			let end = expected !== undefined && xml.startsWith(expected, markup + 2) ? markup + 2 + expected.length : -1;
			if (end === -1 || xml.charCodeAt(end) !== GREATER_THAN) {
				end = xml.indexOf('>', markup + 2);
				if (end === -1) throw new XmlSyntaxError('an unterminated end tag', markup);
				const name = xml.slice(markup + 2, end).trim();
				if (expected === undefined || expected !== name) {
					throw new XmlSyntaxError(`</${name}> does not close ${expected !== undefined ? `<${expected}>` : 'any element'}`, markup);
				}
			}
			depth--;
			position = end + 1;
			continue;
		}
		if (second === EXCLAMATION_MARK) {
			if (xml.startsWith('<!--', markup)) {
				const end = xml.indexOf('-->', markup + 4);
				if (end === -1) throw new XmlSyntaxError('an unterminated comment', markup);
				position = end + 3;
			} else if (xml.startsWith('<![CDATA[', markup)) {
				const end = xml.indexOf(']]>', markup + 9);
				if (end === -1 || depth === 0) throw new XmlSyntaxError('an unterminated or misplaced CDATA section', markup);
				openElements[depth - 1].text += xml.slice(markup + 9, end);
				position = end + 3;
			} else {
				throw new XmlSyntaxError('a markup declaration', markup);
			}
			continue;
		}
		if (second === QUESTION_MARK) {
			const end = xml.indexOf('?>', markup + 2);
			if (end === -1) throw new XmlSyntaxError('an unterminated processing instruction', markup);
			position = end + 2;
			continue;
		}
		// A start tag. The usual `<name>`, `<name/>` and `<name />` are read in one scan of the name; a
		// tag with attributes or quotes goes through endOfTag and readTag.
		let nameEnd = markup + 1;
		let code = second;
		let colon = -1;
		while (nameEnd < length) {
			// Letters and most other name characters lie between > and the non-ASCII spaces.
			if (code <= GREATER_THAN || code >= 0xa0) {
				if (code === GREATER_THAN || code === SLASH || code === DOUBLE_QUOTE || code === SINGLE_QUOTE || isSpace(code)) break;
				if (code === COLON && colon === -1) colon = nameEnd - markup - 1;
			}
			code = xml.charCodeAt(++nameEnd);
		}
		let afterName = nameEnd;
		while (isSpace(code)) code = xml.charCodeAt(++afterName);
		let name: string;
		let end: number;
		let selfClosing: boolean;
		let attributes: string[] | undefined;
		if (nameEnd > markup + 1 && code === GREATER_THAN) {
			name = xml.slice(markup + 1, nameEnd);
			end = afterName + 1;
			selfClosing = false;
		} else if (nameEnd > markup + 1 && code === SLASH && xml.charCodeAt(afterName + 1) === GREATER_THAN) {
			name = xml.slice(markup + 1, nameEnd);
			end = afterName + 2;
			selfClosing = true;
		} else {
			end = endOfTag(xml, markup);
			if (end === -1) throw new XmlSyntaxError('an unterminated start tag', markup);
			selfClosing = xml.charCodeAt(end - 2) === SLASH;
			const tag = readTag(xml.slice(markup + 1, selfClosing ? end - 2 : end - 1).trim(), markup);
			name = tag.name;
			colon = name.indexOf(':');
			attributes = tag.attributes.length > 0 ? tag.attributes : undefined;
		}
		if (depth === 0 && root) throw new XmlSyntaxError(`a second root element <${name}>`, markup);
		const inherited = depth > 0 ? openScopes[depth - 1] : DOCUMENT_SCOPE;
		let scope = inherited;
		if (attributes) {
			for (let index = 0; index < attributes.length; index += 2) {
				const attributeName = attributes[index];
				if (attributeName === 'xmlns' || attributeName.startsWith('xmlns:')) {
					if (scope === inherited) scope = { outer: inherited, prefixes: [], namespaces: [] };
					scope.prefixes.push(attributeName === 'xmlns' ? '' : attributeName.slice(6));
					scope.namespaces.push(decodeEntities(attributes[index + 1]));
				}
			}
		}
		const defaultNamespace =
			scope === inherited && depth > 0 ? openDefaults[depth - 1] : (namespaceFor(scope, '') ?? '');
		const element: XmlElement = {
			local: colon === -1 ? name : name.slice(colon + 1),
			namespace: colon === -1 ? defaultNamespace : (namespaceFor(scope, name.slice(0, colon)) ?? ''),
			attributes: NO_ATTRIBUTES,
			elements: NO_ELEMENTS,
			text: '',
			largeText: undefined,
		};
		if (attributes) {
			for (let index = 0; index < attributes.length; index += 2) {
				const attributeName = attributes[index];
				if (attributeName === 'xmlns' || attributeName.startsWith('xmlns:')) continue;
				const [attributePrefix, attributeLocal] = splitName(attributeName);
				const attribute: XmlAttribute = {
					local: attributeLocal,
					namespace: attributePrefix ? (namespaceFor(scope, attributePrefix) ?? '') : '',
					value: decodeEntities(attributes[index + 1]),
				};
				if (element.attributes === NO_ATTRIBUTES) element.attributes = [attribute];
				else element.attributes.push(attribute);
			}
		}
		if (depth > 0) {
			const parent = openElements[depth - 1];
			if (parent.elements === NO_ELEMENTS) parent.elements = [element];
			else parent.elements.push(element);
		} else {
			root = element;
		}
		if (!selfClosing) {
			if (depth >= MAX_XML_DEPTH) throw new XmlSyntaxError(`elements nested deeper than ${MAX_XML_DEPTH}`, markup);
			openElements[depth] = element;
			openNames[depth] = name;
			openScopes[depth] = scope;
			openDefaults[depth] = defaultNamespace;
			depth++;
		}
		position = end;
	}
	if (depth > 0) throw new XmlSyntaxError(`<${openNames[depth - 1]}> is not closed`, pieces[pieces.length - 1].length);
	if (!root) throw new XmlSyntaxError('no root element', 0);
	return root;
}

function lineOf(text: string, position: number): number {
	let line = 1;
	for (let index = text.indexOf('\n'); index !== -1 && index < position; index = text.indexOf('\n', index + 1)) line++;
	return line;
}

/** Replies from this size on are searched for a large text node to keep as bytes (cutOutLargeText). */
const LARGE_REPLY_BYTES = 1024 * 1024;

// Stands in the parsed text for the bytes cut out. XML cannot carry NUL, so no real text holds it.
const CUT_TEXT_MARK = '\u0000';


/**
 * A large reply as text with its largest text node (a parcel's base64) replaced by CUT_TEXT_MARK,
 * and that node's bytes: decoding base64 from the reply's bytes spares a string as large as the
 * reply. A run from '>' to the next '<' qualifies only without quotes (so it is not the rest of a
 * tag: an attribute value holding '>' ends with its quote before any '<') and without '&' (no
 * entities to decode). Undefined when no run qualifies.
 */
function cutOutLargeText(body: Buffer): { text: string; cut: Buffer } | undefined {
	let start = -1;
	let end = -1;
	for (let position = 0; ; ) {
		const textStart = body.indexOf(GREATER_THAN, position) + 1;
		if (textStart === 0) break;
		const textEnd = body.indexOf(LESS_THAN, textStart);
		if (textEnd === -1) break;
		if (textEnd - textStart >= LARGE_TEXT_THRESHOLD && textEnd - textStart > end - start) {
			start = textStart;
			end = textEnd;
		}
		position = textEnd + 1;
	}
	if (start === -1) return undefined;
	const cut = body.subarray(start, end);
	if (cut.includes(DOUBLE_QUOTE) || cut.includes(SINGLE_QUOTE) || cut.includes(AMPERSAND)) return undefined;
	return { text: body.toString('utf8', 0, start) + CUT_TEXT_MARK + body.toString('utf8', end), cut };
}

/** The element whose whole text is CUT_TEXT_MARK, when the mark is in exactly that text and nowhere else. */
function cutElement(root: XmlElement): XmlElement | undefined {
	let found: XmlElement | undefined;
	let marks = 0;
	const visit = (element: XmlElement) => {
		if (element.text.includes(CUT_TEXT_MARK)) {
			marks++;
			if (element.text === CUT_TEXT_MARK) found = element;
		}
		for (const child of element.elements) visit(child);
	};
	visit(root);
	return marks === 1 ? found : undefined;
}

/**
 * Replies larger than this (and not cut, see cutOutLargeText) are read as pieces of text of about
 * this size. V8 gives a string of more than 128 KB pages of its own, fresh from the kernel each
 * time: turning a 175 KB reply into one string took about 1 ms on the development VM, against 20 µs
 * for the same bytes in pieces of 64 KB, which are ordinary young objects.
 */
const PIECE_BYTES = 64 * 1024;

/**
 * `body` (valid UTF-8) as consecutive texts of about PIECE_BYTES, each split just before a '<'. A '<'
 * never falls inside a multibyte character, so every piece decodes on its own. Where the '<' is not
 * the start of markup (it is inside a comment, a CDATA section or an attribute value), reading the
 * pieces fails on the construct it cuts, and readInPieces gives up.
 */
export function textPieces(body: Buffer): string[] {
	const pieces: string[] = [];
	let start = 0;
	while (body.length - start > PIECE_BYTES) {
		let end = body.lastIndexOf(LESS_THAN, start + PIECE_BYTES);
		if (end <= start) end = body.indexOf(LESS_THAN, start + PIECE_BYTES);
		if (end === -1) break;
		pieces.push(body.toString('utf8', start, end));
		start = end;
	}
	pieces.push(body.toString('utf8', start));
	return pieces;
}

/**
 * A SOAP envelope read from `body` in pieces (textPieces), or undefined when it cannot be: then the
 * reply is read as one text, which also makes every check of parseXml and words any error. A read
 * in pieces that succeeds gives the same tree as the read of the whole text: each piece ends where
 * markup starts, and the reader carries its open elements from one piece to the next. Exported
 * for the tests, which check that this path is taken.
 */
export function readInPieces(body: Buffer): XmlElement | undefined {
	try {
		const root = readXml(textPieces(body));
		return root.local === 'Envelope' ? root : undefined;
	} catch {
		return undefined;
	}
}

/** Parses a reply into a namespace-resolved tree, or says clearly why it cannot. */
function parseXml(operation: string, body: Buffer | string, context: ResponseContext): XmlElement {
	let text: string;
	let large: { text: string; cut: Buffer } | undefined;
	if (typeof body === 'string') {
		text = body;
	} else {
		if (!isUtf8(body)) {
			throw new EcgridosResponseError(operation, 'ECGridOS sent a reply that is not valid UTF-8', {
				...context,
				excerpt: excerptOf(body.subarray(0, 400).toString('latin1')),
			});
		}
		large = body.length >= LARGE_REPLY_BYTES ? cutOutLargeText(body) : undefined;
		if (!large && body.length > PIECE_BYTES) {
			const root = readInPieces(body);
			if (root) return root;
		}
		// The checks below hold for the cut text as for the whole: the cut holds no '<'.
		text = large ? large.text : body.toString('utf8');
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
	let root: XmlElement | undefined;
	let failure: unknown;
	try {
		root = readXml([text]);
	} catch (error) {
		failure = error;
	}
	if (root) {
		if (root.local !== 'Envelope') refuseHtml(operation, text, context);
		if (!large) return root;
		const element = cutElement(root);
		if (element) {
			element.text = '';
			element.largeBytes = large.cut;
			element.largeBytesWritable = context.consumeBody === true;
			return root;
		}
	}
	// The cut text did not parse, or its mark did not land in exactly one element's text (it was in a
	// comment or a CDATA section): the whole reply is parsed as text, which also words any error.
	if (large) return parseXml(operation, (body as Buffer).toString('utf8'), context);
	if (!(failure instanceof XmlSyntaxError)) throw failure;
	refuseHtml(operation, text, context);
	// readXml refuses every markup declaration, so a DOCTYPE (and with it any entity definition)
	// never gets past it; this only words the refusal.
	if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
		throw new EcgridosResponseError(operation, 'ECGridOS sent XML with a DOCTYPE, which is refused for safety', {
			...context,
			excerpt: excerptOf(text),
		});
	}
	throw new EcgridosResponseError(
		operation,
		`ECGridOS sent malformed or truncated XML (${failure.message} at line ${lineOf(text, failure.position)})`,
		{ ...context, excerpt: excerptOf(text) },
	);
}

/**
 * Says so when a reply that is not a SOAP envelope is an HTML page (a login page, a proxy's error
 * page): the usual sign of a wrong endpoint URL. Checked only for replies that are not envelopes.
 */
function refuseHtml(operation: string, text: string, context: ResponseContext): void {
	if (/<html[\s>]/i.test(text.slice(0, 4096))) {
		throw new EcgridosResponseError(
			operation,
			'ECGridOS sent an HTML page instead of a SOAP reply (check the endpoint URL)',
			{ ...context, excerpt: excerptOf(text.replace(/<[^>]*>/g, ' ')) },
		);
	}
}

// ---------------------------------------------------------------- decoding

function attribute(element: XmlElement, namespace: string, local: string): string | undefined {
	return element.attributes.find((item) => item.local === local && item.namespace === namespace)?.value;
}

function isNil(element: XmlElement): boolean {
	if (element.attributes.length === 0) return false;
	const nil = attribute(element, XSI_NAMESPACE, 'nil');
	return nil === 'true' || nil === '1';
}

function textOf(element: XmlElement): string {
	if (element.largeBytes !== undefined) return element.largeBytes.toString('utf8');
	return element.largeText !== undefined ? decodeEntities(element.largeText) : element.text;
}

/**
 * Where a value sits in the reply, for saying which one does not match the WSDL: a step below its
 * parent, with an item number for list items. The dotted path is only built for an error message.
 */
interface DecodeScope {
	operation: string;
	context: ResponseContext;
	parent: DecodeScope | undefined;
	step: string;
	/** The item's number in its list, or -1. */
	index: number;
}

function within(scope: DecodeScope, step: string, index = -1): DecodeScope {
	return { operation: scope.operation, context: scope.context, parent: scope, step, index };
}

function pathOf(scope: DecodeScope): string {
	const step = scope.index >= 0 ? `${scope.step}[${scope.index}]` : scope.step;
	if (!scope.parent) return step;
	const parentPath = pathOf(scope.parent);
	return parentPath ? `${parentPath}.${step}` : step;
}

function mismatch(scope: DecodeScope, text: string, expected: string): EcgridosResponseError {
	return new EcgridosResponseError(
		scope.operation,
		`ECGridOS sent a value that does not match the WSDL: ${pathOf(scope)} "${excerptOf(text.trim(), 40)}" is not a valid ${expected}`,
		scope.context,
	);
}

function parseInteger(text: string): number | string | undefined {
	// Up to 15 characters is at most 15 digits, always a safe integer: no BigInt needed.
	const length = text.length;
	if (length > 0 && length <= 15) {
		const first = text.charCodeAt(0);
		const signed = first === 0x2d || first === 0x2b;
		let index = signed ? 1 : 0;
		let value = 0;
		for (; index < length; index++) {
			const digit = text.charCodeAt(index) - 0x30;
			if (digit < 0 || digit > 9) break;
			value = value * 10 + digit;
		}
		// 0 - 0 is +0, as Number(BigInt('-0')) is.
		if (index === length && index > (signed ? 1 : 0)) return first === 0x2d ? 0 - value : value;
	}
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

/** The number written with `count` ASCII digits at `start`, or -1. */
function digitsAt(text: string, start: number, count: number): number {
	let value = 0;
	for (let index = start; index < start + count; index++) {
		const digit = text.charCodeAt(index) - 0x30;
		if (digit < 0 || digit > 9) return -1;
		value = value * 10 + digit;
	}
	return value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether `text` is `YYYY-MM-DDThh:mm:ss[.f…]Z` naming a real moment of years 0001-9999 (no 24:00,
 * no leap second): normalizing such a value to UTC gives back exactly `text`.
 */
function isCanonicalUtc(text: string): boolean {
	const length = text.length;
	if (length < 20 || text.charCodeAt(length - 1) !== 0x5a /* Z */) return false;
	if (
		text.charCodeAt(4) !== 0x2d ||
		text.charCodeAt(7) !== 0x2d ||
		text.charCodeAt(10) !== 0x54 /* T */ ||
		text.charCodeAt(13) !== 0x3a ||
		text.charCodeAt(16) !== 0x3a
	) {
		return false;
	}
	if (length > 20) {
		if (length === 21 || text.charCodeAt(19) !== 0x2e /* . */ || digitsAt(text, 20, length - 21) === -1) return false;
	}
	const year = digitsAt(text, 0, 4);
	const month = digitsAt(text, 5, 2);
	const day = digitsAt(text, 8, 2);
	const hour = digitsAt(text, 11, 2);
	const minute = digitsAt(text, 14, 2);
	const second = digitsAt(text, 17, 2);
	if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
		return false;
	}
	const leapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	return day <= (month === 2 && leapYear ? 29 : DAYS_IN_MONTH[month - 1]);
}

/** Zoned values become UTC with every fractional digit kept; zone-less values stay as sent. */
export function normalizeDateTime(text: string): string {
	const trimmed = text.trim();
	// Already UTC, or without a zone (ZONED_DATE_TIME needs Z or ±hh:mm at the end): nothing to do.
	if (isCanonicalUtc(trimmed)) return trimmed;
	const last = trimmed.length - 1;
	const zoneSign = trimmed.charCodeAt(last - 5);
	if (trimmed.charCodeAt(last) !== 0x5a && zoneSign !== 0x2b && zoneSign !== 0x2d) return trimmed;
	const zoned = ZONED_DATE_TIME.exec(trimmed);
	if (!zoned) return trimmed;
	const [, dateTime, fraction, zone] = zoned;
	const milliseconds = Date.parse(`${dateTime}.${(fraction ?? '').padEnd(3, '0').slice(0, 3)}${zone}`);
	if (Number.isNaN(milliseconds)) return trimmed;
	const utc = new Date(milliseconds).toISOString();
	return fraction === undefined ? utc.replace(/\.\d{3}Z$/, 'Z') : utc.replace(/\.\d{3}Z$/, `.${fraction}Z`);
}

function decodeBase64(element: XmlElement): Buffer {
	if (element.largeBytes !== undefined) return decodeBase64Bytes(element.largeBytes, element.largeBytesWritable === true);
	const raw = element.largeText ?? element.text;
	return Buffer.from(raw.includes('&') ? decodeEntities(raw) : raw, 'base64');
}

// A multiple of 4, so that every chunk of unbroken base64 decodes on its own; and small enough that
// each chunk's string is an ordinary young object (not a large one), collected as the decoding goes.
const BASE64_DECODE_CHUNK = 64 * 1024;

const WHITESPACE_BYTES = [0x20, 0x09, 0x0a, 0x0d];
const PADDING_BYTE = 0x3d;

/**
 * Base64 text held as bytes, decoded chunk by chunk: no string of the whole text is made. Unbroken
 * base64 (whole quads, no whitespace, padding only at the end, as ECGridOS sends it) is decoded in
 * chunks, into `bytes` themselves when `writable`; anything else as one string, which is Node's
 * lenient decoding exactly.
 */
function decodeBase64Bytes(bytes: Buffer, writable: boolean): Buffer {
	const padding = bytes.indexOf(PADDING_BYTE);
	const dataCharacters = padding === -1 ? bytes.length : padding;
	const unbroken =
		bytes.length % 4 === 0 &&
		bytes.length - dataCharacters <= 2 &&
		WHITESPACE_BYTES.every((byte) => !bytes.includes(byte));
	if (!unbroken) return Buffer.from(bytes.toString('latin1'), 'base64');
	const expected = Math.floor((dataCharacters * 3) / 4);
	// In place, each chunk's bytes land on text already read: output advances at 3/4 of the input's
	// pace, and the chunk being decoded has been copied into a string first.
	const decoded = writable ? bytes.subarray(0, expected) : Buffer.allocUnsafe(expected);
	let length = 0;
	for (let start = 0; start < dataCharacters; start += BASE64_DECODE_CHUNK) {
		const end = Math.min(start + BASE64_DECODE_CHUNK, bytes.length);
		const chunk = bytes.toString('latin1', start, end);
		const written = decoded.write(chunk, length, 'base64');
		// A character outside the alphabet, which Node skips, always makes a chunk come out short: its
		// n data characters have n mod 4 ≠ 1, so floor((n - 1) · 3 / 4) < floor(n · 3 / 4). The rest,
		// from this chunk on (still intact after `length`), is then decoded leniently, as Node would.
		if (written !== Math.floor(((Math.min(end, dataCharacters) - start) * 3) / 4)) {
			const rest = Buffer.from(chunk + bytes.toString('latin1', end), 'base64');
			return Buffer.concat([decoded.subarray(0, length), rest]);
		}
		length += written;
	}
	return decoded;
}

// How a declared type decodes, worked out once per type (see decodePlan).
const STRING = 1;
const INTEGER = 2;
const FLOAT = 3;
const BOOLEAN = 4;
const DATE_TIME = 5;
const BASE64 = 6;
const DATA_SET = 7;
const ENUM = 8;
const ARRAY = 9;
const COMPLEX = 10;

/** The primitive an XSD type name decodes as (also DataSet column types), or 0 for a type that is not one. */
function primitiveKind(type: string | undefined): number {
	switch (type) {
		case 'string':
			return STRING;
		case 'int':
		case 'short':
		case 'long':
		case 'unsignedByte':
		case 'byte':
		case 'unsignedShort':
		case 'unsignedInt':
		case 'unsignedLong':
		case 'integer':
			return INTEGER;
		case 'float':
		case 'double':
		case 'decimal':
			return FLOAT;
		case 'boolean':
			return BOOLEAN;
		case 'dateTime':
			return DATE_TIME;
		case 'base64Binary':
			return BASE64;
	}
	return 0;
}

interface FieldPlan {
	name: string;
	type: string;
	repeated: boolean;
	/** A missing list of a `…Collection` decodes as []. */
	emptyList: boolean;
	/** Which child element list holds this field's elements (fields of one name share it). */
	slot: number;
	plan: TypePlan | undefined;
}

interface TypePlan {
	kind: number;
	type: string;
	/** ARRAY: the repeated item field. COMPLEX: the fields in catalog order. */
	fields: FieldPlan[];
	/** COMPLEX: slot of each field name; a slot collects every child of that name when a field repeats. */
	slots: Map<string, number>;
	slotNames: string[];
	slotRepeats: boolean[];
}

const decodePlans = new Map<string, TypePlan>();

function decodePlan(type: string): TypePlan {
	let plan = decodePlans.get(type);
	if (plan) return plan;
	plan = { kind: 0, type, fields: [], slots: new Map(), slotNames: [], slotRepeats: [] };
	if (type === 'DataSet') {
		plan.kind = DATA_SET;
	} else if (primitiveKind(type) !== 0) {
		plan.kind = primitiveKind(type);
	} else if (isEnumType(type)) {
		plan.kind = ENUM;
	} else {
		const itemField = arrayItemField(type);
		const fields = itemField ? [itemField] : catalog.types[type].fields;
		plan.kind = itemField ? ARRAY : COMPLEX;
		for (const field of fields) {
			let slot = plan.slots.get(field.name);
			if (slot === undefined) {
				slot = plan.slotRepeats.length;
				plan.slots.set(field.name, slot);
				plan.slotNames.push(field.name);
				plan.slotRepeats.push(false);
			}
			if (field.repeated) plan.slotRepeats[slot] = true;
			plan.fields.push({
				name: field.name,
				type: field.type,
				repeated: field.repeated === true,
				emptyList: type.endsWith('Collection') && arrayItemField(field.type) !== undefined,
				slot,
				plan: undefined,
			});
		}
	}
	decodePlans.set(type, plan);
	return plan;
}

function fieldPlan(field: FieldPlan): TypePlan {
	return field.plan ?? (field.plan = decodePlan(field.type));
}

/**
 * A primitive of `kind` (see primitiveKind), named `type` in error messages. The element sits at
 * `step`/`index` below `parent`; that scope is only made for an error.
 */
function decodePrimitive(
	kind: number,
	type: string,
	element: XmlElement,
	parent: DecodeScope,
	step: string,
	index: number,
): unknown {
	let value: unknown;
	switch (kind) {
		case STRING:
			return textOf(element);
		case INTEGER:
			value = parseInteger(textOf(element));
			break;
		case FLOAT:
			value = parseFloatValue(textOf(element));
			break;
		case BOOLEAN:
			value = parseBoolean(textOf(element));
			break;
		case DATE_TIME:
			return normalizeDateTime(textOf(element));
		case BASE64:
			return decodeBase64(element);
	}
	if (value === undefined) throw mismatch(within(parent, step, index), textOf(element), type);
	return value;
}

/** Decodes `element` as `plan`'s type; it sits at `step`/`index` below `parent`. */
function decodeValue(plan: TypePlan, element: XmlElement, parent: DecodeScope, step: string, index: number): unknown {
	if (isNil(element)) return null;
	switch (plan.kind) {
		case DATA_SET:
			return decodeDataSet(element, within(parent, step, index));
		case ENUM:
			return textOf(element).trim();
		case ARRAY:
			return decodeArray(plan.fields[0], element, within(parent, step, index));
		case COMPLEX:
			return decodeComplex(plan, element, within(parent, step, index));
	}
	return decodePrimitive(plan.kind, plan.type, element, parent, step, index);
}

function decodeArray(itemField: FieldPlan, element: XmlElement, scope: DecodeScope): unknown[] {
	const itemPlan = fieldPlan(itemField);
	const items: unknown[] = [];
	for (const child of element.elements) {
		if (child.local === itemField.name && !isNil(child)) {
			items.push(decodeValue(itemPlan, child, scope, itemField.name, items.length));
		}
	}
	return items;
}

function decodeComplex(plan: TypePlan, element: XmlElement, scope: DecodeScope): Record<string, unknown> {
	// Children are sorted into the fields in one pass; fields then decode in catalog order, so the
	// keys come in that order and the first mismatch reported is the same whatever the child order.
	const slotCount = plan.slotNames.length;
	const found: Array<XmlElement | XmlElement[] | undefined> = new Array(slotCount);
	// Children usually come in catalog order: try the slot after the last one found before the map.
	let next = 0;
	for (const child of element.elements) {
		let slot: number | undefined = next;
		if (next >= slotCount || plan.slotNames[next] !== child.local) {
			slot = plan.slots.get(child.local);
			if (slot === undefined) continue;
		}
		next = slot + 1;
		if (plan.slotRepeats[slot]) {
			const list = found[slot] as XmlElement[] | undefined;
			if (list) list.push(child);
			else found[slot] = [child];
		} else if (found[slot] === undefined) {
			found[slot] = child;
		}
	}
	const result: Record<string, unknown> = {};
	for (const field of plan.fields) {
		const match = found[field.slot];
		if (field.repeated) {
			const values: unknown[] = [];
			if (match) {
				const childPlan = fieldPlan(field);
				for (const child of match as XmlElement[]) {
					if (!isNil(child)) values.push(decodeValue(childPlan, child, scope, field.name, -1));
				}
			}
			result[field.name] = values;
		} else if (match !== undefined) {
			const child = plan.slotRepeats[field.slot] ? (match as XmlElement[])[0] : (match as XmlElement);
			result[field.name] = decodeValue(fieldPlan(field), child, scope, field.name, -1);
		} else if (field.emptyList) {
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

function decodeDataSetColumn(type: string | undefined, element: XmlElement, row: DecodeScope, column: string): unknown {
	if (isNil(element)) return null;
	const kind = primitiveKind(type);
	if (kind !== 0) return decodePrimitive(kind, type as string, element, row, column, -1);
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
		const rowScope = within(scope, row.local, rowIndex);
		for (const cell of row.elements) {
			record[cell.local] = decodeDataSetColumn(table?.columns.get(cell.local), cell, rowScope, cell.local);
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

// `<Operation>Response`, made once per operation rather than joined on every reply.
const responseElementNames = new Map<string, string>();

function responseElementName(operationName: string): string {
	let name = responseElementNames.get(operationName);
	if (name === undefined) {
		name = `${operationName}Response`;
		responseElementNames.set(operationName, name);
	}
	return name;
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
	const expected = responseElementName(operationName);
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
	const response: DecodeScope = { operation: operationName, context, parent: undefined, step: '', index: -1 };
	return decodeValue(decodePlan(operation.result.type), resultElement, response, operation.result.name, -1);
}
