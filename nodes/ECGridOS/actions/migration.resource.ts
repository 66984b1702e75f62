import type { ParameterPresentation, ResourceDefinition } from './types';
import { scoped } from './variants';

const MIGRATION_ID: ParameterPresentation = {
	displayName: 'Migration ID',
	description: 'The ID of the migration, as returned by Create or listed by Get Many',
};

const MIGRATION_SUMMARY = ['MigrationID', 'Name', 'Status', 'Network', 'Mailbox', 'ECSPNetwork', 'ECSPMailbox', 'Created', 'Modified'];

export const migrationResource: ResourceDefinition = {
	value: 'migration',
	name: 'Migration',
	description:
		'Planned moves of a mailbox’s EDI traffic to another network and mailbox (for example a new service provider), tracked trading partner by trading partner in batches',
	operations: [
		{
			value: 'addTradingPartner',
			name: 'Add Trading Partner',
			action: 'Add a trading partner to a migration',
			description: 'Adds a trading partner (ECGridID) to a batch of a migration so its move is tracked',
			wsdl: 'MigrationAddTP',
			parameters: {
				MigrationID: MIGRATION_ID,
				MigrationBatchID: {
					displayName: 'Migration Batch ID',
					description: 'The batch of the migration to add the trading partner to, as listed in the migration’s Batches',
				},
				ECGridID: { displayName: 'ECGridID', description: 'The trading partner to add' },
			},
			output: { resultKey: 'added', echo: ['MigrationID', 'MigrationBatchID', 'ECGridID'] },
		},
		{
			value: 'create',
			name: 'Create',
			action: 'Create a migration',
			description: 'Plans the move of a mailbox’s traffic to a target network and mailbox on a scheduled date',
			wsdl: scoped('MigrationAdd', 'MigrationAddEx'),
			parameters: {
				Name: { required: true, displayName: 'Name', description: 'A name for the migration', placeholder: 'Move to new VAN' },
				Scheduled: { displayName: 'Scheduled', description: 'When the move is planned to take place' },
				TargetNetworkId: { displayName: 'Target Network', description: 'The network the traffic moves to' },
				TargetMailboxId: { displayName: 'Target Mailbox', description: 'The mailbox the traffic moves to', editor: 'targetMailbox' },
				Status: { displayName: 'Status', description: 'The stage the migration starts in', default: 'Planned' },
			},
			output: { resultKey: 'migrationId' },
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get a migration',
			description: 'Returns a migration with its batches, the trading partners in them and their progress, and its notes',
			wsdl: 'MigrationInfo',
			parameters: {
				MigrationID: MIGRATION_ID,
				MigrationBatchID: {
					displayName: 'Migration Batch ID',
					description: 'Only this batch of the migration; 0 for all batches',
					optional: true,
					default: 0,
				},
			},
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many migrations',
			description: 'Lists the migrations of a mailbox, optionally only those in one stage',
			wsdl: scoped('MigrationList', 'MigrationListEx'),
			parameters: {
				Status: { displayName: 'Status', description: 'Only migrations in this stage; All for every stage', default: 'All' },
				ShowCanceled: {
					displayName: 'Include Canceled',
					description: 'Whether to also list canceled migrations',
					default: false,
				},
			},
			output: { simplify: MIGRATION_SUMMARY },
		},
	],
};
