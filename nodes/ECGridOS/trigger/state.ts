/**
 * The trigger's memory between polls: a JSON object in the node's workflow static data, which n8n
 * saves with the workflow whenever a poll emits (and at activation), so it survives restarts.
 *
 * Every event keeps its own cursor under one key, tagged with a `scope` string built from the
 * settings that decide what the listing returns (event, mailbox, filters). When those settings
 * change, the old cursor no longer describes the new listing and the trigger starts afresh.
 */
import { randomUUID } from 'crypto';
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

const STATE_PROPERTY = 'ecgridosTrigger';
const STATE_VERSION = 1;

/**
 * Identifies this n8n process. Parcels emitted by a poll wait for confirmation until the next poll;
 * when that next poll runs in a different process, n8n stopped in between and it is unknown whether
 * the emitted items reached an execution, so they are emitted again rather than confirmed.
 */
export const PROCESS_RUN_ID = randomUUID();

interface StoredState {
	version: number;
	scope: string;
	cursor: IDataObject;
}

/** The cursor saved for `scope`, as a plain copy; undefined on the first poll or after a settings change. */
export function readCursor<T>(context: IPollFunctions, scope: string): T | undefined {
	const stored = context.getWorkflowStaticData('node')[STATE_PROPERTY] as StoredState | undefined;
	if (!stored || stored.version !== STATE_VERSION || stored.scope !== scope) return undefined;
	// A deep copy, so that the cursor is changed only by writeCursor, all at once.
	return JSON.parse(JSON.stringify(stored.cursor)) as T;
}

/** Replaces the saved cursor; one assignment, so n8n sees the change and saves it. */
export function writeCursor(context: IPollFunctions, scope: string, cursor: object): void {
	const stored: StoredState = { version: STATE_VERSION, scope, cursor: cursor as IDataObject };
	context.getWorkflowStaticData('node')[STATE_PROPERTY] = JSON.parse(JSON.stringify(stored)) as IDataObject;
}

/** ECGridOS IDs are 64-bit; the transport gives a number or, beyond 2^53, a decimal string. */
export function idText(value: unknown): string {
	if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
	if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return BigInt(value.trim()).toString();
	if (typeof value === 'bigint') return value.toString();
	return '';
}

export function compareIds(a: string, b: string): number {
	const difference = BigInt(a) - BigInt(b);
	return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/**
 * A dateTime from ECGridOS as epoch milliseconds (0 when absent or unreadable). Values without a
 * zone are read as UTC: they are only ever compared with other values from the same server.
 */
export function serverTime(value: unknown): number {
	if (typeof value !== 'string' || value === '') return 0;
	const hasZone = /(Z|[+-]\d\d:?\d\d)$/i.test(value);
	const time = Date.parse(hasZone ? value : `${value}Z`);
	return Number.isFinite(time) ? time : 0;
}
