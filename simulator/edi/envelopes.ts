/**
 * Reads X12 (ISA…IEA) and EDIFACT (UNA/UNB…UNZ) interchange envelopes out of a parcel: who sends
 * to whom (qualifier and ID), control number, date and first document type. Text is handled as
 * latin1 so that slicing gives back the exact bytes.
 */
export interface ParsedInterchange {
	standard: 'X12' | 'EDIFACT';
	senderQualifier: string;
	senderId: string;
	receiverQualifier: string;
	receiverId: string;
	controlId: string;
	/** Epoch ms, undefined when the envelope date cannot be read. */
	date: number | undefined;
	documentType: string;
	/** X12 GS02/GS03 (application sender/receiver), used by carbon-copy rules. */
	groupSender: string;
	groupReceiver: string;
	header: string;
	/** Where the interchange starts in the parcel, in bytes. */
	offset: number;
	content: Buffer;
}

export interface EnvelopeScan {
	interchanges: ParsedInterchange[];
	/** Text that is not inside a readable envelope, with the reason. */
	errors: string[];
}

const X12_ISA_LENGTH = 106;

export function scanEnvelopes(content: Buffer): EnvelopeScan {
	const text = content.toString('latin1');
	const result: EnvelopeScan = { interchanges: [], errors: [] };
	let position = 0;
	while (position < text.length) {
		while (position < text.length && /\s/.test(text[position])) position++;
		if (position >= text.length) break;
		const parsed = text.startsWith('ISA', position)
			? readX12(content, text, position)
			: text.startsWith('UNA', position) || text.startsWith('UNB', position)
				? readEdifact(content, text, position)
				: { error: `No ISA or UNB envelope at byte ${position}.` };
		if ('error' in parsed) {
			result.errors.push(parsed.error);
			break;
		}
		result.interchanges.push(parsed.interchange);
		position = parsed.end;
	}
	if (result.interchanges.length === 0 && result.errors.length === 0) result.errors.push('The parcel is empty.');
	return result;
}

function skipLineBreaks(text: string, position: number): number {
	while (text[position] === '\r' || text[position] === '\n') position++;
	return position;
}

function x12Date(yymmdd: string, hhmm: string): number | undefined {
	if (!/^\d{6}$/.test(yymmdd) || !/^\d{4}$/.test(hhmm)) return undefined;
	const year = 2000 + Number(yymmdd.slice(0, 2));
	return Date.UTC(year, Number(yymmdd.slice(2, 4)) - 1, Number(yymmdd.slice(4, 6)), Number(hhmm.slice(0, 2)), Number(hhmm.slice(2, 4)));
}

type ReadResult = { interchange: ParsedInterchange; end: number } | { error: string };

function readX12(content: Buffer, text: string, start: number): ReadResult {
	if (text.length - start < X12_ISA_LENGTH) return { error: `ISA segment at byte ${start} is shorter than ${X12_ISA_LENGTH} characters.` };
	const elementSeparator = text[start + 3];
	const segmentTerminator = text[start + X12_ISA_LENGTH - 1];
	const isa = text.slice(start, start + X12_ISA_LENGTH - 1).split(elementSeparator);
	if (isa.length !== 17 || /[A-Za-z0-9]/.test(segmentTerminator)) return { error: `ISA segment at byte ${start} is malformed.` };
	const escape = (character: string) => character.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	// Segments may be followed by line breaks, so the trailer is found as "terminator, optional CR/LF, IEA".
	const trailer = new RegExp(`${escape(segmentTerminator)}[\r\n]*IEA${escape(elementSeparator)}`, 'g');
	trailer.lastIndex = start;
	const trailerMatch = trailer.exec(text);
	if (!trailerMatch) return { error: `Interchange at byte ${start} has no IEA trailer.` };
	const trailerStart = trailerMatch.index;
	const trailerEnd = text.indexOf(segmentTerminator, trailerStart + 1);
	if (trailerEnd === -1) return { error: `IEA trailer at byte ${trailerStart} is not terminated.` };
	const end = skipLineBreaks(text, trailerEnd + 1);
	// Only the first GS and ST matter, and they sit right after the ISA: read segments one by one
	// until both are found rather than splitting what may be a hundred megabytes.
	let gs: string[] | undefined;
	let st: string[] | undefined;
	let segmentStart = start + X12_ISA_LENGTH;
	while ((!gs || !st) && segmentStart < trailerStart) {
		const segmentEnd = text.indexOf(segmentTerminator, segmentStart);
		if (segmentEnd === -1 || segmentEnd > trailerStart) break;
		const elements = text.slice(segmentStart, segmentEnd).replace(/^[\r\n]+/, '').split(elementSeparator);
		if (elements[0] === 'GS') gs ??= elements;
		if (elements[0] === 'ST') st ??= elements;
		segmentStart = segmentEnd + 1;
	}
	const iea = text.slice(trailerStart + 1, trailerEnd).replace(/^[\r\n]+/, '').split(elementSeparator);
	if (iea[2]?.trim() !== isa[13].trim()) return { error: `IEA control number does not match ISA13 at byte ${start}.` };
	return {
		interchange: {
			standard: 'X12',
			senderQualifier: isa[5].trim(),
			senderId: isa[6].trim(),
			receiverQualifier: isa[7].trim(),
			receiverId: isa[8].trim(),
			controlId: isa[13].trim(),
			date: x12Date(isa[9], isa[10]),
			documentType: st?.[1]?.trim() ?? '',
			groupSender: gs?.[2]?.trim() ?? '',
			groupReceiver: gs?.[3]?.trim() ?? '',
			header: text.slice(start, start + X12_ISA_LENGTH),
			offset: start,
			content: content.subarray(start, end),
		},
		end,
	};
}

interface EdifactSyntax {
	component: string;
	element: string;
	release: string;
	terminator: string;
}

function splitUnreleased(text: string, separator: string, release: string): string[] {
	const parts: string[] = [];
	let current = '';
	for (let index = 0; index < text.length; index++) {
		const character = text[index];
		if (character === release && index + 1 < text.length) {
			current += text[index + 1];
			index++;
		} else if (character === separator) {
			parts.push(current);
			current = '';
		} else current += character;
	}
	parts.push(current);
	return parts;
}

function edifactDate(dateTime: string[]): number | undefined {
	const [date = '', time = ''] = dateTime;
	if (/^\d{6}$/.test(date)) return x12Date(date, /^\d{4}$/.test(time) ? time : '0000');
	if (/^\d{8}$/.test(date)) return x12Date(date.slice(2), /^\d{4}$/.test(time) ? time : '0000');
	return undefined;
}

function readEdifact(content: Buffer, text: string, start: number): ReadResult {
	let syntax: EdifactSyntax = { component: ':', element: '+', release: '?', terminator: "'" };
	let unbStart = start;
	if (text.startsWith('UNA', start)) {
		if (text.length - start < 9) return { error: `UNA segment at byte ${start} is too short.` };
		syntax = { component: text[start + 3], element: text[start + 4], release: text[start + 6], terminator: text[start + 8] };
		unbStart = skipLineBreaks(text, start + 9);
		if (!text.startsWith('UNB', unbStart)) return { error: `UNA at byte ${start} is not followed by UNB.` };
	}
	const segmentEnd = (from: number): number => {
		for (let index = from; index < text.length; index++) {
			if (text[index] === syntax.release) index++;
			else if (text[index] === syntax.terminator) return index;
		}
		return -1;
	};
	const unbEnd = segmentEnd(unbStart);
	if (unbEnd === -1) return { error: `UNB segment at byte ${unbStart} is not terminated.` };
	const unb = splitUnreleased(text.slice(unbStart, unbEnd), syntax.element, syntax.release).map((element) =>
		splitUnreleased(element, syntax.component, syntax.release),
	);
	if (unb.length < 6) return { error: `UNB segment at byte ${unbStart} is malformed.` };
	let position = unbEnd + 1;
	let documentType = '';
	let end = -1;
	while (position < text.length) {
		position = skipLineBreaks(text, position);
		const next = segmentEnd(position);
		if (next === -1) break;
		const tag = text.slice(position, position + 3);
		if (tag === 'UNH' && !documentType) {
			const unh = splitUnreleased(text.slice(position, next), syntax.element, syntax.release);
			documentType = splitUnreleased(unh[2] ?? '', syntax.component, syntax.release)[0] ?? '';
		}
		position = next + 1;
		if (tag === 'UNZ') {
			end = skipLineBreaks(text, position);
			break;
		}
	}
	if (end === -1) return { error: `Interchange at byte ${start} has no UNZ trailer.` };
	return {
		interchange: {
			standard: 'EDIFACT',
			senderId: unb[2][0] ?? '',
			senderQualifier: unb[2][1] ?? '',
			receiverId: unb[3][0] ?? '',
			receiverQualifier: unb[3][1] ?? '',
			date: edifactDate(unb[4]),
			controlId: unb[5][0] ?? '',
			documentType,
			groupSender: '',
			groupReceiver: '',
			header: text.slice(start, unbEnd + 1),
			offset: start,
			content: content.subarray(start, end),
		},
		end,
	};
}
