/**
 * The XSD primitives as one table: which module reads a type name (also the type of a DataSet
 * column), and reading one element by it. Each primitive's own module holds both its directions.
 */
import { textOf, type XmlElement } from '../xmlReader';
import { decodeBase64 } from './base64Binary';
import { decodeBoolean } from './boolean';
import { normalizeDateTime } from './dateTime';
import { decodeFloat } from './float';
import { decodeInteger } from './integer';

/** The primitive an XSD type decodes as. */
export type PrimitiveKind = 'string' | 'integer' | 'float' | 'boolean' | 'dateTime' | 'base64Binary';

/** The primitive `type` names (also DataSet column types), or undefined for a type that is not one. */
export function primitiveKind(type: string | undefined): PrimitiveKind | undefined {
	switch (type) {
		case 'string':
			return 'string';
		case 'int':
		case 'short':
		case 'long':
		case 'unsignedByte':
		case 'byte':
		case 'unsignedShort':
		case 'unsignedInt':
		case 'unsignedLong':
		case 'integer':
			return 'integer';
		case 'float':
		case 'double':
		case 'decimal':
			return 'float';
		case 'boolean':
			return 'boolean';
		case 'dateTime':
			return 'dateTime';
		case 'base64Binary':
			return 'base64Binary';
	}
	return undefined;
}

/** The value of `element` as a primitive of `kind`, or undefined when its text is not one. */
export function decodePrimitive(kind: PrimitiveKind, element: XmlElement): unknown {
	switch (kind) {
		case 'string':
			return textOf(element);
		case 'integer':
			return decodeInteger(textOf(element));
		case 'float':
			return decodeFloat(textOf(element));
		case 'boolean':
			return decodeBoolean(textOf(element));
		case 'dateTime':
			return normalizeDateTime(textOf(element));
		case 'base64Binary':
			return decodeBase64(element);
	}
}
