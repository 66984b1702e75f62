/**
 * The EDIFACT CONTRL message that acknowledges a received interchange: UCI for the interchange,
 * UCF for each group (when the interchange has UNG groups), UCM for each message, and UCS/UCD for
 * the segments and elements found in error, with the action codes (0083) and syntax error codes
 * (0085) of the UN/EDIFACT service directory.
 */
import { elementText, type Interchange, type Segment, type TransactionSet } from '../syntax/document';
import { isContentIssue, type EdiIssue, type IssueKind } from '../syntax/issues';
import { setIssues } from '../readable';

/** 0083: 4 = this level and all lower levels rejected; 7 = this level acknowledged, lower levels too unless rejected. */
const ACCEPTED = '7';
const REJECTED = '4';

/** 0085 syntax error codes for envelope faults. */
const ENVELOPE_ERROR_CODES: Partial<Record<IssueKind, string>> = {
	truncated: '13',
	controlNumberMismatch: '28',
	countMismatch: '29',
	segmentOutsideEnvelope: '33',
	unknownDelimiter: '22',
	invalidHeader: '12',
};

/** 0085 codes for segment (UCS) and element (UCD) faults. */
const SEGMENT_ERROR_CODES: Partial<Record<IssueKind, string>> = {
	invalidSegmentId: '15',
	missingSegment: '13',
};
const ELEMENT_ERROR_CODES: Partial<Record<IssueKind, string>> = {
	missingElement: '13',
	invalidCharacter: '37',
};

export interface MessageAcknowledgment {
	id: string;
	controlNumber: string;
	/** 7 accepted, 4 rejected. */
	action: string;
	errorCode?: string;
	problems: string[];
}

export interface ControlSummary {
	interchangeReference: string;
	action: string;
	errorCode?: string;
	problems: string[];
	messages: MessageAcknowledgment[];
}

export interface EdifactControl {
	/** The CONTRL's segments between UNH and UNT. */
	body: Segment[];
	summary: ControlSummary;
}

/** A missing trailer is reported with the tag that is missing, not the header that opened it. */
const MISSING_TRAILERS: Record<string, string> = { interchange: 'UNZ', group: 'UNE', set: 'UNT' };

function firstCode(issues: EdiIssue[]): { code?: string; segmentTag?: string } {
	for (const issue of issues) {
		const code = ENVELOPE_ERROR_CODES[issue.kind];
		if (code) return { code, segmentTag: issue.kind === 'truncated' ? MISSING_TRAILERS[issue.level] : issue.segmentId };
	}
	return {};
}

function messageResponse(set: TransactionSet, decimal: string): { segments: Segment[]; summary: MessageAcknowledgment } {
	const issues = setIssues('EDIFACT', set, decimal);
	const envelope = firstCode(issues.filter((issue) => !isContentIssue(issue)));
	const content = issues.filter(isContentIssue);
	const rejected = issues.length > 0;
	const header = set.segments[0];
	const identifier = [1, 2, 3, 4, 5].map((component) => elementText(header, 2, component));
	while (identifier.length > 1 && identifier[identifier.length - 1] === '') identifier.pop();
	const ucm: Segment = ['UCM', set.controlNumber, identifier, rejected ? REJECTED : ACCEPTED];
	if (envelope.code) ucm.push(envelope.code, envelope.segmentTag ?? '');
	const segments: Segment[] = [ucm];
	const byPosition = new Map<number, EdiIssue[]>();
	for (const issue of content) {
		const position = issue.positionInSet ?? 1;
		byPosition.set(position, [...(byPosition.get(position) ?? []), issue]);
	}
	for (const [position, found] of [...byPosition.entries()].sort(([a], [b]) => a - b)) {
		const segmentCode = SEGMENT_ERROR_CODES[found[0].kind];
		segments.push(segmentCode ? ['UCS', String(position), segmentCode] : ['UCS', String(position)]);
		for (const issue of found) {
			const code = ELEMENT_ERROR_CODES[issue.kind];
			if (!code || issue.elementPosition === undefined) continue;
			segments.push(['UCD', code, issue.componentPosition ? [String(issue.elementPosition), String(issue.componentPosition)] : String(issue.elementPosition)]);
		}
	}
	return {
		segments,
		summary: {
			id: set.id,
			controlNumber: set.controlNumber,
			action: rejected ? REJECTED : ACCEPTED,
			...(envelope.code ? { errorCode: envelope.code } : {}),
			problems: issues.map((issue) => issue.message),
		},
	};
}

export function acknowledgeEdifact(interchange: Interchange): EdifactControl {
	const { header } = interchange;
	const decimal = interchange.delimiters.decimal ?? '.';
	const interchangeFault = firstCode(interchange.issues);
	const reference = elementText(header, 5);
	const party = (position: number): string | string[] => {
		const id = elementText(header, position, 1);
		const qualifier = elementText(header, position, 2);
		return qualifier ? [id, qualifier] : id;
	};
	const uci: Segment = ['UCI', reference, party(2), party(3), interchangeFault.code ? REJECTED : ACCEPTED];
	if (interchangeFault.code) uci.push(interchangeFault.code, interchangeFault.segmentTag ?? '');
	const body: Segment[] = [uci];
	const messages: MessageAcknowledgment[] = [];
	for (const group of interchange.groups) {
		if (group.header) {
			const groupFault = firstCode(group.issues);
			const ucf: Segment = ['UCF', elementText(group.header, 5), elementText(group.header, 2, 1), elementText(group.header, 3, 1), groupFault.code ? REJECTED : ACCEPTED];
			if (groupFault.code) ucf.push(groupFault.code, groupFault.segmentTag ?? '');
			body.push(ucf);
		}
		for (const set of group.sets) {
			const response = messageResponse(set, decimal);
			body.push(...response.segments);
			messages.push(response.summary);
		}
	}
	return {
		body,
		summary: {
			interchangeReference: reference,
			action: interchangeFault.code ? REJECTED : ACCEPTED,
			...(interchangeFault.code ? { errorCode: interchangeFault.code } : {}),
			problems: [...interchange.issues, ...interchange.groups.flatMap((group) => group.issues)].map((issue) => issue.message),
			messages,
		},
	};
}
