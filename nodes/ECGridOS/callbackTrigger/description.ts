/**
 * What users see on the ECGridOS Callback Trigger: the event (named for users, each one a choice
 * of CallBackAddEx's SystemObject and Direction), the mailbox, and what each call delivers.
 */
import type { INodeProperties } from 'n8n-workflow';

import { triggerProperties } from '../trigger/description';

export const CALLBACK_EVENTS = {
	newInboxParcel: 'newInboxParcel',
	outboundParcelDelivered: 'outboundParcelDelivered',
	outboundParcelFailed: 'outboundParcelFailed',
	interchange: 'interchange',
} as const;

export type CallbackEvent = (typeof CALLBACK_EVENTS)[keyof typeof CALLBACK_EVENTS];

/** What CallBackAddEx registers for an event: an `Objects` value and a `Direction` value. */
export interface CallbackSubscription {
	systemObject: 'Parcel' | 'Interchange';
	direction: 'InBox' | 'OutBox' | 'NoDir';
}

const PARCEL_EVENTS: CallbackEvent[] = [
	CALLBACK_EVENTS.newInboxParcel,
	CALLBACK_EVENTS.outboundParcelDelivered,
	CALLBACK_EVENTS.outboundParcelFailed,
];

/** ECGrid calls again this many times when a call fails (n8n down, a 5xx answer). */
export const DEFAULT_MAX_RETRIES = 10;
/** CallBackAddEx's Frequency; the simulator reads it as minutes between retries. */
export const DEFAULT_RETRY_FREQUENCY = 5;

export function subscriptionFor(event: CallbackEvent, interchangeDirection: string): CallbackSubscription {
	switch (event) {
		case CALLBACK_EVENTS.newInboxParcel:
			return { systemObject: 'Parcel', direction: 'InBox' };
		case CALLBACK_EVENTS.outboundParcelDelivered:
		case CALLBACK_EVENTS.outboundParcelFailed:
			return { systemObject: 'Parcel', direction: 'OutBox' };
		case CALLBACK_EVENTS.interchange:
			return {
				systemObject: 'Interchange',
				direction: interchangeDirection === 'inbound' ? 'InBox' : interchangeDirection === 'outbound' ? 'OutBox' : 'NoDir',
			};
	}
}

/**
 * Parameters the ECGridOS Trigger has too (the mailbox choice with its pickers, the download and
 * the EDI summary): the same names and words, so that workflows read alike; only when they show
 * differs.
 */
function sharedProperty(name: string, displayOptions?: INodeProperties['displayOptions']): INodeProperties {
	const options = triggerProperties.find((candidate) => candidate.name === 'options')?.options as INodeProperties[] | undefined;
	// The ECGridOS Trigger's current version: its properties kept only for its version 1 are not ours.
	const property = [...triggerProperties, ...(options ?? [])].find(
		(candidate) => candidate.name === name && candidate.displayOptions?.show?.['@version'] === undefined,
	);
	if (!property) throw new Error(`The ECGridOS Trigger has no parameter "${name}"`);
	const { displayOptions: ownDisplayOptions, ...shared } = property;
	const { hide: ownHide, ...ownShow } = ownDisplayOptions ?? {};
	const { '@version': _versions, ...hide } = ownHide ?? {};
	const unversioned = Object.keys(hide).length > 0 ? { ...ownShow, hide } : ownShow;
	const shown = displayOptions ?? (Object.keys(unversioned).length > 0 ? unversioned : undefined);
	return shown ? { ...shared, displayOptions: shown } : shared;
}

export const callbackTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'ECGrid must be able to reach this workflow\'s production webhook URL: set n8n\'s WEBHOOK_URL (or N8N_WEBHOOK_URL) to its public HTTPS address. See "The ECGridOS Callback Trigger" in the package README.',
		name: 'reachabilityNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'New Inbox Parcel',
				value: CALLBACK_EVENTS.newInboxParcel,
				description: 'An EDI file (parcel) arrived in the inbox and is ready for download',
			},
			{
				name: 'Outbound Parcel Delivered',
				value: CALLBACK_EVENTS.outboundParcelDelivered,
				description: 'A parcel sent from the mailbox reached a new delivery status without an error',
			},
			{
				name: 'Outbound Parcel Failed',
				value: CALLBACK_EVENTS.outboundParcelFailed,
				description: 'A parcel sent from the mailbox could not be routed or delivered',
			},
			{
				name: 'Interchange Event',
				value: CALLBACK_EVENTS.interchange,
				description: 'An interchange (one EDI envelope) of the mailbox changed status',
			},
		],
		default: CALLBACK_EVENTS.newInboxParcel,
	},
	{
		displayName: 'Interchange Direction',
		name: 'interchangeDirection',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Inbound', value: 'inbound', description: 'Interchanges addressed to the mailbox' },
			{ name: 'Outbound', value: 'outbound', description: 'Interchanges the mailbox sent' },
			{ name: 'Both', value: 'both' },
		],
		default: 'inbound',
		displayOptions: { show: { event: [CALLBACK_EVENTS.interchange] } },
	},
	sharedProperty('mailboxScope'),
	sharedProperty('networkId'),
	sharedProperty('mailboxId'),
	sharedProperty('downloadContent', { show: { event: PARCEL_EVENTS } }),
	sharedProperty('binaryPropertyName', { show: { event: PARCEL_EVENTS, downloadContent: [true] } }),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			sharedProperty('ediSummary', { show: { '/event': PARCEL_EVENTS, '/downloadContent': [true] } }),
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 0 },
				default: DEFAULT_MAX_RETRIES,
				description:
					'How many times ECGrid calls again when a call fails, for example while n8n is down. Applies when the callback is registered (at activation).',
			},
			{
				displayName: 'Retry Frequency',
				name: 'frequency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1440, numberPrecision: 0 },
				default: DEFAULT_RETRY_FREQUENCY,
				description:
					"ECGrid's Frequency for the callback: how long it waits between retries (minutes in the ECGridOS simulator). Applies when the callback is registered.",
			},
			{
				displayName: 'Status Code',
				name: 'objectStatus',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 32767, numberPrecision: 0 },
				default: 0,
				description:
					'Only have ECGrid call for this status code (System → Get Status Codes lists them). 0 calls for every status; the trigger then keeps the ones that fit the event.',
			},
		],
	},
];
