import type { ParameterPresentation, ResourceDefinition } from './types';

/** Override delimiters ECGrid uses when it builds X12 envelopes for a network or mailbox. */
export const X12_DELIMITERS: Record<string, ParameterPresentation> = {
	SegTerm: { displayName: 'Segment Terminator', description: 'One character, such as ~', default: '~' },
	ElmSep: { displayName: 'Element Separator', description: 'One character, such as *', default: '*' },
	SubElmSep: { displayName: 'Sub-Element Separator', description: 'One character (ISA16), such as > or :', default: '>' },
};

/** Which contact role of a network or mailbox is meant. */
export const CONTACT_TYPE: ParameterPresentation = {
	displayName: 'Contact Type',
	description: 'Which contact role; ECGrid sends the matching notices to this user',
	default: 'Owner',
	optionDescriptions: {
		Owner: 'The account owner',
		Errors: 'Receives error and delivery-problem notices',
		Interconnects: 'Receives interconnect (partner connection) requests and their progress',
		Notices: 'Receives general service notices',
		Reports: 'Receives traffic reports',
		Accounting: 'Billing contact',
		CustomerService: 'Customer service contact',
	},
};

const NETWORK_SUMMARY = ['NetworkID', 'Name', 'Location', 'Type', 'Status', 'NetworkStatus', 'RunStatus', 'LastContact'];

export const networkResource: ResourceDefinition = {
	value: 'network',
	name: 'Network',
	description: 'Networks on ECGrid (VANs and service providers): details, contacts, settings, status and outages',
	operations: [
		{
			value: 'get',
			name: 'Get',
			action: 'Get a network',
			description: 'Returns a network’s details: name, type, status, contacts and websites, optionally with its latest log entry',
			wsdl: {
				selectors: [
					{
						name: 'includeLog',
						displayName: 'Include Latest Log Entry',
						description: 'Whether to also return the network’s latest log entry (LastLog)',
						type: 'boolean',
						default: false,
					},
				],
				calls: [
					{ operation: 'NetworkInfo', when: { includeLog: false } },
					{ operation: 'NetworkInfoWithLog', when: { includeLog: true } },
				],
			},
			output: { simplify: NETWORK_SUMMARY },
		},
		{
			value: 'getContact',
			name: 'Get Contact',
			action: 'Get a contact user of a network',
			description: 'Returns the user who holds a contact role (owner, errors, interconnects, …) for a network',
			wsdl: 'NetworkGetContact',
			parameters: { ContactType: CONTACT_TYPE },
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many networks',
			description: 'Lists the networks on ECGrid, optionally only those whose name matches; use it to find the NetworkID of a partner’s VAN',
			wsdl: 'NetworkList',
			parameters: { Name: { displayName: 'Name', description: 'Only networks whose name matches this text' } },
			output: { simplify: NETWORK_SUMMARY },
		},
		{
			value: 'getOutages',
			name: 'Get Outages',
			action: 'Get networks with an outage',
			description: 'Lists the networks that currently report a scheduled or unscheduled outage, to explain delayed deliveries',
			wsdl: 'NetworkOutageList',
			output: { simplify: NETWORK_SUMMARY },
		},
		{
			value: 'getStatusSummary',
			name: 'Get Status Summary',
			action: 'Get a status summary of all networks',
			description: 'Returns one row per network with its current operating status',
			wsdl: 'NetworkStatusSummary',
			parameters: {
				ShowInactive: { displayName: 'Include Inactive', description: 'Whether to include suspended and terminated networks', default: false },
			},
		},
		{
			value: 'setContact',
			name: 'Set Contact',
			action: 'Set a contact user of a network',
			description: 'Makes a user the network’s contact for one role, such as the one who receives error notices',
			wsdl: 'NetworkSetContact',
			parameters: {
				UserID: { displayName: 'User', description: 'The user who takes the contact role' },
				ContactType: CONTACT_TYPE,
			},
			output: { resultKey: 'updated', echo: ['NetworkID'] },
		},
		{
			value: 'setDeleteOnDownload',
			name: 'Set Delete on Download',
			action: 'Set delete on download for a network’s root mailbox',
			description:
				'Sets whether parcels in the network’s root mailbox leave the inbox as soon as they are downloaded, instead of waiting for a download confirmation',
			wsdl: 'NetworkRootDeleteOnDownload',
			parameters: {
				DeleteOnDownload: { displayName: 'Delete on Download', description: 'Whether a download also removes the parcel from the inbox', default: false },
			},
			output: { resultKey: 'updated', echo: ['NetworkID'] },
		},
		{
			value: 'setWebsite',
			name: 'Set Website',
			action: 'Set a website address of a network',
			description: 'Sets the network’s home, support or login website address',
			wsdl: 'NetworkSetWebsite',
			parameters: {
				URL: { required: true, displayName: 'URL', placeholder: 'https://www.example.com' },
				WebsiteType: { displayName: 'Website Type', description: 'Which of the network’s websites to set' },
			},
			output: { resultKey: 'updated', echo: ['NetworkID'] },
		},
		{
			value: 'setX12Delimiters',
			name: 'Set X12 Delimiters',
			action: 'Set the X12 delimiters of a network',
			description:
				'Sets override X12 delimiters for the network: the segment terminator, element separator and sub-element separator ECGrid should use for it',
			wsdl: 'NetworkX12Delimiters',
			parameters: X12_DELIMITERS,
			output: { resultKey: 'updated', echo: ['NetworkID'] },
		},
		{
			value: 'update',
			name: 'Update',
			action: 'Update a network’s name and location',
			description: 'Sets the name and location shown for a network',
			wsdl: 'NetworkUpdate',
			parameters: {
				Name: { required: true, displayName: 'Name' },
				Location: { displayName: 'Location', description: 'City or region the network is based in' },
			},
			output: { resultKey: 'updated', echo: ['NetworkID'] },
		},
	],
};
