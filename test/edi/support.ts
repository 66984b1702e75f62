/**
 * Shared by the EDI tests: the public sample corpus in ../shared/edi-samples (read there, never
 * copied into the project; CI has it), and running the EDI node in n8n's engine.
 */
import { existsSync, readFileSync, readdirSync } from 'fs';
import { randomUUID } from 'crypto';
import { resolve } from 'path';
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { Edi } from '../../nodes/Edi/Edi.node';
import { createCredentialsHelper, createManualTrigger, nodeTypeName, runNode, runWorkflow, type RunNodeResult } from '../harness';
import { fileItem } from '../support/edi';

export { fileItem } from '../support/edi';

export const SAMPLES_DIR = process.env.ECGRIDOS_EDI_SAMPLES ?? resolve(__dirname, '../../../shared/edi-samples');

export function samplesAvailable(): boolean {
	return existsSync(SAMPLES_DIR);
}

export function sampleNames(): string[] {
	return readdirSync(SAMPLES_DIR)
		.filter((name) => name.endsWith('.edi'))
		.sort();
}

export function sample(name: string): Buffer {
	return readFileSync(resolve(SAMPLES_DIR, name));
}

/** Like describe, but without ../shared it says why the sample tests did not run (the rest still run). */
export function describeWithSamples(name: string, body: () => void): void {
	if (samplesAvailable()) {
		describe(name, body);
		return;
	}
	describe(name, () => {
		test(`needs the public EDI samples at ${SAMPLES_DIR} (not committed; CI provides them), so they did not run`, () => {
			expect(samplesAvailable()).toBe(false);
		});
	});
}

/** Runs the EDI node once on `items`. */
export function runEdi(parameters: IDataObject, items: INodeExecutionData[], options: { continueOnFail?: boolean } = {}): Promise<RunNodeResult> {
	return runNode({ nodeType: Edi, parameters: parameters as never, items, continueOnFail: options.continueOnFail, credentialsHelper: createCredentialsHelper() });
}

/**
 * Runs EDI nodes side by side in one execution (each fed `items` by the start node), with the
 * workflow's static data given (and changed in place), as n8n keeps it between executions.
 * Returns each node's output by name.
 */
export async function runEdiNodes(
	steps: Array<{ name: string; parameters: IDataObject }>,
	items: INodeExecutionData[],
	staticData: IDataObject,
): Promise<Record<string, INodeExecutionData[]>> {
	const trigger = createManualTrigger(items);
	const edi = new Edi();
	const nodes: INode[] = [
		{ id: randomUUID(), name: 'Start', type: nodeTypeName(trigger.description), typeVersion: 1, position: [0, 0], parameters: {} },
		...steps.map((step, index): INode => ({
			id: randomUUID(),
			name: step.name,
			type: nodeTypeName(edi.description),
			typeVersion: 1,
			position: [200, index * 200],
			parameters: step.parameters as never,
		})),
	];
	const run = await runWorkflow({
		nodes,
		connections: { Start: { main: [steps.map((step) => ({ node: step.name, type: 'main' as const, index: 0 }))] } },
		nodeTypes: [trigger, edi],
		credentialsHelper: createCredentialsHelper(),
		staticData,
		mode: 'trigger',
	});
	const outputs: Record<string, INodeExecutionData[]> = {};
	for (const step of steps) {
		const task = run.data.resultData.runData[step.name]?.[0];
		if (task?.error) throw new Error(task.error.message);
		outputs[step.name] = task?.data?.main?.[0] ?? [];
	}
	return outputs;
}

/** Runs the EDI node once, with the workflow's static data given (and changed in place). */
export async function runEdiWithStaticData(parameters: IDataObject, items: INodeExecutionData[], staticData: IDataObject): Promise<INodeExecutionData[]> {
	return (await runEdiNodes([{ name: 'EDI', parameters }], items, staticData)).EDI;
}

/** The bytes of an output item's binary field. */
export function outputBytes(item: INodeExecutionData, property = 'data'): Buffer {
	const binary = item.binary?.[property];
	if (!binary) throw new Error(`the item has no binary field ${property}: ${JSON.stringify(item.json).slice(0, 300)}`);
	return Buffer.from(binary.data, 'base64');
}

/** An item carrying `content` as the file in binary field `data`. */
export function ediItem(content: string | Buffer, fileName = 'in.edi'): INodeExecutionData {
	return fileItem(typeof content === 'string' ? Buffer.from(content, 'utf8') : content, fileName);
}
