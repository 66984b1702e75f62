/**
 * The value ASP.NET's XmlSerializer uses for a value type that is absent: 0, false, DateTime.MinValue,
 * or the enum's first value. Requests take it for missing parameters; responses write it for
 * required fields that have no value.
 */
import { enumValues, INTEGER_RANGES, isEnumType } from '../catalog';
import { MIN_DATE } from './xmlText';

export function defaultValue(type: string): number | boolean | Date | string | undefined {
	if (type in INTEGER_RANGES || type === 'float') return 0;
	if (type === 'boolean') return false;
	if (type === 'dateTime') return new Date(MIN_DATE.getTime());
	if (isEnumType(type)) return enumValues(type)[0];
	return undefined;
}
