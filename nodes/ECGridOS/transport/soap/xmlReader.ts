/**
 * The XML reader for ECGridOS replies: one hand-written pass over the text into namespace-resolved
 * XmlElement trees, and the few accessors the decoders use.
 *
 * Hand-written because a reply is read on every call: a general parser builds far more than the
 * decoder needs. Safety: every markup declaration (DOCTYPE, ENTITY) is refused and only the five
 * predefined entities and character references are decoded, so nothing is fetched and nothing
 * expands; nesting is capped so that the decoder's recursion cannot be driven arbitrarily deep.
 */

export const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

/** Text nodes at least this long are kept raw by the reader and decoded outside it (largePayload.ts). */
export const LARGE_TEXT_THRESHOLD = 64 * 1024;

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

export function decodeEntities(text: string): string {
	if (!text.includes('&')) return text;
	return text.replace(XML_ENTITY, (match, reference: string) => {
		if (reference[0] !== '#') return NAMED_ENTITIES[reference];
		const code = reference[1] === 'x' ? parseInt(reference.slice(2), 16) : parseInt(reference.slice(1), 10);
		// A reference to no character at all stays as it was written rather than failing the reply.
		return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
	});
}

/** A well-formedness error of a reply, at a character position. */
export class XmlSyntaxError extends Error {
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
export const LESS_THAN = 0x3c;
export const GREATER_THAN = 0x3e;
export const AMPERSAND = 0x26;
export const SLASH = 0x2f;
export const EXCLAMATION_MARK = 0x21;
export const QUESTION_MARK = 0x3f;
export const DOUBLE_QUOTE = 0x22;
export const SINGLE_QUOTE = 0x27;
export const COLON = 0x3a;
export const EQUALS_SIGN = 0x3d;

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

export function splitName(qualifiedName: string): [string, string] {
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
export function readXml(pieces: readonly string[]): XmlElement {
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

export function lineOf(text: string, position: number): number {
	let line = 1;
	for (let index = text.indexOf('\n'); index !== -1 && index < position; index = text.indexOf('\n', index + 1)) line++;
	return line;
}

export function attribute(element: XmlElement, namespace: string, local: string): string | undefined {
	return element.attributes.find((item) => item.local === local && item.namespace === namespace)?.value;
}

export function isNil(element: XmlElement): boolean {
	if (element.attributes.length === 0) return false;
	const nil = attribute(element, XSI_NAMESPACE, 'nil');
	return nil === 'true' || nil === '1';
}

/** The text of an element, entities decoded, wherever the reader kept it. */
export function textOf(element: XmlElement): string {
	if (element.largeBytes !== undefined) return element.largeBytes.toString('utf8');
	return element.largeText !== undefined ? decodeEntities(element.largeText) : element.text;
}
