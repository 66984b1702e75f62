import { STATUS_DESCRIPTIONS } from './callback.resource';
import type { ParameterPresentation, ResourceDefinition } from './types';
import { scoped } from './variants';

const COMM_ID: ParameterPresentation = {
	displayName: 'Comm ID',
	description: 'The ID of the comm, as returned by Create or listed by Get Many and Search',
};

const COMM_TYPE: ParameterPresentation = {
	displayName: 'Channel',
	description: 'The transport protocol of the comm',
	default: 'as2',
};

const USE_TYPE: ParameterPresentation = {
	displayName: 'Use Type',
	description: 'Whether the comm carries test traffic, production traffic or both',
	default: 'Production',
};

/** Settings CommAdd and CommUpdate share. */
const COMM_SETTINGS: Record<string, ParameterPresentation> = {
	OwnerUserID: { displayName: 'Owner', description: 'The ECGrid user responsible for the comm' },
	Identifier: {
		required: true,
		displayName: 'Identifier',
		description: 'The identifier of this endpoint on its protocol, such as the AS2 ID (AS2-From/AS2-To name) or an SFTP user',
	},
	URL: {
		displayName: 'URL',
		description: 'The endpoint address, such as the partner’s AS2 URL or an SFTP host',
		placeholder: 'https://as2.example.com/receive',
	},
	Version: { displayName: 'Protocol Version', description: 'Version of the protocol, where the channel has versions' },
	SignData: { displayName: 'Sign Data', description: 'Whether messages on this comm are signed' },
	EncryptData: { displayName: 'Encrypt Data', description: 'Whether messages on this comm are encrypted' },
	CompressData: { displayName: 'Compress Data', description: 'Whether messages on this comm are compressed' },
	ReceiptType: {
		displayName: 'Receipt',
		description: 'The receipt (for AS2, the MDN) requested for each message',
		optionDescriptions: {
			None: 'No receipt',
			SynchronousUnsigned: 'Unsigned receipt in the same HTTP exchange',
			SynchronousSigned: 'Signed receipt in the same HTTP exchange',
			AsynchronousUnsigned: 'Unsigned receipt sent back later in a separate request',
			AsynchronousSigned: 'Signed receipt sent back later in a separate request',
		},
	},
	HTTPAuthentication: {
		displayName: 'HTTP Authentication',
		description: 'HTTP authentication used on this connection, for HTTP-based channels such as AS2',
	},
	HTTPUser: { displayName: 'HTTP User Name', description: 'User name for Basic or Digest authentication' },
	HTTPPassword: {
		displayName: 'HTTP Password',
		description: 'Password for Basic or Digest authentication',
	},
	UseType: USE_TYPE,
	BeginUsage: { displayName: 'Begin Usage', description: 'When ECGrid starts using the comm' },
	EndUsage: {
		displayName: 'End Usage',
		description: 'When ECGrid stops using the comm; use a date far in the future for an open-ended comm',
	},
};

/** Filters CommList, CommListEx and CommFind share. */
const LIST_FILTERS: Record<string, ParameterPresentation> = {
	CommType: { ...COMM_TYPE, description: 'Only comms of this transport protocol' },
	PrivateKeyRequired: {
		displayName: 'Private Key Required',
		description: 'Whether to list only comms that need a private certificate (to sign or decrypt)',
		default: false,
	},
	UseType: { ...USE_TYPE, description: 'Only comms for test traffic, production traffic or both' },
	ShowInactive: {
		displayName: 'Include Inactive',
		description: 'Whether to also list suspended and terminated comms',
		default: false,
	},
};

/** Comm records may carry HTTP passwords and private keys; the summary leaves them out. */
const COMM_SUMMARY = ['CommID', 'Type', 'Identifier', 'NetworkID', 'MailboxID', 'URL', 'UseType', 'Status', 'BeginUsage', 'EndUsage'];

export const commResource: ResourceDefinition = {
	value: 'comm',
	name: 'Comm',
	description:
		'Communication profiles (AS2, SFTP, FTP, HTTP, OFTP and other channels): the endpoints and identifiers ECGrid uses to exchange files with you and your trading partners',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Create a comm',
			description: 'Sets up a communication profile, such as an AS2 connection, for a mailbox',
			wsdl: 'CommAdd',
			parameters: {
				...COMM_SETTINGS,
				CommType: COMM_TYPE,
				ECGridHosted: {
					displayName: 'Hosted by ECGrid',
					description: 'Whether ECGrid runs this endpoint (ECGrid’s own AS2 or SFTP server) rather than an outside server',
					default: false,
				},
				Status: { displayName: 'Status', default: 'Active', optionDescriptions: STATUS_DESCRIPTIONS },
			},
			output: { simplify: COMM_SUMMARY },
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get a comm',
			description: 'Returns a comm’s settings and its certificates',
			wsdl: 'CommInfo',
			parameters: { CommID: COMM_ID },
			output: { simplify: COMM_SUMMARY },
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many comms',
			description: 'Lists the comms of a mailbox of one transport protocol',
			wsdl: scoped('CommList', 'CommListEx'),
			parameters: {
				...LIST_FILTERS,
				WithCerts: {
					displayName: 'Include Certificates',
					description: 'Whether to return each comm’s certificates too',
					default: false,
				},
			},
			output: { simplify: COMM_SUMMARY },
		},
		{
			value: 'getPair',
			name: 'Get Pair',
			action: 'Get the comms between two trading partners',
			description:
				'Finds the comms (for example the AS2 profiles on both sides) that ECGrid uses between a sending and a receiving trading partner',
			wsdl: 'CommPair',
			parameters: {
				CommType: COMM_TYPE,
				ECGridIDFrom: { displayName: 'Sender ECGridID', description: 'The trading partner that sends' },
				ECGridIDTo: { displayName: 'Receiver ECGridID', description: 'The trading partner that receives' },
				DefaultID: {
					displayName: 'Default Identifier',
					description: 'The identifier (such as an AS2 ID) to fall back to when the pair has no identifiers of its own',
				},
				TestMode: {
					displayName: 'Test Mode',
					description: 'Whether to look up the comms for test traffic instead of production traffic',
					default: false,
				},
			},
			output: { simplify: COMM_SUMMARY },
		},
		{
			value: 'search',
			name: 'Search',
			action: 'Search comms by identifier',
			description: 'Finds comms by their identifier, such as an AS2 ID, for example to see who uses a partner’s AS2 ID',
			wsdl: 'CommFind',
			parameters: {
				Identifier: {
					required: true,
					displayName: 'Identifier',
					description: 'The identifier to look for, such as an AS2 ID',
				},
				...LIST_FILTERS,
			},
			output: { simplify: COMM_SUMMARY },
		},
		{
			value: 'setDefaultMailbox',
			name: 'Set as Mailbox Default',
			action: 'Make a comm the default of a mailbox',
			description: 'Makes a comm the one ECGrid uses for a mailbox when no other comm is chosen for a trading partner',
			wsdl: 'CommDefaultMailbox',
			parameters: {
				CommID: COMM_ID,
				MailboxID: { displayName: 'Mailbox', description: 'The mailbox (in the session’s network) to set the default for' },
			},
			output: { resultKey: 'updated', echo: ['CommID', 'MailboxID'] },
		},
		{
			value: 'setPair',
			name: 'Set Pair',
			action: 'Set the comm identifiers between two trading partners',
			description:
				'Sets which identifiers (such as AS2 IDs) ECGrid uses on each side when the two trading partners exchange files',
			wsdl: 'CommSetPair',
			parameters: {
				ECGridIDFrom: { displayName: 'Sender ECGridID', description: 'The first trading partner of the pair' },
				ECGridIDTo: { displayName: 'Receiver ECGridID', description: 'The second trading partner of the pair' },
				Identifier1: {
					required: true,
					displayName: 'Sender Identifier',
					description: 'The identifier (such as an AS2 ID) used for the sender ECGridID',
				},
				Identifier2: {
					required: true,
					displayName: 'Receiver Identifier',
					description: 'The identifier (such as an AS2 ID) used for the receiver ECGridID',
				},
			},
			output: { simplify: COMM_SUMMARY },
		},
		{
			value: 'setStatus',
			name: 'Set Status',
			action: 'Set the status of a comm',
			description: 'Activates, suspends or terminates a comm',
			wsdl: 'CommSetStatus',
			parameters: {
				CommID: COMM_ID,
				Status: { displayName: 'Status', default: 'Active', optionDescriptions: STATUS_DESCRIPTIONS },
			},
			output: { resultKey: 'updated', echo: ['CommID', 'Status'] },
		},
		{
			value: 'update',
			name: 'Update',
			action: 'Update a comm',
			description:
				'Replaces a comm’s settings. The switches, lists and dates are always sent, so set them to the comm’s current values (from Get) where you do not mean to change them.',
			wsdl: 'CommUpdate',
			parameters: { CommID: COMM_ID, ...COMM_SETTINGS },
			output: { simplify: COMM_SUMMARY },
		},
	],
};
