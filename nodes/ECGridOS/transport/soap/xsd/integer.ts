/**
 * xsd:int, short, long, unsignedByte (and the other integer types a DataSet column may declare):
 * checked against the type's range on the way out, and read back as a number, or as the decimal
 * string when a long is beyond JavaScript's safe integers, so 64-bit IDs never lose precision.
 */
import { INTEGER_RANGES } from '../../../catalog';
import { EcgridosInputError, describeValue, type ValuePlace } from '../errors';

/**
 * The whole number `value` stands for, within the range of `type`: a number, a bigint, or a
 * string of digits (what "By ID" text fields and expressions give).
 */
function integerOf(type: string, value: unknown, place: ValuePlace): bigint {
	const range = INTEGER_RANGES[type];
	let integer: bigint;
	if (typeof value === 'bigint') {
		integer = value;
	} else if (typeof value === 'number') {
		if (!Number.isInteger(value)) {
			throw new EcgridosInputError(place, 'notInteger', `must be a whole number, got ${describeValue(value, place)}`);
		}
		if (!Number.isSafeInteger(value)) {
			throw new EcgridosInputError(
				place,
				'outOfRange',
				`${place.secret ? 'the value' : value} is too large to be exact as a JavaScript number; pass it as a string`,
			);
		}
		integer = BigInt(value);
	} else if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) {
		integer = BigInt(value.trim());
	} else {
		throw new EcgridosInputError(place, 'notInteger', `must be a whole number, got ${describeValue(value, place)}`);
	}
	if (integer < range.min || integer > range.max) {
		throw new EcgridosInputError(
			place,
			'outOfRange',
			`${place.secret ? 'the value' : integer} is outside the range of ${type} (${range.min} to ${range.max})`,
		);
	}
	return integer;
}

export function encodeInteger(type: string, value: unknown, place: ValuePlace): string {
	return integerOf(type, value, place).toString();
}

/** The canonical value: a number when it is a safe integer, otherwise a bigint. */
export function integerValue(type: string, value: unknown, place: ValuePlace): number | bigint {
	const integer = integerOf(type, value, place);
	const asNumber = Number(integer);
	return Number.isSafeInteger(asNumber) ? asNumber : integer;
}

/** A number, the decimal string of a long beyond safe integers, or undefined for text that is no integer. */
export function decodeInteger(text: string): number | string | undefined {
	// Up to 15 characters is at most 15 digits, always a safe integer: no BigInt needed.
	const length = text.length;
	if (length > 0 && length <= 15) {
		const first = text.charCodeAt(0);
		const signed = first === 0x2d || first === 0x2b;
		let index = signed ? 1 : 0;
		let value = 0;
		for (; index < length; index++) {
			const digit = text.charCodeAt(index) - 0x30;
			if (digit < 0 || digit > 9) break;
			value = value * 10 + digit;
		}
		// 0 - 0 is +0, as Number(BigInt('-0')) is.
		if (index === length && index > (signed ? 1 : 0)) return first === 0x2d ? 0 - value : value;
	}
	const trimmed = text.trim();
	if (!/^[+-]?\d+$/.test(trimmed)) return undefined;
	const integer = BigInt(trimmed);
	const asNumber = Number(integer);
	return Number.isSafeInteger(asNumber) ? asNumber : integer.toString();
}
