/**
 * The X12 functional acknowledgment of a received interchange: one 997 (or 999, the
 * implementation acknowledgment of 005010X231) per functional group, acknowledging every
 * transaction set in it. Faults found while reading become AK3/AK4 (IK3/IK4) segment and element
 * notes, AK5 (IK5) set codes and AK9 group codes, with the code values of the X12 997/999.
 */
import { elementText, type FunctionalGroup, type Interchange, type Segment } from '../syntax/document';
import { isContentIssue, type EdiIssue, type IssueKind } from '../syntax/issues';
import { setIssues } from '../readable';

export type X12AcknowledgmentType = '997' | '999';

/** AK304 / IK304: segment syntax error codes. */
const SEGMENT_ERROR_CODES: Partial<Record<IssueKind, string>> = {
	invalidSegmentId: '1',
	missingSegment: '3',
	missingElement: '8',
	invalidCharacter: '8',
};

/** AK403 / IK403: element syntax error codes. */
const ELEMENT_ERROR_CODES: Partial<Record<IssueKind, string>> = {
	missingElement: '1',
	invalidCharacter: '6',
};

/** AK502+ / IK502+: transaction set syntax error codes. */
const SET_ERROR_CODES: Partial<Record<IssueKind, string>> = {
	truncated: '2',
	controlNumberMismatch: '3',
	countMismatch: '4',
};
const SET_SEGMENTS_IN_ERROR = '5';

/** AK905+: functional group syntax error codes. */
const GROUP_ERROR_CODES: Partial<Record<IssueKind, string>> = {
	truncated: '3',
	controlNumberMismatch: '4',
	countMismatch: '5',
};

export interface SetAcknowledgment {
	id: string;
	controlNumber: string;
	/** A (accepted) or R (rejected). */
	status: 'A' | 'R';
	errorCodes: string[];
	problems: string[];
}

export interface GroupAcknowledgment {
	functionalId: string;
	controlNumber: string;
	/** A, E (accepted with errors noted), P (partially accepted) or R. */
	status: 'A' | 'E' | 'P' | 'R';
	setsIncluded: number;
	setsReceived: number;
	setsAccepted: number;
	errorCodes: string[];
	problems: string[];
	sets: SetAcknowledgment[];
}

export interface X12Acknowledgment {
	type: X12AcknowledgmentType;
	/** The acknowledged group, for the envelope of the answer. */
	group: FunctionalGroup;
	/** The set's segments between ST and SE. */
	body: Segment[];
	summary: GroupAcknowledgment;
}

/** 999 for HIPAA 005010 groups (GS08 005010X…), 997 otherwise. */
export function acknowledgmentTypeFor(group: FunctionalGroup): X12AcknowledgmentType {
	return /^00501\dX/.test(elementText(group.header, 8)) ? '999' : '997';
}

function unique(values: string[]): string[] {
	return [...new Set(values)];
}

function segmentNotes(issues: EdiIssue[], type: X12AcknowledgmentType): Segment[] {
	const segments: Segment[] = [];
	const bySegment = new Map<number, EdiIssue[]>();
	for (const issue of issues.filter(isContentIssue)) {
		const position = issue.positionInSet ?? 1;
		bySegment.set(position, [...(bySegment.get(position) ?? []), issue]);
	}
	for (const [position, found] of [...bySegment.entries()].sort(([a], [b]) => a - b)) {
		const first = found[0];
		segments.push([type === '999' ? 'IK3' : 'AK3', first.segmentId ?? '', String(position), '', SEGMENT_ERROR_CODES[first.kind] ?? '8']);
		for (const issue of found) {
			const code = ELEMENT_ERROR_CODES[issue.kind];
			if (!code || issue.elementPosition === undefined) continue;
			const where = issue.componentPosition ? [String(issue.elementPosition), String(issue.componentPosition)] : String(issue.elementPosition);
			const note: Segment = [type === '999' ? 'IK4' : 'AK4', where, issue.elementReference ?? '', code];
			if (issue.value !== undefined) note.push(issue.value.slice(0, 99));
			segments.push(note);
		}
	}
	return segments;
}

function acknowledgeGroup(group: FunctionalGroup, type: X12AcknowledgmentType): X12Acknowledgment {
	const header = group.header;
	const body: Segment[] = [];
	const ak1: Segment = ['AK1', elementText(header, 1), elementText(header, 6)];
	if (type === '999') ak1.push(elementText(header, 8));
	body.push(ak1);
	const sets: SetAcknowledgment[] = [];
	for (const set of group.sets) {
		const issues = setIssues('X12', set);
		const ak2: Segment = ['AK2', set.id, set.controlNumber];
		const reference = elementText(set.segments[0], 3);
		if (type === '999' && reference) ak2.push(reference);
		body.push(ak2);
		body.push(...segmentNotes(issues, type));
		const codes = unique(
			issues.map((issue) => (isContentIssue(issue) ? SET_SEGMENTS_IN_ERROR : (SET_ERROR_CODES[issue.kind] ?? SET_SEGMENTS_IN_ERROR))),
		).slice(0, 5);
		const status = issues.length === 0 ? 'A' : 'R';
		body.push([type === '999' ? 'IK5' : 'AK5', status, ...codes]);
		sets.push({ id: set.id, controlNumber: set.controlNumber, status, errorCodes: codes, problems: issues.map((issue) => issue.message) });
	}
	const accepted = sets.filter((set) => set.status === 'A').length;
	const groupCodes = unique(group.issues.map((issue) => GROUP_ERROR_CODES[issue.kind]).filter((code): code is string => code !== undefined)).slice(0, 5);
	const status: GroupAcknowledgment['status'] =
		sets.length === 0 || accepted === 0 ? 'R' : accepted < sets.length ? 'P' : groupCodes.length > 0 ? 'E' : 'A';
	const declared = Number(elementText(group.trailer, 1));
	const setsIncluded = group.trailer && Number.isInteger(declared) ? declared : sets.length;
	body.push(['AK9', status, String(setsIncluded), String(sets.length), String(accepted), ...groupCodes]);
	return {
		type,
		group,
		body,
		summary: {
			functionalId: elementText(header, 1),
			controlNumber: elementText(header, 6),
			status,
			setsIncluded,
			setsReceived: sets.length,
			setsAccepted: accepted,
			errorCodes: groupCodes,
			problems: group.issues.map((issue) => issue.message),
			sets,
		},
	};
}

/** One acknowledgment per functional group of `interchange`; `type` 'auto' picks per group. */
export function acknowledgeX12(interchange: Interchange, type: X12AcknowledgmentType | 'auto'): X12Acknowledgment[] {
	return interchange.groups.filter((group) => group.header).map((group) => acknowledgeGroup(group, type === 'auto' ? acknowledgmentTypeFor(group) : type));
}
