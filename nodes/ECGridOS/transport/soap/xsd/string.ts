/**
 * xsd:string: text (numbers and booleans as their text) out, escaped for XML; the element's text
 * back, '' for an empty element.
 */
import { EcgridosInputError, describeValue, type ValuePlace } from '../errors';

// Characters XML 1.0 cannot carry at all, not even as character references.
const ILLEGAL_XML_CHARACTER = /[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

const XML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&apos;',
	'\r': '&#13;',
};

/** The text `value` stands for, refused when XML cannot carry it. */
export function stringValue(value: unknown, place: ValuePlace): string {
	if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
	if (typeof value !== 'string') {
		throw new EcgridosInputError(place, 'notText', `must be text, got ${describeValue(value, place)}`);
	}
	const illegal = ILLEGAL_XML_CHARACTER.exec(value);
	if (illegal) {
		const code = illegal[0].codePointAt(0) ?? 0;
		throw new EcgridosInputError(
			place,
			'illegalCharacter',
			`contains the character U+${code.toString(16).toUpperCase().padStart(4, '0')} at position ${illegal.index}, which XML cannot carry; remove it or send the data as binary`,
		);
	}
	return value;
}

export function encodeString(value: unknown, place: ValuePlace): string {
	const text = stringValue(value, place);
	if (typeof value !== 'string') return text;
	return escapeXmlText(text);
}

/**
 * `text` as the codec writes it into an element: the one XML escaping of the package. CR is
 * escaped because XML parsers turn a literal CR into LF, and EDI segment terminators matter.
 */
export function escapeXmlText(text: string): string {
	return text.replace(/[&<>"'\r]/g, (character) => XML_ESCAPES[character]);
}
