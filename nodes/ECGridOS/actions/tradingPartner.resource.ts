import type { ParameterPresentation, ResourceDefinition } from './types';
import { MAILBOX_SCOPE, SPECIFIC_MAILBOX_ONLY, scoped, scopedBy } from './variants';

const QUALIFIER: ParameterPresentation = {
	required: true,
	displayName: 'Qualifier',
	description: 'X12 ISA qualifier (ISA05/ISA07) such as ZZ, 01, 08 or 12, or the EDIFACT UNB identification code qualifier such as 14',
	placeholder: 'ZZ',
};

const EDI_ID: ParameterPresentation = {
	required: true,
	displayName: 'ID',
	description: 'The EDI ID as it appears in ISA06/ISA08 or UNB sender/recipient, without padding',
	placeholder: 'ACMERETAIL',
};

const DESCRIPTION: ParameterPresentation = {
	displayName: 'Description',
	description: 'Name of the company or division this ID stands for',
};

const SHOW_INACTIVE: ParameterPresentation = {
	displayName: 'Include Inactive',
	description: 'Whether to also return suspended and terminated IDs',
	default: false,
};

const OWNER: ParameterPresentation = {
	displayName: 'Owner User',
	description: 'The user responsible for the ID',
};

const ROUTING_GROUP: ParameterPresentation = {
	displayName: 'Routing Group',
	description: 'How ECGrid routes traffic for this ID',
	default: 'ProductionA',
	optionDescriptions: {
		Test: 'Test traffic',
		ManagedFileTransfer: 'Non-EDI managed file transfer',
	},
};

const TP_SUMMARY = [
	'ECGridID',
	'Qualifier',
	'ID',
	'Description',
	'Status',
	'UseType',
	'NetworkID',
	'NetworkName',
	'MailboxID',
	'MailboxName',
	'MailboxDefault',
];

export const tradingPartnerResource: ResourceDefinition = {
	value: 'tradingPartner',
	name: 'Trading Partner',
	description: 'ECGridIDs: the X12/EDIFACT qualifier and ID pairs that route EDI to a mailbox',
	operations: [
		{
			value: 'activate',
			name: 'Activate',
			action: 'Activate a trading partner ID',
			description: 'Reactivates a suspended ECGridID, or confirms one ECGrid created automatically from unknown sender traffic (AutoRoute)',
			wsdl: 'TPActivate',
			output: { resultKey: 'activated', echo: ['ECGridID'] },
		},
		{
			value: 'create',
			name: 'Create',
			action: 'Create a trading partner ID',
			description:
				'Registers an EDI qualifier/ID pair in a mailbox and returns its new ECGridID. A qualifier/ID pair can exist only once across ECGrid.',
			wsdl: scoped('TPAdd', 'TPAddEx'),
			parameters: {
				Qualifier: QUALIFIER,
				ID: EDI_ID,
				Description: DESCRIPTION,
				RoutingGroup: ROUTING_GROUP,
			},
			output: { resultKey: 'ecgridId' },
		},
		{
			value: 'createOnVan',
			name: 'Create on VAN',
			action: 'Register a trading partner ID on another network',
			description:
				'Registers a partner’s qualifier/ID pair as reachable on another VAN or network (through ECGrid’s interconnect to it) and returns its new ECGridID. Use it when a partner’s ID is not yet known to ECGrid.',
			wsdl: 'TPAddVAN',
			parameters: {
				NetworkID: { displayName: 'Network', description: 'The partner’s VAN or network' },
				Qualifier: QUALIFIER,
				ID: EDI_ID,
				Description: DESCRIPTION,
			},
			output: { resultKey: 'ecgridId' },
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get a trading partner ID',
			description: 'Returns an ECGridID’s qualifier, ID, status, network, mailbox and owner',
			wsdl: 'TPInfo',
			output: { simplify: TP_SUMMARY },
		},
		{
			value: 'getMailboxDefault',
			name: 'Get Mailbox Default',
			action: 'Get the default trading partner ID of a mailbox',
			description: 'Returns the ECGridID marked as a mailbox’s default ID',
			wsdl: 'TPGetMailboxDefault',
			output: { simplify: TP_SUMMARY },
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many trading partner IDs of a mailbox',
			description: 'Lists the ECGridIDs registered in a mailbox',
			wsdl: scopedBy(
				[
					{ scope: 'specific', operation: 'TPListEx', when: { fetchInPages: false } },
					{ scope: 'specific', operation: 'TPListExPaged', when: { fetchInPages: true } },
					{ scope: 'own', operation: 'TPList', when: { fetchInPages: false } },
				],
				[
					{
						name: 'fetchInPages',
						displayName: 'Fetch in Pages',
						description:
							'Whether to read the list page by page, so only as many IDs as needed are fetched. Recommended for mailboxes with many IDs.',
						type: 'boolean',
						default: false,
						showWhen: SPECIFIC_MAILBOX_ONLY,
					},
				],
			),
			parameters: { ShowInactive: SHOW_INACTIVE },
			output: { simplify: TP_SUMMARY },
		},
		{
			value: 'getManyByOwner',
			name: 'Get Many by Owner',
			action: 'Get many trading partner IDs of an owner',
			description: 'Lists the ECGridIDs whose owner is a given user, across mailboxes',
			wsdl: 'TPListByOwner',
			parameters: {
				OwnerUserID: OWNER,
				OrderBy: {
					displayName: 'Order By',
					default: 'Description',
					optionDescriptions: { Description: 'By description', QID: 'By qualifier and ID' },
				},
				ShowInactive: SHOW_INACTIVE,
			},
			output: { simplify: TP_SUMMARY },
		},
		{
			value: 'move',
			name: 'Move',
			action: 'Move a trading partner ID to another mailbox at a set time',
			description:
				'Schedules a move (migration) of a qualifier/ID pair from its current network and mailbox: at the move time the old ECGridID is terminated and a new one, returned now, becomes active. Many networks need at least 3 business days’ notice.',
			wsdl: scopedBy(
				[
					{ scope: 'own', operation: 'TPMove' },
					{ scope: 'specific', operation: 'TPMoveEx' },
				],
				[],
				{ ...MAILBOX_SCOPE, displayName: 'Move To', description: 'Where the ID moves to' },
			),
			parameters: {
				ECGridID: { displayName: 'ECGridID', description: 'The ID to move, as registered on its current network and mailbox' },
				NetworkID: { displayName: 'Destination Network' },
				MailboxID: { displayName: 'Destination Mailbox' },
				MoveDateTime: {
					displayName: 'Move At (UTC)',
					description: 'When the move takes effect, in UTC (System → Get Server Time gives ECGrid’s clock)',
				},
			},
			output: { resultKey: 'ecgridId', echo: ['ECGridID'] },
		},
		{
			value: 'moveToMailbox',
			name: 'Move to Mailbox',
			action: 'Move a trading partner ID to another mailbox on the same network',
			description: 'Moves an ECGridID to another mailbox of the same network',
			wsdl: 'TPMoveMailbox',
			parameters: {
				MailboxID: { displayName: 'Destination Mailbox', description: 'A mailbox on the same network as the ID' },
			},
			output: { resultKey: 'ecgridId', echo: ['ECGridID'] },
		},
		{
			value: 'search',
			name: 'Search',
			action: 'Search trading partners by qualifier and ID',
			description: 'Finds the ECGridIDs registered for an EDI qualifier/ID pair (ISA05/ISA06, UNB sender)',
			wsdl: scoped('TPSearch', 'TPSearchEx'),
			parameters: {
				Qualifier: QUALIFIER,
				ID: EDI_ID,
				ShowInactive: SHOW_INACTIVE,
			},
			output: { simplify: TP_SUMMARY },
		},
		{
			value: 'searchByDescription',
			name: 'Search by Description',
			action: 'Search trading partner IDs of a mailbox by description',
			description: 'Finds a mailbox’s ECGridIDs by their description (company name)',
			wsdl: 'TPFindEx',
			parameters: {
				Description: { required: true, displayName: 'Description', description: 'Text to match against the IDs’ descriptions' },
				ShowInactive: SHOW_INACTIVE,
			},
			output: { simplify: TP_SUMMARY },
		},
		{
			value: 'setDataEmail',
			name: 'Set Data Email',
			action: 'Set the email address EDI for an ID is delivered to',
			description: 'Sets an Internet or X.400 email address to which ECGrid delivers the EDI addressed to this ECGridID',
			wsdl: 'TPUpdateDataEMail',
			parameters: {
				EMailSystem: {
					displayName: 'Email System',
					default: 'smtp',
					optionDescriptions: { smtp: 'Internet email', x400: 'X.400 (build the address with System → Format X.400 Address)' },
				},
				DataEMail: { required: true, displayName: 'Email Address' },
				PayloadPosition: {
					displayName: 'Payload Position',
					default: 'Attachment',
					optionDescriptions: { Body: 'EDI in the message body', Attachment: 'EDI as an attached file' },
				},
			},
			output: { resultKey: 'updated', echo: ['ECGridID'] },
		},
		{
			value: 'setMailboxDefault',
			name: 'Set as Mailbox Default',
			action: 'Make a trading partner ID its mailbox’s default',
			description: 'Marks an ECGridID as the default ID of its mailbox. It must be usable in an X12 ISA envelope.',
			wsdl: 'TPSetMailboxDefault',
			output: { resultKey: 'updated', echo: ['ECGridID'] },
		},
		{
			value: 'setOwner',
			name: 'Set Owner',
			action: 'Set the owner user of a trading partner ID',
			description: 'Makes a user the owner of an ECGridID; an owner of 0 removes the owner',
			wsdl: 'TPSetOwner',
			parameters: {
				OwnerUserID: { ...OWNER, description: 'The user responsible for the ID; 0 to remove the owner' },
			},
			output: { resultKey: 'updated', echo: ['ECGridID'] },
		},
		{
			value: 'setRoutingGroup',
			name: 'Set Routing Group',
			action: 'Set the routing group of a trading partner ID',
			description: 'Changes how ECGrid routes traffic for an ECGridID, for example production, test or managed file transfer',
			wsdl: 'TPSetRoutingGroup',
			parameters: { RoutingGroup: ROUTING_GROUP },
			output: { resultKey: 'updated', echo: ['ECGridID'] },
		},
		{
			value: 'suspend',
			name: 'Suspend',
			action: 'Suspend a trading partner ID',
			description: 'Stops routing for an ECGridID while keeping its qualifier/ID pair reserved; it can be reactivated',
			wsdl: 'TPSuspend',
			output: { resultKey: 'suspended', echo: ['ECGridID'] },
		},
		{
			value: 'terminate',
			name: 'Terminate',
			action: 'Terminate a trading partner ID',
			description:
				'Ends an ECGridID for good and releases its qualifier/ID pair for use elsewhere on ECGrid. It cannot be reactivated.',
			wsdl: 'TPTerminate',
			output: { resultKey: 'terminated', echo: ['ECGridID'] },
		},
		{
			value: 'updateDescription',
			name: 'Update Description',
			action: 'Update the description of a trading partner ID',
			description: 'Changes the description (company name) of an ECGridID',
			wsdl: 'TPUpdateDescription',
			parameters: { Description: { ...DESCRIPTION, required: true } },
			output: { resultKey: 'updated', echo: ['ECGridID'] },
		},
	],
};
