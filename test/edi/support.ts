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

/** Runs the EDI node with the workflow's static data given (and changed in place), as n8n keeps it between executions. */
export async function runEdiWithStaticData(parameters: IDataObject, items: INodeExecutionData[], staticData: IDataObject): Promise<INodeExecutionData[]> {
	const trigger = createManualTrigger(items);
	const edi = new Edi();
	const nodes: INode[] = [
		{ id: randomUUID(), name: 'Start', type: nodeTypeName(trigger.description), typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: randomUUID(), name: 'EDI', type: nodeTypeName(edi.description), typeVersion: 1, position: [200, 0], parameters: parameters as never },
	];
	const run = await runWorkflow({
		nodes,
		connections: { Start: { main: [[{ node: 'EDI', type: 'main', index: 0 }]] } },
		nodeTypes: [trigger, edi],
		credentialsHelper: createCredentialsHelper(),
		staticData,
		mode: 'trigger',
	});
	const task = run.data.resultData.runData.EDI?.[0];
	if (task?.error) throw new Error(task.error.message);
	return task?.data?.main?.[0] ?? [];
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
