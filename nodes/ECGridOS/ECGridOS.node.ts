import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { router } from './actions/router';
import { versionDescription } from './actions/versionDescription';
import { searchMailboxes, searchNetworks, searchTradingPartners, searchUsers } from './methods/listSearch';

export class ECGridOS implements INodeType {
	description: INodeTypeDescription = versionDescription;

	methods = {
		listSearch: { searchNetworks, searchMailboxes, searchTradingPartners, searchUsers },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
