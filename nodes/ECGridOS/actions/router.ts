/**
 * Routes every input item to its resource's operation and collects the items, turning a failure
 * into an error item when the node continues on fail.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from './errors';
import { executeOperation } from './execute';
import { findOperation } from './resources';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const results: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operation = this.getNodeParameter('operation', itemIndex) as string;
		const definition = findOperation(resource, operation);
		try {
			results.push(...(await executeOperation(this, itemIndex, definition)));
		} catch (error) {
			const nodeError = asNodeError(this, error, itemIndex, definition.name);
			if (!this.continueOnFail()) throw nodeError;
			results.push({
				json: { error: nodeError.message, ...(nodeError.description ? { details: nodeError.description } : {}) },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [results];
}
