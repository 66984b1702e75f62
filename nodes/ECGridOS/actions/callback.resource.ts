import type { ParameterPresentation, ResourceDefinition } from './types';
import { SPECIFIC_MAILBOX_ONLY, scoped, scopedBy } from './variants';

const CALLBACK_EVENT_ID: ParameterPresentation = {
	displayName: 'Callback Event ID',
	description: 'The ID of the callback event (the registered webhook), as returned by Create or listed by Get Many',
};

/** Words for the common ECGrid Status values, shared by the set-status style operations. */
export const STATUS_DESCRIPTIONS: Record<string, string> = {
	Active: 'In normal use',
	Development: 'Being set up or tested',
	Preproduction: 'Waiting to become active; ECGrid sets this itself, it cannot be chosen through the API',
	Suspended: 'Paused; can be made active again',
	Terminated: 'Ended for good; cannot be reactivated',
};

const CALLBACK_EVENT_SUMMARY = [
	'CallBackEventID',
	'NetworkID',
	'MailboxID',
	'UserID',
	'SystemObject',
	'ObjectStatus',
	'Direction',
	'URL',
	'Frequency',
	'MaxCalls',
	'Status',
];

const CALLBACK_CALL_SUMMARY = ['CallBackQueueID', 'Date', 'Status', 'ObjectID', 'CallsRemaining', 'NextCall', 'UserID', 'Test'];

export const callbackResource: ResourceDefinition = {
	value: 'callback',
	name: 'Callback',
	description:
		'Webhooks: ECGrid calls your URL when a parcel, interchange or other object reaches a status, and keeps a queue of those calls',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Create a callback',
			description:
				'Registers a URL that ECGrid calls when an object of a mailbox (for example a parcel arriving in the inbox) reaches a given status; lets workflows react instead of polling',
			wsdl: 'CallBackAddEx',
			parameters: {
				UserID: {
					displayName: 'User',
					description: 'The ECGrid user the callback event belongs to',
				},
				SystemObject: {
					displayName: 'Object Type',
					description: 'The kind of ECGrid object whose status change triggers the call, usually Parcel or Interchange',
					default: 'Parcel',
				},
				ObjectStatus: {
					displayName: 'Object Status',
					description:
						'The numeric status of that object type that triggers the call, as ECGrid numbers the statuses of that object (ask ECGrid support or check an existing callback event if unsure)',
				},
				Direction: {
					displayName: 'Direction',
					description: 'Whether the call is about objects coming into the mailbox or going out of it',
					default: 'InBox',
					optionDescriptions: {
						InBox: 'Objects arriving in the mailbox, such as received parcels',
						OutBox: 'Objects sent by the mailbox',
						NoDir: 'Objects without a direction',
					},
				},
				Frequency: {
					displayName: 'Frequency',
					description:
						'Interval between repeated attempts of a call your endpoint did not accept (the API does not state the unit; ask ECGrid support)',
				},
				MaxRetries: {
					displayName: 'Max Retries',
					description: 'How many times ECGrid tries a call before giving up and listing it as failed',
					default: 3,
				},
				URL: {
					required: true,
					displayName: 'URL',
					description: 'The endpoint ECGrid calls, for example the production URL of an n8n Webhook node',
					placeholder: 'https://n8n.example.com/webhook/ecgrid',
				},
				HTTPAuthentication: {
					displayName: 'Authentication',
					description: 'How ECGrid authenticates to your endpoint',
				},
				HTTPUser: { displayName: 'User Name', description: 'User name for Basic or Digest authentication' },
				HTTPPassword: {
					displayName: 'Password',
					description: 'Password for Basic or Digest authentication',
				},
				Status: { displayName: 'Status', default: 'Active', optionDescriptions: STATUS_DESCRIPTIONS },
			},
			output: { simplify: CALLBACK_EVENT_SUMMARY },
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get a callback',
			description: 'Returns a callback event’s settings, optionally with its most recent queued calls',
			wsdl: 'CallBackEventInfo',
			parameters: {
				CallBackEventID: CALLBACK_EVENT_ID,
				QueueCount: {
					displayName: 'Queued Calls',
					description: 'How many of the event’s queued calls to include in the result',
					optional: true,
					default: 0,
				},
			},
			output: { simplify: CALLBACK_EVENT_SUMMARY },
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many callbacks',
			description: 'Lists the callback events registered for a network and mailbox',
			wsdl: 'CallBackEventListEx',
			parameters: {
				ShowInactive: {
					displayName: 'Include Inactive',
					description: 'Whether to also list suspended and terminated callback events',
					default: false,
				},
			},
			output: { simplify: CALLBACK_EVENT_SUMMARY },
		},
		{
			value: 'getManyFailed',
			name: 'Get Many Failed Calls',
			action: 'Get failed callback calls',
			description:
				'Lists calls ECGrid gave up on after all retries in the last days, so you can replay what your endpoint missed',
			wsdl: scoped('CallBackFailedList', 'CallBackFailedListEx'),
			parameters: {
				MaxDays: { displayName: 'Days Back', description: 'How many days back to look for failed calls', default: 7 },
			},
			output: { simplify: CALLBACK_CALL_SUMMARY },
		},
		{
			value: 'getManyPending',
			name: 'Get Many Pending Calls',
			action: 'Get pending callback calls',
			description: 'Lists calls that ECGrid has queued and not yet completed, with their next attempt time',
			wsdl: scopedBy(
				[
					{ scope: 'own', operation: 'CallBackPendingList', when: { excludeNetworks: false } },
					{ scope: 'specific', operation: 'CallBackPendingListEx', when: { excludeNetworks: false } },
					{ scope: 'specific', operation: 'CallBackPendingListExA', when: { excludeNetworks: true } },
				],
				[
					{
						name: 'excludeNetworks',
						displayName: 'Exclude Networks',
						description: 'Whether to leave out the pending calls of some networks',
						type: 'boolean',
						default: false,
						showWhen: SPECIFIC_MAILBOX_ONLY,
					},
				],
			),
			parameters: {
				NetworkExclude: {
					required: true,
					displayName: 'Networks to Exclude',
					description: 'The network IDs whose calls to leave out, separated by commas',
					placeholder: '123,456',
				},
			},
			output: { simplify: CALLBACK_CALL_SUMMARY },
		},
		{
			value: 'getQueuedCall',
			name: 'Get Queued Call',
			action: 'Get a queued callback call',
			description:
				'Returns one call of a callback event: the object it is about, its status, attempts left, next attempt and the log of responses from your endpoint',
			wsdl: 'CallBackQueueInfo',
			parameters: {
				CallBackQueueID: {
					displayName: 'Callback Queue ID',
					description: 'The ID of the queued call, as listed by the pending and failed call lists',
				},
			},
		},
		{
			value: 'sendTest',
			name: 'Send Test Call',
			action: 'Send a test call for a callback',
			description:
				'Queues a test call of a callback event to your URL, optionally about a given parcel or interchange, to check the endpoint end to end',
			wsdl: 'CallBackTest',
			parameters: {
				CallBackEventID: CALLBACK_EVENT_ID,
				ParcelID: {
					displayName: 'Parcel ID',
					description: 'The parcel the test call is about; leave 0 when the callback is not about parcels',
					optional: true,
					default: 0,
				},
				InterchangeID: {
					displayName: 'Interchange ID',
					description: 'The interchange the test call is about; leave 0 when the callback is not about interchanges',
					optional: true,
					default: 0,
				},
				UserID: {
					displayName: 'User ID',
					description: 'The ECGrid user the test call names; leave 0 for none',
					optional: true,
					default: 0,
				},
			},
			output: { simplify: CALLBACK_CALL_SUMMARY },
		},
		{
			value: 'setStatus',
			name: 'Set Status',
			action: 'Set the status of a callback',
			description: 'Activates, suspends or terminates a callback event',
			wsdl: 'CallBackEventSetStatus',
			parameters: {
				CallBackEventID: CALLBACK_EVENT_ID,
				Status: { displayName: 'Status', default: 'Active', optionDescriptions: STATUS_DESCRIPTIONS },
			},
			output: { resultKey: 'updated', echo: ['CallBackEventID', 'Status'] },
		},
	],
};
