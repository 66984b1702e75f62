/**
 * A trivial polling trigger for harness and transport tests: each poll calls ECGridOS `WhoAmI`
 * through the transport (from a PollContext) and counts polls in the workflow's static data, leaving
 * the counter alone in manual mode, as real triggers treat "Fetch test event".
 */
import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { ecgridosRequest } from '../../nodes/ECGridOS/transport';

export class TransportPollNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ECGridOS Transport Poll Test Trigger',
		name: 'ecgridosTransportPollTestTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Calls WhoAmI on every poll',
		defaults: { name: 'ECGridOS Transport Poll Test Trigger' },
		polling: true,
		inputs: [],
		outputs: ['main'],
		credentials: [{ name: 'ecgridOsApi', required: true }],
		properties: [{ displayName: 'Label', name: 'label', type: 'string', default: '' }],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const staticData = this.getWorkflowStaticData('node');
		const whoAmI = (await ecgridosRequest.call(this, 'WhoAmI', {})) as IDataObject;
		const label = this.getNodeParameter('label') as string;
		if (this.getMode() === 'manual') return [[{ json: { label, loginName: whoAmI.LoginName, sample: true } }]];
		const polls = ((staticData.polls as number | undefined) ?? 0) + 1;
		staticData.polls = polls;
		return [[{ json: { label, loginName: whoAmI.LoginName, polls } }]];
	}
}
