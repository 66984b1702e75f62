/**
 * What users see on the ECGridOS Trigger: the event, the mailbox it watches, and per-event options.
 */
import type { INodeProperties } from 'n8n-workflow';

import { MAILBOX_SCOPE } from '../actions/variants';
import { idPicker } from '../methods/idPicker';
import { INBOX_LISTINGS } from './inboxListing';
import { DEFAULT_MAX_DELIVERIES, DEFAULT_REDELIVER_AFTER_MINUTES } from './redelivery';
import { LEGACY_SPECIFIC_SCOPE } from './scope';

export const EVENTS = {
	newInboxParcel: 'newInboxParcel',
	callbackQueueEvent: 'callbackQueueEvent',
	outboxDeliveryError: 'outboxDeliveryError',
} as const;

/** Per-poll cap: a flood is spread over several polls instead of one huge execution. */
export const DEFAULT_MAX_ITEMS_PER_POLL = 100;
const MAX_ITEMS_PER_POLL_LIMIT = 5000;
export const DEFAULT_FAILED_CALLBACK_DAYS = 7;
export const DEFAULT_OUTBOX_LOOK_BACK_DAYS = 7;

const INBOX = { event: [EVENTS.newInboxParcel] };
const SPECIFIC_SCOPES = ['specific', LEGACY_SPECIFIC_SCOPE];

/** The trigger's ID fields accept an empty ID (any sender, any receiver), never a negative one. */
const TRIGGER_ID_PATTERN = '^\\d*$';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'New Inbox Parcel',
				value: EVENTS.newInboxParcel,
				description: 'An EDI file (parcel) arrived in the inbox and is ready for download',
			},
			{
				name: 'Callback Queue Event',
				value: EVENTS.callbackQueueEvent,
				description: 'A callback notification is pending or has failed in the callback queue',
			},
			{
				name: 'Outbox Delivery Error',
				value: EVENTS.outboxDeliveryError,
				description: 'A parcel sent from the mailbox could not be processed or delivered',
			},
		],
		default: EVENTS.newInboxParcel,
	},
	{
		displayName: 'Mailbox to Watch',
		name: MAILBOX_SCOPE.name,
		type: 'options',
		noDataExpression: true,
		options: MAILBOX_SCOPE.options,
		default: MAILBOX_SCOPE.default,
		description: 'Whose inbox, callback queue or outbox to watch',
		displayOptions: { hide: { '@version': [1] } },
	},
	{
		// Version 1 named the second choice differently; its workflows keep their saved value.
		displayName: 'Mailbox to Watch',
		name: MAILBOX_SCOPE.name,
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: "Credential's Mailbox",
				value: 'own',
				description: 'The network and mailbox of the user (or API key) in the credential',
			},
			{
				name: 'Chosen Network and Mailbox',
				value: LEGACY_SPECIFIC_SCOPE,
				description: 'Another mailbox the credential manages, such as one of a network administrator',
			},
		],
		default: 'own',
		displayOptions: { show: { '@version': [1] } },
	},
	{
		...idPicker('network', { displayName: 'Network', name: 'networkId', description: 'The network of the mailbox to watch', idPattern: TRIGGER_ID_PATTERN }),
		required: true,
		displayOptions: { show: { [MAILBOX_SCOPE.name]: SPECIFIC_SCOPES } },
	},
	{
		...idPicker('mailbox', { displayName: 'Mailbox', name: 'mailboxId', description: 'The mailbox to watch', idPattern: TRIGGER_ID_PATTERN }),
		required: true,
		displayOptions: { show: { [MAILBOX_SCOPE.name]: SPECIFIC_SCOPES } },
	},
	{
		...idPicker('tradingPartner', {
			displayName: 'Sender ECGridID',
			name: 'senderEcgridId',
			description: 'Only parcels from this trading partner ID. Leave empty for any sender.',
			idPattern: TRIGGER_ID_PATTERN,
		}),
		displayOptions: { show: INBOX },
	},
	{
		...idPicker('tradingPartner', {
			displayName: 'Receiver ECGridID',
			name: 'receiverEcgridId',
			description: 'Only parcels addressed to this ID of the mailbox. Leave empty for any receiver.',
			idPattern: TRIGGER_ID_PATTERN,
		}),
		displayOptions: { show: INBOX },
	},
	{
		displayName: 'Download Content',
		name: 'downloadContent',
		type: 'boolean',
		default: true,
		description:
			'Whether to download each parcel and attach its EDI content as a binary property. The download does not change the parcel in ECGrid.',
		displayOptions: { show: INBOX },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the parcel in',
		displayOptions: { show: { ...INBOX, downloadContent: [true] } },
	},
	{
		displayName: 'Confirm Download',
		name: 'confirmDownload',
		type: 'boolean',
		default: false,
		description:
			'Whether to confirm each parcel in ECGrid (ParcelDownloadConfirm) once n8n has taken it over, which removes it from the inbox. Confirmation happens at the next poll, never before the parcel has been handed to a workflow execution. Leave off to confirm in the workflow, after processing, with the ECGridOS node.',
		displayOptions: { show: { ...INBOX, downloadContent: [true] } },
	},
	{
		displayName: 'Queue States',
		name: 'callbackStates',
		type: 'multiOptions',
		options: [
			{ name: 'Pending', value: 'pending', description: 'Callbacks waiting to be made or retried' },
			{ name: 'Failed', value: 'failed', description: 'Callbacks that gave up after their retries' },
		],
		default: ['pending', 'failed'],
		description: 'Which callback-queue records to emit. A record is emitted once in each state it reaches.',
		displayOptions: { show: { event: [EVENTS.callbackQueueEvent] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Add EDI Summary',
				name: 'ediSummary',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the envelope summary of the content (ISA/GS/ST or UNB/UNH: sender, receiver, control numbers, transaction sets) as "ediSummary"',
				displayOptions: { show: { '/event': [EVENTS.newInboxParcel], '/downloadContent': [true] } },
			},
			{
				displayName: 'Failed Within (Days)',
				name: 'failedMaxDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 365, numberPrecision: 0 },
				default: DEFAULT_FAILED_CALLBACK_DAYS,
				description: 'How far back ECGrid lists failed callbacks',
				displayOptions: { show: { '/event': [EVENTS.callbackQueueEvent] } },
			},
			{
				displayName: 'Inbox Listing',
				name: 'inboxListing',
				type: 'options',
				options: [
					{
						name: 'Pending Inbox (ParcelInBox)',
						value: INBOX_LISTINGS.pending,
						description:
							'The parcels waiting for download, as ECGridOS documents the call and Loren Data’s own Mailbox-IO polls. One reply lists them all on every poll.',
					},
					{
						name: 'Inbox Archive, Paged (ParcelInBoxArchive)',
						value: INBOX_LISTINGS.archive,
						description:
							'Reads very large mailboxes page by page. Relies on the archive listing a parcel (state InBoxReady) from the moment it arrives, which ECGrid does not document: check that it does for your mailbox.',
					},
				],
				default: INBOX_LISTINGS.pending,
				description: 'How the trigger reads the inbox',
				displayOptions: { show: { '/event': [EVENTS.newInboxParcel] } },
			},
			{
				displayName: 'Include Existing',
				name: 'includeExisting',
				type: 'boolean',
				default: false,
				description:
					'Whether the first poll after activation also emits what is already waiting. By default the trigger starts from now and emits only what arrives later.',
			},
			{
				displayName: 'Include Related Details',
				name: 'relatedDetails',
				type: 'boolean',
				default: true,
				description: 'Whether to add the parcel or interchange the callback is about, when it points at one',
				displayOptions: { show: { '/event': [EVENTS.callbackQueueEvent] } },
			},
			{
				displayName: 'Look Back (Days)',
				name: 'lookBackDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 365, numberPrecision: 0 },
				default: DEFAULT_OUTBOX_LOOK_BACK_DAYS,
				description:
					'How old a sent parcel may be and still be reported when it enters an error state. Each error is emitted once.',
				displayOptions: { show: { '/event': [EVENTS.outboxDeliveryError] } },
			},
			{
				displayName: 'Max Deliveries',
				name: 'maxDeliveries',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
				default: DEFAULT_MAX_DELIVERIES,
				description:
					'How many times a parcel (or outbox error) is emitted while it stays unconfirmed (or listed). After the last delivery it is emitted once more, without content and with delivery.stuck set to true, in an execution of its own, and then left alone.',
				displayOptions: { show: { '/event': [EVENTS.newInboxParcel, EVENTS.outboxDeliveryError] } },
			},
			{
				displayName: 'Max Items per Poll',
				name: 'maxItemsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_ITEMS_PER_POLL_LIMIT, numberPrecision: 0 },
				default: DEFAULT_MAX_ITEMS_PER_POLL,
				description:
					'The most items one poll emits. The rest stay due and come, oldest first, in the following polls; nothing is skipped.',
				displayOptions: { show: { '/event': [EVENTS.callbackQueueEvent, EVENTS.outboxDeliveryError] } },
			},
			{
				displayName: 'Max Parcels per Poll',
				name: 'maxParcelsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_ITEMS_PER_POLL_LIMIT, numberPrecision: 0 },
				default: DEFAULT_MAX_ITEMS_PER_POLL,
				description:
					'The most parcels one poll emits (and downloads). The rest stay due and come, oldest first, in the following polls; nothing is skipped.',
				displayOptions: { show: { '/event': [EVENTS.newInboxParcel] } },
			},
			{
				displayName: 'Redeliver After (Minutes)',
				name: 'redeliverAfterMinutes',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: DEFAULT_REDELIVER_AFTER_MINUTES,
				description:
					'When a parcel the trigger emitted is still waiting in the inbox this long after, unconfirmed, it is emitted again (delivery.count on the item says how often); an outbox error still listed (the parcel neither resent nor cancelled) likewise. Set it longer than your workflow takes. 0 emits each once: use that when the workflow does not confirm parcels (or resolve errors). Not used with Confirm Download on.',
				displayOptions: { show: { '/event': [EVENTS.newInboxParcel, EVENTS.outboxDeliveryError] } },
			},
		],
	},
];
