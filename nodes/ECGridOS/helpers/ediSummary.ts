/**
 * The envelopes of an EDI file at a glance, without validating or translating its content: who
 * sent it to whom (ISA/UNB), under which control numbers, and which transaction sets or messages it
 * carries. Enough for routing decisions and logs in a workflow. It is a view of what the EDI node's
 * reader reads, so the package reads EDI in one place; it never throws, summarizing what the reader
 * could read.
 */
import { groupFields, interchangeFields } from '../../Edi/envelope';
import { elementText, type FunctionalGroup, type Interchange, type Standard } from '../../Edi/syntax/document';
import { detectStandard, readEdi } from '../../Edi/syntax/read';

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

const USAGE: Record<Standard, Record<string, InterchangeSummary['usage']>> = {
	X12: { T: 'test', I: 'information' },
	EDIFACT: { '1': 'test' },
};

function groupSummary(standard: Standard, group: FunctionalGroup): GroupSummary {
	const fields = groupFields(standard, group);
	const transactionSets = group.sets.map((set) => ({ id: set.id, controlNumber: set.controlNumber }));
	// EDIFACT messages sent without UNG carry their version in UNH02 only.
	const firstMessage = standard === 'EDIFACT' ? group.sets[0]?.segments[0] : undefined;
	const messageVersion = [2, 3, 4].map((component) => elementText(firstMessage, 2, component)).filter(Boolean).join(':');
	return {
		functionalId: fields?.functionalId ?? '',
		sender: fields?.applicationSender ?? '',
		receiver: fields?.applicationReceiver ?? '',
		controlNumber: fields?.controlNumber ?? '',
		version: fields?.version || messageVersion,
		transactionSets,
		transactionSetCounts: countBy(transactionSets),
	};
}

function interchangeSummary(interchange: Interchange): InterchangeSummary {
	const fields = interchangeFields(interchange);
	const summary: InterchangeSummary = {
		sender: fields.sender,
		receiver: fields.receiver,
		date: fields.date,
		time: fields.time,
		version: fields.version,
		controlNumber: fields.controlNumber,
		usage: USAGE[interchange.standard][fields.usage] ?? 'production',
		groups: interchange.groups.map((group) => groupSummary(interchange.standard, group)),
	};
	if (interchange.trailer) summary.declaredGroupCount = Number(elementText(interchange.trailer, 1));
	return summary;
}

/** Summarizes the X12 or EDIFACT envelopes in a file; `standard: 'unknown'` for anything else. */
export function summarizeEdi(content: Buffer | string): EdiSummary {
	try {
		const { interchanges } = readEdi(content);
		// An ISA too short to hold its elements is no interchange to summarize.
		const readable = interchanges.filter((interchange) => interchange.header.length > 1);
		if (readable.length === 0) return { standard: 'unknown', interchanges: [] };
		return { standard: readable[0].standard, interchanges: readable.map(interchangeSummary) };
	} catch {
		// A summary is an extra on an item: a file the reader cannot take must not fail the item.
		const text = typeof content === 'string' ? content : content.toString('latin1');
		return { standard: detectStandard(text) ?? 'unknown', interchanges: [] };
	}
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
