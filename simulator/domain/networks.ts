/** Networks (seeded; no NetworkAdd in v4.1) and mailboxes. */
import { fault } from '../soap/faults';
import type { MailboxRecord, NetworkRecord, X12Delimiters } from '../store';
import { exScope, getOrNotFound, listable, ownScope, requireLevel, requireReach, type Scope } from './access';
import type { Call, HandlerTable } from './call';
import { dataSet } from '../soap/dataSet';
import { checkLength, lifecycleHandlers, nameMatches } from './lifecycle';
import { mailboxView, networkView, userViewOf } from './views';

function findNetwork(call: Call, write: boolean): NetworkRecord {
	const network = getOrNotFound(call.store.networks, call.int('NetworkID') || call.me.networkId, 'NetworkID');
	if (write) {
		requireLevel(call, 'NetworkAdmin');
		requireReach(call, network.networkId, 0, 'NetworkID');
	}
	return network;
}

function findMailbox(call: Call, write: boolean): MailboxRecord {
	const mailbox = getOrNotFound(call.store.mailboxes, call.int('MailboxID') || call.me.mailboxId, 'MailboxID');
	requireReach(call, mailbox.networkId, mailbox.mailboxId, 'MailboxID');
	if (write) requireLevel(call, 'MailboxAdmin');
	return mailbox;
}

function delimiters(call: Call): X12Delimiters {
	const values = { segTerm: call.int('SegTerm'), elmSep: call.int('ElmSep'), subElmSep: call.int('SubElmSep') };
	if (new Set(Object.values(values)).size !== 3) throw fault.dataError('SegTerm', 'The three delimiters must differ.');
	for (const value of Object.values(values)) {
		if (/[A-Za-z0-9 ]/.test(String.fromCharCode(value))) throw fault.dataError('SegTerm', 'Delimiters cannot be letters, digits or spaces.');
	}
	return values;
}

function contactUser(call: Call, networkId: number, mailboxId: number): number {
	const userId = call.int('UserID');
	const user = getOrNotFound(call.store.users, userId, 'UserID');
	if (user.networkId !== networkId || (mailboxId !== 0 && user.mailboxId !== mailboxId)) {
		throw fault.dataError('UserID', 'The contact must belong to the same network or mailbox.');
	}
	return userId;
}

function touch<T extends { modified: number }>(call: Call, record: T): true {
	record.modified = call.now;
	call.store.changed();
	return true;
}

function listMailboxes(call: Call, scope: Scope) {
	return [...call.store.mailboxes.values()]
		.filter((mailbox) => listable(call, scope, mailbox))
		.filter((mailbox) => nameMatches(call.text('Name'), mailbox.name))
		.sort((a, b) => a.mailboxId - b.mailboxId)
		.map((mailbox) => mailboxView(call.store, mailbox));
}

function addMailbox(call: Call, networkId: number, ownerUserId: number): number {
	requireLevel(call, 'NetworkAdmin');
	requireReach(call, networkId, 0, 'NetworkID');
	getOrNotFound(call.store.networks, networkId, 'NetworkID');
	const name = checkLength('Name', call.text('Name').trim(), 64);
	if (!name) throw fault.dataError('Name', 'A mailbox needs a name.');
	if ([...call.store.mailboxes.values()].some((mailbox) => mailbox.networkId === networkId && mailbox.name.toLowerCase() === name.toLowerCase())) {
		throw fault.duplicate('Name', `Network ${networkId} already has a mailbox named ${name}.`);
	}
	const network = call.store.networks.get(networkId)!;
	const mailbox: MailboxRecord = {
		mailboxId: call.store.nextId('mailbox'),
		networkId,
		name,
		description: '',
		status: 'Active',
		created: call.now,
		modified: call.now,
		managed: false,
		useType: 'Production',
		contacts: ownerUserId ? { Owner: ownerUserId } : {},
		inBoxTimeoutMinutes: 0,
		delimiters: { ...network.delimiters },
		deleteOnDownload: false,
	};
	call.store.mailboxes.set(mailbox.mailboxId, mailbox);
	call.store.changed();
	return mailbox.mailboxId;
}

export const networkHandlers: HandlerTable = {
	NetworkInfo: (call) => networkView(call.store, findNetwork(call, false)),
	NetworkInfoWithLog: (call) => networkView(call.store, findNetwork(call, false)),
	NetworkList: (call) =>
		[...call.store.networks.values()].filter((network) => nameMatches(call.text('Name'), network.name)).map((network) => networkView(call.store, network)),
	NetworkOutageList: () => [],
	NetworkStatusSummary(call) {
		const networks = [...call.store.networks.values()].filter((network) => call.flag('ShowInactive') || network.status === 'Active');
		return dataSet({
			name: 'Table',
			columns: [
				{ name: 'NetworkID', type: 'int' },
				{ name: 'Name', type: 'string' },
				{ name: 'Status', type: 'string' },
				{ name: 'NetworkStatus', type: 'string' },
				{ name: 'Mailboxes', type: 'int' },
				{ name: 'LastContact', type: 'dateTime' },
			],
			rows: networks.map((network) => ({
				NetworkID: network.networkId,
				Name: network.name,
				Status: network.status,
				NetworkStatus: 'NormalOperation',
				Mailboxes: [...call.store.mailboxes.values()].filter((mailbox) => mailbox.networkId === network.networkId).length,
				LastContact: new Date(network.modified),
			})),
		});
	},
	NetworkUpdate(call) {
		const network = findNetwork(call, true);
		if (call.optionalText('Name') !== undefined) network.name = checkLength('Name', call.text('Name'), 64);
		if (call.optionalText('Location') !== undefined) network.location = checkLength('Location', call.text('Location'), 64);
		return touch(call, network);
	},
	NetworkSetContact(call) {
		const network = findNetwork(call, true);
		network.contacts[call.enumText('ContactType')] = contactUser(call, network.networkId, 0);
		return touch(call, network);
	},
	NetworkGetContact(call) {
		const network = findNetwork(call, false);
		const contact = userViewOf(call.store, network.contacts[call.enumText('ContactType')]);
		if (!contact) throw fault.notFound('ContactType', 'No contact of this type is set.');
		return contact;
	},
	NetworkSetWebsite(call) {
		const network = findNetwork(call, true);
		network.websites[call.enumText('WebsiteType')] = checkLength('URL', call.text('URL'), 256);
		return touch(call, network);
	},
	NetworkX12Delimiters(call) {
		const network = findNetwork(call, true);
		network.delimiters = delimiters(call);
		return touch(call, network);
	},
	NetworkRootDeleteOnDownload(call) {
		const network = findNetwork(call, true);
		network.deleteOnDownload = call.flag('DeleteOnDownload');
		return touch(call, network);
	},
};

export const mailboxHandlers: HandlerTable = {
	MailboxList: (call) => listMailboxes(call, { networkId: ownScope(call).networkId, mailboxId: 0 }),
	MailboxListEx: (call) => listMailboxes(call, { networkId: exScope(call).networkId, mailboxId: 0 }),
	MailboxAdd: (call) => addMailbox(call, call.me.networkId, call.int('UserID')),
	MailboxAddEx(call) {
		const ownerText = call.text('UserID').trim();
		if (ownerText && !/^\d+$/.test(ownerText)) throw fault.invalidId('UserID', 'UserID must be a number.');
		return addMailbox(call, call.int('NetworkID') || call.me.networkId, Number(ownerText || 0));
	},
	...lifecycleHandlers('Mailbox', 'MailboxID', (call) => {
		requireLevel(call, 'NetworkAdmin');
		return findMailbox(call, true);
	}),
	MailboxInfo: (call) => mailboxView(call.store, findMailbox(call, false)),
	MailboxManaged(call) {
		requireLevel(call, 'NetworkAdmin');
		const mailbox = findMailbox(call, true);
		mailbox.managed = call.flag('Managed');
		return touch(call, mailbox);
	},
	MailboxDeleteOnDownload(call) {
		const mailbox = findMailbox(call, true);
		mailbox.deleteOnDownload = call.flag('DeleteOnDownload');
		return touch(call, mailbox);
	},
	MailboxName(call) {
		const mailbox = findMailbox(call, true);
		const name = checkLength('Name', call.text('Name').trim(), 64);
		if (!name) throw fault.dataError('Name', 'A mailbox needs a name.');
		mailbox.name = name;
		return touch(call, mailbox);
	},
	MailboxDescription(call) {
		const mailbox = findMailbox(call, true);
		mailbox.description = checkLength('Description', call.text('Description'), 256);
		return touch(call, mailbox);
	},
	MailboxSetContact(call) {
		const mailbox = findMailbox(call, true);
		mailbox.contacts[call.enumText('ContactType')] = contactUser(call, mailbox.networkId, mailbox.mailboxId);
		return touch(call, mailbox);
	},
	MailboxX12Delimiters(call) {
		const mailbox = findMailbox(call, true);
		mailbox.delimiters = delimiters(call);
		return touch(call, mailbox);
	},
	MailboxInBoxTimeout(call) {
		const mailbox = findMailbox(call, true);
		const minutes = call.int('Minutes');
		if (minutes < 0) throw fault.dataError('Minutes', 'Minutes cannot be negative.');
		mailbox.inBoxTimeoutMinutes = minutes;
		return touch(call, mailbox);
	},
	MailboxUse(call) {
		const mailbox = findMailbox(call, true);
		mailbox.useType = call.enumText('UseType');
		return touch(call, mailbox);
	},
};
