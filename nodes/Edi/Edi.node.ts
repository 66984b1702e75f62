import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { acknowledge, acknowledgeProperties } from './actions/acknowledge.operation';
import { build, buildProperties } from './actions/build.operation';
import { parse, parseProperties } from './actions/parse.operation';

const OPERATIONS = { parse, build, acknowledge };

export class Edi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'EDI',
		name: 'edi',
		icon: { light: 'file:edi.svg', dark: 'file:edi.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Parse, build and acknowledge X12 and EDIFACT files',
		defaults: { name: 'EDI' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'parse',
				options: [
					{
						name: 'Parse',
						value: 'parse',
						action: 'Parse an EDI file',
						description: 'One item per transaction set (message), with envelope, segments and a readable form',
					},
					{
						name: 'Build',
						value: 'build',
						action: 'Build an EDI file',
						description: 'An X12 or EDIFACT file with envelopes, counts and control numbers from items',
					},
					{
						name: 'Acknowledge',
						value: 'acknowledge',
						action: 'Acknowledge an EDI file',
						description: 'The 997, 999 or CONTRL that answers a received file',
					},
				],
			},
			...parseProperties,
			...buildProperties,
			...acknowledgeProperties,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as keyof typeof OPERATIONS;
		return [await OPERATIONS[operation].call(this)];
	}
}
