/** Callback events (CallBackAddEx …) and their queue; the HTTP side lives in callbacks/dispatcher.ts. */
import { fault } from '../soap/faults';
import type { CallbackEventRecord, CallbackQueueRecord } from '../store';
import { canReach, exScope, getOrNotFound, inScope, ownScope, requireLevel, requireReach, type Scope } from './access';
import type { Call, HandlerTable } from './call';
import { checkLength, setLifecycleStatus } from './lifecycle';

const DEFAULT_FAILED_DAYS = 30;

function findEvent(call: Call): CallbackEventRecord {
	const event = getOrNotFound(call.store.callbackEvents, call.int('CallBackEventID'), 'CallBackEventID');
	requireReach(call, event.networkId, event.mailboxId, 'CallBackEventID');
	return event;
}

type View = Record<string, unknown>;

function eventView(event: CallbackEventRecord, queue?: CallbackQueueRecord[]): View {
	return {
		CallBackEventID: event.callbackEventId,
		NetworkID: event.networkId,
		MailboxID: event.mailboxId,
		UserID: event.userId,
		Created: event.created,
		Modified: event.modified,
		SystemObject: event.systemObject,
		ObjectStatus: event.objectStatus,
		Direction: event.direction,
		Frequency: event.frequency,
		MaxCalls: Math.min(32767, event.maxRetries + 1),
		Status: event.status,
		URL: event.url,
		// The stored password is never echoed back.
		HTTPAuthentication: { Type: event.httpAuthType, User: event.httpUser || undefined },
		CallBackQueue: queue?.map((record) => queueView(undefined, record)),
	};
}

function queueView(event: CallbackEventRecord | undefined, record: CallbackQueueRecord): View {
	return {
		CallBackQueueID: record.callbackQueueId,
		Date: record.date,
		CallBackEvent: event ? eventView(event) : undefined,
		CallsRemaining: record.callsRemaining,
		NextCall: record.status === 'Pending' ? record.nextCall : undefined,
		Status: record.status,
		ObjectID: record.objectId,
		UserID: record.userId,
		Test: record.test,
		CallBackLog: record.logs.map((log) => ({ CallBackLogID: log.callbackLogId, Date: log.date, CallNumber: log.callNumber, ReturnCode: log.returnCode, Message: log.message || undefined })),
	};
}

function queueIn(call: Call, scope: Scope, filter: (record: CallbackQueueRecord, event: CallbackEventRecord) => boolean) {
	const result = [];
	for (const record of call.store.callbackQueue.values()) {
		const event = call.store.callbackEvents.get(record.callbackEventId);
		if (!event || !inScope(scope, event.networkId, event.mailboxId) || !canReach(call.me, event.networkId, event.mailboxId)) continue;
		if (filter(record, event)) result.push(queueView(event, record));
	}
	return result;
}

function pending(call: Call, scope: Scope, excludedNetworks: ReadonlySet<number> = new Set()) {
	return queueIn(call, scope, (record, event) => record.status === 'Pending' && !excludedNetworks.has(event.networkId));
}

function failed(call: Call, scope: Scope) {
	const days = call.int('MaxDays') > 0 ? call.int('MaxDays') : DEFAULT_FAILED_DAYS;
	const since = call.now - days * 86400000;
	return queueIn(call, scope, (record) => record.status === 'Error' && record.date >= since);
}

export const callbackHandlers: HandlerTable = {
	CallBackAddEx(call) {
		requireLevel(call, 'MailboxAdmin');
		const scope = exScope(call);
		const url = checkLength('URL', call.text('URL').trim(), 1024);
		let parsed: URL;
		try {
			parsed = new URL(url);
		} catch {
			throw fault.dataError('URL', 'The callback URL is not a valid URL.');
		}
		if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw fault.dataError('URL', 'Callbacks are made over http or https.');
		const maxRetries = call.int('MaxRetries');
		if (maxRetries < 0 || maxRetries > 100) throw fault.dataError('MaxRetries', 'MaxRetries must be between 0 and 100.');
		const userId = call.int('UserID') || call.me.userId;
		getOrNotFound(call.store.users, userId, 'UserID');
		const event: CallbackEventRecord = {
			callbackEventId: call.store.nextId('callbackEvent'),
			networkId: scope.networkId,
			mailboxId: scope.mailboxId,
			userId,
			created: call.now,
			modified: call.now,
			systemObject: call.enumText('SystemObject'),
			objectStatus: call.int('ObjectStatus'),
			direction: call.enumText('Direction'),
			frequency: call.int('Frequency'),
			maxRetries,
			status: call.enumText('Status'),
			url,
			httpAuthType: call.enumText('HTTPAuthentication'),
			httpUser: call.text('HTTPUser'),
			httpPassword: call.text('HTTPPassword'),
		};
		call.store.callbackEvents.set(event.callbackEventId, event);
		call.store.changed();
		return eventView(event);
	},
	CallBackEventInfo(call) {
		const event = findEvent(call);
		const queueCount = call.int('QueueCount');
		const queue = [...call.store.callbackQueue.values()].filter((record) => record.callbackEventId === event.callbackEventId).sort((a, b) => b.callbackQueueId - a.callbackQueueId);
		return eventView(event, queueCount > 0 ? queue.slice(0, queueCount) : undefined);
	},
	CallBackEventListEx(call) {
		const scope = exScope(call);
		return [...call.store.callbackEvents.values()]
			.filter((event) => inScope(scope, event.networkId, event.mailboxId) && (call.flag('ShowInactive') || event.status === 'Active'))
			.map((event) => eventView(event));
	},
	CallBackEventSetStatus(call) {
		requireLevel(call, 'MailboxAdmin');
		return setLifecycleStatus(call, findEvent(call), call.enumText('Status'), 'CallBackEventID');
	},
	CallBackQueueInfo(call) {
		const record = getOrNotFound(call.store.callbackQueue, call.int('CallBackQueueID'), 'CallBackQueueID');
		const event = getOrNotFound(call.store.callbackEvents, record.callbackEventId, 'CallBackEventID');
		requireReach(call, event.networkId, event.mailboxId, 'CallBackQueueID');
		return queueView(event, record);
	},
	CallBackTest(call) {
		const event = findEvent(call);
		const queueId = call.services.callbacks.queueTest(event.callbackEventId, call.int('ParcelID') || call.int('InterchangeID'), call.int('UserID') || call.me.userId);
		return queueView(event, call.store.callbackQueue.get(queueId)!);
	},
	CallBackPendingList: (call) => pending(call, ownScope(call)),
	CallBackPendingListEx: (call) => pending(call, exScope(call)),
	CallBackPendingListExA(call) {
		const excluded = new Set(
			call
				.text('NetworkExclude')
				.split(/[,;\s]+/)
				.filter(Boolean)
				.map(Number),
		);
		return pending(call, exScope(call), excluded);
	},
	CallBackFailedList: (call) => failed(call, ownScope(call)),
	CallBackFailedListEx: (call) => failed(call, exScope(call)),
};
