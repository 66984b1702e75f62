import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { buildResourceProperties } from './actions/fields';
import { RESOURCES } from './actions/resources';
import { router } from './actions/router';
import { searchMailboxes, searchNetworks, searchTradingPartners, searchUsers } from './methods/listSearch';

export class ECGridOS implements INodeType {
	description: INodeTypeDescription = {
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
			// Operations and their fields: one file per resource, fields typed by the API catalog.
			...RESOURCES.flatMap(buildResourceProperties),
		],
	};

	methods = {
		listSearch: { searchNetworks, searchMailboxes, searchTradingPartners, searchUsers },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
