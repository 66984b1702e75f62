/**
 * Scenario 2, through n8n's engine: one execution of Manual Trigger → ECGridOS (Trading Partner →
 * Get, the ECGridID taken from each item by expression) over many items, run by n8n-core's
 * WorkflowExecute. The same TPInfo calls are also made through the transport alone and raw, in this
 * process, so the engine's own share (parameter resolution, expressions, item bookkeeping, the
 * router) is the difference between the first two.
 *
 * Two comparisons, each of a pair: transport against raw in interleaved blocks, as in scenario 1;
 * then the execution against the transport in alternating rounds, each round starting from a full
 * garbage collection, so neither is charged for collecting the other's garbage (an execution of
 * 1,000 items leaves far more than 1,000 calls do).
 */
// `.node.js`, not `.node`: under tsx a bare `X.node` resolves to the codex file X.node.json first.
import { ECGridOS } from '../../nodes/ECGridOS/ECGridOS.node.js';
import { ecgridosRequest, encodeRequest } from '../../nodes/ECGridOS/transport';
import { runNode } from '../../test/harness';
import { benchPartnerId } from '../lib/fixtures';
import { collectGarbage, interleaved, median, timed } from '../lib/measure';
import { closeRawConnections, rawPost } from '../lib/rawSoap';
import { apiKeyCredential, createTransportContext } from '../lib/transportContext';
import { serveWorker } from '../lib/worker';

// One instance for the whole process, as n8n's node loader keeps one per node type.
const ecgridosNode = new ECGridOS();

export interface EngineInput {
	endpointUrl: string;
	apiKey: string;
	items: number;
}

/** Milliseconds for `items` calls or items. */
export interface EngineResult {
	items: number;
	/** The execution: median of its rounds against the transport. */
	engineMs: number;
	/** The transport: median of its rounds against the execution. */
	transportMs: number;
	/** The transport, in its interleaved blocks against raw. */
	pairedTransportMs: number;
	/** Raw, in those blocks. */
	rawMs: number;
	/** Client CPU time per call in those blocks (user + system), the transport's and raw's. */
	transportCpuMsPerCall: number;
	rawCpuMsPerCall: number;
}

// Rounds of the execution and of the transport alone; each goes first in half of them.
const ROUNDS = 6;

async function runExecution(input: EngineInput, items: number): Promise<void> {
	const { items: output, error } = await runNode({
		nodeType: ecgridosNode,
		parameters: {
			resource: 'tradingPartner',
			operation: 'get',
			ecgridId: { __rl: true, mode: 'id', value: '={{ $json.ecgridId }}' },
		},
		items: Array.from({ length: items }, (_, index) => ({ json: { ecgridId: benchPartnerId(index) } })),
		credentials: { ecgridOsApi: apiKeyCredential(input.endpointUrl, input.apiKey) },
	});
	if (error) throw new Error(`The execution failed: ${error.message}`);
	if (output.length !== items || output[items - 1].json.ECGridID !== benchPartnerId(items - 1)) {
		throw new Error(`The execution returned ${output.length} items, expected ${items} partners`);
	}
}

async function measure(input: EngineInput): Promise<EngineResult> {
	const context = createTransportContext(apiKeyCredential(input.endpointUrl, input.apiKey));
	const partnerOf = (index: number) => benchPartnerId(index % input.items);
	const transportCall = (index: number) => ecgridosRequest.call(context, 'TPInfo', { ECGridID: partnerOf(index) });
	// Raw posts envelopes built before the measurement, one per item, as scenario 1 does: the
	// baseline runs none of the package's code per call.
	const rawEnvelopes = Array.from({ length: input.items }, (_, index) =>
		encodeRequest('TPInfo', { SessionID: input.apiKey, ECGridID: partnerOf(index) }),
	);
	const rawCall = async (index: number) => {
		const reply = await rawPost(input.endpointUrl, 'TPInfo', rawEnvelopes[index % input.items]);
		if (reply.status !== 200) throw new Error(`TPInfo answered HTTP ${reply.status}`);
	};
	const transportPair = await interleaved([transportCall, rawCall], (ROUNDS / 2) * input.items);

	// Warm-up: load and optimise the engine's path once, so the execution is compared warm with warm.
	await runExecution(input, 50);
	const engine: number[] = [];
	const transport: number[] = [];
	const transportRound = async () => {
		for (let index = 0; index < input.items; index++) await transportCall(index);
	};
	for (let round = 0; round < ROUNDS; round++) {
		// The execution goes first in every other round.
		for (const side of round % 2 === 0 ? ['engine', 'transport'] : ['transport', 'engine']) {
			collectGarbage();
			if (side === 'engine') engine.push(await timed(() => runExecution(input, input.items)));
			else transport.push(await timed(transportRound));
		}
	}
	closeRawConnections();
	return {
		items: input.items,
		engineMs: median(engine),
		transportMs: median(transport),
		pairedTransportMs: transportPair.msPerCall[0] * input.items,
		rawMs: transportPair.msPerCall[1] * input.items,
		transportCpuMsPerCall: transportPair.cpuMsPerCall[0],
		rawCpuMsPerCall: transportPair.cpuMsPerCall[1],
	};
}

serveWorker(measure);
