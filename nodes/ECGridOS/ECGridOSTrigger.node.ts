import {
	NodeConnectionTypes,
	NodeOperationError,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { searchMailboxes, searchNetworks, searchTradingPartners } from './methods/listSearch';
import { pollCallbackQueue } from './trigger/callbackQueue';
import { EVENTS, triggerProperties } from './trigger/description';
import { pollInbox } from './trigger/inbox';
import { pollOutboxErrors } from './trigger/outboxErrors';

// n8n starts a poll at every tick of its schedule, also while the previous poll still runs (many
// large downloads). Two polls reading the same cursor would emit the same parcels twice, so a poll
// that finds another one of the same trigger still running leaves the work to it.
const pollsInProgress = new Set<string>();

/**
 * Polls ECGridOS for new inbox parcels, callback-queue records and outbox delivery errors. How each
 * event lists, deduplicates and confirms is explained in its module under ./trigger and in
 * docs/TRIGGER.md.
 */
export class ECGridOSTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ECGridOS Trigger',
		name: 'ecgridOsTrigger',
		icon: { light: 'file:ecgridos.svg', dark: 'file:ecgridos.dark.svg' },
		group: ['trigger'],
		// 1.1: the mailbox choice uses the action node's values (own / specific); version 1 keeps `chosen`.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle:
			'={{ {"newInboxParcel": "New Inbox Parcel", "callbackQueueEvent": "Callback Queue Event", "outboxDeliveryError": "Outbox Delivery Error"}[$parameter["event"]] }}',
		description:
			'Starts the workflow when EDI arrives in an ECGrid mailbox, or when ECGrid reports a callback or delivery problem',
		defaults: { name: 'ECGridOS Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ecgridOsApi', required: true }],
		properties: triggerProperties,
	};

	methods = {
		listSearch: { searchNetworks, searchMailboxes, searchTradingPartners },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		if (this.getMode() === 'manual') return await pollEvent(this);
		const key = `${this.getWorkflow().id ?? ''}/${this.getNode().id}`;
		if (pollsInProgress.has(key)) {
			this.logger.info('ECGridOS Trigger: the previous poll is still running; skipping this one', { node: this.getNode().name });
			return null;
		}
		pollsInProgress.add(key);
		try {
			return await pollEvent(this);
		} finally {
			pollsInProgress.delete(key);
		}
	}
}

async function pollEvent(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const event = context.getNodeParameter('event') as string;
	switch (event) {
		case EVENTS.newInboxParcel:
			return await pollInbox(context);
		case EVENTS.callbackQueueEvent:
			return await pollCallbackQueue(context);
		case EVENTS.outboxDeliveryError:
			return await pollOutboxErrors(context);
		default:
			throw new NodeOperationError(context.getNode(), `Unknown event "${event}"`);
	}
}
