/**
 * The two clients users would build instead of this package, measured beside it against the same
 * simulator:
 *
 * - **soap**: the `soap` npm package's client, created from Loren Data's WSDL with the simulator as
 *   its endpoint and used with its defaults, as in a Code node or a custom node. Parcels go through it
 *   as base64 strings, so the caller encodes and decodes them (see `bigParcels.ts`).
 * - **n8n's HTTP helper**: a hand-written envelope POSTed with `helpers.httpRequest` (what the HTTP
 *   Request node runs, a new connection per request), the reply read as text and turned into JSON as
 *   n8n's XML node does it: xml2js with that node's defaults (`mergeAttrs`, `explicitArray: false`),
 *   then n8n's `deepCopy` of the result.
 *
 * Both return the operation's result as JSON, so every comparison with the package ends where the
 * package's ends: a parsed result.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IPollFunctions } from 'n8n-workflow';
import { deepCopy, type IDataObject } from 'n8n-workflow';
import { Parser } from 'xml2js';

import { catalog } from '../../nodes/ECGridOS/catalog';

/** The clients compared in one row of the table. */
export type ClientName = 'package' | 'soap' | 'helper';
export type PeerName = Exclude<ClientName, 'package'>;

/** A call of `operation` that resolves to its parsed result. */
export type OperationCall = (operation: string, values: Record<string, unknown>) => Promise<unknown>;

/** Loren Data's WSDL in the shared folder beside the repository, or undefined when it is absent. */
export function sharedWsdlPath(projectDir: string): string | undefined {
	const path = join(projectDir, '..', 'shared', 'ecgridos', 'ECGridOS-v4.1.wsdl');
	return existsSync(path) ? path : undefined;
}

/**
 * The `soap` package's client for `endpointUrl`, created from the WSDL: its cold start. The module
 * is loaded here, so that only a process that uses it pays for loading it.
 */
export async function createSoapCall(wsdlPath: string, endpointUrl: string): Promise<OperationCall> {
	const { createClientAsync } = await import('soap');
	const client = await createClientAsync(wsdlPath, { endpoint: endpointUrl });
	return async (operation, values) => {
		const [reply] = (await client[`${operation}Async`](values)) as [Record<string, unknown>];
		return reply[`${operation}Result`];
	};
}

// n8n's XML node, mode XML to JSON, with no option changed.
const XML_NODE_DEFAULTS = { mergeAttrs: true, explicitArray: false };

/** A hand-written envelope of `operation` posted, resolving to its parsed result. */
export type EnvelopeCall = (operation: string, envelope: string) => Promise<unknown>;

/**
 * n8n's HTTP helper, posting a hand-written envelope and parsing the reply as the XML node does.
 * The result is read from the parsed envelope as a user's next node would.
 */
export function createHelperCall(helpers: IPollFunctions['helpers'], endpointUrl: string): EnvelopeCall {
	return async (operation, envelope) => {
		const reply = (await helpers.httpRequest({
			method: 'POST',
			url: endpointUrl,
			body: envelope,
			headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${catalog.operations[operation].soapAction}"` },
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; body: string };
		if (reply.statusCode !== 200) throw new Error(`${operation} answered HTTP ${reply.statusCode}`);
		const parsed = deepCopy((await new Parser(XML_NODE_DEFAULTS).parseStringPromise(reply.body)) as IDataObject);
		const body = (parsed['soap:Envelope'] as IDataObject)['soap:Body'] as IDataObject;
		return (body[`${operation}Response`] as IDataObject)[`${operation}Result`];
	};
}

/** How many records a parsed result holds: the length of the first list in it, or 0. */
export function recordCount(result: unknown): number {
	if (Array.isArray(result)) return result.length;
	if (result === null || typeof result !== 'object') return 0;
	for (const value of Object.values(result)) {
		const count = recordCount(value);
		if (count) return count;
	}
	return 0;
}
