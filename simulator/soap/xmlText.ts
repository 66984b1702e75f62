/** Text-level XML helpers shared by the request parser, the response writer and the WSDL. */

// XML 1.0 cannot carry most C0 control characters even as references; ASP.NET refuses them too.
const INVALID_XML_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXmlText(text: string): string {
	return text
		.replace(INVALID_XML_CHARACTERS, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;');
}

export function escapeXmlAttribute(text: string): string {
	return escapeXmlText(text).replace(/"/g, '&quot;');
}

/** .NET's DateTime.MinValue, which ASP.NET writes for unset dates. */
export const MIN_DATE = new Date(Date.UTC(1, 0, 1));
MIN_DATE.setUTCFullYear(1);

export function isMinDate(date: Date): boolean {
	return date.getTime() <= MIN_DATE.getTime();
}

export function formatDateTime(value: Date | string | number): string {
	const date = value instanceof Date ? value : new Date(value);
	if (Number.isNaN(date.getTime()) || isMinDate(date)) return '0001-01-01T00:00:00';
	return date.toISOString();
}

/**
 * Parses xs:dateTime as clients send it. A value without a zone is taken as UTC so that tests
 * and users see the same instant on every machine.
 */
export function parseDateTime(text: string): Date | undefined {
	const match = /^(-?\d{4,})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(text.trim());
	if (!match) return undefined;
	const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone = 'Z'] = match;
	const millis = fraction ? Math.round(Number(`0${fraction}`) * 1000) : 0;
	const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), millis));
	date.setUTCFullYear(Number(year));
	if (zone !== 'Z') {
		const sign = zone.startsWith('-') ? -1 : 1;
		const [zoneHours, zoneMinutes] = zone.slice(1).split(':').map(Number);
		date.setTime(date.getTime() - sign * (zoneHours * 60 + zoneMinutes) * 60000);
	}
	return Number.isNaN(date.getTime()) ? undefined : date;
}
