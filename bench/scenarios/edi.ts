/**
 * Scenario 7, EDI parse and build, one case per process: a 10 MB X12 file of 850 purchase orders
 * read into a document model (parse) and written back to bytes (build), by the package's own
 * reader and writer, by node-x12 (the most used npm X12 library, doing the same work with its own
 * model), or through the EDI node in n8n's engine (Parse into items, Build from them). The first
 * repetition measures the peak memory growth; the time is the median over all repetitions.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import { X12Parser, type X12Interchange } from 'node-x12';

// `.node.js`, not `.node`: under tsx a bare `X.node` resolves to the codex file X.node.json first.
import { Edi } from '../../nodes/Edi/Edi.node.js';
import { readEdi } from '../../nodes/Edi/syntax/read';
import { writeInterchanges } from '../../nodes/Edi/syntax/writer';
import { runNode } from '../../test/harness';
import { measurePeakMemory, median, timed, type MemoryGrowth } from '../lib/measure';
import { serveWorker } from '../lib/worker';

export interface EdiInput {
	side: 'package' | 'node-x12' | 'node';
	operation: 'parse' | 'build';
	bytes: number;
	repetitions: number;
}

export interface EdiResult {
	bytes: number;
	transactionSets: number;
	medianMs: number;
	memory: MemoryGrowth;
}

const SETS_PER_GROUP = 1000;

/** An X12 004010 file of about `bytes` bytes: one interchange, groups of 1,000 850s with four lines each. */
export function purchaseOrdersOfSize(bytes: number): { content: Buffer; sets: number } {
	const segments: string[] = [
		'ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*GLOBEXSUPPLY   *241128*0930*U*00401*000000001*0*T*>',
	];
	let size = 0;
	let sets = 0;
	let groups = 0;
	while (size < bytes) {
		groups++;
		segments.push(`GS*PO*ACMERETAIL*GLOBEXSUPPLY*20241128*0930*${groups}*X*004010`);
		let inGroup = 0;
		while (inGroup < SETS_PER_GROUP && size < bytes) {
			inGroup++;
			sets++;
			const control = String(inGroup).padStart(4, '0');
			const set = [
				`ST*850*${control}`,
				`BEG*00*SA*PO-${sets}**20241128`,
				'REF*DP*038',
				'DTM*002*20241205',
				'N1*ST*ACME RETAIL STORE 12*92*0012',
				'N3*31875 SOLON RD',
				'N4*SOLON*OH*44139',
				...[1, 2, 3, 4].flatMap((line) => [`PO1*${line}*${line * 12}*EA*${line}.25**VP*WIDGET-${line}00*UP*01234567890${line}`, `PID*F****WIDGET NUMBER ${line}`]),
				'CTT*4',
			];
			set.push(`SE*${set.length + 1}*${control}`);
			segments.push(...set);
			size += set.reduce((sum, segment) => sum + segment.length + 2, 0);
		}
		segments.push(`GE*${inGroup}*${groups}`);
	}
	segments.push(`IEA*${groups}*000000001`);
	return { content: Buffer.from(`${segments.join('~\n')}~\n`, 'latin1'), sets };
}

const ediNode = new Edi();

function binaryItem(content: Buffer): INodeExecutionData {
	return { json: {}, binary: { data: { data: content.toString('base64'), mimeType: 'application/edi-x12', fileName: 'bench.x12' } } };
}

async function nodeParse(content: Buffer): Promise<INodeExecutionData[]> {
	const { items, error } = await runNode({ nodeType: ediNode, parameters: { operation: 'parse', binaryPropertyName: 'data', parseOptions: { readable: false } }, items: [binaryItem(content)] });
	if (error) throw new Error(`Parse failed: ${error.message}`);
	return items;
}

async function nodeBuild(items: INodeExecutionData[]): Promise<number> {
	const { items: files, error } = await runNode({
		nodeType: ediNode,
		parameters: { operation: 'build', standard: 'fromInput', inputForm: 'segments', controlNumbers: 'input', files: 'one', outputBinaryPropertyName: 'data' },
		items,
	});
	if (error) throw new Error(`Build failed: ${error.message}`);
	return Buffer.byteLength(files[0].binary!.data.data, 'base64');
}

/** One parse or build by one side; returns a count that proves the work was done. */
function prepare(input: EdiInput, content: Buffer): { run: () => Promise<number>; check: (value: number) => void } {
	const countSets = (value: number, expected: number) => {
		if (value !== expected) throw new Error(`${input.side} ${input.operation}: expected ${expected}, got ${value}`);
	};
	if (input.side === 'package') {
		if (input.operation === 'parse') {
			return {
				run: async () => readEdi(content).interchanges.reduce((sum, interchange) => sum + interchange.groups.reduce((inner, group) => inner + group.sets.length, 0), 0),
				check: () => undefined,
			};
		}
		const { interchanges } = readEdi(content);
		return { run: async () => Buffer.from(writeInterchanges(interchanges), 'latin1').length, check: (value) => countSets(value, content.length) };
	}
	if (input.side === 'node-x12') {
		if (input.operation === 'parse') {
			return {
				run: async () => {
					const interchange = new X12Parser(true).parse(content.toString('latin1')) as X12Interchange;
					return interchange.functionalGroups.reduce((sum, group) => sum + group.transactions.length, 0);
				},
				check: () => undefined,
			};
		}
		const interchange = new X12Parser(true).parse(content.toString('latin1')) as X12Interchange;
		return { run: async () => Buffer.from(interchange.toString({ format: true, endOfLine: '\n' }) + '\n', 'latin1').length, check: (value) => countSets(value, content.length) };
	}
	if (input.operation === 'parse') return { run: async () => (await nodeParse(content)).length, check: () => undefined };
	let items: INodeExecutionData[] | undefined;
	return {
		run: async () => nodeBuild(items ?? (items = await nodeParse(content))),
		check: (value) => countSets(value, content.length),
	};
}

async function measure(input: EdiInput): Promise<EdiResult> {
	const { content, sets } = purchaseOrdersOfSize(input.bytes);
	const work = prepare(input, content);
	if (input.side === 'node' && input.operation === 'build') await work.run(); // parses once, outside the measurement
	const times: number[] = [];
	let memory: MemoryGrowth | undefined;
	for (let repetition = 0; repetition < input.repetitions; repetition++) {
		let result = 0;
		if (!memory) {
			const measured = await measurePeakMemory(async () => {
				const started = performance.now();
				result = await work.run();
				times.push(performance.now() - started);
			});
			memory = measured.memory;
		} else {
			times.push(await timed(async () => (result = await work.run())));
		}
		if (input.operation === 'parse' && result !== sets) throw new Error(`${input.side} parsed ${result} transaction sets, not ${sets}`);
		work.check(result);
	}
	return { bytes: content.length, transactionSets: sets, medianMs: median(times), memory: memory! };
}

serveWorker(measure);
