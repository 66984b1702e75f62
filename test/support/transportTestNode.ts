/**
 * A trivial node for transport tests: it calls `ecgridosRequest` with an operation name and JSON
 * values from its parameters, once per input item (then, optionally, more operations for the same
 * item), and outputs `{ result }`. Buffers in results are
 * returned as base64 strings so items stay JSON.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { ecgridosRequest } from '../../nodes/ECGridOS/transport';

function toJson(value: unknown): unknown {
	if (Buffer.isBuffer(value)) return value.toString('base64');
	if (Array.isArray(value)) return value.map(toJson);
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, toJson(entry)]));
	}
	return value;
}

export class TransportTestNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ECGridOS Transport Test',
		name: 'ecgridosTransportTest',
		group: ['transform'],
		version: 1,
		description: 'Calls one ECGridOS operation through the transport',
		defaults: { name: 'ECGridOS Transport Test' },
		inputs: ['main'],
		outputs: ['main'],
		usableAsTool: undefined,
		credentials: [{ name: 'ecgridOsApi', required: true }],
		properties: [
			{ displayName: 'Operation', name: 'operation', type: 'string', default: 'WhoAmI' },
			{ displayName: 'Values (JSON)', name: 'values', type: 'json', default: '{}' },
			{
				displayName: 'Then Call (JSON List of Operations Without Values)',
				name: 'thenCall',
				type: 'json',
				default: '[]',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const operation = this.getNodeParameter('operation', itemIndex) as string;
				const rawValues = this.getNodeParameter('values', itemIndex) as string | IDataObject;
				const values = typeof rawValues === 'string' ? (JSON.parse(rawValues) as IDataObject) : rawValues;
				const result = await ecgridosRequest.call(this, operation, values, { itemIndex });
				// Further calls for the same item, as paging or a poll makes them.
				const rawThen = this.getNodeParameter('thenCall', itemIndex, '[]') as string | string[];
				const then = typeof rawThen === 'string' ? (JSON.parse(rawThen) as string[]) : rawThen;
				const thenResults: unknown[] = [];
				for (const next of then) thenResults.push(toJson(await ecgridosRequest.call(this, next, {}, { itemIndex })));
				output.push({
					json: { result: toJson(result) as IDataObject, ...(then.length ? { thenResults: thenResults as IDataObject[] } : {}) },
					pairedItem: { item: itemIndex },
				});
			} catch (error) {
				if (this.continueOnFail()) {
					output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
					continue;
				}
				throw error;
			}
		}
		return [output];
	}
}
