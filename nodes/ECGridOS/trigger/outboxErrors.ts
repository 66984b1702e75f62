/**
 * Outbox Delivery Error: parcels sent from the mailbox that ECGrid could not process or deliver
 * (ParcelOutBoxError[Ex]), each emitted once.
 *
 * The listing takes a date range over the parcels' dates. A parcel can fail some time after it was
 * sent, so every poll looks back "Look Back (Days)" from now, and forward a day so that a clock
 * difference between n8n and ECGrid hides nothing. The cursor keeps the emitted parcels that are
 * still listed; a parcel leaves the listing when it leaves the error state or the look-back window,
 * so the cursor is bounded by the errors of that window. A parcel that is resent, leaves the error
 * state and fails again is a new error and is emitted again.
 *
 * Redelivery. An error stays listed until someone acts on the parcel (resends or cancels it), so
 * one still listed "Redeliver After" its emission is emitted again, with its delivery count, and
 * reported once as stuck after "Max Deliveries" (redelivery.ts): an execution that failed on it
 * does not leave it unnoticed.
 */
import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_MAX_ITEMS_PER_POLL, DEFAULT_OUTBOX_LOOK_BACK_DAYS } from './description';
import { pollFailure } from './errors';
import {
	dueAgain,
	forgetSettled,
	isTracking,
	readRedelivery,
	recordDelivery,
	reportStuck,
	room,
	type DeliveryLog,
	type RedeliverySettings,
} from './redelivery';
import { recordJson } from './items';
import { scoped } from '../actions/variants';
import { callScoped, describeScope, readScope, cursorScope, type MailboxScope } from './scope';
import { compareIds, idText, readCursor, writeCursor } from './state';

const DAY_MS = 24 * 60 * 60 * 1000;
const OUTBOX_ERRORS = scoped('ParcelOutBoxError', 'ParcelOutBoxErrorEx');

interface OutboxErrorCursor {
	/** ParcelIDs emitted and still in the error listing. */
	emitted: string[];
	/** Emitted errors still listed, while redelivery is on. */
	deliveries?: DeliveryLog;
}

interface OutboxErrorSettings {
	scope: MailboxScope;
	lookBackDays: number;
	includeExisting: boolean;
	maxItems: number;
	redelivery: RedeliverySettings;
}

interface ListedParcel {
	id: string;
	record: Record<string, unknown>;
}

function readSettings(context: IPollFunctions): OutboxErrorSettings {
	const options = context.getNodeParameter('options', {}) as Record<string, unknown>;
	return {
		scope: readScope(context),
		lookBackDays: Math.max(1, Math.floor(Number(options.lookBackDays ?? DEFAULT_OUTBOX_LOOK_BACK_DAYS))),
		includeExisting: options.includeExisting === true,
		maxItems: Math.max(1, Math.floor(Number(options.maxItemsPerPoll ?? DEFAULT_MAX_ITEMS_PER_POLL))),
		redelivery: readRedelivery(options),
	};
}

async function listErrors(context: IPollFunctions, settings: OutboxErrorSettings): Promise<ListedParcel[]> {
	const now = Date.now();
	const range = {
		BeginDate: new Date(now - settings.lookBackDays * DAY_MS).toISOString(),
		EndDate: new Date(now + DAY_MS).toISOString(),
	};
	const result = await callScoped(context, OUTBOX_ERRORS, settings.scope, range);
	const records = ((result ?? {}) as Record<string, unknown>).ParcelIDInfoList as Array<Record<string, unknown>> | undefined;
	const parcels: ListedParcel[] = [];
	for (const record of records ?? []) {
		const id = idText(record.ParcelID);
		if (id !== '') parcels.push({ id, record });
	}
	return parcels.sort((a, b) => compareIds(a.id, b.id));
}

export async function pollOutboxErrors(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(context);
	const what = `the outbox errors of ${describeScope(settings.scope)}`;
	let listed: ListedParcel[];
	try {
		listed = await listErrors(context, settings);
	} catch (error) {
		throw pollFailure(context, error, `listing ${what}`);
	}

	if (context.getMode() === 'manual') {
		const newest = listed[listed.length - 1];
		if (!newest) {
			throw new NodeOperationError(
				context.getNode(),
				`No parcels in ${what} within the last ${settings.lookBackDays} days; nothing failed to test with`,
				{ description: 'A parcel without a valid EDI envelope, or to a receiver ECGrid does not know, ends up here.' },
			);
		}
		return [[{ json: recordJson(newest.record, 'ParcelIDInfo') }]];
	}

	const scopeKey = JSON.stringify(['outboxDeliveryError', cursorScope(settings.scope), settings.lookBackDays]);
	const cursor = readCursor<OutboxErrorCursor>(context, scopeKey);
	const listedIds = new Set(listed.map((parcel) => parcel.id));
	if (!cursor && !settings.includeExisting) {
		writeCursor(context, scopeKey, { emitted: [...listedIds] } satisfies OutboxErrorCursor);
		return null;
	}
	const emitted = new Set(cursor?.emitted ?? []);
	const byId = new Map(listed.map((parcel) => [parcel.id, parcel]));
	const log = isTracking(settings.redelivery) ? (cursor?.deliveries ?? {}) : undefined;
	const save = () =>
		writeCursor(context, scopeKey, {
			emitted: [...emitted].filter((id) => listedIds.has(id)),
			...(log ? { deliveries: log } : {}),
		} satisfies OutboxErrorCursor);

	let again: ListedParcel[] = [];
	let wanted = settings.maxItems;
	if (log) {
		forgetSettled(log, (id) => listedIds.has(id));
		const { redeliver, stuck } = dueAgain(log, settings.redelivery, Date.now());
		// Reported in an execution of their own, as for inbox parcels.
		const reports = stuck.slice(0, settings.maxItems).map((id) => ({
			json: { ...recordJson(byId.get(id)!.record, 'ParcelIDInfo'), delivery: reportStuck(log, id, settings.redelivery) },
		}));
		if (reports.length > 0) {
			save();
			return [reports];
		}
		again = redeliver.slice(0, settings.maxItems).map((id) => byId.get(id)!);
		wanted = Math.min(settings.maxItems - again.length, room(log));
	}
	const due = [...again, ...listed.filter((parcel) => !emitted.has(parcel.id)).slice(0, Math.max(0, wanted))];
	const now = Date.now();
	const items = due.map((parcel) => {
		emitted.add(parcel.id);
		const json = recordJson(parcel.record, 'ParcelIDInfo');
		if (log) json.delivery = recordDelivery(log, parcel.id, now, settings.redelivery);
		return { json };
	});
	save();
	return items.length > 0 ? [items] : null;
}
