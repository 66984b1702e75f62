/**
 * Typed access to the generated API catalog. The JSON beside this file is produced by
 * `npm run catalog` from Loren Data's WSDL and is the only place the API's facts live.
 */
import catalogJson from './ecgridos-v4.1.catalog.json';

/** XSD primitive types the WSDL uses, by local name. */
export type PrimitiveType =
	| 'string'
	| 'int'
	| 'short'
	| 'long'
	| 'boolean'
	| 'dateTime'
	| 'unsignedByte'
	| 'float'
	| 'base64Binary';

export interface CatalogField {
	name: string;
	/** A primitive, the name of a complex type or enum, or `DataSet` (an ADO.NET DataSet: inline schema plus rows). */
	type: string;
	/** minOccurs = 1. In this WSDL every value type is required and every string, binary or complex field is optional. */
	required: boolean;
	repeated?: boolean;
	nillable?: boolean;
	/** A password, key or session: never shown in an error, a log line or node output. */
	secret?: boolean;
}

export interface CatalogOperation {
	soapAction: string;
	parameters: CatalogField[];
	result: CatalogField;
}

export interface CatalogType {
	fields: CatalogField[];
	/** Only set when the type lives outside the service namespace (AbstractTypes). */
	namespace?: string;
}

export interface Catalog {
	generatedFrom: { file: string; sha256: string; generator: string };
	service: {
		name: string;
		version: string | null;
		build: number | null;
		namespace: string;
		productionEndpoint: string;
		soapVersion: string;
		style: string;
		elementFormDefault: string;
	};
	operations: Record<string, CatalogOperation>;
	types: Record<string, CatalogType>;
	enums: Record<string, string[]>;
}

export const catalog = catalogJson as Catalog;

export const SERVICE_NAMESPACE = catalog.service.namespace;
export const PRODUCTION_ENDPOINT = catalog.service.productionEndpoint;

export const PRIMITIVE_TYPES: ReadonlySet<string> = new Set<PrimitiveType>([
	'string',
	'int',
	'short',
	'long',
	'boolean',
	'dateTime',
	'unsignedByte',
	'float',
	'base64Binary',
]);

/** Inclusive ranges of the XSD integer types, as bigint so that `long` is exact. */
export const INTEGER_RANGES: Readonly<Record<string, { min: bigint; max: bigint }>> = {
	unsignedByte: { min: 0n, max: 255n },
	short: { min: -32768n, max: 32767n },
	int: { min: -2147483648n, max: 2147483647n },
	long: { min: -9223372036854775808n, max: 9223372036854775807n },
};

export function getOperation(name: string): CatalogOperation {
	const operation = catalog.operations[name];
	if (!operation) throw new Error(`ECGridOS has no operation named "${name}"`);
	return operation;
}

export function isEnumType(type: string): boolean {
	return Object.prototype.hasOwnProperty.call(catalog.enums, type);
}

export function isComplexType(type: string): boolean {
	return Object.prototype.hasOwnProperty.call(catalog.types, type);
}

/** The `ArrayOfX` wrappers: a complex type whose only field repeats. */
export function arrayItemField(type: string): CatalogField | undefined {
	const complexType = catalog.types[type];
	if (!complexType || complexType.fields.length !== 1) return undefined;
	const [field] = complexType.fields;
	return field.repeated ? field : undefined;
}

export const OPERATION_NAMES: readonly string[] = Object.keys(catalog.operations);
