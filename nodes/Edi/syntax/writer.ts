/**
 * Writes interchanges of the document model as X12 or EDIFACT text. The writer computes what a
 * reader checks: SE01/UNT01 from the segments, SE02/UNT02 from the header, GE/UNE and IEA/UNZ
 * counts and control numbers. Everything else is written as given, so a file read and written
 * again with its own delimiters and control numbers comes back byte for byte.
 *
 * X12 has no release character: a value holding a delimiter cannot be written, and the error says
 * which one. EDIFACT values are escaped with the release character.
 */
import { elementText, type Delimiters, type Element, type Interchange, type Segment } from './document';
import { EdiSyntaxError } from './issues';
import { wrap } from './layout';

type Escape = (value: string, where: string) => string;

function x12Escape(delimiters: Delimiters): Escape {
	const reserved = [delimiters.element, delimiters.component, delimiters.repetition, delimiters.segment].filter(Boolean);
	return (value, where) => {
		for (const delimiter of reserved) {
			if (value.includes(delimiter)) {
				throw new EdiSyntaxError(
					'unwritableValue',
					`${where} holds ${JSON.stringify(value)}, which contains the delimiter ${JSON.stringify(delimiter)}; X12 cannot escape it: choose other delimiters or change the value`,
				);
			}
		}
		return value;
	};
}

function edifactEscape(delimiters: Delimiters): Escape {
	const release = delimiters.release ?? '';
	const reserved = new Set([delimiters.element, delimiters.component, delimiters.repetition, delimiters.segment, release].filter(Boolean));
	return (value, where) => {
		let needs = false;
		for (const character of reserved) if (value.includes(character)) needs = true;
		if (!needs) return value;
		if (!release) {
			throw new EdiSyntaxError('unwritableValue', `${where} holds ${JSON.stringify(value)}, which contains a delimiter, and no release character is set`);
		}
		let escaped = '';
		for (const character of value) escaped += reserved.has(character) ? release + character : character;
		return escaped;
	};
}

function writeElement(element: Element, delimiters: Delimiters, escape: Escape, where: string): string {
	if (typeof element === 'string') return escape(element, where);
	if (element.length > 0 && Array.isArray(element[0])) {
		return (element as string[][])
			.map((repetition) => repetition.map((value) => escape(String(value ?? ''), where)).join(delimiters.component))
			.join(delimiters.repetition);
	}
	return (element as string[]).map((value) => escape(String(value ?? ''), where)).join(delimiters.component);
}

function writeSegment(segment: Segment, delimiters: Delimiters, escape: Escape): string {
	const [tag] = segment;
	let text = tag;
	for (let index = 1; index < segment.length; index++) {
		text += delimiters.element + writeElement(segment[index] ?? '', delimiters, escape, `${tag}${String(index).padStart(2, '0')}`);
	}
	return text;
}

/** Joins segment texts with terminators and line breaks, ending the file as `fileEnding` says. */
function layOut(lines: string[], delimiters: Delimiters, prefix = ''): string {
	const separator = delimiters.segment + delimiters.lineBreak;
	const ending = delimiters.fileEnding;
	const body = prefix + lines.join(separator);
	if (delimiters.lineWidth > 0) {
		const trailingBreak = /\r?\n$/.exec(ending)?.[0] ?? '';
		return wrap(body + ending.slice(0, ending.length - trailingBreak.length), delimiters.lineWidth) + trailingBreak;
	}
	return body + ending;
}

function numberText(count: number): string {
	return String(count);
}

function x12Lines(interchange: Interchange): string[] {
	const header = [...interchange.header] as Segment;
	if (header.length !== 17) throw new EdiSyntaxError('invalidInput', `the ISA segment must have 16 elements; it has ${header.length - 1}`);
	// ISA11 is the repetition separator only from version 00402 on; before, it is a standards identifier ('U').
	const repeats = elementText(header, 12, 1) >= '00402';
	const delimiters = { ...interchange.delimiters, repetition: repeats ? interchange.delimiters.repetition : '' };
	const escape = x12Escape(delimiters);
	header[16] = delimiters.component;
	if (delimiters.repetition) header[11] = delimiters.repetition;
	const lines = [header.join(delimiters.element)];
	for (const segment of interchange.interchangeSegments) lines.push(writeSegment(segment, delimiters, escape));
	for (const group of interchange.groups) {
		if (!group.header) throw new EdiSyntaxError('missingEnvelopeField', 'an X12 functional group needs a GS segment');
		lines.push(writeSegment(group.header, delimiters, escape));
		for (const set of group.sets) {
			const body = set.segments.filter((segment, index) => !(segment[0] === 'SE' && index === set.segments.length - 1));
			for (const segment of body) lines.push(writeSegment(segment, delimiters, escape));
			lines.push(writeSegment(['SE', numberText(body.length + 1), set.controlNumber], delimiters, escape));
		}
		lines.push(writeSegment(['GE', numberText(group.sets.length), elementText(group.header, 6, 1)], delimiters, escape));
	}
	lines.push(writeSegment(['IEA', numberText(interchange.groups.length), elementText(header, 13, 1)], delimiters, escape));
	return lines;
}

function edifactLines(interchange: Interchange): string[] {
	const { delimiters } = interchange;
	const escape = edifactEscape(delimiters);
	const lines = [writeSegment(interchange.header, delimiters, escape)];
	const explicitGroups = interchange.groups.filter((group) => group.header).length;
	let messages = 0;
	for (const group of interchange.groups) {
		if (group.header) lines.push(writeSegment(group.header, delimiters, escape));
		for (const set of group.sets) {
			const body = set.segments.filter((segment, index) => !(segment[0] === 'UNT' && index === set.segments.length - 1));
			for (const segment of body) lines.push(writeSegment(segment, delimiters, escape));
			lines.push(writeSegment(['UNT', numberText(body.length + 1), set.controlNumber], delimiters, escape));
			messages++;
		}
		if (group.header) lines.push(writeSegment(['UNE', numberText(group.sets.length), elementText(group.header, 5, 1)], delimiters, escape));
	}
	lines.push(writeSegment(['UNZ', numberText(explicitGroups > 0 ? explicitGroups : messages), elementText(interchange.header, 5, 1)], delimiters, escape));
	return lines;
}

function serviceStringAdvice(delimiters: Delimiters): string {
	return `UNA${delimiters.component}${delimiters.element}${delimiters.decimal ?? '.'}${delimiters.release || ' '}${delimiters.repetition || ' '}${delimiters.segment}${delimiters.lineBreak}`;
}

/**
 * Writes interchanges one after the other. Each uses its own delimiters; the last one's layout
 * decides how the file ends.
 */
export function writeInterchanges(interchanges: Interchange[]): string {
	return interchanges
		.map((interchange, index) => {
			const last = index === interchanges.length - 1;
			const delimiters = last ? interchange.delimiters : { ...interchange.delimiters, fileEnding: interchange.delimiters.segment + interchange.delimiters.lineBreak };
			if (interchange.standard === 'X12') return layOut(x12Lines(interchange), delimiters);
			const prefix = delimiters.serviceStringAdvice ? serviceStringAdvice(delimiters) : '';
			return layOut(edifactLines(interchange), delimiters, prefix);
		})
		.join('');
}

/** The bytes of `text` in the interchanges' encoding. */
export function encodeText(text: string, encoding: Delimiters['encoding']): Buffer {
	return Buffer.from(text, encoding);
}
