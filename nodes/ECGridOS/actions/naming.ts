/**
 * How WSDL names become n8n names: camelCase parameter names, spaced display names and readable
 * enum values. Names only; what a parameter is comes from the catalog.
 */
const ACRONYMS: Array<[RegExp, string]> = [
	[/ECGrid/g, 'Ecgrid'],
	[/EMail/g, 'Email'],
	[/HTTP/g, 'Http'],
	[/URL/g, 'Url'],
	[/UTC/g, 'Utc'],
	[/SMS/g, 'Sms'],
	[/API/g, 'Api'],
	[/ID(?=[A-Z0-9_]|s?$)/g, 'Id'],
	[/TP(?=[A-Z0-9]|$)/g, 'Tp'],
	[/GS(?=[A-Z]|$)/g, 'Gs'],
	[/CC(?=[A-Z]|$)/g, 'Cc'],
	[/ADMD/g, 'Admd'],
	[/PRMD/g, 'Prmd'],
	[/DDA/g, 'Dda'],
];

/** `ECGridIDFrom` → `ecgridIdFrom`, `NetworkID` → `networkId`, `X_121` → `x121`. */
export function toPropertyName(wsdlName: string): string {
	let name = wsdlName.replace(/_/g, '');
	for (const [pattern, replacement] of ACRONYMS) name = name.replace(pattern, replacement);
	return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Words the WSDL writes in mixed case that must not be split: ECGrid, EMail. */
const UNSPLIT_WORDS: Array<[RegExp, string, string]> = [
	[/ECGrid/g, '\u0001', 'ECGrid'],
	[/EMail/g, '\u0002', 'Email'],
];

/** `ECGridIDFrom` → `ECGrid ID From`, `MaxRecords` → `Max Records`, `DataEMail` → `Data Email`. */
export function toDisplayName(wsdlName: string): string {
	let name = wsdlName.replace(/_/g, ' ');
	for (const [pattern, placeholder] of UNSPLIT_WORDS) name = name.replace(pattern, ` ${placeholder}`);
	name = name
		.replace(/([a-z\d])([A-Z])/g, '$1 $2')
		.replace(/([A-Z\u0001\u0002]+)([A-Z][a-z])/g, '$1 $2')
		.replace(/([\u0001\u0002])(?=[A-Z])/g, '$1 ');
	for (const [, placeholder, word] of UNSPLIT_WORDS) name = name.split(placeholder).join(word);
	return name.replace(/\s+/g, ' ').trim();
}

/** `NetworkAdmin` → `Network Admin`, `ftpsslimplicit` stays as ECGrid spells it. */
export function humanizeEnumValue(value: string): string {
	return value.replace(/([a-z\d])([A-Z])/g, '$1 $2').replace(/^./, (first) => first.toUpperCase());
}
