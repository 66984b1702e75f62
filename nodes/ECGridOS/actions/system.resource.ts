import type { ResourceDefinition } from './types';

export const systemResource: ResourceDefinition = {
	value: 'system',
	name: 'System',
	description: 'Service version, server clock, ECGrid status codes and X.400 address formatting',
	operations: [
		{
			value: 'formatX400Address',
			name: 'Format X.400 Address',
			action: 'Format an X.400 address for ECGrid',
			description:
				'Builds the single-string X.400 address ECGrid expects from its parts, for example to deliver a trading partner’s EDI to an X.400 mailbox with Trading Partner → Set Data Email',
			wsdl: 'X400Format',
			parameters: {
				Country: { displayName: 'Country (C)', description: 'Country code, such as US' },
				ADMD: { displayName: 'ADMD', description: 'Administration management domain (the public X.400 carrier)' },
				PRMD: { displayName: 'PRMD', description: 'Private management domain' },
				Organization: { displayName: 'Organization (O)' },
				OrganizationalUnit1: { displayName: 'Organizational Unit 1 (OU1)' },
				OrganizationalUnit2: { displayName: 'Organizational Unit 2 (OU2)' },
				OrganizationalUnit3: { displayName: 'Organizational Unit 3 (OU3)' },
				OrganizationalUnit4: { displayName: 'Organizational Unit 4 (OU4)' },
				Surname: { displayName: 'Surname (S)' },
				GivenName: { displayName: 'Given Name (G)' },
				Initials: { displayName: 'Initials (I)' },
				Generation: { displayName: 'Generation Qualifier (Q)', description: 'Such as JR or III' },
				CommonName: { displayName: 'Common Name (CN)' },
				DDA: { displayName: 'Domain-Defined Attribute (DDA)', description: 'Type and value as the receiving X.400 service expects them' },
				X_121: { displayName: 'X.121 Address', description: 'Network address of the terminal' },
				N_ID: { displayName: 'Numeric User ID (N-ID)' },
				T_TY: { displayName: 'Terminal Type (T-TY)' },
				T_ID: { displayName: 'Terminal ID (T-ID)' },
			},
			output: { resultKey: 'x400Address' },
		},
		{
			value: 'getServerTime',
			name: 'Get Server Time',
			action: 'Get the current ECGrid server time in UTC',
			description:
				'Returns the ECGrid server’s current date and time in UTC. Use it to compute times ECGrid expects in UTC, such as a trading partner move date.',
			wsdl: 'NowUTC',
			output: { resultKey: 'nowUtc' },
		},
		{
			value: 'getStatusCodes',
			name: 'Get Status Codes',
			action: 'Get the list of ECGrid status codes',
			description:
				'Lists ECGrid’s numeric status codes with their message and level, to translate the status codes that parcels, interchanges and alerts report',
			wsdl: 'StatusList',
		},
		{
			value: 'getVersion',
			name: 'Get Version',
			action: 'Get the ECGridOS version',
			description: 'Returns the version and build of the ECGridOS service. Needs no session, so it is a quick reachability check.',
			wsdl: 'Version',
			output: { resultKey: 'version' },
		},
	],
};
