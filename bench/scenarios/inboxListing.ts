/**
 * Scenario 5, the inbox listing alone, one client per process: the listing of a full inbox with
 * ParcelInBox, the operation the trigger lists with by default, through the package's transport
 * (the reply decoded into typed JSON), raw (the reply read as text, its parcel IDs picked out), or a
 * peer (peers.ts: the `soap` client, or n8n's HTTP helper with the reply parsed as n8n's XML node
 * does). The first listing measures the peak memory growth; the time is the median over all.
 */
import { ecgridosRequest } from '../../nodes/ECGridOS/transport';
import { INBOX_LISTING_OPERATION } from '../lib/fixtures';
import { measureRepeated, type RepeatedResult } from '../lib/measure';
import { createHelperCall, createSoapCall, recordCount, type ClientName } from '../lib/peers';
import { closeRawConnections, rawCall, rawEnvelope } from '../lib/rawSoap';
import { apiKeyCredential, createTransportContext } from '../lib/transportContext';
import { serveWorker } from '../lib/worker';

export interface InboxListingInput {
	endpointUrl: string;
	apiKey: string;
	side: ClientName | 'raw';
	/** Loren Data's WSDL, for the `soap` client. */
	wsdlPath?: string;
	waiting: number;
	repetitions: number;
}

export type InboxListingResult = RepeatedResult;

/** A call of an operation with no values but the session, through the side's client. */
async function clientOf(input: InboxListingInput): Promise<(operation: string) => Promise<unknown>> {
	const values = { SessionID: input.apiKey };
	switch (input.side) {
		case 'package': {
			const context = createTransportContext(apiKeyCredential(input.endpointUrl, input.apiKey));
			return async (operation) => await ecgridosRequest.call(context, operation, {});
		}
		case 'raw':
			return async (operation) => await rawCall(input.endpointUrl, input.apiKey, operation);
		case 'soap': {
			const soapCall = await createSoapCall(input.wsdlPath!, input.endpointUrl);
			return async (operation) => await soapCall(operation, values);
		}
		case 'helper': {
			const helperCall = createHelperCall(createTransportContext(apiKeyCredential(input.endpointUrl, input.apiKey)).helpers, input.endpointUrl);
			return async (operation) => await helperCall(operation, rawEnvelope(operation, values));
		}
	}
}

async function measure(input: InboxListingInput): Promise<InboxListingResult> {
	const call = await clientOf(input);
	// Raw reads the reply as text: its parcels are counted there, one ParcelIDInfo each.
	const listed = (result: unknown) => (typeof result === 'string' ? result.split('</ParcelIDInfo>').length - 1 : recordCount(result));
	const once = async () => {
		const count = listed(await call(INBOX_LISTING_OPERATION));
		if (count !== input.waiting) throw new Error(`${input.side}: the inbox listed ${count} parcels, expected ${input.waiting}`);
	};
	// One small call first, so what a process pays once (compiling the call's path) is not charged to the listing.
	await call('WhoAmI');
	const result = await measureRepeated(once, input.repetitions);
	closeRawConnections();
	return result;
}

serveWorker(measure);
