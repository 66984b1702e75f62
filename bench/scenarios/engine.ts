/**
 * Scenario 2, through n8n's engine: one execution of Manual Trigger → ECGridOS (Trading Partner →
 * Get, the ECGridID taken from each item by expression) over many items, run by n8n-core's
 * WorkflowExecute. The same TPInfo calls are also made through the transport alone and raw, in this
 * process, so the engine's own share (parameter resolution, expressions, item bookkeeping, the
 * router) is the difference between the first two.
 */
// `.node.js`, not `.node`: under tsx a bare `X.node` resolves to the codex file X.node.json first.
import { ECGridOS } from '../../nodes/ECGridOS/ECGridOS.node.js';
import { ecgridosRequest, encodeRequest } from '../../nodes/ECGridOS/transport';
import { runNode } from '../../test/harness';
import { benchPartnerId } from '../lib/fixtures';
import { median, timed } from '../lib/measure';
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

/** Medians over ROUNDS alternating rounds. */
export interface EngineResult {
	items: number;
	engineMs: number;
	transportMs: number;
	rawMs: number;
}

const ROUNDS = 3;

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
	const transportCall = (index: number) => ecgridosRequest.call(context, 'TPInfo', { ECGridID: benchPartnerId(index) });
	const rawCall = async (index: number) => {
		const reply = await rawPost(
			input.endpointUrl,
			'TPInfo',
			encodeRequest('TPInfo', { SessionID: input.apiKey, ECGridID: benchPartnerId(index) }),
		);
		if (reply.status !== 200) throw new Error(`TPInfo answered HTTP ${reply.status}`);
	};
	// Warm-up: load and optimise everything once, so the execution is compared warm with warm.
	await runExecution(input, 50);
	for (let index = 0; index < 50; index++) {
		await transportCall(index);
		await rawCall(index);
	}
	const engine: number[] = [];
	const transport: number[] = [];
	const raw: number[] = [];
	// Alternating rounds, so that a change in machine load between them shows in every series.
	for (let round = 0; round < ROUNDS; round++) {
		engine.push(await timed(() => runExecution(input, input.items)));
		transport.push(
			await timed(async () => {
				for (let index = 0; index < input.items; index++) await transportCall(index);
			}),
		);
		raw.push(
			await timed(async () => {
				for (let index = 0; index < input.items; index++) await rawCall(index);
			}),
		);
	}
	closeRawConnections();
	return { items: input.items, engineMs: median(engine), transportMs: median(transport), rawMs: median(raw) };
}

serveWorker(measure);
