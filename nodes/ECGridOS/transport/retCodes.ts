/**
 * ECGridOS return codes, in ONE place.
 *
 * The WSDL's `RetCode` enum lists the names in order but not their numbers. Loren Data's "Soap
 * Exceptions" page shows one fault, ErrorCode 8 = "Invalid data length", which fits numbering from
 * Unknown = -1 in enum order. That numbering is an inference, so an expired session is recognised by
 * its code and by its text alike (isSessionFault).
 */
import type { EcgridosFaultData } from './soap';

export interface RetCodeInfo {
	code: number;
	/** The `RetCode` enum name from the WSDL. */
	name: string;
	/** What the user can do about it. */
	hint: string;
}

export const RET_CODES: readonly RetCodeInfo[] = [
	{
		code: -1,
		name: 'Unknown',
		hint: 'ECGridOS did not say what went wrong. Try again; if it persists, contact ECGrid support with the time of the call.',
	},
	{ code: 0, name: 'Success', hint: 'The call succeeded.' },
	{
		code: 1,
		name: 'SessionTimeout',
		hint: 'The ECGridOS session expired or was closed. The node logs in again once by itself; if this keeps happening, check the login, or use an API key.',
	},
	{
		code: 2,
		name: 'AccessDenied',
		hint: 'The user or API key is not allowed to do this. Check its authorization level and that the network/mailbox is one it manages.',
	},
	{
		code: 3,
		name: 'NotFound',
		hint: 'Nothing matches the given ID or name. Check the ID, and whether it belongs to the network/mailbox of the credential.',
	},
	{
		code: 4,
		name: 'InvalidID',
		hint: 'An ID is not valid for this call. Check the field named in the error item.',
	},
	{
		code: 5,
		name: 'Duplicate',
		hint: 'This already exists. Look it up instead of creating it again.',
	},
	{
		code: 6,
		name: 'IDExistsOnNetwork',
		hint: 'The trading partner ID is already registered on this network. Search for it (TP Search) and use the existing ECGrid ID.',
	},
	{
		code: 7,
		name: 'InvalidDataType',
		hint: 'A value has the wrong type. Check the field named in the error item.',
	},
	{
		code: 8,
		name: 'InvalidDataLength',
		hint: 'A value is too long or too short. Check the field named in the error item and its allowed length in the error message.',
	},
	{
		code: 9,
		name: 'DataError',
		hint: 'ECGridOS refused the data. Check the values sent, especially the field named in the error item.',
	},
	{
		code: 10,
		name: 'SQLError',
		hint: 'ECGridOS had a database error. Try again later; if it persists, contact ECGrid support.',
	},
	{
		code: 11,
		name: 'InternalError',
		hint: 'ECGridOS had an internal error. Try again later; if it persists, contact ECGrid support.',
	},
];

const BY_CODE = new Map(RET_CODES.map((info) => [info.code, info]));

export const SESSION_TIMEOUT_CODE = 1;

/** The table entry for `code`, or undefined for a code the table does not know. */
export function retCodeInfo(code: number | undefined): RetCodeInfo | undefined {
	return code === undefined ? undefined : BY_CODE.get(code);
}

// Fault texts that mean the session (or key) in SessionID is no longer usable.
const SESSION_FAULT_TEXT = [
	/session[\s_-]*(has\s+)?(timed?[\s_-]*out|expired|closed|ended|invalid|not\s+found|is\s+not\s+valid)/i,
	/(invalid|expired|unknown|closed)\s+session/i,
	/session\s*timeout/i,
	/not\s+logged\s+in/i,
];

/**
 * Whether a fault says the session is gone (expired, closed, unknown), by ErrorCode and by text,
 * since the code numbering is inferred. Such a fault means the call did not run.
 */
export function isSessionFault(fault: EcgridosFaultData): boolean {
	if (fault.errorCode === SESSION_TIMEOUT_CODE) return true;
	const texts = [fault.errorString, fault.errorMessage, fault.faultString].filter(
		(text): text is string => typeof text === 'string',
	);
	return texts.some((text) => SESSION_FAULT_TEXT.some((pattern) => pattern.test(text)));
}
