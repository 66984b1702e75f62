import { CONTACT_TYPE, X12_DELIMITERS } from './network.resource';
import type { ResourceDefinition } from './types';
import { networkScoped } from './variants';

const MAILBOX_SUMMARY = ['MailboxID', 'NetworkID', 'Name', 'Description', 'Status', 'UseType', 'Managed', 'Created', 'Modified'];

export const mailboxResource: ResourceDefinition = {
	value: 'mailbox',
	name: 'Mailbox',
	description: 'Mailboxes within a network: the accounts that send and receive parcels and own trading partner IDs',
	operations: [
		{
			value: 'activate',
			name: 'Activate',
			action: 'Activate a mailbox',
			description: 'Reactivates a suspended mailbox so its users can log in and it sends again',
			wsdl: 'MailboxActivate',
			output: { resultKey: 'activated', echo: ['MailboxID'] },
		},
		{
			value: 'create',
			name: 'Create',
			action: 'Create a mailbox',
			description: 'Adds a mailbox to a network and returns its new MailboxID; then add users and trading partner IDs to it',
			wsdl: networkScoped('MailboxAdd', 'MailboxAddEx'),
			parameters: {
				Name: { required: true, displayName: 'Name', description: 'Name of the mailbox, usually the company it serves' },
				UserID: {
					required: true,
					displayName: 'Owner User ID',
					description: 'The user who owns the new mailbox',
				},
			},
			output: { resultKey: 'mailboxId' },
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get a mailbox',
			description: 'Returns a mailbox’s details: status, contacts, use type and configuration (delimiters, inbox timeout, delete on download)',
			wsdl: 'MailboxInfo',
			output: { simplify: MAILBOX_SUMMARY },
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many mailboxes',
			description: 'Lists the mailboxes of a network, optionally only those whose name matches',
			wsdl: networkScoped('MailboxList', 'MailboxListEx'),
			parameters: { Name: { displayName: 'Name', description: 'Only mailboxes whose name matches this text' } },
			output: { simplify: MAILBOX_SUMMARY },
		},
		{
			value: 'rename',
			name: 'Rename',
			action: 'Rename a mailbox',
			description: 'Changes the name of a mailbox',
			wsdl: 'MailboxName',
			parameters: { Name: { required: true, displayName: 'New Name' } },
			output: { resultKey: 'updated', echo: ['MailboxID'] },
		},
		{
			value: 'setContact',
			name: 'Set Contact',
			action: 'Set a contact user of a mailbox',
			description: 'Makes a user the mailbox’s contact for one role, such as the one who receives error or interconnect notices',
			wsdl: 'MailboxSetContact',
			parameters: {
				UserID: { displayName: 'User', description: 'The user who takes the contact role' },
				ContactType: CONTACT_TYPE,
			},
			output: { resultKey: 'updated', echo: ['MailboxID'] },
		},
		{
			value: 'setDeleteOnDownload',
			name: 'Set Delete on Download',
			action: 'Set delete on download for a mailbox',
			description:
				'Sets whether parcels leave the mailbox’s inbox as soon as they are downloaded. When off, downloaded parcels stay until a download is confirmed (Parcel → Confirm Download).',
			wsdl: 'MailboxDeleteOnDownload',
			parameters: {
				DeleteOnDownload: { displayName: 'Delete on Download', description: 'Whether a download also removes the parcel from the inbox', default: false },
			},
			output: { resultKey: 'updated', echo: ['MailboxID'] },
		},
		{
			value: 'setDescription',
			name: 'Set Description',
			action: 'Set the description of a mailbox',
			description: 'Sets the free-text description of a mailbox',
			wsdl: 'MailboxDescription',
			parameters: { Description: { required: true, displayName: 'Description', rows: 2 } },
			output: { resultKey: 'updated', echo: ['MailboxID'] },
		},
		{
			value: 'setInboxTimeout',
			name: 'Set Inbox Timeout',
			action: 'Set the inbox timeout of a mailbox',
			description: 'Sets after how many minutes an undownloaded parcel in the inbox makes ECGrid send a notice to the mailbox contacts',
			wsdl: 'MailboxInBoxTimeout',
			parameters: { Minutes: { displayName: 'Minutes', description: 'Minutes a parcel may wait in the inbox before a notice', default: 60 } },
			output: { resultKey: 'updated', echo: ['MailboxID'] },
		},
		{
			value: 'setManaged',
			name: 'Set Managed',
			action: 'Set whether a mailbox is managed',
			description: 'Marks a mailbox as managed by its network (the network operates it for the customer) or not',
			wsdl: 'MailboxManaged',
			parameters: { Managed: { displayName: 'Managed', description: 'Whether the mailbox is managed', default: true } },
			output: { resultKey: 'updated', echo: ['MailboxID'] },
		},
		{
			value: 'setUseType',
			name: 'Set Use Type',
			action: 'Set whether a mailbox is for test or production',
			description: 'Marks a mailbox as carrying test traffic, production traffic, or both',
			wsdl: 'MailboxUse',
			parameters: { UseType: { displayName: 'Use Type', default: 'Production' } },
			output: { resultKey: 'updated', echo: ['MailboxID'] },
		},
		{
			value: 'setX12Delimiters',
			name: 'Set X12 Delimiters',
			action: 'Set the X12 delimiters of a mailbox',
			description:
				'Sets override X12 delimiters for the mailbox: the segment terminator, element separator and sub-element separator ECGrid should use for it',
			wsdl: 'MailboxX12Delimiters',
			parameters: X12_DELIMITERS,
			output: { resultKey: 'updated', echo: ['MailboxID'] },
		},
		{
			value: 'suspend',
			name: 'Suspend',
			action: 'Suspend a mailbox',
			description: 'Suspends a mailbox: its users are locked out and it stops sending; its IDs stay reserved and it can be reactivated',
			wsdl: 'MailboxSuspend',
			output: { resultKey: 'suspended', echo: ['MailboxID'] },
		},
		{
			value: 'terminate',
			name: 'Terminate',
			action: 'Terminate a mailbox',
			description: 'Closes a mailbox for good. It cannot be reactivated; suspend it instead if you may need it again.',
			wsdl: 'MailboxTerminate',
			output: { resultKey: 'terminated', echo: ['MailboxID'] },
		},
	],
};
