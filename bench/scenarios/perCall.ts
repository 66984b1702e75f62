/**
 * Scenario 1, per call, one client per process: the same calls through one client and as raw POSTs
 * of the envelope the transport would send, built once, with the reply read as text. The client is
 * the package (`ecgridosRequest` in a real n8n context: credential lookup, SOAP encoding, a kept
 * connection, SOAP decoding) or one of its peers (peers.ts): the `soap` package's client, or n8n's
 * HTTP helper with the reply parsed as n8n's XML node does.
 *
 * Each client is a pair with raw run in interleaved blocks, so drift on the machine (or in the
 * simulator) hits both sides of its ratio alike. Each pair has a process of its own: the peers leave
 * far more garbage behind than the package and raw do (a new socket per call, axios, xml2js or
 * soap's parser), and V8 charges collecting it to whatever allocates next, which in one shared
 * rotation was mostly the package.
 */
import { ecgridosRequest, encodeRequest } from '../../nodes/ECGridOS/transport';
import { interleaved } from '../lib/measure';
import { createHelperCall, createSoapCall, recordCount, type ClientName } from '../lib/peers';
import { closeRawConnections, rawPost } from '../lib/rawSoap';
import { apiKeyCredential, createTransportContext } from '../lib/transportContext';
import { serveWorker } from '../lib/worker';

export interface CallSeries {
	label: string;
	operation: string;
	values: Record<string, unknown>;
	count: number;
	/** Checks one parsed result, so a fast wrong answer cannot pass for a fast call. */
	expectedRecords?: number;
}

export interface PerCallInput {
	endpointUrl: string;
	/** The simulator's process, whose CPU time per call is kept beside ours. */
	simulatorPid: number;
	apiKey: string;
	client: ClientName;
	/** Loren Data's WSDL, for the `soap` client. */
	wsdlPath?: string;
	series: CallSeries[];
}

export interface PerCallResult {
	label: string;
	operation: string;
	client: ClientName;
	count: number;
	clientMsPerCall: number;
	rawMsPerCall: number;
	/** CPU time per call of this process (user + system), the client's blocks and raw's. */
	clientCpuMsPerCall: number;
	rawCpuMsPerCall: number;
	/** CPU time per call of the simulator while it served each side. */
	simulatorCpuMsForClient: number;
	simulatorCpuMsForRaw: number;
}

async function measure(input: PerCallInput): Promise<PerCallResult[]> {
	const context = createTransportContext(apiKeyCredential(input.endpointUrl, input.apiKey));
	const soapCall = input.client === 'soap' ? await createSoapCall(input.wsdlPath!, input.endpointUrl) : undefined;
	const helperCall = createHelperCall(context.helpers, input.endpointUrl);
	const results: PerCallResult[] = [];
	for (const series of input.series) {
		const values = { SessionID: input.apiKey, ...series.values };
		const envelope = encodeRequest(series.operation, values);
		const clientCall = {
			package: () => ecgridosRequest.call(context, series.operation, series.values),
			soap: () => soapCall!(series.operation, values),
			helper: () => helperCall(series.operation, envelope),
		}[input.client];
		const rawCall = async () => {
			const reply = await rawPost(input.endpointUrl, series.operation, envelope);
			if (reply.status !== 200) throw new Error(`${series.operation} answered HTTP ${reply.status}`);
		};
		const sample = await clientCall();
		const records = recordCount(sample);
		if (series.expectedRecords !== undefined && records !== series.expectedRecords) {
			throw new Error(`${input.client}: ${series.operation} returned ${records} records, expected ${series.expectedRecords}`);
		}
		if (sample === undefined || sample === null || sample === '') throw new Error(`${input.client}: ${series.operation} returned nothing`);
		const pair = await interleaved([clientCall, rawCall], series.count, input.simulatorPid);
		results.push({
			label: series.label,
			operation: series.operation,
			client: input.client,
			count: pair.calls,
			clientMsPerCall: pair.msPerCall[0],
			rawMsPerCall: pair.msPerCall[1],
			clientCpuMsPerCall: pair.cpuMsPerCall[0],
			rawCpuMsPerCall: pair.cpuMsPerCall[1],
			simulatorCpuMsForClient: pair.serverCpuMsPerCall[0],
			simulatorCpuMsForRaw: pair.serverCpuMsPerCall[1],
		});
	}
	closeRawConnections();
	return results;
}

serveWorker(measure);
