/**
 * Typed access to the generated API catalog. The JSON beside this file is produced by
 * `npm run catalog` from Loren Data's WSDL, annotated with the curated facts of
 * scripts/catalog-annotations.js, and is the only place the API's facts live.
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
	/** Carries a secret (password, session, API key, private key, shared secret): withheld from output, errors and logs. */
	secret?: boolean;
	/** The value is the ID of an ECGrid network, mailbox, trading partner (ECGridID) or user. */
	idKind?: IdKind;
}

export type IdKind = 'network' | 'mailbox' | 'tradingPartner' | 'user';

/** The parameters of a paged listing that name the page (from 1) and the records per page. */
export interface CatalogPaging {
	pageNumber: string;
	pageSize: string;
}

/**
 * A result that is a list of records. Without `records` the result itself is the list (`ArrayOf…`,
 * or a DataSet's rows); otherwise it is one page, with the records in the field `records` and the
 * number of pages in `totalPages`.
 */
export interface CatalogListResult {
	records?: string;
	totalPages?: string;
}

export interface CatalogOperation {
	soapAction: string;
	parameters: CatalogField[];
	result: CatalogField;
	/** Only reads: repeating it after a network failure cannot change anything. */
	readOnly?: boolean;
	paging?: CatalogPaging;
	listResult?: CatalogListResult;
}

export interface CatalogType {
	fields: CatalogField[];
	/** Only set when the type lives outside the service namespace (AbstractTypes). */
	namespace?: string;
}

export interface Catalog {
	generatedFrom: { file: string; sha256: string; generator: string; annotations: string };
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

/** Whether `operation` only reads, so that repeating it after a network failure cannot change anything. */
export function isReadOnly(operation: string): boolean {
	return getOperation(operation).readOnly === true;
}

/** The page parameters of a paged listing, or undefined. */
export function pagingOf(operation: string): CatalogPaging | undefined {
	return getOperation(operation).paging;
}

/** How the records of a list result are found, or undefined when the result is not a list. */
export function listResultOf(operation: string): CatalogListResult | undefined {
	return getOperation(operation).listResult;
}

// Secrets (`secret: true`) are withheld by walking a decoded value along its declared type, so a
// field is withheld for what it is, wherever it sits, and nothing else is touched whatever its name.

let secretCarriers: ReadonlySet<string> | undefined;

/** The complex types that hold a secret field at some depth, found once by a fixed point (types may refer to each other). */
function typesCarryingSecrets(): ReadonlySet<string> {
	if (secretCarriers) return secretCarriers;
	const carriers = new Set<string>();
	for (let grew = true; grew; ) {
		grew = false;
		for (const [name, type] of Object.entries(catalog.types)) {
			if (!carriers.has(name) && type.fields.some((field) => field.secret === true || carriers.has(field.type))) {
				carriers.add(name);
				grew = true;
			}
		}
	}
	secretCarriers = carriers;
	return carriers;
}

/** Whether a value of `type` can hold a secret field, at any depth. */
export function canCarrySecret(type: string): boolean {
	return typesCarryingSecrets().has(type);
}

/** Whether the result of `operation` is, or can hold, a secret. */
export function resultCanCarrySecret(operation: string): boolean {
	const { result } = getOperation(operation);
	return result.secret === true || canCarrySecret(result.type);
}

function withholdIn(value: unknown, type: string): unknown {
	if (value === null || typeof value !== 'object' || !canCarrySecret(type)) return value;
	const itemField = arrayItemField(type);
	if (itemField) return Array.isArray(value) ? value.map((item) => withholdIn(item, itemField.type)) : value;
	if (Array.isArray(value) || Buffer.isBuffer(value)) return value;
	const record: Record<string, unknown> = { ...(value as Record<string, unknown>) };
	for (const field of catalog.types[type].fields) {
		if (!(field.name in record)) continue;
		if (field.secret) {
			delete record[field.name];
		} else if (canCarrySecret(field.type)) {
			const inner = record[field.name];
			record[field.name] = field.repeated && Array.isArray(inner) ? inner.map((item) => withholdIn(item, field.type)) : withholdIn(inner, field.type);
		}
	}
	return record;
}

/**
 * `value`, decoded as `type` (a catalog type name), without its secret fields: a copy where
 * something was withheld, `value` itself otherwise.
 */
export function withholdSecrets(value: unknown, type: string): unknown {
	return withholdIn(value, type);
}

/**
 * The decoded result of `operation` without its secrets: undefined when the result itself is a
 * secret (a session, an API key), otherwise the result without its secret fields.
 */
export function withholdResultSecrets(operation: string, result: unknown): unknown {
	const declared = getOperation(operation).result;
	return declared.secret ? undefined : withholdIn(result, declared.type);
}
