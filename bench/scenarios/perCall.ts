/**
 * Scenario 1, per-call overhead: the same calls through the transport (`ecgridosRequest` in a real
 * n8n context: credential lookup, SOAP encoding, a kept connection, SOAP decoding) and as raw POSTs
 * of the envelope the transport would send, built once, with the reply read as text. A third series
 * sends that same envelope through n8n's own HTTP helper (`helpers.httpRequest`, no package code at
 * all): what each call would cost if the package used that helper for it, as it does only when n8n
 * must log in first or a proxy is configured. All three run in interleaved blocks, so drift on the
 * machine (or in the simulator) hits them alike.
 */
import { ecgridosRequest, encodeRequest } from '../../nodes/ECGridOS/transport';
import { catalog } from '../../nodes/ECGridOS/catalog';
import { timed } from '../lib/measure';
import { closeRawConnections, rawPost } from '../lib/rawSoap';
import { apiKeyCredential, createTransportContext } from '../lib/transportContext';
import { serveWorker } from '../lib/worker';

export interface CallSeries {
	label: string;
	operation: string;
	values: Record<string, unknown>;
	count: number;
	/** Checks one decoded result, so a fast wrong answer cannot pass for a fast call. */
	expectedRecords?: number;
}

export interface PerCallInput {
	endpointUrl: string;
	apiKey: string;
	series: CallSeries[];
}

export interface PerCallResult {
	label: string;
	count: number;
	packageMsPerCall: number;
	rawMsPerCall: number;
	n8nHelperMsPerCall: number;
}

const BLOCKS = 10;
const WARM_UP_CALLS = 100;

async function measure(input: PerCallInput): Promise<PerCallResult[]> {
	const context = createTransportContext(apiKeyCredential(input.endpointUrl, input.apiKey));
	const results: PerCallResult[] = [];
	for (const series of input.series) {
		const envelope = encodeRequest(series.operation, { SessionID: input.apiKey, ...series.values });
		const packageCall = () => ecgridosRequest.call(context, series.operation, series.values);
		const rawCall = async () => {
			const reply = await rawPost(input.endpointUrl, series.operation, envelope);
			if (reply.status !== 200) throw new Error(`${series.operation} answered HTTP ${reply.status}`);
		};
		const helperCall = async () => {
			const reply = (await context.helpers.httpRequest({
				method: 'POST',
				url: input.endpointUrl,
				body: envelope,
				headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${catalog.operations[series.operation].soapAction}"` },
				encoding: 'arraybuffer',
				json: false,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as { statusCode: number };
			if (reply.statusCode !== 200) throw new Error(`${series.operation} answered HTTP ${reply.statusCode}`);
		};
		const sample = await packageCall();
		if (series.expectedRecords !== undefined && (!Array.isArray(sample) || sample.length !== series.expectedRecords)) {
			throw new Error(`${series.operation} returned ${Array.isArray(sample) ? sample.length : 'no'} records, expected ${series.expectedRecords}`);
		}
		const sides = [packageCall, rawCall, helperCall];
		for (let call = 0; call < WARM_UP_CALLS; call++) for (const side of sides) await side();
		const totals = [0, 0, 0];
		const perBlock = Math.ceil(series.count / BLOCKS);
		for (let block = 0; block < BLOCKS; block++) {
			// Rotating which side goes first cancels any advantage of a position in the block.
			for (let turn = 0; turn < sides.length; turn++) {
				const side = (block + turn) % sides.length;
				totals[side] += await timed(async () => {
					for (let call = 0; call < perBlock; call++) await sides[side]();
				});
			}
		}
		const calls = perBlock * BLOCKS;
		results.push({
			label: series.label,
			count: calls,
			packageMsPerCall: totals[0] / calls,
			rawMsPerCall: totals[1] / calls,
			n8nHelperMsPerCall: totals[2] / calls,
		});
	}
	closeRawConnections();
	return results;
}

serveWorker(measure);
