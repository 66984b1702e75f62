/**
 * Authorization by AuthLevel and ownership. System staff (Root, TechOps, NetOps) see everything,
 * network staff their network, everyone else their own mailbox. A record outside the caller's
 * reach is AccessDenied, as ECGridOS reports it, rather than NotFound.
 */
import { enumValues } from '../catalog';
import { fault } from '../soap/faults';
import type { MailboxRecord, UserRecord } from '../store';
import type { Call } from './call';

export type Reach = 'system' | 'network' | 'mailbox';

export function authRank(level: string): number {
	return enumValues('AuthLevel').indexOf(level);
}

export function reachOf(user: UserRecord): Reach {
	const rank = authRank(user.authLevel);
	if (rank <= authRank('NetOps')) return 'system';
	if (rank <= authRank('NetworkUser')) return 'network';
	return 'mailbox';
}

/** The caller must hold `level` or a more powerful one. */
export function requireLevel(call: Call, level: string): void {
	if (authRank(call.me.authLevel) > authRank(level)) {
		throw fault.accessDenied('AuthLevel', `${call.operation} needs ${level} or higher.`);
	}
}

export function canReach(user: UserRecord, networkId: number, mailboxId: number): boolean {
	switch (reachOf(user)) {
		case 'system':
			return true;
		case 'network':
			return networkId === user.networkId;
		case 'mailbox':
			return networkId === user.networkId && mailboxId === user.mailboxId;
	}
}

export function requireReach(call: Call, networkId: number, mailboxId: number, item: string): void {
	if (!canReach(call.me, networkId, mailboxId)) throw fault.accessDenied(item);
}

/** A network/mailbox filter; 0 means "all". */
export interface Scope {
	networkId: number;
	mailboxId: number;
}

export function inScope(scope: Scope, networkId: number, mailboxId: number): boolean {
	return (scope.networkId === 0 || scope.networkId === networkId) && (scope.mailboxId === 0 || scope.mailboxId === mailboxId);
}

/** A record placed at network/mailbox is listed when it is in the asked scope and within the caller's reach. */
export function listable(call: Call, scope: Scope, placed: { networkId: number; mailboxId: number }): boolean {
	return inScope(scope, placed.networkId, placed.mailboxId) && canReach(call.me, placed.networkId, placed.mailboxId);
}

/** The caller's own scope, as the plain (non-Ex) operations use it: their network and mailbox (0 = all of it). */
export function ownScope(call: Call): Scope {
	return { networkId: call.me.networkId, mailboxId: call.me.mailboxId };
}

/**
 * The scope an `…Ex` operation asks for. NetworkID 0 means the caller's network (all networks for
 * system staff); MailboxID 0 means the caller's mailbox for mailbox users and the whole network
 * otherwise. Asking for anything out of reach is AccessDenied.
 */
export function exScope(call: Call, networkIdParameter = 'NetworkID', mailboxIdParameter = 'MailboxID'): Scope {
	const user = call.me;
	const reach = reachOf(user);
	let networkId = call.int(networkIdParameter);
	let mailboxId = call.int(mailboxIdParameter);
	if (mailboxId !== 0 && networkId === 0) networkId = call.store.mailboxes.get(mailboxId)?.networkId ?? user.networkId;
	if (networkId === 0 && reach !== 'system') networkId = user.networkId;
	if (mailboxId === 0 && reach === 'mailbox') mailboxId = user.mailboxId;
	if (mailboxId !== 0) {
		const mailbox = call.store.mailboxes.get(mailboxId);
		if (!mailbox || mailbox.networkId !== networkId) throw fault.notFound(mailboxIdParameter, `Mailbox ${mailboxId} is not on network ${networkId}.`);
	} else if (networkId !== 0 && !call.store.networks.has(networkId)) {
		throw fault.notFound(networkIdParameter, `Network ${networkId} does not exist.`);
	}
	if (reach === 'network' && networkId !== user.networkId) throw fault.accessDenied(networkIdParameter);
	if (reach === 'mailbox' && (networkId !== user.networkId || mailboxId !== user.mailboxId)) throw fault.accessDenied(mailboxIdParameter);
	return { networkId, mailboxId };
}

/** The one mailbox an operation acts in (uploads, adds): the caller's own, or the Ex parameters'. */
export function targetMailbox(call: Call, scope: Scope, item = 'MailboxID'): MailboxRecord {
	const mailbox = call.store.mailboxes.get(scope.mailboxId);
	if (!mailbox) throw fault.invalidId(item, 'A mailbox must be named for this operation.');
	if (mailbox.status === 'Suspended' || mailbox.status === 'Terminated') throw fault.accessDenied(item, `Mailbox ${mailbox.mailboxId} is ${mailbox.status}.`);
	return mailbox;
}

export function getOrNotFound<K, T>(map: Map<K, T>, id: K, item: string): T {
	const record = map.get(id);
	if (record === undefined) throw fault.notFound(item, `${item} ${String(id)} does not exist.`);
	return record;
}
