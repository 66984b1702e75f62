import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { buildResourceProperties } from './actions/properties';
import { RESOURCES } from './actions/resources';
import { router } from './actions/router';
import {
	searchMailboxes,
	searchNetworks,
	searchTargetMailboxes,
	searchTradingPartners,
	searchUsers,
} from './methods/listSearch';

// Built once per process: n8n instantiates node types more than once, and the properties of 221
// operations take a noticeable part of the package's load time.
const OPERATION_PROPERTIES = RESOURCES.flatMap(buildResourceProperties);

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
			...OPERATION_PROPERTIES,
		],
	};

	methods = {
		listSearch: { searchNetworks, searchMailboxes, searchTargetMailboxes, searchTradingPartners, searchUsers },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
