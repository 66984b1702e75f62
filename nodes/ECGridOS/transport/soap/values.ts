/**
 * One value of a declared catalog type, checked and rendered: the dispatch from a type name to
 * its primitive's module (xsd/), an enum, or a complex type's fields in catalog order. The request
 * encoder and `validateValue` share it, so a value is judged by one set of rules wherever it is.
 */
import { catalog, isComplexType, isEnumType, type CatalogField } from '../../catalog';
import { EcgridosInputError, type ValuePlace } from './errors';
import type { LargeBinaries } from './largePayload';
import { binaryValue, encodeBase64, type Base64Text, type StreamedBinary } from './xsd/base64Binary';
import { booleanValue, encodeBoolean } from './xsd/boolean';
import { encodeDateTime } from './xsd/dateTime';
import { enumValue } from './xsd/enumeration';
import { encodeFloat, floatValue } from './xsd/float';
import { encodeInteger, integerValue } from './xsd/integer';
import { encodeString, stringValue } from './xsd/string';

/**
 * What one request's encoding carries from value to value. `largeBinaries`, when set, collects
 * large binary values instead of encoding them into the XML (largePayload.ts).
 */
export interface RequestEncoding {
	readonly largeBinaries: LargeBinaries | undefined;
}

/** One primitive's two ways of taking a value: rendered as element content, or as its canonical value. */
interface PrimitiveInput {
	encode(value: unknown, place: ValuePlace, encoding: RequestEncoding): string;
	canonical(value: unknown, place: ValuePlace): unknown;
}

const integerInput = (type: string): PrimitiveInput => ({
	encode: (value, place) => encodeInteger(type, value, place),
	canonical: (value, place) => integerValue(type, value, place),
});

// The primitives the catalog's parameters use, by XSD type name.
const PRIMITIVE_INPUTS: ReadonlyMap<string, PrimitiveInput> = new Map<string, PrimitiveInput>([
	['string', { encode: encodeString, canonical: stringValue }],
	['int', integerInput('int')],
	['short', integerInput('short')],
	['long', integerInput('long')],
	['unsignedByte', integerInput('unsignedByte')],
	['float', { encode: encodeFloat, canonical: floatValue }],
	['boolean', { encode: encodeBoolean, canonical: booleanValue }],
	['dateTime', { encode: encodeDateTime, canonical: encodeDateTime }],
	[
		'base64Binary',
		{
			encode: (value, place, encoding) => encodeBase64(value, place, encoding.largeBinaries),
			canonical: (value, place): Buffer | Base64Text | StreamedBinary => binaryValue(value, place),
		},
	],
]);

/** The element content for one value of `type`; complex types recurse through their fields. */
export function encodeValue(type: string, value: unknown, place: ValuePlace, encoding: RequestEncoding): string {
	const primitive = PRIMITIVE_INPUTS.get(type);
	if (primitive !== undefined) return primitive.encode(value, place, encoding);
	if (isEnumType(type)) return enumValue(type, value, place);
	if (isComplexType(type)) {
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			throw new EcgridosInputError(place, 'notObject', `must be an object of type ${type}`);
		}
		return encodeFields(catalog.types[type].fields, value as Record<string, unknown>, place.operation, `${place.parameter}.`, encoding);
	}
	throw new EcgridosInputError(place, 'unsendableType', `has the type ${type}, which cannot be sent`);
}

/**
 * The XML of `values` for `fields`, in catalog order: missing optional values are omitted, a
 * missing required one and a key that is no field are refused. `path` prefixes field names in
 * errors ('' for an operation's parameters).
 */
export function encodeFields(
	fields: CatalogField[],
	values: Record<string, unknown>,
	operation: string,
	path: string,
	encoding: RequestEncoding,
): string {
	const known = fieldNames(fields);
	for (const key of Object.keys(values)) {
		if (!known.has(key)) {
			throw new EcgridosInputError({ operation, parameter: `${path}${key}` }, 'unknownParameter', `is not a parameter of ${operation}`);
		}
	}
	let xml = '';
	for (const field of fields) {
		const value = values[field.name];
		const place: ValuePlace = { operation, parameter: `${path}${field.name}`, secret: field.secret };
		if (value === undefined || value === null) {
			if (field.required) throw new EcgridosInputError(place, 'required', `is required (type ${field.type})`);
			continue;
		}
		if (field.repeated && Array.isArray(value)) {
			for (const item of value) xml += `<${field.name}>${encodeValue(field.type, item, place, encoding)}</${field.name}>`;
		} else {
			xml += `<${field.name}>${encodeValue(field.type, value, place, encoding)}</${field.name}>`;
		}
	}
	return xml;
}

// The names of each catalog field list, made once: encodeFields runs on every call. Pure
// memoisation of the catalog, which never changes while the process runs.
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
 * `value` checked as a value of the catalog type `type` and given in its canonical form, by the
 * same rules the request encoder applies; throws EcgridosInputError (with its kind, naming
 * `place.parameter`, never showing a secret value) when it cannot be sent.
 *
 * Canonical forms: integer types give a number, or a bigint beyond safe integers (numbers, bigints
 * and digit strings are accepted); float a number (numeric text accepted); boolean a boolean
 * (true/false text in any case accepted); dateTime the ISO-8601 text that is sent (a Date, a
 * Luxon DateTime or ISO text naming a real moment; a date alone means midnight); enums the
 * declared name (case-insensitive match accepted when unambiguous); string the text (numbers and
 * booleans as text; characters XML cannot carry refused); base64Binary a Buffer or Base64Text;
 * complex types the object itself, after every field is checked.
 */
export function validateValue(type: string, value: unknown, place: ValuePlace): unknown {
	const primitive = PRIMITIVE_INPUTS.get(type);
	if (primitive !== undefined) return primitive.canonical(value, place);
	if (isEnumType(type)) return enumValue(type, value, place);
	encodeValue(type, value, place, { largeBinaries: [] });
	return value;
}
