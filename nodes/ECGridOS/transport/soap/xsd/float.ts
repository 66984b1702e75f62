/**
 * xsd:float (and double/decimal DataSet columns): a finite number, or numeric text, out; a number
 * back, where INF and NaN stay the string sent.
 */
import { EcgridosInputError, describeValue, type ValuePlace } from '../errors';

export function floatValue(value: unknown, place: ValuePlace): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number === 'number' && Number.isFinite(number)) return number;
	throw new EcgridosInputError(place, 'notNumber', `must be a number, got ${describeValue(value, place)}`);
}

export function encodeFloat(value: unknown, place: ValuePlace): string {
	return String(floatValue(value, place));
}

export function decodeFloat(text: string): number | string | undefined {
	const trimmed = text.trim();
	if (/^(-?INF|NaN)$/.test(trimmed)) return trimmed;
	const number = Number(trimmed);
	return trimmed === '' || !Number.isFinite(number) ? undefined : number;
}
