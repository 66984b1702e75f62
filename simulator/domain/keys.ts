/**
 * The key/value store. A key lives on a system object (ObjectID) with a visibility: Private to
 * its user, Shared within its mailbox, Public to all, Session to the session that set it.
 */
import { fault } from '../soap/faults';
import type { KeyRecord } from '../store';
import type { Call, HandlerTable } from './call';
import { checkLength } from './lifecycle';

const NEVER = Number.MAX_SAFE_INTEGER;

function visibleTo(call: Call, record: KeyRecord): boolean {
	const me = call.me;
	switch (record.visibility) {
		case 'Private':
			return record.userId === me.userId;
		case 'Shared':
			return record.networkId === me.networkId && record.mailboxId === me.mailboxId;
		case 'Public':
			return true;
		case 'Session':
			return record.sessionId === call.session?.sessionId;
		default:
			return false;
	}
}

function live(call: Call): KeyRecord[] {
	const before = call.store.keys.length;
	call.store.keys = call.store.keys.filter((record) => record.expires > call.now);
	if (call.store.keys.length !== before) call.store.changed();
	return call.store.keys;
}

function matching(call: Call): KeyRecord | undefined {
	const key = call.text('Key');
	const systemObject = call.enumText('SystemObject');
	const objectId = call.int('ObjectID');
	const visibility = call.enumText('Visibility');
	return live(call).find(
		(record) => record.key === key && record.systemObject === systemObject && record.objectId === objectId && record.visibility === visibility && visibleTo(call, record),
	);
}

function view(record: KeyRecord) {
	return {
		Key: record.key,
		Value: record.value,
		Meta: record.meta || undefined,
		Created: record.created,
		Expires: record.expires === NEVER ? undefined : record.expires,
		Visibility: record.visibility,
		NetworkID: record.networkId,
		MailboxID: record.mailboxId,
		UserID: record.userId,
	};
}

function set(call: Call, lifetimeMs: number): true {
	const key = checkLength('Key', call.text('Key').trim(), 128);
	if (!key) throw fault.dataError('Key', 'A key is required.');
	const value = checkLength('Value', call.text('Value'), 1000000);
	const existing = matching(call);
	const expires = lifetimeMs > 0 ? call.now + lifetimeMs : NEVER;
	if (existing) {
		Object.assign(existing, { value, meta: call.text('Meta'), expires });
	} else {
		const me = call.me;
		call.store.keys.push({
			key,
			value,
			meta: call.text('Meta'),
			systemObject: call.enumText('SystemObject'),
			objectId: call.int('ObjectID'),
			visibility: call.enumText('Visibility'),
			networkId: me.networkId,
			mailboxId: me.mailboxId,
			userId: me.userId,
			sessionId: call.session?.sessionId ?? '',
			created: call.now,
			expires,
		});
	}
	call.store.changed();
	return true;
}

export const keyHandlers: HandlerTable = {
	KeyGet(call) {
		const record = matching(call);
		if (!record) throw fault.notFound('Key', 'No such key.');
		return view(record);
	},
	KeyList(call) {
		const systemObject = call.enumText('SystemObject');
		const objectId = call.int('ObjectID');
		return live(call)
			.filter((record) => record.systemObject === systemObject && record.objectId === objectId && visibleTo(call, record))
			.map(view);
	},
	KeySet: (call) => set(call, call.int('DaysToLive') * 86400000),
	KeySetMinutes: (call) => set(call, call.int('MinutesToLive') * 60000),
	KeyRemove(call) {
		const record = matching(call);
		if (!record) throw fault.notFound('Key', 'No such key.');
		call.store.keys = call.store.keys.filter((candidate) => candidate !== record);
		call.store.changed();
		return true;
	},
};
