/**
 * Reads the envelopes of an EDI file, without validating or translating its content: who sent it
 * to whom (ISA/UNB), under which control numbers, and which transaction sets or messages it
 * carries. Enough for routing decisions and logs in a workflow; not an EDI parser.
 */

export interface PartyId {
	qualifier: string;
	id: string;
}

export interface TransactionSetSummary {
	/** X12 ST01 (e.g. 850) or EDIFACT message type (e.g. ORDERS). */
	id: string;
	controlNumber: string;
}

export interface GroupSummary {
	/** X12 GS01 (e.g. PO) or EDIFACT UNG01. */
	functionalId: string;
	sender: string;
	receiver: string;
	controlNumber: string;
	version: string;
	transactionSets: TransactionSetSummary[];
	/** Transaction set ID → how many of it. */
	transactionSetCounts: Record<string, number>;
}

export interface InterchangeSummary {
	sender: PartyId;
	receiver: PartyId;
	controlNumber: string;
	version: string;
	date: string;
	time: string;
	/** X12 ISA15 or EDIFACT UNB test indicator. */
	usage: 'production' | 'test' | 'information';
	groups: GroupSummary[];
	/** The number of groups (or messages) the trailer declares: X12 IEA01, EDIFACT UNZ01. */
	declaredGroupCount?: number;
}

export interface EdiSummary {
	standard: 'X12' | 'EDIFACT' | 'unknown';
	interchanges: InterchangeSummary[];
}

function countBy(sets: TransactionSetSummary[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const set of sets) counts[set.id] = (counts[set.id] ?? 0) + 1;
	return counts;
}

function newGroup(functionalId = '', sender = '', receiver = '', controlNumber = '', version = ''): GroupSummary {
	return { functionalId, sender, receiver, controlNumber, version, transactionSets: [], transactionSetCounts: {} };
}

function finishGroups(interchange: InterchangeSummary): void {
	for (const group of interchange.groups) group.transactionSetCounts = countBy(group.transactionSets);
}

/** X12: the ISA segment is fixed-width, so its 4th and 106th characters give the delimiters. */
function summarizeX12(text: string, start: number): EdiSummary {
	const elementSeparator = text[start + 3];
	const segmentTerminator = text[start + 105];
	const summary: EdiSummary = { standard: 'X12', interchanges: [] };
	let interchange: InterchangeSummary | undefined;
	let group: GroupSummary | undefined;
	for (const rawSegment of text.slice(start).split(segmentTerminator)) {
		const segment = rawSegment.trim();
		if (!segment) continue;
		const elements = segment.split(elementSeparator);
		switch (elements[0]) {
			case 'ISA': {
				const usage = (elements[15] ?? '').trim();
				interchange = {
					sender: { qualifier: (elements[5] ?? '').trim(), id: (elements[6] ?? '').trim() },
					receiver: { qualifier: (elements[7] ?? '').trim(), id: (elements[8] ?? '').trim() },
					date: (elements[9] ?? '').trim(),
					time: (elements[10] ?? '').trim(),
					version: (elements[12] ?? '').trim(),
					controlNumber: (elements[13] ?? '').trim(),
					usage: usage === 'T' ? 'test' : usage === 'I' ? 'information' : 'production',
					groups: [],
				};
				summary.interchanges.push(interchange);
				group = undefined;
				break;
			}
			case 'GS':
				if (!interchange) break;
				group = newGroup(elements[1], elements[2], elements[3], elements[6], elements[8]);
				interchange.groups.push(group);
				break;
			case 'ST':
				if (!interchange) break;
				if (!group) {
					group = newGroup();
					interchange.groups.push(group);
				}
				group.transactionSets.push({ id: elements[1] ?? '', controlNumber: elements[2] ?? '' });
				break;
			case 'IEA':
				if (interchange) {
					interchange.declaredGroupCount = Number(elements[1]);
					finishGroups(interchange);
				}
				interchange = undefined;
				group = undefined;
				break;
		}
	}
	if (interchange) finishGroups(interchange);
	return summary;
}

interface EdifactDelimiters {
	component: string;
	element: string;
	release: string;
	segment: string;
}

/** Splits on a delimiter unless the release character (default ?) escapes it. */
function splitReleased(text: string, delimiter: string, release: string): string[] {
	const parts: string[] = [];
	let current = '';
	for (let index = 0; index < text.length; index++) {
		const character = text[index];
		if (character === release && index + 1 < text.length) {
			current += character + text[index + 1];
			index++;
		} else if (character === delimiter) {
			parts.push(current);
			current = '';
		} else {
			current += character;
		}
	}
	parts.push(current);
	return parts;
}

function unescape(value: string | undefined, release: string): string {
	if (!value) return '';
	let result = '';
	for (let index = 0; index < value.length; index++) {
		if (value[index] === release && index + 1 < value.length) index++;
		result += value[index];
	}
	return result;
}

function summarizeEdifact(text: string, start: number): EdiSummary {
	const delimiters: EdifactDelimiters = { component: ':', element: '+', release: '?', segment: "'" };
	let body = text.slice(start);
	if (body.startsWith('UNA')) {
		delimiters.component = body[3];
		delimiters.element = body[4];
		delimiters.release = body[6] === ' ' ? '' : body[6];
		delimiters.segment = body[8];
		body = body.slice(9);
	}
	const { component, element, release, segment: terminator } = delimiters;
	const summary: EdiSummary = { standard: 'EDIFACT', interchanges: [] };
	let interchange: InterchangeSummary | undefined;
	let group: GroupSummary | undefined;
	for (const rawSegment of splitReleased(body, terminator, release)) {
		const segment = rawSegment.trim();
		if (!segment) continue;
		const elements = splitReleased(segment, element, release);
		const components = (index: number) => splitReleased(elements[index] ?? '', component, release).map((part) => unescape(part, release));
		switch (elements[0]) {
			case 'UNB': {
				const [syntax, syntaxVersion] = components(1);
				const [senderId, senderQualifier] = components(2);
				const [receiverId, receiverQualifier] = components(3);
				const [date, time] = components(4);
				interchange = {
					sender: { qualifier: senderQualifier ?? '', id: senderId ?? '' },
					receiver: { qualifier: receiverQualifier ?? '', id: receiverId ?? '' },
					date: date ?? '',
					time: time ?? '',
					version: [syntax, syntaxVersion].filter(Boolean).join(':'),
					controlNumber: unescape(elements[5], release),
					usage: unescape(elements[11], release) === '1' ? 'test' : 'production',
					groups: [],
				};
				summary.interchanges.push(interchange);
				group = undefined;
				break;
			}
			case 'UNG':
				if (!interchange) break;
				group = newGroup(
					unescape(elements[1], release),
					components(2)[0] ?? '',
					components(3)[0] ?? '',
					unescape(elements[5], release),
					components(7).slice(0, 2).join(':'),
				);
				interchange.groups.push(group);
				break;
			case 'UNH': {
				if (!interchange) break;
				if (!group) {
					group = newGroup();
					interchange.groups.push(group);
				}
				const [messageType, version, release_, agency] = components(2);
				if (!group.version) group.version = [version, release_, agency].filter(Boolean).join(':');
				group.transactionSets.push({ id: messageType ?? '', controlNumber: unescape(elements[1], release) });
				break;
			}
			case 'UNE':
				group = undefined;
				break;
			case 'UNZ':
				if (interchange) {
					interchange.declaredGroupCount = Number(unescape(elements[1], release));
					finishGroups(interchange);
				}
				interchange = undefined;
				group = undefined;
				break;
		}
	}
	if (interchange) finishGroups(interchange);
	return summary;
}

/** Summarizes the X12 or EDIFACT envelopes in a file; `standard: 'unknown'` for anything else. */
export function summarizeEdi(content: Buffer | string): EdiSummary {
	// latin1 maps every byte to one character, so positions in the fixed-width ISA stay exact.
	const text = typeof content === 'string' ? content : content.toString('latin1');
	const firstNonSpace = text.search(/\S/);
	if (firstNonSpace === -1) return { standard: 'unknown', interchanges: [] };
	const head = text.slice(firstNonSpace, firstNonSpace + 3);
	if (head === 'ISA' && text.length >= firstNonSpace + 106) return summarizeX12(text, firstNonSpace);
	if (head === 'UNA' || head === 'UNB') return summarizeEdifact(text, firstNonSpace);
	return { standard: 'unknown', interchanges: [] };
}

const EDI_MIME_TYPES: Record<EdiSummary['standard'], string> = {
	X12: 'application/edi-x12',
	EDIFACT: 'application/edifact',
	unknown: 'application/octet-stream',
};

/**
 * The MIME type of a file from its first bytes (ISA, or UNA/UNB), without reading the rest: a
 * 100 MB parcel should not be scanned only to label it.
 */
export function ediMimeType(content: Buffer): string {
	const head = content.subarray(0, 64).toString('latin1').trimStart().slice(0, 3);
	if (head === 'ISA') return EDI_MIME_TYPES.X12;
	if (head === 'UNA' || head === 'UNB') return EDI_MIME_TYPES.EDIFACT;
	return EDI_MIME_TYPES.unknown;
}
