/** xsd:boolean: true or false (also as text, any case) out; true/false/1/0 back. */
import { EcgridosInputError, describeValue, type ValuePlace } from '../errors';

export function booleanValue(value: unknown, place: ValuePlace): boolean {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
	throw new EcgridosInputError(place, 'notBoolean', `must be true or false, got ${describeValue(value, place)}`);
}

export function encodeBoolean(value: unknown, place: ValuePlace): string {
	return booleanValue(value, place) ? 'true' : 'false';
}

export function decodeBoolean(text: string): boolean | undefined {
	const trimmed = text.trim();
	if (trimmed === 'true' || trimmed === '1') return true;
	if (trimmed === 'false' || trimmed === '0') return false;
	return undefined;
}
