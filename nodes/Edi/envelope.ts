/**
 * Envelope fields in both directions: what the Parse operation puts on an item about the
 * interchange and group a transaction set came in (ISA/GS, UNB/UNG, with the header segments as
 * read), and the headers the Build and Acknowledge operations write from such fields.
 */
import type { IDataObject } from 'n8n-workflow';

import { elementText, type FunctionalGroup, type Interchange, type Segment, type Standard, type TransactionSet } from './syntax/document';
import { EdiSyntaxError } from './syntax/issues';

export interface Party {
	qualifier: string;
	id: string;
}

export interface InterchangeFields extends IDataObject {
	controlNumber: string;
	sender: Party;
	receiver: Party;
	date: string;
	time: string;
	/** X12 ISA12 (00401, 00501); EDIFACT syntax identifier and version (UNOC:3). */
	version: string;
	/** X12 ISA15 (P, T, I); EDIFACT UNB11 test indicator ('1' for test, '' otherwise). */
	usage: string;
	/** The ISA or UNB segment as read, except for the values `withheldSecrets` withholds. */
	header: Segment;
	/** Whether ISA02/ISA04 (UNB06) were replaced in `header` by the WITHHELD marker. */
	securityWithheld: boolean;
}

export interface GroupFields extends IDataObject {
	functionalId: string;
	controlNumber: string;
	applicationSender: string;
	applicationReceiver: string;
	date: string;
	time: string;
	/** X12 GS08 (004010, 005010X231); EDIFACT UNG07 (message version:release). */
	version: string;
	header: Segment;
}

export interface SetFields extends IDataObject {
	id: string;
	controlNumber: string;
	/** EDIFACT UNH02 parts; X12 ST03 (implementation convention reference) as `implementationReference`. */
	version?: string;
	release?: string;
	agency?: string;
	associationCode?: string;
	implementationReference?: string;
}

/**
 * Stands in for a password or other security value in what the node outputs; ten characters, the
 * fixed width of ISA02 and ISA04, so a header carrying it still looks like an ISA.
 */
export const WITHHELD = '<withheld>';

/** Where a standard's header carries authorization or security information, and what qualifies it. */
interface SecretPlace {
	/** The element index in the ISA/UNB. */
	element: number;
	/** EDIFACT: the component of that element holding the value. */
	component?: number;
	/** X12: the element index of the qualifier; the value is withheld unless it is '00' (no information present). */
	qualifier?: number;
	/** What the Build envelope option that gives the value back is called. */
	option: 'authorizationInformation' | 'securityInformation';
	name: string;
}

const SECRET_PLACES: Record<Standard, SecretPlace[]> = {
	X12: [
		{ element: 2, qualifier: 1, option: 'authorizationInformation', name: 'ISA02 (Authorization Information)' },
		{ element: 4, qualifier: 3, option: 'securityInformation', name: 'ISA04 (Security Information)' },
	],
	EDIFACT: [{ element: 6, component: 1, option: 'securityInformation', name: 'UNB06 (Recipient Reference/Password)' }],
};

function valueAt(header: Segment, place: SecretPlace): string | undefined {
	const value = header[place.element];
	if (value === undefined) return undefined;
	if (typeof value === 'string') return value;
	return elementText(header, place.element, place.component ?? 1);
}

function withValueAt(header: Segment, place: SecretPlace, value: string): void {
	const current = header[place.element];
	if (Array.isArray(current) && !Array.isArray(current[0])) {
		const components = [...(current as string[])];
		components[(place.component ?? 1) - 1] = value;
		header[place.element] = components;
	} else {
		header[place.element] = value;
	}
}

/**
 * The header with its authorization and security information replaced by WITHHELD: X12 ISA02 and
 * ISA04 unless their qualifiers (ISA01, ISA03) say '00', EDIFACT UNB06 (S005, the recipient's
 * reference or password). Values of nothing but spaces hide nothing and stay, so such files still
 * go through Build unchanged.
 */
export function withheldSecrets(standard: Standard, header: Segment): { header: Segment; withheld: boolean } {
	const safe = [...header] as Segment;
	let withheld = false;
	for (const place of SECRET_PLACES[standard]) {
		const value = valueAt(header, place);
		if (value === undefined || value.trim() === '') continue;
		if (place.qualifier !== undefined && elementText(header, place.qualifier).trim() === '00') continue;
		withValueAt(safe, place, WITHHELD);
		withheld = true;
	}
	return { header: safe, withheld };
}

/**
 * A header as Parse output it, with the withheld values put back from `given` (the Build envelope
 * options). Refuses when a value is withheld and not given: the marker must never reach a file.
 */
export function restoredSecrets(standard: Standard, header: Segment, given: Partial<Record<SecretPlace['option'], string>>): Segment {
	const restored = [...header] as Segment;
	for (const place of SECRET_PLACES[standard]) {
		if (valueAt(header, place) !== WITHHELD) continue;
		const value = given[place.option];
		if (!value) {
			const option = place.option === 'authorizationInformation' ? 'Authorization Information' : 'Security Information';
			throw new EdiSyntaxError(
				'missingEnvelopeField',
				`the item's interchange header has ${place.name} withheld (Parse never outputs it): set Envelope → ${option} to the value to write`,
			);
		}
		if (standard === 'X12' && value.length > 10) {
			// The message must not echo the value: it is a password.
			throw new EdiSyntaxError('invalidInput', `the ${place.name} given is ${value.length} characters long; the ISA allows 10`);
		}
		withValueAt(restored, place, standard === 'X12' ? value.padEnd(10, ' ') : value);
	}
	return restored;
}

export function interchangeFields(interchange: Interchange): InterchangeFields {
	const { header, withheld: securityWithheld } = withheldSecrets(interchange.standard, interchange.header);
	if (interchange.standard === 'X12') {
		const at = (index: number) => elementText(header, index).trim();
		return {
			controlNumber: at(13),
			sender: { qualifier: at(5), id: at(6) },
			receiver: { qualifier: at(7), id: at(8) },
			date: at(9),
			time: at(10),
			version: at(12),
			usage: at(15),
			header,
			securityWithheld,
		};
	}
	return {
		controlNumber: elementText(header, 5),
		sender: { qualifier: elementText(header, 2, 2), id: elementText(header, 2, 1) },
		receiver: { qualifier: elementText(header, 3, 2), id: elementText(header, 3, 1) },
		date: elementText(header, 4, 1),
		time: elementText(header, 4, 2),
		version: elementText(header, 1),
		usage: elementText(header, 11),
		header,
		securityWithheld,
	};
}

export function groupFields(standard: Standard, group: FunctionalGroup): GroupFields | undefined {
	const { header } = group;
	if (!header) return undefined;
	if (standard === 'X12') {
		return {
			functionalId: elementText(header, 1),
			applicationSender: elementText(header, 2),
			applicationReceiver: elementText(header, 3),
			date: elementText(header, 4),
			time: elementText(header, 5),
			controlNumber: elementText(header, 6),
			version: elementText(header, 8),
			header,
		};
	}
	return {
		functionalId: elementText(header, 1),
		applicationSender: elementText(header, 2, 1),
		applicationReceiver: elementText(header, 3, 1),
		date: elementText(header, 4, 1),
		time: elementText(header, 4, 2),
		controlNumber: elementText(header, 5),
		version: [elementText(header, 7, 1), elementText(header, 7, 2)].filter(Boolean).join(':'),
		header,
	};
}

export function setFields(standard: Standard, set: TransactionSet): SetFields {
	const header = set.segments[0];
	if (standard === 'X12') {
		const reference = elementText(header, 3);
		return { id: set.id, controlNumber: set.controlNumber, ...(reference ? { implementationReference: reference } : {}) };
	}
	const fields: SetFields = { id: set.id, controlNumber: set.controlNumber };
	const parts: Array<[keyof SetFields, number]> = [
		['version', 2],
		['release', 3],
		['agency', 4],
		['associationCode', 5],
	];
	for (const [name, component] of parts) {
		const value = elementText(header, 2, component);
		if (value) fields[name] = value;
	}
	return fields;
}

/** The ST or UNH segment of a set with these fields. */
export function setHeader(standard: Standard, fields: SetFields): Segment {
	if (standard === 'X12') {
		return fields.implementationReference ? ['ST', fields.id, fields.controlNumber, fields.implementationReference] : ['ST', fields.id, fields.controlNumber];
	}
	const identifier = [fields.id, fields.version ?? '', fields.release ?? '', fields.agency ?? '', fields.associationCode ?? ''];
	while (identifier.length > 1 && identifier[identifier.length - 1] === '') identifier.pop();
	return ['UNH', fields.controlNumber, identifier];
}

export interface NewInterchange {
	standard: Standard;
	sender: Party;
	receiver: Party;
	controlNumber: string;
	/** ISA12, or the EDIFACT syntax identifier with its version (UNOC:3). */
	version: string;
	usage: string;
	now: Date;
	component: string;
	repetition: string;
}

function two(value: number): string {
	return String(value).padStart(2, '0');
}

function fixed(value: string, width: number, name: string): string {
	if (value.length > width) throw new EdiSyntaxError('invalidInput', `${name} ${JSON.stringify(value)} is longer than the ${width} characters the ISA allows`);
	return value.padEnd(width, ' ');
}

/** The ISA or UNB of a new interchange. */
export function interchangeHeader(fields: NewInterchange): Segment {
	const { now } = fields;
	if (fields.standard === 'X12') {
		if (!/^\d{1,9}$/.test(fields.controlNumber)) {
			throw new EdiSyntaxError('invalidInput', `the interchange control number ${JSON.stringify(fields.controlNumber)} must be 1 to 9 digits (ISA13)`);
		}
		return [
			'ISA',
			'00',
			' '.repeat(10),
			'00',
			' '.repeat(10),
			fixed(fields.sender.qualifier, 2, 'The sender qualifier'),
			fixed(fields.sender.id, 15, 'The sender ID'),
			fixed(fields.receiver.qualifier, 2, 'The receiver qualifier'),
			fixed(fields.receiver.id, 15, 'The receiver ID'),
			`${two(now.getUTCFullYear() % 100)}${two(now.getUTCMonth() + 1)}${two(now.getUTCDate())}`,
			`${two(now.getUTCHours())}${two(now.getUTCMinutes())}`,
			fields.version >= '00402' && fields.repetition ? fields.repetition : 'U',
			fields.version,
			fields.controlNumber.padStart(9, '0'),
			'0',
			fields.usage || 'P',
			fields.component,
		];
	}
	const [syntax, syntaxVersion] = fields.version.split(':');
	const party = (value: Party) => (value.qualifier ? [value.id, value.qualifier] : value.id);
	const header: Segment = [
		'UNB',
		[syntax || 'UNOC', syntaxVersion || '3'],
		party(fields.sender),
		party(fields.receiver),
		[`${two(now.getUTCFullYear() % 100)}${two(now.getUTCMonth() + 1)}${two(now.getUTCDate())}`, `${two(now.getUTCHours())}${two(now.getUTCMinutes())}`],
		fields.controlNumber,
	];
	if (fields.usage === '1') header.push('', '', '', '', '', '1');
	return header;
}

/** The GS or UNG of a new group. EDIFACT messages are sent without a group unless one is asked for. */
export function groupHeader(
	standard: Standard,
	fields: { functionalId: string; applicationSender: string; applicationReceiver: string; controlNumber: string; version: string; now: Date },
): Segment {
	const { now } = fields;
	const date = `${now.getUTCFullYear()}${two(now.getUTCMonth() + 1)}${two(now.getUTCDate())}`;
	const time = `${two(now.getUTCHours())}${two(now.getUTCMinutes())}`;
	if (standard === 'X12') {
		return ['GS', fields.functionalId, fields.applicationSender, fields.applicationReceiver, date, time, fields.controlNumber, 'X', fields.version];
	}
	const [version, release] = fields.version.split(':');
	return ['UNG', fields.functionalId, fields.applicationSender, fields.applicationReceiver, [date.slice(2), time], fields.controlNumber, 'UN', [version ?? '', release ?? '']];
}
