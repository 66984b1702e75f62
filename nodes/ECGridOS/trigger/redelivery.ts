/**
 * Redelivery: at least once to the end of the workflow. For inbox parcels and outbox errors, the
 * events whose record stays listed in ECGrid until someone acts on it.
 *
 * A polling trigger hands its items to n8n and never learns how the execution ends. When the
 * workflow itself acknowledges what it processed (for a parcel: Parcel → Confirm at its end), what
 * the trigger can observe is whether that acknowledgement happened: an emitted parcel that is still
 * waiting in the inbox after "Redeliver After" was not confirmed, because the execution failed,
 * was stopped, or its n8n process died. Such a parcel is emitted again, with its delivery count on
 * the item, and after "Max Deliveries" it is reported once as stuck (an item of its own, flagged)
 * and then left alone instead of being sent round forever.
 *
 * An outbox error works the same way: it stays listed until the parcel is resent or cancelled, so
 * one still listed after "Redeliver After" is emitted again.
 *
 * The log lives in the cursor: ID → [time of the last delivery (n8n's clock, ms), deliveries so
 * far]. An entry leaves when the parcel leaves the inbox or is reported stuck, and at most
 * MAX_IN_FLIGHT entries exist: when that many parcels are out and unconfirmed, the trigger emits no
 * new ones (they stay due, in the inbox) until some are confirmed, redelivered or reported.
 */
import type { IDataObject } from 'n8n-workflow';

import { compareIds } from './state';

export const DEFAULT_REDELIVER_AFTER_MINUTES = 60;
export const DEFAULT_MAX_DELIVERIES = 5;
/** Parcels emitted and not yet confirmed that the trigger keeps track of at most. */
export const MAX_IN_FLIGHT = 2000;

/** ParcelID → [last delivery (ms), deliveries so far]. */
export type DeliveryLog = Record<string, [number, number]>;

export interface RedeliverySettings {
	/** 0: redelivery is off (nothing is logged). */
	redeliverAfterMs: number;
	maxDeliveries: number;
}

/** The Redeliver After / Max Deliveries options; `off` when the event's own settings make it moot. */
export function readRedelivery(options: Record<string, unknown>, off = false): RedeliverySettings {
	const minutes = Math.max(0, Number(options.redeliverAfterMinutes ?? DEFAULT_REDELIVER_AFTER_MINUTES) || 0);
	const maxDeliveries = Math.floor(Number(options.maxDeliveries ?? DEFAULT_MAX_DELIVERIES));
	return {
		redeliverAfterMs: off ? 0 : minutes * 60_000,
		maxDeliveries: Number.isFinite(maxDeliveries) && maxDeliveries >= 1 ? maxDeliveries : DEFAULT_MAX_DELIVERIES,
	};
}

export function isTracking(settings: RedeliverySettings): boolean {
	return settings.redeliverAfterMs > 0;
}

/** Drops the entries of parcels no longer waiting: confirmed, or taken by another system. */
export function forgetSettled(log: DeliveryLog, isWaiting: (id: string) => boolean): void {
	for (const id of Object.keys(log)) if (!isWaiting(id)) delete log[id];
}

/**
 * The logged parcels whose time is up, lowest ID first: those to emit again, and those that had
 * their last delivery and are to be reported as stuck.
 */
export function dueAgain(log: DeliveryLog, settings: RedeliverySettings, now: number): { redeliver: string[]; stuck: string[] } {
	const redeliver: string[] = [];
	const stuck: string[] = [];
	for (const [id, [last, count]] of Object.entries(log)) {
		if (now - last < settings.redeliverAfterMs) continue;
		(count >= settings.maxDeliveries ? stuck : redeliver).push(id);
	}
	redeliver.sort(compareIds);
	stuck.sort(compareIds);
	return { redeliver, stuck };
}

/** Up to `count` logged IDs, the longest-delivered first. */
export function oldestDeliveries(log: DeliveryLog, count: number): string[] {
	return Object.entries(log)
		.sort(([idA, [lastA]], [idB, [lastB]]) => lastA - lastB || compareIds(idA, idB))
		.slice(0, count)
		.map(([id]) => id);
}

/** How many new parcels may go out before the log is full. */
export function room(log: DeliveryLog): number {
	return Math.max(0, MAX_IN_FLIGHT - Object.keys(log).length);
}

/** Logs one more delivery of `id` and returns what the item says about it. */
export function recordDelivery(log: DeliveryLog, id: string, now: number, settings: RedeliverySettings): IDataObject {
	const count = (log[id]?.[1] ?? 0) + 1;
	log[id] = [now, count];
	return { count, maxDeliveries: settings.maxDeliveries, stuck: false };
}

/** The item's note for a parcel reported as stuck; its entry leaves the log. */
export function reportStuck(log: DeliveryLog, id: string, settings: RedeliverySettings): IDataObject {
	const count = log[id]?.[1] ?? settings.maxDeliveries;
	delete log[id];
	return { count, maxDeliveries: settings.maxDeliveries, stuck: true };
}
