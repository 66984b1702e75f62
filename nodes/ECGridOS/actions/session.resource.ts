import type { ResourceDefinition } from './types';

const SESSION_SUMMARY = ['StartTime', 'EndTime', 'Expires', 'Status', 'UserID', 'NetworkID', 'MailboxID', 'Version'];

export const sessionResource: ResourceDefinition = {
	value: 'session',
	name: 'Session & Auth',
	description: 'The credential’s own login: who it is, session history, passwords, explicit log in and log out',
	operations: [
		{
			value: 'changePassword',
			name: 'Change Password',
			action: 'Change the password of the credential’s user',
			description:
				'Changes the password of the user the credential logs in as, effective at once. Update the credential right after, or its next login fails.',
			wsdl: 'ChangePassword',
			parameters: {
				OldPassword: { required: true, displayName: 'Current Password' },
				NewPassword: {
					required: true,
					displayName: 'New Password',
					description:
						'ECGrid requires at least 8 characters with upper and lower case letters, a digit and a special character',
				},
			},
			output: { resultKey: 'changed' },
		},
		{
			value: 'generatePassword',
			name: 'Generate Password',
			action: 'Generate a random password',
			description:
				'Returns a random password that meets ECGrid’s password rules, for a new user or a password change. The password is a secret: it is output only with Options > Include Secrets on, and then lands in execution data.',
			wsdl: 'GeneratePassword',
			parameters: {
				Length: { displayName: 'Length', description: 'Number of characters (ECGrid requires at least 8)', default: 16 },
			},
			output: { resultKey: 'password' },
		},
		{
			value: 'getCurrentLog',
			name: 'Get Current Session Log',
			action: 'Get the log of the current session',
			description:
				'Returns the record of the session the credential is using now, with every API call made in it (call, time, duration, return code)',
			wsdl: 'SessionLogCurrent',
		},
		{
			value: 'getLog',
			name: 'Get Session Log',
			action: 'Get past sessions of a user',
			description:
				'Lists past ECGridOS sessions with their API calls: of the credential’s own user, or of any user you administer in a time range (for auditing an integration)',
			wsdl: {
				selectors: [
					{
						name: 'sessionUser',
						displayName: 'Sessions Of',
						description: 'Whose sessions to list',
						type: 'options',
						options: [
							{ name: 'Credential’s User', value: 'own', description: 'The most recent sessions of the user the credential acts as' },
							{ name: 'Specific User in a Period', value: 'specific', description: 'Sessions of a chosen user between two dates' },
						],
						default: 'own',
					},
				],
				calls: [
					{ operation: 'SessionLog', when: { sessionUser: 'own' } },
					{ operation: 'SessionLogEx', when: { sessionUser: 'specific' } },
				],
			},
			parameters: {
				UserID: { displayName: 'User', description: 'The user whose sessions to list' },
				StartTime: { displayName: 'From', description: 'Start of the period' },
				EndTime: { displayName: 'To', description: 'End of the period' },
				MaxRecords: {
					optional: true,
					default: 100,
					displayName: 'Max Records',
					description: 'Most sessions ECGridOS returns in one answer; Limit then applies to those',
				},
			},
			output: { simplify: SESSION_SUMMARY },
		},
		{
			value: 'login',
			name: 'Log In',
			action: 'Log in and start a new session',
			description:
				'Starts a separate ECGridOS session for a login name and password and returns its session ID. Rarely needed: the credential opens and renews its own session. The session ID is a secret that acts as that user until it ends: it is output only with Options > Include Secrets on, and then lands in execution data.',
			wsdl: 'Login',
			parameters: {
				LoginName: { required: true, displayName: 'Login Name' },
				Password: { required: true, displayName: 'Password' },
			},
			output: { resultKey: 'sessionId' },
		},
		{
			value: 'logout',
			name: 'Log Out',
			action: 'End the current session',
			description:
				'Ends the session the credential is using now, freeing one of the user’s limited concurrent sessions. Rarely needed: the credential logs in again by itself on its next call. Not for API key credentials, which have no session.',
			wsdl: 'Logout',
			output: { resultKey: 'logoutResult' },
		},
		{
			value: 'whoAmI',
			name: 'Who Am I',
			action: 'Get the user and mailbox of the credential',
			description:
				'Returns the user, authorization level, network and mailbox of the credential’s session or API key. The own-mailbox form of other operations acts on this network and mailbox; also a quick check that the credential works.',
			wsdl: 'WhoAmI',
			output: {
				simplify: [
					'UserID',
					'LoginName',
					'FirstName',
					'LastName',
					'Company',
					'EMail',
					'AuthLevel',
					'NetworkID',
					'MailboxID',
					'OpenSessions',
					'TimeOut',
					'ECGridOSVersion',
				],
			},
		},
	],
};
