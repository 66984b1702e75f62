import type { ParameterPresentation, ResourceDefinition } from './types';
import { networkScoped, scoped } from './variants';

/** What each ECGridOS authorization level may do, for the AuthLevel options. */
export const AUTH_LEVEL_DESCRIPTIONS: Record<string, string> = {
	NoChange: 'Keep the current level',
	Root: 'ECGrid staff only',
	TechOps: 'ECGrid staff only',
	NetOps: 'ECGrid staff only',
	NetworkAdmin: 'Full control of a network and all its mailboxes, users and IDs',
	NetworkUser: 'Works across all mailboxes of a network, without administering them',
	MailboxAdmin: 'Manages one mailbox: its IDs, interconnects and users',
	MailboxUser: 'Works within one mailbox',
};

const USER_ID: ParameterPresentation = { displayName: 'User' };

const API_KEY_WARNING =
	'The key is a secret that acts as this user without a password: it is output only with Options > Include Secrets on, and then lands in execution data; send it straight to where it is needed (such as an n8n credential).';

const USER_SUMMARY = [
	'UserID',
	'LoginName',
	'FirstName',
	'LastName',
	'Company',
	'EMail',
	'AuthLevel',
	'NetworkID',
	'MailboxID',
	'Status',
	'LockedOut',
	'LastLogin',
];

const CONTACT_DETAILS: Record<string, ParameterPresentation> = {
	FirstName: { displayName: 'First Name' },
	LastName: { displayName: 'Last Name' },
	Company: { displayName: 'Company' },
	EMail: { displayName: 'Email', description: 'ECGrid sends notices for the user’s contact roles here', placeholder: 'name@example.com' },
	Phone: { displayName: 'Phone' },
	CellPhone: { displayName: 'Cell Phone', description: 'For text-message alerts (see Send SMS)' },
};

export const userResource: ResourceDefinition = {
	value: 'user',
	name: 'User',
	description: 'ECGridOS user accounts: logins, authorization levels, contact details and API keys',
	operations: [
		{
			value: 'activate',
			name: 'Activate',
			action: 'Activate a user',
			description: 'Reactivates a suspended user so they can log in again',
			wsdl: 'UserActivate',
			parameters: { UserID: USER_ID },
			output: { resultKey: 'activated', echo: ['UserID'] },
		},
		{
			value: 'create',
			name: 'Create',
			action: 'Create a user',
			description: 'Creates a user with a login in a mailbox and returns the new UserID; give it an API key with Generate API Key if a system will use it',
			wsdl: networkScoped('UserAdd', 'UserAddEx'),
			parameters: {
				NetworkID: { displayName: 'Network', description: 'The network the user belongs to' },
				MailboxID: { displayName: 'Mailbox', description: 'The mailbox the user belongs to' },
				LoginName: { required: true, displayName: 'Login Name' },
				Password: {
					required: true,
					displayName: 'Password',
					description: 'At least 8 characters with upper and lower case letters, a digit and a special character (Session & Auth → Generate Password makes one)',
				},
				RecoveryQuestion: { displayName: 'Recovery Question' },
				RecoveryAnswer: { displayName: 'Recovery Answer' },
				...CONTACT_DETAILS,
				CellCarrier: { displayName: 'Cell Carrier', default: 'Undefined' },
				AuthLevel: {
					displayName: 'Authorization Level',
					description: 'What the user may do',
					default: 'MailboxUser',
					optionDescriptions: AUTH_LEVEL_DESCRIPTIONS,
				},
			},
			output: { resultKey: 'userId' },
		},
		{
			value: 'generateApiKey',
			name: 'Generate API Key',
			action: 'Generate an API key for a user',
			description: `Creates a persistent API key for a user, which systems (such as this node’s credential) use instead of a login and session. ${API_KEY_WARNING}`,
			wsdl: 'GenerateAPIKey',
			parameters: { UserID: USER_ID },
			output: { resultKey: 'apiKey', echo: ['UserID'] },
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get a user',
			description: 'Returns a user’s details: login name, contact data, authorization level, mailbox, status and lockout',
			wsdl: {
				selectors: [
					{
						name: 'findBy',
						displayName: 'Find By',
						description: 'How to identify the user',
						type: 'options',
						options: [
							{ name: 'User ID', value: 'id' },
							{ name: 'Login Name', value: 'loginName' },
						],
						default: 'id',
					},
				],
				calls: [
					{ operation: 'UserInfo', when: { findBy: 'id' } },
					{ operation: 'UserInfobyLogin', when: { findBy: 'loginName' } },
				],
			},
			parameters: {
				UserID: USER_ID,
				LoginName: { required: true, displayName: 'Login Name' },
			},
			output: { simplify: USER_SUMMARY },
		},
		{
			value: 'getApiKey',
			name: 'Get API Key',
			action: 'Get the API key of a user',
			description: `Returns a user’s existing API key. ${API_KEY_WARNING}`,
			wsdl: 'UserGetAPIKey',
			parameters: { UserID: USER_ID },
			output: { resultKey: 'apiKey', echo: ['UserID'] },
		},
		{
			value: 'getLockedOut',
			name: 'Get Many Locked Out',
			action: 'Get many locked-out users',
			description: 'Lists the users of a mailbox who are locked out, for example after too many failed logins',
			wsdl: scoped('UserListLockedOut', 'UserListLockedOutEx'),
			output: { simplify: USER_SUMMARY },
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many users',
			description: 'Lists the users of a mailbox, optionally only those whose name matches',
			wsdl: scoped('UserList', 'UserListEx'),
			parameters: { Name: { displayName: 'Name', description: 'Only users whose name or login matches this text' } },
			output: { simplify: USER_SUMMARY },
		},
		{
			value: 'moveToMailbox',
			name: 'Move to Mailbox',
			action: 'Move a user to another network and mailbox',
			description: 'Assigns a user to another network and mailbox; their own-mailbox operations then act there',
			wsdl: 'UserSetNetworkMailbox',
			parameters: {
				UserID: USER_ID,
				NetworkID: { displayName: 'Network' },
				MailboxID: { displayName: 'Mailbox' },
			},
			output: { resultKey: 'updated', echo: ['UserID'] },
		},
		{
			value: 'resetSessions',
			name: 'Reset Session Count',
			action: 'Reset the open session count of a user',
			description:
				'Resets a user’s open-session and grace-login counters, for a user (or integration) refused because too many sessions were left open',
			wsdl: 'UserReset',
			parameters: { UserID: USER_ID },
			output: { resultKey: 'reset', echo: ['UserID'] },
		},
		{
			value: 'sendSms',
			name: 'Send SMS',
			action: 'Send a text message to a user',
			description: 'Sends a text message to the user’s cell phone, for example an alert from a workflow',
			wsdl: 'UserSendSMS',
			parameters: {
				UserID: USER_ID,
				Text: { required: true, displayName: 'Text', rows: 2 },
			},
			output: { resultKey: 'sent', echo: ['UserID'] },
		},
		{
			value: 'setAuthLevel',
			name: 'Set Authorization Level',
			action: 'Set the authorization level of a user',
			description: 'Changes what a user may do, such as from Mailbox User to Mailbox Admin',
			wsdl: 'UserSetAuthLevel',
			parameters: {
				UserID: USER_ID,
				AuthLevel: { displayName: 'Authorization Level', default: 'MailboxUser', optionDescriptions: AUTH_LEVEL_DESCRIPTIONS },
			},
			output: { resultKey: 'updated', echo: ['UserID'] },
		},
		{
			value: 'setMaxSessions',
			name: 'Set Max Sessions',
			action: 'Set the maximum concurrent sessions of a user',
			description: 'Sets how many sessions the user may have open at once',
			wsdl: 'UserSetMaxSessions',
			parameters: {
				UserID: USER_ID,
				MaxSessions: { displayName: 'Max Sessions', default: 5 },
			},
			output: { resultKey: 'updated', echo: ['UserID'] },
		},
		{
			value: 'setPassword',
			name: 'Set Password',
			action: 'Set the password and recovery question of a user',
			description: 'Sets a user’s password and password recovery question and answer',
			wsdl: 'UserPassword',
			parameters: {
				UserID: USER_ID,
				CurrentRecoveryAnswer: {
					displayName: 'Current Recovery Answer',
					description: 'The user’s current answer to their recovery question, when ECGrid asks for it (such as to unlock a locked-out user)',
				},
				Password: {
					required: true,
					displayName: 'New Password',
					description: 'At least 8 characters with upper and lower case letters, a digit and a special character',
				},
				RecoveryQuestion: { displayName: 'New Recovery Question' },
				RecoveryAnswer: { displayName: 'New Recovery Answer' },
			},
			output: { resultKey: 'updated', echo: ['UserID'] },
		},
		{
			value: 'suspend',
			name: 'Suspend',
			action: 'Suspend a user',
			description: 'Blocks a user from logging in until reactivated',
			wsdl: 'UserSuspend',
			parameters: { UserID: USER_ID },
			output: { resultKey: 'suspended', echo: ['UserID'] },
		},
		{
			value: 'terminate',
			name: 'Terminate',
			action: 'Terminate a user',
			description: 'Closes a user account for good; it cannot be reactivated',
			wsdl: 'UserTerminate',
			parameters: { UserID: USER_ID },
			output: { resultKey: 'terminated', echo: ['UserID'] },
		},
		{
			value: 'update',
			name: 'Update',
			action: 'Update a user',
			description: 'Changes a user’s name and contact details; Cell Carrier and Authorization Level stay as they are at No Change',
			wsdl: 'UserUpdate',
			parameters: {
				UserID: USER_ID,
				...CONTACT_DETAILS,
				CellCarrier: { displayName: 'Cell Carrier', default: 'NoChange' },
				AuthLevel: { displayName: 'Authorization Level', default: 'NoChange', optionDescriptions: AUTH_LEVEL_DESCRIPTIONS },
			},
			output: { resultKey: 'updated', echo: ['UserID'] },
		},
	],
};
