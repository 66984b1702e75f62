/**
 * Scenario 1, per-call overhead: the same calls through the transport (`ecgridosRequest` in a real
 * n8n context: credential lookup, SOAP encoding, a kept connection, SOAP decoding) and as raw POSTs
 * of the envelope the transport would send, built once, with the reply read as text. A third series
 * sends that same envelope through n8n's own HTTP helper (`helpers.httpRequest`, no package code at
 * all): what each call would cost if the package used that helper for it, as it does only when n8n
 * must log in first or a proxy is configured.
 *
 * Each comparison is a pair run in interleaved blocks (package and raw, then helper and raw), so
 * drift on the machine (or in the simulator) hits both sides of a ratio alike. The helper series is
 * kept out of the package's pair: it leaves behind far more garbage (axios, a new socket per call)
 * than the other two, and V8 charges collecting it to whatever allocates next, which in one shared
 * rotation was mostly the package (measured: WhoAmI 1.4–1.7× raw beside the helper, 1.1–1.2× without).
 */
import { ecgridosRequest, encodeRequest } from '../../nodes/ECGridOS/transport';
import { catalog } from '../../nodes/ECGridOS/catalog';
import { interleaved } from '../lib/measure';
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
	/** The simulator's process, whose CPU time per call is reported beside ours. */
	simulatorPid: number;
	apiKey: string;
	series: CallSeries[];
}

export interface PerCallResult {
	label: string;
	count: number;
	packageMsPerCall: number;
	rawMsPerCall: number;
	/** CPU time per call of this process (the client) and of the simulator, package and raw. */
	packageCpuMsPerCall: number;
	rawCpuMsPerCall: number;
	simulatorCpuMsForPackage: number;
	simulatorCpuMsForRaw: number;
	n8nHelperMsPerCall: number;
	/** Raw, measured in the helper's pair: the baseline of the helper's ratio. */
	helperRawMsPerCall: number;
}

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
		const packagePair = await interleaved([packageCall, rawCall], series.count, input.simulatorPid);
		const helperPair = await interleaved([helperCall, rawCall], series.count);
		results.push({
			label: series.label,
			count: packagePair.calls,
			packageMsPerCall: packagePair.msPerCall[0],
			rawMsPerCall: packagePair.msPerCall[1],
			packageCpuMsPerCall: packagePair.cpuMsPerCall[0],
			rawCpuMsPerCall: packagePair.cpuMsPerCall[1],
			simulatorCpuMsForPackage: packagePair.serverCpuMsPerCall[0],
			simulatorCpuMsForRaw: packagePair.serverCpuMsPerCall[1],
			n8nHelperMsPerCall: helperPair.msPerCall[0],
			helperRawMsPerCall: helperPair.msPerCall[1],
		});
	}
	closeRawConnections();
	return results;
}

serveWorker(measure);
