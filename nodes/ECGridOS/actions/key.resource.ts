import type { ParameterPresentation, ResourceDefinition } from './types';

const KEY: ParameterPresentation = {
	required: true,
	displayName: 'Key',
	description: 'The name of the value, unique per object and visibility',
	placeholder: 'erpOrderBatch',
};

const SYSTEM_OBJECT: ParameterPresentation = {
	displayName: 'Object Type',
	description: 'The kind of ECGrid object the value is attached to',
	default: 'Parcel',
};

const OBJECT_ID: ParameterPresentation = {
	displayName: 'Object ID',
	description: 'The ID of that object, such as the parcel ID, interchange ID, ECGridID or mailbox ID',
};

const VISIBILITY: ParameterPresentation = {
	displayName: 'Visibility',
	description: 'Who can read the value; the same key can exist once per visibility',
	default: 'Private',
	optionDescriptions: {
		Private: 'Only the user that stored it',
		Shared: 'Users of the same network and mailbox',
		Public: 'Every user that can see the object',
		Session: 'Only the current session; gone when it ends',
	},
};

const ADDRESS: Record<string, ParameterPresentation> = {
	Key: KEY,
	SystemObject: SYSTEM_OBJECT,
	ObjectID: OBJECT_ID,
	Visibility: VISIBILITY,
};

export const keyResource: ResourceDefinition = {
	value: 'key',
	name: 'Key',
	description:
		'The key/value store attached to ECGrid objects: keep your own data (such as an ERP reference or a processing flag) on a parcel, interchange, trading partner or mailbox',
	operations: [
		{
			value: 'delete',
			name: 'Delete',
			action: 'Delete a stored value',
			description: 'Removes a value stored under a key on an object',
			wsdl: 'KeyRemove',
			parameters: ADDRESS,
			output: { resultKey: 'deleted', echo: ['Key', 'SystemObject', 'ObjectID'] },
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get a stored value',
			description: 'Returns the value stored under a key on an object, with its metadata and expiry',
			wsdl: 'KeyGet',
			parameters: ADDRESS,
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get all values stored on an object',
			description: 'Lists every key and value stored on an object that you can see',
			wsdl: 'KeyList',
			parameters: { SystemObject: SYSTEM_OBJECT, ObjectID: OBJECT_ID },
		},
		{
			value: 'set',
			name: 'Set',
			action: 'Store a value on an object',
			description: 'Stores a value under a key on an object, replacing any value already stored there, for a limited lifetime',
			wsdl: {
				selectors: [
					{
						name: 'lifetimeUnit',
						displayName: 'Lifetime Unit',
						description: 'Whether the lifetime of the value is given in days or minutes',
						type: 'options',
						options: [
							{ name: 'Days', value: 'days' },
							{ name: 'Minutes', value: 'minutes', description: 'For short-lived values such as locks or tokens' },
						],
						default: 'days',
					},
				],
				calls: [
					{ operation: 'KeySet', when: { lifetimeUnit: 'days' } },
					{ operation: 'KeySetMinutes', when: { lifetimeUnit: 'minutes' } },
				],
			},
			parameters: {
				...ADDRESS,
				Value: { required: true, displayName: 'Value', description: 'The text to store', rows: 2 },
				Meta: {
					displayName: 'Meta',
					description: 'Extra text stored with the value, such as a content type or a note',
				},
				DaysToLive: { displayName: 'Days to Live', description: 'How many days ECGrid keeps the value', default: 30 },
				MinutesToLive: {
					displayName: 'Minutes to Live',
					description: 'How many minutes ECGrid keeps the value',
					default: 60,
				},
			},
			output: { resultKey: 'stored', echo: ['Key', 'SystemObject', 'ObjectID'] },
		},
	],
};
