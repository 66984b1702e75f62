import type { ParameterPresentation, ResourceDefinition } from './types';
import { scoped } from './variants';

const CARBON_COPY_ID: ParameterPresentation = {
	displayName: 'Carbon Copy ID',
	description: 'The ID of the carbon copy rule, as returned by Create or listed by Get Many',
};

export const carbonCopyResource: ResourceDefinition = {
	value: 'carbonCopy',
	name: 'Carbon Copy',
	description:
		'Rules that have ECGrid send a copy of the EDI between two trading partners to a third party, such as a 3PL, a service provider or an archive',
	operations: [
		{
			value: 'activate',
			name: 'Activate',
			action: 'Activate a carbon copy',
			description: 'Resumes a suspended carbon copy rule',
			wsdl: 'CarbonCopyActivate',
			parameters: { CarbonCopyID: CARBON_COPY_ID },
			output: { resultKey: 'activated', echo: ['CarbonCopyID'] },
		},
		{
			value: 'create',
			name: 'Create',
			action: 'Create a carbon copy',
			description:
				'Copies the interchanges one trading partner sends to another to a third ECGridID; the copies are billed to the chosen mailbox',
			wsdl: scoped('CarbonCopyAdd', 'CarbonCopyAddEx'),
			parameters: {
				ECGridIDFrom: {
					displayName: 'Original Sender ECGridID',
					description: 'The trading partner whose interchanges are copied when sent to the original receiver',
				},
				ECGridIDTo: {
					displayName: 'Original Receiver ECGridID',
					description: 'The trading partner the copied interchanges are addressed to',
				},
				ECGridIDCCFrom: {
					displayName: 'Copy Sender ECGridID',
					description: 'The ECGridID the copies are sent from',
				},
				ECGridIDCCTo: {
					displayName: 'Copy Receiver ECGridID',
					description: 'The ECGridID that receives the copies',
				},
				GSFrom: {
					displayName: 'GS Sender Code',
					description: 'Only copy functional groups with this application sender’s code (GS02); empty for any',
				},
				GSTo: {
					displayName: 'GS Receiver Code',
					description: 'Only copy functional groups with this application receiver’s code (GS03); empty for any',
				},
				TransactionSet: {
					displayName: 'Transaction Set',
					description: 'Only copy this transaction set type (ST01), for example 850 or 856; empty for all',
					placeholder: '850',
				},
			},
			output: { resultKey: 'carbonCopyId' },
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get a carbon copy',
			description: 'Returns a carbon copy rule: the original and copy trading partners, filters and status',
			wsdl: 'CarbonCopyInfo',
			parameters: { CarbonCopyID: CARBON_COPY_ID },
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many carbon copies',
			description: 'Lists the carbon copy rules billed to a mailbox, optionally only those for one trading partner pair',
			wsdl: scoped('CarbonCopyList', 'CarbonCopyListEx'),
			parameters: {
				ECGridIDFrom: {
					displayName: 'Original Sender ECGridID',
					description: 'Only rules for interchanges from this trading partner; 0 for any sender',
					optional: true,
					default: 0,
					editor: 'plain',
				},
				ECGridIDTo: {
					displayName: 'Original Receiver ECGridID',
					description: 'Only rules for interchanges to this trading partner; 0 for any receiver',
					optional: true,
					default: 0,
					editor: 'plain',
				},
				ShowInactive: {
					displayName: 'Include Inactive',
					description: 'Whether to also list suspended and terminated rules',
					default: false,
				},
			},
		},
		{
			value: 'suspend',
			name: 'Suspend',
			action: 'Suspend a carbon copy',
			description: 'Pauses a carbon copy rule; no copies are made until it is activated again',
			wsdl: 'CarbonCopySuspend',
			parameters: { CarbonCopyID: CARBON_COPY_ID },
			output: { resultKey: 'suspended', echo: ['CarbonCopyID'] },
		},
		{
			value: 'terminate',
			name: 'Terminate',
			action: 'Terminate a carbon copy',
			description: 'Ends a carbon copy rule for good; it cannot be activated again',
			wsdl: 'CarbonCopyTerminate',
			parameters: { CarbonCopyID: CARBON_COPY_ID },
			output: { resultKey: 'terminated', echo: ['CarbonCopyID'] },
		},
	],
};
