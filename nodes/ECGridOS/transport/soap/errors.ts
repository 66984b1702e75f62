/**
 * The codec's three errors, each with a typed kind that callers check instead of reading message
 * text: a value that cannot be sent (EcgridosInputError), a SOAP fault from ECGridOS (EcgridosFault,
 * with ECGridOS's error name and code), and a reply that is not a usable SOAP message
 * (EcgridosResponseError).
 */
import { isSessionFault, retCodeInfo } from '../retCodes';

/** Why a value cannot be sent. */
export type InputErrorKind =
	| 'required'
	| 'unknownParameter'
	| 'notInteger'
	| 'outOfRange'
	| 'notNumber'
	| 'notBoolean'
	| 'notDateTime'
	| 'notEnumValue'
	| 'notText'
	| 'notDelimiter'
	| 'illegalCharacter'
	| 'notBinary'
	| 'notObject'
	| 'unsendableType'
	| 'filledByTransport';

/** Where a value goes: named in every input error. */
export interface ValuePlace {
	operation: string;
	/** The parameter, or a dotted path to a field of a complex parameter. */
	parameter: string;
	/** A password or key: an error about it never shows the value. */
	secret?: boolean;
}

/** A value the caller supplied cannot be sent; raised before any network call. */
export class EcgridosInputError extends Error {
	readonly operation: string;

	readonly parameter: string;

	constructor(
		place: ValuePlace,
		readonly kind: InputErrorKind,
		problem: string,
	) {
		super(`${place.parameter}: ${problem}`);
		this.name = 'EcgridosInputError';
		this.operation = place.operation;
		this.parameter = place.parameter;
	}
}

/** How a value is shown in an input error: briefly, and never when it is a secret. */
export function describeValue(value: unknown, place: ValuePlace): string {
	if (place.secret) return 'a value that is not shown (the field is secret)';
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
	if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'an object';
	return `${typeof value} ${String(value)}`;
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

/**
 * What a fault means for the caller: the session (or API key) is not usable, the user may not do
 * this, or anything else ECGridOS refused.
 */
export type FaultKind = 'sessionRejected' | 'accessDenied' | 'refused';

const ACCESS_DENIED = 'AccessDenied';

/** ECGridOS answered with a SOAP fault. */
export class EcgridosFault extends Error {
	readonly kind: FaultKind;

	/** ECGridOS's RetCode name for `data.errorCode` (retCodes.ts), when the code is known. */
	readonly errorName: string | undefined;

	constructor(
		readonly operation: string,
		readonly data: EcgridosFaultData,
	) {
		super(data.errorString ?? data.faultString);
		this.name = 'EcgridosFault';
		this.errorName = retCodeInfo(data.errorCode)?.name;
		this.kind = isSessionFault(data) ? 'sessionRejected' : this.errorName === ACCESS_DENIED ? 'accessDenied' : 'refused';
	}

	/** ECGridOS's error code, when the fault carried one. */
	get errorCode(): number | undefined {
		return this.data.errorCode;
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

/** Why a reply is not usable. */
export type ResponseErrorKind = 'notXml' | 'notSoap' | 'unexpectedElement' | 'missingResult' | 'mismatch';

/** The reply is not a usable SOAP message for this operation (HTML page, empty, truncated, …). */
export class EcgridosResponseError extends Error {
	constructor(
		readonly operation: string,
		readonly kind: ResponseErrorKind,
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
