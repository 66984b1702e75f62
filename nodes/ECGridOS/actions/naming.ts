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

/**
 * `naming(wsdlName)` worked out once per WSDL name: the description of 221 operations names the
 * same few hundred parameters over and over, and n8n builds it whenever it loads the package.
 */
function remembered(naming: (wsdlName: string) => string): (wsdlName: string) => string {
	const names = new Map<string, string>();
	return (wsdlName) => {
		let name = names.get(wsdlName);
		if (name === undefined) {
			name = naming(wsdlName);
			names.set(wsdlName, name);
		}
		return name;
	};
}

/** `ECGridIDFrom` → `ecgridIdFrom`, `NetworkID` → `networkId`, `X_121` → `x121`. */
export const toPropertyName = remembered((wsdlName) => {
	let name = wsdlName.replace(/_/g, '');
	for (const [pattern, replacement] of ACRONYMS) name = name.replace(pattern, replacement);
	return name.charAt(0).toLowerCase() + name.slice(1);
});

/** Words the WSDL writes in mixed case that must not be split: ECGrid, EMail. */
const UNSPLIT_WORDS: Array<[RegExp, string, string]> = [
	[/ECGrid/g, '\u0001', 'ECGrid'],
	[/EMail/g, '\u0002', 'Email'],
];

/** `ECGridIDFrom` → `ECGrid ID From`, `MaxRecords` → `Max Records`, `DataEMail` → `Data Email`. */
export const toDisplayName = remembered((wsdlName) => {
	let name = wsdlName.replace(/_/g, ' ');
	for (const [pattern, placeholder] of UNSPLIT_WORDS) name = name.replace(pattern, ` ${placeholder}`);
	name = name
		.replace(/([a-z\d])([A-Z])/g, '$1 $2')
		.replace(/([A-Z\u0001\u0002]+)([A-Z][a-z])/g, '$1 $2')
		.replace(/([\u0001\u0002])(?=[A-Z])/g, '$1 ');
	for (const [, placeholder, word] of UNSPLIT_WORDS) name = name.split(placeholder).join(word);
	return name.replace(/\s+/g, ' ').trim();
});

/** `NetworkAdmin` → `Network Admin`, `ftpsslimplicit` stays as ECGrid spells it. */
export function humanizeEnumValue(value: string): string {
	return value.replace(/([a-z\d])([A-Z])/g, '$1 $2').replace(/^./, (first) => first.toUpperCase());
}

/**
 * Orders display names as `localeCompare` does for the names this package makes (ASCII letters,
 * digits, spaces and a few signs: case-insensitive first, then lower case first), without initializing
 * ICU's collator, which costs more than building the whole node description when n8n loads it.
 * test/actions/properties.test.ts holds every operation and field list of the node to the `localeCompare` order.
 */
export function compareDisplayNames(a: string, b: string): number {
	const lowerA = a.toLowerCase();
	const lowerB = b.toLowerCase();
	if (lowerA !== lowerB) return lowerA < lowerB ? -1 : 1;
	// Lower case first, as ICU orders names that differ only in case.
	return a > b ? -1 : a < b ? 1 : 0;
}
