/**
 * The parts of the end-to-end machinery that can be checked without a real n8n: reading the run
 * record out of `n8n execute` output, the package-contents rule and the scripted chat model.
 * (The end-to-end run itself is `npm run test:e2e`.)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// The scripts are plain CommonJS without type declarations.
const { parseRunRecord } = require('../../scripts/n8n/cli') as { parseRunRecord(stdout: string): unknown };
const { checkPackedFiles } = require('../../scripts/e2e/package-contents') as { checkPackedFiles(files: string[]): void };
const { startScriptedLlm } = require('../../scripts/e2e/scripted-llm') as {
	startScriptedLlm(plan: { tool: RegExp; arguments: object; answerPrefix: string }): Promise<{
		baseUrl: string;
		requests: unknown[];
		stop(): Promise<void>;
	}>;
};
const manifest = require('../../package.json') as { n8n: { nodes: string[]; credentials: string[] } };

describe('parseRunRecord', () => {
	it('finds the run record among the log lines n8n prints around it', () => {
		const record = { data: { resultData: { runData: { Start: [{ data: { main: [[{ json: { a: 1 } }]] } }] } } } };
		const stdout = [
			'Loading community packages',
			'{ "not": "a top-level block" }',
			JSON.stringify(record, null, 2),
			'Execution finished',
		].join('\n');
		expect(parseRunRecord(stdout)).toEqual(record);
	});

	it('returns undefined when n8n printed no record', () => {
		expect(parseRunRecord('Error executing workflow. See log messages for details.\n')).toBeUndefined();
	});
});

describe('checkPackedFiles', () => {
	const builtFiles = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
	const assets = [
		'dist/nodes/ECGridOS/ecgridos.svg',
		'dist/nodes/ECGridOS/ecgridos.dark.svg',
		'dist/nodes/Edi/edi.svg',
		'dist/nodes/Edi/edi.dark.svg',
		'dist/credentials/ecgridos.svg',
		'dist/credentials/ecgridos.dark.svg',
		...manifest.n8n.nodes.map((file) => file.replace(/\.js$/, '.json')),
	];
	const needed = ['package.json', 'README.md', 'LICENSE', ...builtFiles, ...assets];

	beforeAll(() => {
		// The check loads the compiled node classes to read their icons; `npm test` builds first.
		for (const file of builtFiles) expect(existsSync(join(__dirname, '..', '..', file))).toBe(true);
	});

	it('accepts the compiled nodes and credential with their icons and codex files', () => {
		expect(() => checkPackedFiles(needed)).not.toThrow();
	});

	it.each([
		['dist/tsconfig.tsbuildinfo', /incremental build state/],
		['dist/test/harness/run.js', /test, simulator/],
		['dist/nodes/ECGridOS/actions/fields.test.js', /a test file/],
		['simulator/seeds/demo.json', /outside dist/],
		['dist/nodes/ECGridOS/ECGridOS.node.ts', /TypeScript source/],
	])('rejects %s', (extra, message) => {
		expect(() => checkPackedFiles([...needed, extra])).toThrow(message);
	});

	it('names a missing dark icon and a missing codex file', () => {
		const incomplete = needed.filter((file) => file !== 'dist/nodes/ECGridOS/ecgridos.dark.svg' && !file.endsWith('ECGridOS.node.json'));
		expect(() => checkPackedFiles(incomplete)).toThrow(/ecgridos\.dark\.svg \(icon of dist\/nodes\/ECGridOS\/ECGridOS\.node\.js\) is missing[\s\S]*ECGridOS\.node\.json \(codex/);
	});
});

describe('the scripted chat model', () => {
	let llm: Awaited<ReturnType<typeof startScriptedLlm>>;

	beforeAll(async () => {
		llm = await startScriptedLlm({ tool: /^Look_up$/, arguments: { id: 'INITECH' }, answerPrefix: 'Found:' });
	});
	afterAll(async () => await llm.stop());

	const tools = [{ type: 'function', function: { name: 'Other' } }, { type: 'function', function: { name: 'Look_up' } }];

	interface Completion {
		choices: Array<{
			message: { content: string | null; tool_calls: Array<{ id: string; function: { name: string; arguments: string } }> };
			finish_reason: string;
		}>;
	}

	async function complete(body: object): Promise<Response> {
		return await fetch(`${llm.baseUrl}/chat/completions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
	}

	it('first asks for the planned tool call, then answers with the tool result', async () => {
		const first = (await (await complete({ messages: [{ role: 'user', content: 'Where is INITECH?' }], tools })).json()) as Completion;
		const call = first.choices[0].message.tool_calls[0];
		expect(call.function).toEqual({ name: 'Look_up', arguments: JSON.stringify({ id: 'INITECH' }) });
		expect(first.choices[0].finish_reason).toBe('tool_calls');

		const messages = [
			{ role: 'user', content: 'Where is INITECH?' },
			first.choices[0].message,
			{ role: 'tool', tool_call_id: call.id, content: 'Partner VAN' },
		];
		const second = (await (await complete({ messages, tools })).json()) as Completion;
		expect(second.choices[0].message.content).toBe('Found: Partner VAN');
	});

	it('streams the same answer as server-sent events when asked to', async () => {
		const response = await complete({ messages: [{ role: 'tool', content: 'done' }], stream: true });
		expect(response.headers.get('content-type')).toBe('text/event-stream');
		const text = await response.text();
		expect(text).toContain('"content":"Found: done"');
		expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
	});
});
