/** Carbon copies: deliver a copy of traffic between two ECGridIDs to a third (see routing.ts). */
import { fault } from '../soap/faults';
import type { CarbonCopyRecord } from '../store';
import { canReach, exScope, getOrNotFound, listable, ownScope, requireLevel, requireReach, type Scope } from './access';
import type { Call, HandlerTable } from './call';
import { checkLength, lifecycleHandlers } from './lifecycle';
import { findPartner } from './tradingPartners';
import { carbonCopyView } from './views';

function findCarbonCopy(call: Call): CarbonCopyRecord {
	const carbonCopy = getOrNotFound(call.store.carbonCopies, call.int('CarbonCopyID'), 'CarbonCopyID');
	requireReach(call, carbonCopy.networkId, carbonCopy.mailboxId, 'CarbonCopyID');
	return carbonCopy;
}

function add(call: Call, scope: Scope): number {
	requireLevel(call, 'MailboxAdmin');
	const from = getOrNotFound(call.store.tradingPartners, call.int('ECGridIDFrom'), 'ECGridIDFrom');
	const to = getOrNotFound(call.store.tradingPartners, call.int('ECGridIDTo'), 'ECGridIDTo');
	if (!canReach(call.me, from.networkId, from.mailboxId) && !canReach(call.me, to.networkId, to.mailboxId)) throw fault.accessDenied('ECGridIDFrom');
	const ccFrom = getOrNotFound(call.store.tradingPartners, call.int('ECGridIDCCFrom'), 'ECGridIDCCFrom');
	const ccTo = findPartner(call, 'ECGridIDCCTo', false);
	const mailboxId = scope.mailboxId || ccTo.mailboxId;
	const carbonCopy: CarbonCopyRecord = {
		carbonCopyId: call.store.nextId('carbonCopy'),
		networkId: scope.networkId || ccTo.networkId,
		mailboxId,
		ecgridIdFrom: from.ecgridId,
		ecgridIdTo: to.ecgridId,
		ecgridIdCcFrom: ccFrom.ecgridId,
		ecgridIdCcTo: ccTo.ecgridId,
		gsFrom: checkLength('GSFrom', call.text('GSFrom').trim(), 15),
		gsTo: checkLength('GSTo', call.text('GSTo').trim(), 15),
		transactionSet: checkLength('TransactionSet', call.text('TransactionSet').trim(), 6),
		status: 'Active',
		created: call.now,
		modified: call.now,
	};
	const duplicate = [...call.store.carbonCopies.values()].find(
		(other) =>
			other.status !== 'Terminated' &&
			other.ecgridIdFrom === carbonCopy.ecgridIdFrom &&
			other.ecgridIdTo === carbonCopy.ecgridIdTo &&
			other.ecgridIdCcTo === carbonCopy.ecgridIdCcTo &&
			other.transactionSet === carbonCopy.transactionSet,
	);
	if (duplicate) throw fault.duplicate('ECGridIDCCTo', `Carbon copy ${duplicate.carbonCopyId} already does this.`);
	call.store.carbonCopies.set(carbonCopy.carbonCopyId, carbonCopy);
	call.store.changed();
	return carbonCopy.carbonCopyId;
}

function list(call: Call, scope: Scope) {
	const from = call.int('ECGridIDFrom');
	const to = call.int('ECGridIDTo');
	return [...call.store.carbonCopies.values()]
		.filter((carbonCopy) => listable(call, scope, carbonCopy))
		.filter((carbonCopy) => (!from || carbonCopy.ecgridIdFrom === from) && (!to || carbonCopy.ecgridIdTo === to))
		.filter((carbonCopy) => call.flag('ShowInactive') || carbonCopy.status === 'Active')
		.map((carbonCopy) => carbonCopyView(call.store, carbonCopy));
}

export const carbonCopyHandlers: HandlerTable = {
	CarbonCopyAdd: (call) => add(call, ownScope(call)),
	CarbonCopyAddEx: (call) => add(call, exScope(call)),
	...lifecycleHandlers('CarbonCopy', 'CarbonCopyID', (call) => {
		requireLevel(call, 'MailboxAdmin');
		return findCarbonCopy(call);
	}),
	CarbonCopyInfo: (call) => carbonCopyView(call.store, findCarbonCopy(call)),
	CarbonCopyList: (call) => list(call, ownScope(call)),
	CarbonCopyListEx: (call) => list(call, exScope(call)),
};
