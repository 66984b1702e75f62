/**
 * ECGridOS reports failures as SOAP faults whose <detail> carries ErrorCode, ErrorString,
 * ErrorItem and ErrorMessage. The codes follow the WSDL's RetCode enum counted from
 * Unknown = -1 (inferred from Loren Data's one published example: 8 = "Invalid data length").
 * This is the only place that numbering lives in the simulator.
 */
import { enumValues } from '../catalog';

export type RetCode =
	| 'Unknown'
	| 'Success'
	| 'SessionTimeout'
	| 'AccessDenied'
	| 'NotFound'
	| 'InvalidID'
	| 'Duplicate'
	| 'IDExistsOnNetwork'
	| 'InvalidDataType'
	| 'InvalidDataLength'
	| 'DataError'
	| 'SQLError'
	| 'InternalError';

const ERROR_STRINGS: Record<RetCode, string> = {
	Unknown: 'Unknown error.',
	Success: 'Success.',
	SessionTimeout: 'Session timed out.',
	AccessDenied: 'Access denied.',
	NotFound: 'Not found.',
	InvalidID: 'Invalid ID.',
	Duplicate: 'Duplicate.',
	IDExistsOnNetwork: 'ID exists on network.',
	InvalidDataType: 'Invalid data type.',
	InvalidDataLength: 'Invalid data length.',
	DataError: 'Data error.',
	SQLError: 'SQL error.',
	InternalError: 'Internal error.',
};

export function retCodeNumber(code: RetCode): number {
	return enumValues('RetCode').indexOf(code) - 1;
}

/** An ECGridOS error: rendered as a fault with the ECGridOS detail block. */
export class EcgridFault extends Error {
	constructor(
		readonly code: RetCode,
		readonly item: string,
		readonly detailMessage: string,
	) {
		super(`${ERROR_STRINGS[code]} ${item}: ${detailMessage}`);
	}

	get errorString(): string {
		return ERROR_STRINGS[this.code];
	}
}

/**
 * A framework-level fault (malformed request, unknown SOAPAction): like ASP.NET's own faults it
 * has no ECGridOS detail block.
 */
export class FrameworkFault extends Error {
	constructor(
		readonly faultCode: 'soap:Client' | 'soap:Server',
		message: string,
	) {
		super(message);
	}
}

export const fault = {
	sessionTimeout: (): EcgridFault =>
		new EcgridFault('SessionTimeout', 'SessionID', 'The session has expired or is not valid. Log in again.'),
	accessDenied: (item: string, message = 'Not authorized for this object.'): EcgridFault =>
		new EcgridFault('AccessDenied', item, message),
	notFound: (item: string, message = 'No such object.'): EcgridFault => new EcgridFault('NotFound', item, message),
	invalidId: (item: string, message = 'Invalid value.'): EcgridFault => new EcgridFault('InvalidID', item, message),
	duplicate: (item: string, message: string): EcgridFault => new EcgridFault('Duplicate', item, message),
	dataError: (item: string, message: string): EcgridFault => new EcgridFault('DataError', item, message),
	tooLong: (item: string, max: number): EcgridFault => new EcgridFault('InvalidDataLength', item, `Too long (max=${max})`),
	notSupported: (operation: string): EcgridFault =>
		new EcgridFault('InternalError', operation, 'The ECGridOS simulator does not support this operation.'),
};
