/**
 * Request encoding: an operation's parameters, by the catalog, into its SOAP 1.1 envelope.
 */
import { getOperation } from '../../catalog';
import { requestEnvelope } from './envelope';
import type { LargeBinaries } from './largePayload';
import { encodeFields } from './values';

/**
 * The SOAP 1.1 envelope for `operationName` with `values` keyed by parameter name. Parameters go out
 * in catalog order; missing optional strings and binaries are omitted, an empty string is sent as an
 * empty element, and a missing required value throws an EcgridosInputError naming it.
 */
export function encodeRequest(operationName: string, values: Record<string, unknown>): string {
	const body = encodeFields(getOperation(operationName).parameters, values, operationName, '', { largeBinaries: undefined });
	return requestEnvelope(operationName, body);
}

/**
 * A request envelope as the transport sends it: the XML, where large binary values stand as marks,
 * and those values, base64-encoded only when the bytes are assembled (envelopeBytes), or already
 * base64 text.
 */
export interface RequestEnvelope {
	readonly xml: string;
	readonly binaries: Readonly<LargeBinaries>;
}

/** `encodeRequest`, keeping large binary values apart (same checks, same errors, same XML once assembled). */
export function encodeEnvelope(operationName: string, values: Record<string, unknown>): RequestEnvelope {
	const binaries: LargeBinaries = [];
	const body = encodeFields(getOperation(operationName).parameters, values, operationName, '', { largeBinaries: binaries });
	return { xml: requestEnvelope(operationName, body), binaries };
}
