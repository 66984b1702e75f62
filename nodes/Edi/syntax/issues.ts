/**
 * What can be wrong in an EDI file, as data: the readers record problems where they find them
 * (on the interchange, group or transaction set) instead of stopping, so that the Parse operation
 * can still deliver the sound transaction sets and the Acknowledge operation can report the faults
 * in AK3/AK4 (IK3/IK4) or UCS/UCD. Code that reacts to a problem checks its `kind`, never its text.
 */
import { elementText, type Segment } from './document';

export type IssueKind =
	/** The file is neither X12 nor EDIFACT. */
	| 'notEdi'
	/** A delimiter the ISA or UNA declares cannot be one (a letter, a digit, or used twice). */
	| 'unknownDelimiter'
	/** An envelope is not closed: the file ends (or the next interchange starts) before SE/GE/IEA, UNT/UNE/UNZ. */
	| 'truncated'
	/** A trailer's count (SE01, GE01, IEA01, UNT01, UNE01, UNZ01) differs from what was counted. */
	| 'countMismatch'
	/** A trailer's control number differs from its header's. */
	| 'controlNumberMismatch'
	/** A segment outside the envelope that should hold it, or an envelope segment out of place. */
	| 'segmentOutsideEnvelope'
	/** A segment whose tag is not 2 or 3 letters and digits. */
	| 'invalidSegmentId'
	/** A required segment of a known transaction set is missing. */
	| 'missingSegment'
	/** A required element of a known segment is empty. */
	| 'missingElement'
	/** A numeric element holds something else. */
	| 'invalidCharacter'
	/** The ISA segment does not have its 16 fixed-width elements. */
	| 'invalidHeader';

export type IssueLevel = 'file' | 'interchange' | 'group' | 'set';

export interface EdiIssue {
	kind: IssueKind;
	level: IssueLevel;
	/** A sentence saying what is wrong, without the interchange (the reporter adds it). */
	message: string;
	/** Position in the file of the segment concerned, counting segments from 1. */
	position: number;
	/** The tag of that segment. */
	segmentId?: string;
	/** Its position within the transaction set (ST or UNH is 1), for segment and element faults. */
	positionInSet?: number;
	/** 1-based element position, and component position within a composite, for element faults. */
	elementPosition?: number;
	componentPosition?: number;
	/** A data element reference number (X12 AK402/IK402), when the set's mapping knows it. */
	elementReference?: string;
	/** The faulty value, when there is one (X12 AK404/IK404). */
	value?: string;
}

/** Whether two control numbers are the same, also when one is zero-padded ('3438' and '000003438'). */
export function sameControlNumber(a: string, b: string): boolean {
	const left = a.trim();
	const right = b.trim();
	if (left === right) return true;
	return /^\d+$/.test(left) && /^\d+$/.test(right) && Number(left) === Number(right);
}

/** What a trailer (SE, GE, IEA; UNT, UNE, UNZ) must agree with: what was counted and its header's control number. */
export interface TrailerExpectation {
	count: number;
	/** What follows the declared count in the message: ' segments but message 1 (ORDERS) has 3', ' but 2 groups were found'. */
	countMismatch: string;
	control: string;
	/** Where the control number stands in the header: 'ST02', 'GS06', 'UNB05'. */
	headerName: string;
}

/**
 * The faults of a trailer whose first element (the count) and second (the control number) differ
 * from what was read; both standards' trailers have this shape.
 */
export function trailerIssues(trailer: Segment, position: number, level: IssueLevel, expected: TrailerExpectation): EdiIssue[] {
	const tag = trailer[0];
	const issues: EdiIssue[] = [];
	const declared = elementText(trailer, 1, 1);
	if (Number(declared) !== expected.count || !/^\d+$/.test(declared.trim())) {
		issues.push({ kind: 'countMismatch', level, message: `${tag}01 says ${JSON.stringify(declared)}${expected.countMismatch}`, position, segmentId: tag });
	}
	const control = elementText(trailer, 2, 1);
	if (!sameControlNumber(control, expected.control)) {
		issues.push({
			kind: 'controlNumberMismatch',
			level,
			message: `${tag}02 ${JSON.stringify(control)} differs from ${expected.headerName} ${JSON.stringify(expected.control)}`,
			position,
			segmentId: tag,
		});
	}
	return issues;
}

/** What a group or interchange trailer must agree with: `count` of what it holds (`counted`) and its header's control number. */
export function holding(count: number, counted: string, control: string, headerName: string): TrailerExpectation {
	return { count, countMismatch: ` but ${count} ${counted} were found`, control, headerName };
}

/** The fault of a set or group that the file leaves without its trailer, noted where the envelope starts. */
export function unclosedIssue(
	level: 'set' | 'group',
	envelope: { position: number; name: string; headerTag: string; trailerTag: string },
	reason: string,
	position: number,
): EdiIssue {
	return {
		kind: 'truncated',
		level,
		message: `${envelope.name} has no ${envelope.trailerTag}: ${reason} at segment ${position}`,
		position: envelope.position,
		segmentId: envelope.headerTag,
	};
}

/** A fault that stops reading or writing altogether (not EDI, an unusable delimiter, a value that cannot be written). */
export class EdiSyntaxError extends Error {
	constructor(
		readonly kind: IssueKind | 'unwritableValue' | 'missingEnvelopeField' | 'invalidInput',
		message: string,
	) {
		super(message);
		this.name = 'EdiSyntaxError';
	}
}

const CONTENT_KINDS: ReadonlySet<IssueKind> = new Set(['invalidSegmentId', 'missingSegment', 'missingElement', 'invalidCharacter']);

/**
 * Whether an issue is about a set's content (a segment or element the acknowledgment reports in
 * AK3/AK4 or UCS/UCD) rather than its envelope. Parse delivers a set with content issues, listed on
 * the item; a set with envelope faults becomes an error.
 */
export function isContentIssue(issue: EdiIssue): boolean {
	return CONTENT_KINDS.has(issue.kind);
}
