/**
 * xsd:dateTime. Out: a Date, a Luxon DateTime (what n8n expressions give) or ISO-8601 text naming
 * a real moment; a date alone means midnight. Back: a value carrying a zone (Z or ±hh:mm) is
 * normalized to UTC with its fractional digits kept; a zone-less value (.NET `Unspecified`, e.g.
 * 0001-01-01T00:00:00) is returned exactly as sent, because inventing a zone would shift it.
 */
import { EcgridosInputError, describeValue, type ValuePlace } from '../errors';

const XSD_DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const XSD_DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether the date and time fields name a real moment (Date.parse would roll 2024-02-31 over to March). */
function isCalendarDateTime(text: string): boolean {
	const [year, month, day, hour = 0, minute = 0, second = 0] = (text.match(/\d+/g) ?? []).map(Number);
	const moment = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
	moment.setUTCFullYear(year);
	return (
		moment.getUTCFullYear() === year &&
		moment.getUTCMonth() === month - 1 &&
		moment.getUTCDate() === day &&
		moment.getUTCHours() === hour &&
		moment.getUTCMinutes() === minute &&
		moment.getUTCSeconds() === second
	);
}

export function encodeDateTime(value: unknown, place: ValuePlace): string {
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw new EcgridosInputError(place, 'notDateTime', 'is an invalid date');
		return value.toISOString();
	}
	let text: unknown = value;
	// Luxon DateTime (what n8n expressions give) and similar objects.
	if (typeof value === 'object' && value !== null && typeof (value as { toISO?: unknown }).toISO === 'function') {
		text = (value as { toISO: () => unknown }).toISO();
	}
	if (typeof text === 'string') {
		const trimmed = text.trim();
		if (XSD_DATE_ONLY.test(trimmed) && isCalendarDateTime(trimmed)) return `${trimmed}T00:00:00`;
		if (XSD_DATE_TIME.test(trimmed) && isCalendarDateTime(trimmed)) return trimmed;
	}
	throw new EcgridosInputError(
		place,
		'notDateTime',
		`must be a date and time (ISO-8601, e.g. 2024-05-01T13:00:00Z), got ${describeValue(value, place)}`,
	);
}

const ZONED_DATE_TIME = /^(-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** The number written with `count` ASCII digits at `start`, or -1. */
function digitsAt(text: string, start: number, count: number): number {
	let value = 0;
	for (let index = start; index < start + count; index++) {
		const digit = text.charCodeAt(index) - 0x30;
		if (digit < 0 || digit > 9) return -1;
		value = value * 10 + digit;
	}
	return value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether `text` is `YYYY-MM-DDThh:mm:ss[.f…]Z` naming a real moment of years 0001-9999 (no 24:00,
 * no leap second): normalizing such a value to UTC gives back exactly `text`.
 */
function isCanonicalUtc(text: string): boolean {
	const length = text.length;
	if (length < 20 || text.charCodeAt(length - 1) !== 0x5a /* Z */) return false;
	if (
		text.charCodeAt(4) !== 0x2d ||
		text.charCodeAt(7) !== 0x2d ||
		text.charCodeAt(10) !== 0x54 /* T */ ||
		text.charCodeAt(13) !== 0x3a ||
		text.charCodeAt(16) !== 0x3a
	) {
		return false;
	}
	if (length > 20) {
		if (length === 21 || text.charCodeAt(19) !== 0x2e /* . */ || digitsAt(text, 20, length - 21) === -1) return false;
	}
	const year = digitsAt(text, 0, 4);
	const month = digitsAt(text, 5, 2);
	const day = digitsAt(text, 8, 2);
	const hour = digitsAt(text, 11, 2);
	const minute = digitsAt(text, 14, 2);
	const second = digitsAt(text, 17, 2);
	if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
		return false;
	}
	const leapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	return day <= (month === 2 && leapYear ? 29 : DAYS_IN_MONTH[month - 1]);
}

/** Zoned values become UTC with every fractional digit kept; zone-less values stay as sent. */
export function normalizeDateTime(text: string): string {
	const trimmed = text.trim();
	// Already UTC, or without a zone (ZONED_DATE_TIME needs Z or ±hh:mm at the end): nothing to do.
	if (isCanonicalUtc(trimmed)) return trimmed;
	const last = trimmed.length - 1;
	const zoneSign = trimmed.charCodeAt(last - 5);
	if (trimmed.charCodeAt(last) !== 0x5a && zoneSign !== 0x2b && zoneSign !== 0x2d) return trimmed;
	const zoned = ZONED_DATE_TIME.exec(trimmed);
	if (!zoned) return trimmed;
	const [, dateTime, fraction, zone] = zoned;
	const milliseconds = Date.parse(`${dateTime}.${(fraction ?? '').padEnd(3, '0').slice(0, 3)}${zone}`);
	if (Number.isNaN(milliseconds)) return trimmed;
	const utc = new Date(milliseconds).toISOString();
	return fraction === undefined ? utc.replace(/\.\d{3}Z$/, 'Z') : utc.replace(/\.\d{3}Z$/, `.${fraction}Z`);
}
