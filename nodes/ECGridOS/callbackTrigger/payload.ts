/**
 * The IDs in a callback's payload. Loren Data does not publish what ECGrid sends, so the trigger
 * takes nothing from a payload but an ID, and reads the record itself from ECGridOS. It accepts the
 * payload as n8n parsed it (JSON, form or XML body) or as the query string, under any of the names
 * below, compared without case, underscores or dashes, at any depth of the body:
 *
 * - a callback-queue ID: CallBackQueueID, QueueID;
 * - the object's ID: ObjectID, ParcelID, InterchangeID, or a bare ID.
 *
 * The ECGridOS simulator sends form fields named like the CallBackQueueIDInfo record
 * (CallBackQueueID, ObjectID, …); Loren Data's REST documentation shows a JSON event carrying
 * `parcelId`. Everything else in a payload is ignored: it may be stale, and only ECGridOS is
 * authoritative.
 */
export type ObjectKind = 'Parcel' | 'Interchange';

export interface CallbackIds {
	queueId?: string;
	objectId?: string;
	/** Set when the name said which kind of object the ID is (ParcelID, InterchangeID). */
	objectKind?: ObjectKind;
}

type Role = { queue: true } | { queue: false; kind?: ObjectKind };

const NAMES: ReadonlyMap<string, Role> = new Map<string, Role>([
	['callbackqueueid', { queue: true }],
	['queueid', { queue: true }],
	['objectid', { queue: false }],
	['parcelid', { queue: false, kind: 'Parcel' }],
	['interchangeid', { queue: false, kind: 'Interchange' }],
	['id', { queue: false }],
]);

// Specific names win over a bare "id" found earlier in the body.
const OBJECT_NAME_RANK = ['parcelid', 'interchangeid', 'objectid', 'id'];

const MAX_DEPTH = 6;
const MAX_VALUES = 2000;

function normalized(name: string): string {
	return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** An ID value: a whole number up to 19 digits (ECGridOS IDs are 64-bit), as text without leading zeros. */
function idValue(value: unknown): string | undefined {
	if (Array.isArray(value) && value.length === 1) return idValue(value[0]);
	if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (!/^\d{1,19}$/.test(text) || /^0+$/.test(text)) return undefined;
	return BigInt(text).toString();
}

interface Found {
	name: string;
	value: string;
}

/** Every recognised name/value pair, breadth first so that top-level fields come first. */
function collect(root: unknown): Found[] {
	const found: Found[] = [];
	let level: unknown[] = [root];
	let visited = 0;
	for (let depth = 0; depth < MAX_DEPTH && level.length > 0; depth++) {
		const next: unknown[] = [];
		for (const value of level) {
			if (!value || typeof value !== 'object' || Buffer.isBuffer(value)) continue;
			for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
				if (++visited > MAX_VALUES) return found;
				const name = normalized(key);
				const id = NAMES.has(name) ? idValue(inner) : undefined;
				if (id !== undefined) found.push({ name, value: id });
				else if (inner && typeof inner === 'object') next.push(inner);
			}
		}
		level = next;
	}
	return found;
}

/** A body n8n left as text or bytes (an unknown content type): JSON, a form, or XML elements. */
function parseText(text: string): unknown {
	const trimmed = text.trim();
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
		try {
			return JSON.parse(trimmed);
		} catch {
			return undefined;
		}
	}
	if (trimmed.startsWith('<')) {
		const fields: Record<string, string> = {};
		for (const match of trimmed.matchAll(/<(?:[\w.-]+:)?([\w.-]+)(?:\s[^>]*)?>\s*(\d{1,19})\s*<\//g)) {
			fields[match[1]] ??= match[2];
		}
		return fields;
	}
	return Object.fromEntries(new URLSearchParams(trimmed));
}

/** The IDs in a callback request: its parsed body, its raw body when n8n did not parse it, its query. */
export function callbackIds(body: unknown, rawBody: unknown, query: unknown): CallbackIds {
	const sources: unknown[] = [body, query];
	const bodyIsEmpty = !body || (typeof body === 'object' && Object.keys(body).length === 0);
	if (typeof body === 'string') sources.push(parseText(body));
	else if (bodyIsEmpty && (typeof rawBody === 'string' || Buffer.isBuffer(rawBody))) sources.push(parseText(rawBody.toString()));
	const found = sources.flatMap(collect);
	const ids: CallbackIds = {};
	const queue = found.find((entry) => NAMES.get(entry.name)?.queue === true);
	if (queue) ids.queueId = queue.value;
	for (const name of OBJECT_NAME_RANK) {
		const object = found.find((entry) => entry.name === name);
		if (!object) continue;
		ids.objectId = object.value;
		const role = NAMES.get(name);
		if (role && !role.queue && role.kind) ids.objectKind = role.kind;
		break;
	}
	return ids;
}
