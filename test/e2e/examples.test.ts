/**
 * Static checks of the example workflows, cheap enough for every `npm test`: they run in real n8n
 * only in `npm run test:e2e`.
 */
// The scripts are plain CommonJS without type declarations.
interface ExampleNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}
interface Example {
	file: string;
	workflow: { id: string; name: string; nodes: ExampleNode[]; connections: Record<string, unknown> };
}
const { loadExampleWorkflows, DEMO_CREDENTIALS, EXAMPLE_OPENAI_CREDENTIAL } = require('../../scripts/n8n/demo') as {
	loadExampleWorkflows(): Example[];
	DEMO_CREDENTIALS: Array<{ id: string; name: string }>;
	EXAMPLE_OPENAI_CREDENTIAL: { id: string; name: string };
};
const { checkExampleParameters } = require('../../scripts/e2e/example-parameters') as { checkExampleParameters(examples: Example[]): void };
const expectations = require('./examples.expectations') as Record<string, unknown>;

const examples = loadExampleWorkflows();

describe('the example workflows', () => {
	it('are the ones the README lists, each with an end-to-end check', () => {
		expect(examples.map((example) => example.file)).toEqual([
			'1-send-x12-850.json',
			'2-receive-edi.json',
			'3-onboard-trading-partner.json',
			'4-daily-traffic-report.json',
			'5-ai-agent-edi-assistant.json',
			'6-instant-edi-callback-trigger.json',
			'7-edi-purchase-order-reply.json',
		]);
		for (const { file } of examples) expect(typeof expectations[file]).toBe('function');
	});

	it('set only parameters the built nodes define (`npm test` builds first)', () => {
		expect(() => checkExampleParameters(examples)).not.toThrow();
	});

	it.each(examples.map((example) => [example.file, example] as const))(
		'%s starts with a Manual Trigger, which `n8n execute` needs to be the first trigger listed',
		(_file, { workflow }) => {
			const triggers = workflow.nodes.filter((node) => /trigger$/i.test(node.type));
			expect(triggers[0]?.type).toBe('n8n-nodes-base.manualTrigger');
		},
	);

	it.each(examples.map((example) => [example.file, example] as const))(
		'%s refers only to the demo credentials, by their ids and names',
		(_file, { workflow }) => {
			const known = new Map([...DEMO_CREDENTIALS, EXAMPLE_OPENAI_CREDENTIAL].map((credential) => [credential.id, credential.name]));
			for (const node of workflow.nodes) {
				for (const reference of Object.values(node.credentials ?? {})) {
					expect(known.get(reference.id)).toBe(reference.name);
				}
			}
		},
	);

	it('connect every node to the workflow except sticky notes', () => {
		for (const { file, workflow } of examples) {
			const connected = new Set<string>(Object.keys(workflow.connections));
			for (const outputs of Object.values(workflow.connections) as Array<Record<string, Array<Array<{ node: string }>>>>) {
				for (const branches of Object.values(outputs)) for (const branch of branches) for (const link of branch) connected.add(link.node);
			}
			const loose = workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote' && !connected.has(node.name));
			expect({ file, loose: loose.map((node) => node.name) }).toEqual({ file, loose: [] });
		}
	});
});
