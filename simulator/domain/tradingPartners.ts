/**
 * Trading partners: ECGridIDs, each a qualifier/ID pair owned by one mailbox. Routing finds the
 * receiving mailbox through them, so a qualifier/ID pair may be active only once on ECGrid.
 */
import { EcgridFault, fault } from '../soap/faults';
import type { TradingPartnerRecord } from '../store';
import { canReach, exScope, getOrNotFound, inScope, listable, ownScope, requireLevel, requireReach, targetMailbox, type Scope } from './access';
import type { Call, HandlerTable } from './call';
import { checkLength, lifecycleHandlers, nameMatches } from './lifecycle';
import { pageOf, tradingPartnerView } from './views';

const INACTIVE = new Set(['Suspended', 'Terminated']);

/** Finds a trading partner the caller may see; `write` also needs MailboxAdmin. */
export function findPartner(call: Call, parameter: string, write: boolean): TradingPartnerRecord {
	const partner = getOrNotFound(call.store.tradingPartners, call.int(parameter), parameter);
	requireReach(call, partner.networkId, partner.mailboxId, parameter);
	if (write) requireLevel(call, 'MailboxAdmin');
	return partner;
}

/** The active ECGridID for a qualifier/ID pair: what routing uses. */
export function partnerByAddress(call: Call | { store: Call['store'] }, qualifier: string, id: string): TradingPartnerRecord | undefined {
	const wantedQualifier = qualifier.trim().toUpperCase();
	const wantedId = id.trim().toUpperCase();
	for (const partner of call.store.tradingPartners.values()) {
		if (partner.status !== 'Terminated' && partner.qualifier.toUpperCase() === wantedQualifier && partner.id.toUpperCase() === wantedId) return partner;
	}
	return undefined;
}

function addPartner(call: Call, scope: Scope, routingGroup: string): number {
	requireLevel(call, 'MailboxAdmin');
	const mailbox = targetMailbox(call, scope);
	const qualifier = call.text('Qualifier').trim().toUpperCase();
	const id = call.text('ID').trim();
	if (!/^[A-Z0-9]{1,4}$/.test(qualifier)) throw fault.invalidId('Qualifier', 'Qualifiers are 1 to 4 letters or digits (X12: 2).');
	if (!id) throw fault.invalidId('ID', 'An ID is required.');
	checkLength('ID', id, 35);
	const existing = partnerByAddress(call, qualifier, id);
	if (existing) {
		if (existing.networkId !== mailbox.networkId) throw new EcgridFault('IDExistsOnNetwork', 'ID', `${qualifier}:${id} is registered on network ${existing.networkId}.`);
		throw fault.duplicate('ID', `${qualifier}:${id} is already ECGridID ${existing.ecgridId}.`);
	}
	const partner: TradingPartnerRecord = {
		ecgridId: call.store.nextId('ecgridId'),
		networkId: mailbox.networkId,
		mailboxId: mailbox.mailboxId,
		qualifier,
		id,
		description: checkLength('Description', call.text('Description'), 64),
		dataEmail: '',
		mailboxDefault: ![...call.store.tradingPartners.values()].some((other) => other.mailboxId === mailbox.mailboxId && other.mailboxDefault),
		status: 'Active',
		useType: 'Production',
		ownerUserId: call.me.userId,
		routingGroup,
		created: call.now,
		modified: call.now,
		effective: call.now,
	};
	call.store.tradingPartners.set(partner.ecgridId, partner);
	call.store.changed();
	return partner.ecgridId;
}

function partnersIn(call: Call, scope: Scope, showInactive: boolean, filter: (partner: TradingPartnerRecord) => boolean = () => true): TradingPartnerRecord[] {
	return [...call.store.tradingPartners.values()]
		.filter((partner) => listable(call, scope, partner))
		.filter((partner) => showInactive || !INACTIVE.has(partner.status))
		.filter(filter)
		.sort((a, b) => a.ecgridId - b.ecgridId);
}

function views(call: Call, partners: TradingPartnerRecord[]) {
	return partners.map((partner) => tradingPartnerView(call.store, partner));
}

function paged(call: Call, partners: TradingPartnerRecord[], pageSizeParameter: string, pageNumberParameter: string) {
	const page = pageOf(partners, call.int(pageNumberParameter), call.int(pageSizeParameter));
	return { ...page, ECGridIDInfoList: views(call, page.items) };
}

/**
 * TPSearch answers across ECGrid (a directory lookup: is this ID registered, and where), which is
 * how users find a partner's ECGridID before interconnecting; everything else stays in reach.
 */
function search(call: Call, scope: Scope | undefined) {
	const qualifier = call.text('Qualifier').trim().toUpperCase();
	const id = call.text('ID').trim().toUpperCase();
	return [...call.store.tradingPartners.values()]
		.filter((partner) => !scope || inScope(scope, partner.networkId, partner.mailboxId))
		.filter((partner) => call.flag('ShowInactive') || !INACTIVE.has(partner.status))
		.filter((partner) => (!qualifier || partner.qualifier.toUpperCase() === qualifier) && (!id || partner.id.toUpperCase().includes(id)))
		.sort((a, b) => a.ecgridId - b.ecgridId)
		.map((partner) => tradingPartnerView(call.store, partner));
}

function move(call: Call, partner: TradingPartnerRecord, mailboxId: number): number {
	const mailbox = getOrNotFound(call.store.mailboxes, mailboxId, 'MailboxID');
	requireReach(call, mailbox.networkId, mailbox.mailboxId, 'MailboxID');
	partner.networkId = mailbox.networkId;
	partner.mailboxId = mailbox.mailboxId;
	partner.mailboxDefault = false;
	partner.modified = call.now;
	call.store.changed();
	return partner.ecgridId;
}

function update(call: Call, change: (partner: TradingPartnerRecord) => void): true {
	const partner = findPartner(call, 'ECGridID', true);
	change(partner);
	partner.modified = call.now;
	call.store.changed();
	return true;
}

export const tradingPartnerHandlers: HandlerTable = {
	TPAdd: (call) => addPartner(call, ownScope(call), 'ProductionA'),
	TPAddVAN(call) {
		requireLevel(call, 'NetworkAdmin');
		// A VAN-level ID is held by the network's first mailbox, the one that stands for the VAN itself.
		const networkId = exScope(call).networkId;
		const vanMailbox = [...call.store.mailboxes.values()].filter((mailbox) => mailbox.networkId === networkId).sort((a, b) => a.mailboxId - b.mailboxId)[0];
		return addPartner(call, { networkId, mailboxId: vanMailbox?.mailboxId ?? 0 }, 'ProductionA');
	},
	TPAddEx: (call) => addPartner(call, exScope(call), call.enumText('RoutingGroup')),
	TPMove(call) {
		requireLevel(call, 'NetworkAdmin');
		const partner = findPartner(call, 'ECGridID', true);
		return move(call, partner, call.me.mailboxId || partner.mailboxId);
	},
	TPMoveMailbox: (call) => move(call, findPartner(call, 'ECGridID', true), call.int('MailboxID')),
	TPMoveEx(call) {
		const partner = findPartner(call, 'ECGridID', true);
		return move(call, partner, exScope(call).mailboxId);
	},
	TPUpdateDescription: (call) => update(call, (partner) => (partner.description = checkLength('Description', call.text('Description'), 64))),
	TPUpdateDataEMail: (call) => update(call, (partner) => (partner.dataEmail = checkLength('DataEMail', call.text('DataEMail'), 128))),
	...lifecycleHandlers('TP', 'ECGridID', (call) => findPartner(call, 'ECGridID', true), { Activate: 'Active', Suspend: 'Suspended', Terminate: 'Terminated' }),
	TPSetRoutingGroup(call) {
		requireLevel(call, 'NetworkAdmin');
		return update(call, (partner) => (partner.routingGroup = call.enumText('RoutingGroup')));
	},
	TPInfo: (call) => tradingPartnerView(call.store, findPartner(call, 'ECGridID', false)),
	TPSearch: (call) => search(call, undefined),
	TPSearchEx: (call) => search(call, exScope(call)),
	TPList: (call) => views(call, partnersIn(call, ownScope(call), call.flag('ShowInactive'))),
	TPListEx: (call) => views(call, partnersIn(call, exScope(call), call.flag('ShowInactive'))),
	TPListExPaged: (call) => paged(call, partnersIn(call, exScope(call), call.flag('ShowInactive')), 'PageSize', 'PageNumber'),
	TPListByOwner(call) {
		const ownerUserId = call.int('OwnerUserID') || call.me.userId;
		const partners = partnersIn(call, { networkId: 0, mailboxId: 0 }, call.flag('ShowInactive'), (partner) => partner.ownerUserId === ownerUserId);
		if (call.enumText('OrderBy') === 'Description') partners.sort((a, b) => a.description.localeCompare(b.description));
		else partners.sort((a, b) => `${a.qualifier}:${a.id}`.localeCompare(`${b.qualifier}:${b.id}`));
		return paged(call, partners, 'PageSize', 'PageNumber');
	},
	TPFindEx: (call) => views(call, partnersIn(call, exScope(call), call.flag('ShowInactive'), (partner) => nameMatches(call.text('Description'), partner.description))),
	TPGetMailboxDefault(call) {
		const scope = exScope(call);
		const partner = partnersIn(call, scope, false).find((candidate) => candidate.mailboxDefault && candidate.mailboxId === (scope.mailboxId || candidate.mailboxId));
		if (!partner) throw fault.notFound('MailboxID', 'The mailbox has no default ECGridID.');
		return tradingPartnerView(call.store, partner);
	},
	TPSetMailboxDefault: (call) =>
		update(call, (partner) => {
			for (const other of call.store.tradingPartners.values()) if (other.mailboxId === partner.mailboxId) other.mailboxDefault = false;
			partner.mailboxDefault = true;
		}),
	TPSetOwner(call) {
		const owner = getOrNotFound(call.store.users, call.int('OwnerUserID'), 'OwnerUserID');
		return update(call, (partner) => {
			if (!canReach(owner, partner.networkId, partner.mailboxId)) throw fault.dataError('OwnerUserID', 'The owner must be able to reach the mailbox.');
			partner.ownerUserId = owner.userId;
		});
	},
};
