/** Migrations: moving a mailbox's trading partners to another network/mailbox, in batches. */
import { fault } from '../soap/faults';
import type { MigrationRecord } from '../store';
import { exScope, getOrNotFound, listable, ownScope, requireLevel, requireReach, type Scope } from './access';
import type { Call, HandlerTable } from './call';
import { checkLength } from './lifecycle';
import { findPartner } from './tradingPartners';
import { mailboxView, networkView, tradingPartnerView, userViewOf } from './views';

function findMigration(call: Call): MigrationRecord {
	const migration = getOrNotFound(call.store.migrations, call.int('MigrationID'), 'MigrationID');
	requireReach(call, migration.networkId, migration.mailboxId, 'MigrationID');
	return migration;
}

function add(call: Call, scope: Scope): number {
	requireLevel(call, 'MailboxAdmin');
	const targetNetwork = getOrNotFound(call.store.networks, call.int('TargetNetworkId'), 'TargetNetworkId');
	const targetMailboxId = call.int('TargetMailboxId');
	if (targetMailboxId && call.store.mailboxes.get(targetMailboxId)?.networkId !== targetNetwork.networkId) throw fault.notFound('TargetMailboxId');
	const name = checkLength('Name', call.text('Name').trim(), 64);
	if (!name) throw fault.dataError('Name', 'A migration needs a name.');
	const status = call.enumText('Status') === 'All' ? 'Planned' : call.enumText('Status');
	const migration: MigrationRecord = {
		migrationId: call.store.nextId('migration'),
		name,
		networkId: scope.networkId || call.me.networkId,
		mailboxId: scope.mailboxId,
		targetNetworkId: targetNetwork.networkId,
		targetMailboxId,
		scheduled: call.time('Scheduled') ?? call.now,
		status,
		ownerUserId: call.me.userId,
		created: call.now,
		modified: call.now,
		batches: [],
	};
	call.store.migrations.set(migration.migrationId, migration);
	call.store.changed();
	return migration.migrationId;
}

function view(call: Call, migration: MigrationRecord, batchId = 0) {
	const { store } = call;
	const network = store.networks.get(migration.networkId);
	const mailbox = store.mailboxes.get(migration.mailboxId);
	const targetNetwork = store.networks.get(migration.targetNetworkId);
	const targetMailbox = store.mailboxes.get(migration.targetMailboxId);
	return {
		MigrationID: migration.migrationId,
		Name: migration.name,
		Network: network && networkView(store, network),
		Mailbox: mailbox && mailboxView(store, mailbox),
		ECSPNetwork: targetNetwork && networkView(store, targetNetwork),
		ECSPMailbox: targetMailbox && mailboxView(store, targetMailbox),
		Created: migration.created,
		Modified: migration.modified,
		Status: migration.status,
		Owner: userViewOf(store, migration.ownerUserId),
		Batches: migration.batches
			.filter((batch) => batchId === 0 || batch.batchId === batchId)
			.map((batch) => ({
				MigrationBatchId: batch.batchId,
				Name: batch.name,
				Scheduled: batch.scheduled,
				Created: batch.created,
				Modified: batch.modified,
				Total: batch.ecgridIds.length,
				Complete: 0,
				Status: batch.status,
				TPs: batch.ecgridIds.map((ecgridId) => ({ ECGridID: tradingPartnerView(store, store.tradingPartners.get(ecgridId)), Type: 'Expected', Status: 'Pending' })),
			})),
	};
}

function list(call: Call, scope: Scope) {
	const status = call.enumText('Status');
	return [...call.store.migrations.values()]
		.filter((migration) => listable(call, scope, migration))
		.filter((migration) => status === 'All' || migration.status === status)
		.filter((migration) => call.flag('ShowCanceled') || migration.status !== 'Canceled')
		.map((migration) => view(call, migration));
}

export const migrationHandlers: HandlerTable = {
	MigrationAdd: (call) => add(call, ownScope(call)),
	MigrationAddEx: (call) => add(call, exScope(call, 'NetworkId', 'MailboxId')),
	MigrationList: (call) => list(call, ownScope(call)),
	MigrationListEx: (call) => list(call, exScope(call)),
	MigrationInfo(call) {
		const migration = findMigration(call);
		const batchId = call.int('MigrationBatchID');
		if (batchId && !migration.batches.some((batch) => batch.batchId === batchId)) throw fault.notFound('MigrationBatchID');
		return view(call, migration, batchId);
	},
	MigrationAddTP(call) {
		requireLevel(call, 'MailboxAdmin');
		const migration = findMigration(call);
		const partner = findPartner(call, 'ECGridID', false);
		if (migration.mailboxId && partner.mailboxId !== migration.mailboxId) throw fault.dataError('ECGridID', 'The ECGridID is not in the migrating mailbox.');
		let batch = migration.batches.find((candidate) => candidate.batchId === call.int('MigrationBatchID'));
		if (!batch) {
			if (call.int('MigrationBatchID')) throw fault.notFound('MigrationBatchID');
			batch = { batchId: call.store.nextId('migrationBatch'), name: `Batch ${migration.batches.length + 1}`, scheduled: migration.scheduled, created: call.now, modified: call.now, status: migration.status, ecgridIds: [] };
			migration.batches.push(batch);
		}
		if (batch.ecgridIds.includes(partner.ecgridId)) throw fault.duplicate('ECGridID', 'The ECGridID is already in this batch.');
		batch.ecgridIds.push(partner.ecgridId);
		batch.modified = call.now;
		migration.modified = call.now;
		call.store.changed();
		return true;
	},
};
