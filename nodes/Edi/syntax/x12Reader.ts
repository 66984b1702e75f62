/**
 * Reads X12 interchanges (ISA…IEA) into the document model. Delimiters come from each ISA: the
 * element separator is its 4th character, the component separator ISA16, the repetition separator
 * ISA11 when it is not a letter or digit (00402 and later), and the terminator the character after
 * ISA16, which may be a line break. Line breaks that are not the terminator are layout (a break after
 * each segment, or 80-column wrapping) and are dropped, and recorded so the writer can restore them.
 *
 * Faults are recorded as issues on the envelope they concern and reading goes on, so one broken
 * transaction set does not hide the others.
 */
import { elementText, type Delimiters, type FunctionalGroup, type Interchange, type Segment, type TransactionSet } from './document';
import { holding, trailerIssues, unclosedIssue, type EdiIssue } from './issues';
import { hasLineBreak, isAlphanumeric, lineBreakAt, withoutLineBreaks, wrapWidth } from './layout';

export interface ReadResult {
	interchanges: Interchange[];
	/** Problems outside any interchange (content between interchanges, a file that is not EDI). */
	issues: EdiIssue[];
}

const ISA_ELEMENTS = 16;
const SEGMENT_ID = /^[A-Z0-9]{2,3}$/;

/** Splits one segment's text into its elements, composites and repetitions (ISA is never split). */
export function splitX12Segment(text: string, delimiters: Delimiters): Segment {
	const parts = text.split(delimiters.element);
	if (parts[0] === 'ISA') return parts as Segment;
	const { component, repetition } = delimiters;
	const segment: Segment = [parts[0]];
	for (let index = 1; index < parts.length; index++) {
		const value = parts[index];
		if (repetition && value.includes(repetition)) {
			segment.push(value.split(repetition).map((part) => part.split(component)));
		} else if (value.includes(component)) {
			segment.push(value.split(component));
		} else {
			segment.push(value);
		}
	}
	return segment;
}

interface IsaScan {
	delimiters?: Delimiters;
	/** Index just after the ISA's terminator. */
	bodyStart: number;
	header: Segment;
	issue?: string;
	issueKind?: EdiIssue['kind'];
}

/** Finds the delimiters in the ISA starting at `start`, stepping over line breaks from wrapping. */
function scanIsa(text: string, start: number, encoding: Delimiters['encoding']): IsaScan {
	const element = text[start + 3];
	if (element === undefined || isAlphanumeric(element) || /\s/.test(element)) {
		return {
			bodyStart: text.length,
			header: ['ISA'],
			issueKind: 'unknownDelimiter',
			issue: `the character after ISA is ${JSON.stringify(element ?? '')}, which cannot be an element separator`,
		};
	}
	let separators = 0;
	let index = start + 3;
	while (index < text.length && separators < ISA_ELEMENTS) {
		if (text[index] === element) separators++;
		index++;
	}
	while (index < text.length && (text[index] === '\r' || text[index] === '\n')) index++;
	if (separators < ISA_ELEMENTS || index >= text.length) {
		return {
			bodyStart: text.length,
			header: ['ISA'],
			issueKind: 'truncated',
			issue: `the ISA segment is cut short: the file ends after ${separators} of its 16 elements`,
		};
	}
	const component = text[index];
	const terminatorIndex = index + 1;
	let segment = text[terminatorIndex] ?? '';
	if (segment === '\r' && text[terminatorIndex + 1] === '\n') segment = '\r\n';
	const header = withoutLineBreaks(text.slice(start, index + 1)).split(element) as Segment;
	const repetitionCandidate = typeof header[11] === 'string' ? header[11] : '';
	const used = [element, component, segment];
	const unusable =
		segment === ''
			? 'the file ends after ISA16, without a segment terminator'
			: isAlphanumeric(component) || component === ' '
				? `ISA16 ${JSON.stringify(component)} cannot be a component separator`
				: isAlphanumeric(segment) || segment === ' '
					? `the character after ISA16, ${JSON.stringify(segment)}, cannot be a segment terminator`
					: new Set(used).size < used.length
						? `the element separator, component separator and segment terminator are not three different characters (${used.map((value) => JSON.stringify(value)).join(', ')})`
						: undefined;
	if (unusable) {
		return { bodyStart: text.length, header, issueKind: segment === '' ? 'truncated' : 'unknownDelimiter', issue: unusable };
	}
	const repetition =
		repetitionCandidate.length === 1 && !isAlphanumeric(repetitionCandidate) && repetitionCandidate !== ' ' && !used.includes(repetitionCandidate)
			? repetitionCandidate
			: '';
	const newlineTerminated = segment === '\n' || segment === '\r' || segment === '\r\n';
	return {
		header,
		bodyStart: terminatorIndex + segment.length,
		delimiters: {
			element,
			component,
			repetition,
			segment,
			lineBreak: newlineTerminated ? '' : lineBreakAt(text, terminatorIndex + 1),
			lineWidth: 0,
			fileEnding: segment,
			encoding,
		},
	};
}

class X12InterchangeReader {
	private group?: FunctionalGroup;
	private set?: TransactionSet;
	private wrapped = false;
	readonly interchange: Interchange;

	constructor(
		private readonly delimiters: Delimiters,
		header: Segment,
		position: number,
	) {
		this.interchange = { standard: 'X12', delimiters, header, groups: [], interchangeSegments: [], position, issues: [] };
		if (header.length !== ISA_ELEMENTS + 1) {
			this.interchange.issues.push({
				kind: 'invalidHeader',
				level: 'interchange',
				message: `the ISA segment has ${header.length - 1} elements, not 16`,
				position,
				segmentId: 'ISA',
			});
		}
	}

	private issue(target: { issues: EdiIssue[] }, issue: EdiIssue): void {
		target.issues.push(issue);
	}

	private closeSet(position: number, reason: string): void {
		if (!this.set) return;
		const name = `transaction set ${this.set.controlNumber} (${this.set.id})`;
		this.issue(this.set, unclosedIssue('set', { position: this.set.position, name, headerTag: 'ST', trailerTag: 'SE' }, reason, position));
		this.set = undefined;
	}

	private closeGroup(position: number, reason: string): void {
		this.closeSet(position, reason);
		if (!this.group) return;
		const name = `functional group ${groupControl(this.group)}`;
		this.issue(this.group, unclosedIssue('group', { position: this.group.position, name, headerTag: 'GS', trailerTag: 'GE' }, reason, position));
		this.group = undefined;
	}

	/** Takes one segment; returns true when it closed the interchange (IEA). */
	accept(text: string, position: number): boolean {
		if (!this.wrapped && hasLineBreak(text)) {
			this.wrapped = true;
		}
		const segment = splitX12Segment(this.wrapped ? withoutLineBreaks(text) : text, this.delimiters);
		const tag = segment[0];
		switch (tag) {
			case 'GS':
				this.closeGroup(position, 'a new GS starts');
				this.group = { header: segment, sets: [], position, issues: [] };
				this.interchange.groups.push(this.group);
				return false;
			case 'ST': {
				this.closeSet(position, 'a new ST starts');
				if (!this.group) {
					this.group = { sets: [], position, issues: [] };
					this.interchange.groups.push(this.group);
					this.issue(this.group, {
						kind: 'segmentOutsideEnvelope',
						level: 'group',
						message: `ST at segment ${position} is not inside a functional group (no GS before it)`,
						position,
						segmentId: 'ST',
					});
				}
				this.set = { id: elementText(segment, 1), controlNumber: elementText(segment, 2), segments: [segment], position, issues: [] };
				this.group.sets.push(this.set);
				return false;
			}
			case 'SE':
				if (!this.set) {
					this.outside(segment, position);
					return false;
				}
				this.set.segments.push(segment);
				this.set.issues.push(
					...trailerIssues(segment, position, 'set', {
						count: this.set.segments.length,
						countMismatch: ` segments but transaction set ${this.set.controlNumber} (${this.set.id}) has ${this.set.segments.length}`,
						control: this.set.controlNumber,
						headerName: 'ST02',
					}),
				);
				this.set = undefined;
				return false;
			case 'GE':
				this.closeSet(position, 'GE comes first');
				if (!this.group) {
					this.outside(segment, position);
					return false;
				}
				this.group.trailer = segment;
				this.group.issues.push(...trailerIssues(segment, position, 'group', holding(this.group.sets.length, 'transaction sets', elementText(this.group.header, 6), 'GS06')));
				this.group = undefined;
				return false;
			case 'IEA':
				this.closeGroup(position, 'IEA comes first');
				this.interchange.trailer = segment;
				this.interchange.issues.push(
					...trailerIssues(segment, position, 'interchange', holding(this.interchange.groups.length, 'functional groups', elementText(this.interchange.header, 13), 'ISA13')),
				);
				return true;
			default:
				if (this.set) {
					this.set.segments.push(segment);
					if (!SEGMENT_ID.test(tag)) {
						this.issue(this.set, {
							kind: 'invalidSegmentId',
							level: 'set',
							message: `segment ${position} has the tag ${JSON.stringify(tag)}, which is not 2 or 3 letters and digits`,
							position,
							segmentId: tag,
							positionInSet: this.set.segments.length,
						});
					}
				} else if (!this.group && this.interchange.groups.length === 0 && /^(TA1|ISB|ISE)$/.test(tag)) {
					this.interchange.interchangeSegments.push(segment);
				} else {
					this.outside(segment, position);
				}
				return false;
		}
	}

	private outside(segment: Segment, position: number): void {
		const where = this.group ? 'a transaction set' : 'a functional group';
		this.issue(this.group ?? this.interchange, {
			kind: 'segmentOutsideEnvelope',
			level: this.group ? 'group' : 'interchange',
			message: `segment ${position} (${segment[0]}) is outside ${where}`,
			position,
			segmentId: segment[0],
		});
	}

	finish(position: number, reason: string): void {
		this.closeGroup(position, reason);
		if (!this.interchange.trailer) {
			this.issue(this.interchange, {
				kind: 'truncated',
				level: 'interchange',
				message: `the interchange has no IEA: ${reason} after segment ${position - 1}`,
				position: this.interchange.position,
				segmentId: 'ISA',
			});
		}
	}
}

function groupControl(group: FunctionalGroup): string {
	return elementText(group.header, 6) || `at segment ${group.position}`;
}

function skipSpace(text: string, index: number): number {
	while (index < text.length && /\s|\uFEFF/.test(text[index])) index++;
	return index;
}

/** Reads every interchange in an X12 file. `position` counts segments across the whole file. */
export function readX12(text: string, encoding: Delimiters['encoding'] = 'utf8'): ReadResult {
	const result: ReadResult = { interchanges: [], issues: [] };
	let cursor = skipSpace(text, 0);
	let position = 0;
	while (cursor < text.length) {
		if (!text.startsWith('ISA', cursor)) {
			const next = text.indexOf('ISA', cursor);
			const end = next === -1 ? text.length : next;
			position++;
			result.issues.push({
				kind: 'segmentOutsideEnvelope',
				level: 'file',
				message: `${JSON.stringify(text.slice(cursor, Math.min(end, cursor + 40)))} at segment ${position} is outside any interchange (no ISA before it)`,
				position,
			});
			cursor = skipSpace(text, end);
			continue;
		}
		position++;
		const interchangeStart = cursor;
		const scan = scanIsa(text, cursor, encoding);
		if (!scan.delimiters) {
			const interchange: Interchange = {
				standard: 'X12',
				delimiters: { element: text[cursor + 3] ?? '', component: '', repetition: '', segment: '', lineBreak: '', lineWidth: 0, fileEnding: '', encoding },
				header: scan.header,
				groups: [],
				interchangeSegments: [],
				position,
				issues: [{ kind: scan.issueKind!, level: 'interchange', message: scan.issue!, position, segmentId: 'ISA' }],
			};
			result.interchanges.push(interchange);
			// Without delimiters nothing after this ISA can be read reliably; a later ISA may still be.
			const next = text.indexOf('ISA', cursor + 3);
			cursor = next === -1 ? text.length : next;
			continue;
		}
		const { delimiters } = scan;
		const reader = new X12InterchangeReader(delimiters, scan.header, position);
		const terminator = delimiters.segment === '\r\n' ? '\n' : delimiters.segment;
		cursor = scan.bodyStart;
		let closed = false;
		let lastContentEnd = cursor - delimiters.segment.length;
		while (cursor < text.length) {
			cursor = skipSpace(text, cursor);
			if (cursor >= text.length) break;
			if (text.startsWith('ISA', cursor) && text[cursor + 3] !== undefined && !isAlphanumeric(text[cursor + 3])) {
				break;
			}
			const found = text.indexOf(terminator, cursor);
			const end = found === -1 ? text.length : found;
			let segmentText = text.slice(cursor, end);
			lastContentEnd = end;
			if (terminator === '\n' && segmentText.endsWith('\r')) {
				segmentText = segmentText.slice(0, -1);
				lastContentEnd = end - 1;
			}
			position++;
			cursor = found === -1 ? text.length : found + terminator.length;
			if (reader.accept(segmentText, position)) {
				closed = true;
				break;
			}
		}
		if (!closed) reader.finish(position + 1, cursor >= text.length ? 'the file ends' : 'the next ISA starts');
		const interchange = reader.interchange;
		// The layout: what follows the last segment, and whether the stream is hard-wrapped.
		let ending = lastContentEnd;
		if (text.startsWith(delimiters.segment, ending)) ending += delimiters.segment.length;
		if (!/[\r\n]/.test(delimiters.segment)) ending += lineBreakAt(text, ending).length;
		delimiters.fileEnding = text.slice(lastContentEnd, ending);
		if (delimiters.lineBreak === '' && delimiters.segment !== '\n' && delimiters.segment !== '\r\n') {
			delimiters.lineWidth = wrapWidth(text, interchangeStart, lastContentEnd);
		}
		result.interchanges.push(interchange);
		cursor = skipSpace(text, Math.max(cursor, ending));
	}
	if (result.interchanges.length === 0 && result.issues.length === 0) {
		result.issues.push({ kind: 'notEdi', level: 'file', message: 'the file is empty', position: 0 });
	}
	return result;
}
