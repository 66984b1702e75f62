import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { receiveCallback } from './callbackTrigger/delivery';
import { callbackTriggerProperties } from './callbackTrigger/description';
import { callbackExists, createCallback, deleteCallback } from './callbackTrigger/registration';
import { searchMailboxes, searchNetworks } from './methods/listSearch';

/**
 * Starts a workflow the moment ECGrid calls back: registers the workflow's webhook URL with ECGrid
 * (CallBackAddEx) when the workflow is activated, ends that callback when it is deactivated, and
 * turns each authenticated call into an item read from ECGridOS. See ./callbackTrigger.
 */
export class ECGridOSCallbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ECGridOS Callback Trigger',
		name: 'ecgridOsCallbackTrigger',
		icon: { light: 'file:ecgridos.svg', dark: 'file:ecgridos.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ {"newInboxParcel": "New Inbox Parcel", "outboundParcelDelivered": "Outbound Parcel Delivered", "outboundParcelFailed": "Outbound Parcel Failed", "interchange": "Interchange Event"}[$parameter["event"]] }}',
		description: 'Starts the workflow at once when ECGrid calls back about a parcel or an interchange',
		defaults: { name: 'ECGridOS Callback Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ecgridOsApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'ecgrid-callback',
			},
		],
		properties: callbackTriggerProperties,
	};

	methods = {
		listSearch: { searchNetworks, searchMailboxes },
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await callbackExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createCallback.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteCallback.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveCallback.call(this);
	}
}
