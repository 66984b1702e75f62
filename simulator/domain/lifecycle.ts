/**
 * The Activate / Suspend / Terminate pattern shared by users, mailboxes, trading partners,
 * carbon copies and callbacks: one factory instead of a copy per object.
 */
import { fault } from '../soap/faults';
import type { Call, HandlerTable } from './call';

export interface LifecycleTarget {
	status: string;
	modified: number;
}

export function setLifecycleStatus(call: Call, record: LifecycleTarget, status: string, item: string): true {
	if (record.status === 'Terminated' && status !== 'Terminated') throw fault.dataError(item, 'A terminated object cannot be changed.');
	record.status = status;
	record.modified = call.now;
	call.store.changed();
	return true;
}

/** `${prefix}Activate`, `${prefix}Suspend`, `${prefix}Terminate`, each finding its record with `find` (which checks access). */
export function lifecycleHandlers(
	prefix: string,
	item: string,
	find: (call: Call) => LifecycleTarget,
	statuses: { Activate: string; Suspend: string; Terminate: string } = { Activate: 'Active', Suspend: 'Suspended', Terminate: 'Terminated' },
): HandlerTable {
	const table: HandlerTable = {};
	for (const [verb, status] of Object.entries(statuses)) {
		table[`${prefix}${verb}`] = (call) => setLifecycleStatus(call, find(call), status, item);
	}
	return table;
}

export function checkLength(item: string, value: string, max: number): string {
	if (value.length > max) throw fault.tooLong(item, max);
	return value;
}

/** Case-insensitive "contains" used by the Name/Description filters; empty matches all. */
export function nameMatches(filter: string, ...values: Array<string | undefined>): boolean {
	if (!filter) return true;
	const wanted = filter.toLowerCase();
	return values.some((value) => value?.toLowerCase().includes(wanted));
}
