import type { ParameterPresentation, ResourceDefinition } from './types';
import { AUTH_LEVEL_DESCRIPTIONS } from './user.resource';
import { scoped } from './variants';

const INTERCONNECT_ID: ParameterPresentation = {
	displayName: 'Interconnect ID',
	description: 'The number of the interconnect, as returned by Create or listed by Get Many',
};

const MAX_DAYS: ParameterPresentation = {
	displayName: 'Max Age (Days)',
	description: 'How many days back to look',
	default: 90,
};

const ECGRID_ID_FILTER: ParameterPresentation = {
	displayName: 'ECGridID',
	description: 'Only interconnects of this trading partner ID; 0 for all in the mailbox',
	optional: true,
	default: 0,
	editor: 'plain',
};

const EMAIL_TO: ParameterPresentation = {
	displayName: 'Email To',
	description: 'Who ECGrid emails about this',
	default: 'Requestor',
	optionDescriptions: {
		NoEMail: 'Send no email',
		Requestor: 'The user who requested the interconnect',
		Other: 'Only the address in Other Email Address',
	},
};

const OTHER_EMAIL: ParameterPresentation = {
	displayName: 'Other Email Address',
	description: 'The address to email when Email To includes Other',
};

const INTERCONNECT_STATUS: ParameterPresentation = {
	displayName: 'Status',
	description: 'Only interconnects in this status',
	default: 'Pending',
	optionDescriptions: {
		Pending: 'Waiting for the partner’s network to confirm',
		Completed: 'Confirmed; traffic can flow',
		Canceled: 'Canceled by a party',
		Delayed: 'Confirmation is delayed',
		Problem: 'ECGrid NetOps reported a problem with the request',
		AuthorizationRequired: 'The partner’s network asks for written authorization, usually for an ID migration',
	},
};

const INTERCONNECT_SUMMARY = [
	'InterconnectID',
	'UniqueID',
	'Status',
	'TP1',
	'TP2',
	'Created',
	'Modified',
	'Completed',
	'LastTraffic',
	'ContactName',
	'ContactEMail',
];

export const interconnectResource: ResourceDefinition = {
	value: 'interconnect',
	name: 'Interconnect',
	description: 'Trading partner connections between two ECGridIDs: requests, their status and notes',
	operations: [
		{
			value: 'addNote',
			name: 'Add Note',
			action: 'Add a note with an attachment to an interconnect',
			description:
				'Adds a note and an attached file (for example a signed authorization letter) to an interconnect request and can email it. The attachment name is the input file’s name unless you give one.',
			wsdl: 'InterconnectNote',
			parameters: {
				InterconnectID: INTERCONNECT_ID,
				Note: { required: true, displayName: 'Note', rows: 4 },
				AttachmentContent: { editor: 'binary', optional: true, displayName: 'Attachment Binary Field' },
				AttachmentName: {
					editor: 'fileName',
					displayName: 'Attachment Name',
					description: 'File name of the attachment; defaults to the file name of the input binary field',
				},
				AuthLevel: {
					displayName: 'Visible To',
					description: 'The lowest authorization level that may read the note; Mailbox User lets everyone involved read it',
					default: 'MailboxUser',
					optionDescriptions: AUTH_LEVEL_DESCRIPTIONS,
				},
				EMailTo: EMAIL_TO,
				OtherEMailAddress: OTHER_EMAIL,
			},
			output: { resultKey: 'added', echo: ['InterconnectID'] },
		},
		{
			value: 'cancel',
			name: 'Cancel',
			action: 'Cancel an interconnect request',
			description: 'Cancels an interconnect request, optionally with a note and an email to the parties',
			wsdl: 'InterconnectCancel',
			parameters: {
				InterconnectID: INTERCONNECT_ID,
				Note: { displayName: 'Note', description: 'Why the request is canceled', rows: 3 },
				EMailTo: EMAIL_TO,
				OtherEMailAddress: OTHER_EMAIL,
			},
			output: { resultKey: 'canceled', echo: ['InterconnectID'] },
		},
		{
			value: 'count',
			name: 'Count by Status',
			action: 'Count interconnects by status',
			description: 'Returns how many interconnects of a mailbox are in each status, to watch open partner connection requests',
			wsdl: scoped('InterconnectCount', 'InterconnectCountEx'),
			parameters: {
				MaxDays: MAX_DAYS,
				ECGridID: ECGRID_ID_FILTER,
			},
		},
		{
			value: 'create',
			name: 'Create',
			action: 'Request an interconnect between two trading partner IDs',
			description:
				'Requests the connection that lets EDI flow between your ECGridID and a partner’s. ECGrid completes it at once or, when the partner’s network must confirm, it stays Pending and ECGrid NetOps follows up. One interconnect serves both directions.',
			wsdl: 'InterconnectAdd',
			parameters: {
				ECGridID1: { displayName: 'Your ECGridID', description: 'Your trading partner ID' },
				ECGridID2: { displayName: 'Partner ECGridID', description: 'The partner’s trading partner ID (find it with Trading Partner → Search)' },
				Reference: { displayName: 'Reference', description: 'Your own reference for the request, such as a ticket number' },
				ContactName: { displayName: 'Contact Name', description: 'Person to contact about the request (3 to 48 characters)' },
				ContactEMail: { displayName: 'Contact Email', description: 'Email of that person (6 to 48 characters)' },
				NotifyContact: { displayName: 'Notify Contact', description: 'Whether ECGrid emails the contact about the request', default: true },
				Preconfirm: {
					displayName: 'Preconfirmed',
					description: 'Whether you state that the partnership is already agreed with the partner',
					default: false,
				},
				Note: { displayName: 'Note', description: 'A first note on the request', rows: 3 },
			},
			output: { simplify: INTERCONNECT_SUMMARY },
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get an interconnect',
			description: 'Returns an interconnect’s status, both trading partner IDs, contacts and last traffic',
			wsdl: {
				selectors: [
					{
						name: 'findBy',
						displayName: 'Find By',
						description: 'How to identify the interconnect',
						type: 'options',
						options: [
							{ name: 'Interconnect ID', value: 'id' },
							{ name: 'Unique ID', value: 'uniqueId', description: 'The GUID ECGrid gives each interconnect (UniqueID)' },
						],
						default: 'id',
					},
				],
				calls: [
					{ operation: 'InterconnectInfo', when: { findBy: 'id' } },
					{ operation: 'InterconnectInfoGUID', when: { findBy: 'uniqueId' } },
				],
			},
			parameters: {
				InterconnectID: INTERCONNECT_ID,
				UniqueID: { required: true, displayName: 'Unique ID', placeholder: '00000000-0000-0000-0000-000000000000' },
			},
			output: { simplify: INTERCONNECT_SUMMARY },
		},
		{
			value: 'getManyByStatus',
			name: 'Get Many by Status',
			action: 'Get many interconnects in a status',
			description: 'Lists a mailbox’s interconnects in one status, such as those still Pending or with a Problem, optionally for one ECGridID',
			wsdl: scoped('InterconnectListByStatus', 'InterconnectListByStatusEx'),
			parameters: {
				Status: INTERCONNECT_STATUS,
				IntStatus: INTERCONNECT_STATUS,
				ECGridID: ECGRID_ID_FILTER,
				MaxDays: MAX_DAYS,
			},
			output: { simplify: INTERCONNECT_SUMMARY },
		},
		{
			value: 'getManyByTradingPartner',
			name: 'Get Many by Trading Partner',
			action: 'Get many interconnects of a trading partner ID',
			description: 'Lists the interconnects of an ECGridID, or only the one between it and a given partner',
			wsdl: 'InterconnectListByECGridID',
			parameters: {
				ECGridID1: { displayName: 'ECGridID', description: 'The trading partner ID whose interconnects to list' },
				ECGridID2: {
					displayName: 'Partner ECGridID',
					description: 'Only the interconnect with this partner ID; -1 (the default) lists all interconnects of the ECGridID',
					optional: true,
					default: -1,
					editor: 'plain',
				},
			},
			output: { simplify: INTERCONNECT_SUMMARY },
		},
		{
			value: 'getNotes',
			name: 'Get Notes',
			action: 'Get the notes of an interconnect',
			description: 'Lists the notes on an interconnect request, with their status changes and attachments (attachment content as base64)',
			wsdl: 'InterconnectNoteList',
			parameters: { InterconnectID: INTERCONNECT_ID },
		},
	],
};
