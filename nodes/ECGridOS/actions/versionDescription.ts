import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

import { buildResourceProperties } from './fields';
import { RESOURCES } from './resources';

export const versionDescription: INodeTypeDescription = {
	displayName: 'ECGridOS',
	name: 'ecgridOs',
	icon: { light: 'file:ecgridos.svg', dark: 'file:ecgridos.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
	description: 'Send and receive EDI on the ECGrid network (Loren Data) through the ECGridOS API',
	defaults: { name: 'ECGridOS' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'ecgridOsApi', required: true }],
	properties: [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: RESOURCES.map((resource) => ({
				name: resource.name,
				value: resource.value,
				description: resource.description,
			})),
			default: 'parcel',
		},
		...RESOURCES.flatMap(buildResourceProperties),
	],
};
