/**
 * Enumerations of the catalog: one of the declared names out (matched without regard to case when
 * that is unambiguous), the name as sent back (trimmed).
 */
import { catalog } from '../../../catalog';
import { EcgridosInputError, describeValue, type ValuePlace } from '../errors';

/** The declared name of enum `type` that `value` stands for. */
export function enumValue(type: string, value: unknown, place: ValuePlace): string {
	const allowed = catalog.enums[type];
	if (typeof value === 'string') {
		if (allowed.includes(value)) return value;
		const caseInsensitive = allowed.filter((name) => name.toLowerCase() === value.trim().toLowerCase());
		if (caseInsensitive.length === 1) return caseInsensitive[0];
	}
	throw new EcgridosInputError(
		place,
		'notEnumValue',
		`must be one of ${allowed.join(', ')}; got ${describeValue(value, place)}`,
	);
}

export function decodeEnum(text: string): string {
	return text.trim();
}
