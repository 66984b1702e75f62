/**
 * Reads UN/EDIFACT interchanges (UNA? UNB…UNZ) into the document model. Delimiters come from the
 * UNA service string advice (component, element, decimal mark, release character, repetition
 * separator or space, terminator) or are the defaults `:+.? '`. A delimiter preceded by the release
 * character is data; values are returned without their release characters. Messages sent without
 * UNG/UNE sit in one group without a header.
 *
 * Faults are recorded as issues on the envelope they concern and reading goes on.
 */
import { EDIFACT_DEFAULT_DELIMITERS, elementText, type Delimiters, type FunctionalGroup, type Interchange, type Segment, type TransactionSet } from './document';
import { holding, trailerIssues, unclosedIssue, type EdiIssue } from './issues';
import { isAlphanumeric, lineBreakAt, withoutLineBreaks, wrapWidth } from './layout';
import type { ReadResult } from './x12Reader';

const SEGMENT_ID = /^[A-Z0-9]{3}$/;

/** Splits one segment's text (release characters still in it) into unescaped elements, composites and repetitions. */
export function splitEdifactSegment(text: string, delimiters: Delimiters): Segment {
	const { element, component, repetition, release } = delimiters;
	const elements: string[][][] = [];
	let repetitions: string[][] = [];
	let components: string[] = [];
	let current = '';
	for (let index = 0; index < text.length; index++) {
		const character = text[index];
		if (character === release && index + 1 < text.length) {
			current += text[++index];
		} else if (character === element) {
			components.push(current);
			repetitions.push(components);
			elements.push(repetitions);
			repetitions = [];
			components = [];
			current = '';
		} else if (character === component) {
			components.push(current);
			current = '';
		} else if (repetition && character === repetition) {
			components.push(current);
			repetitions.push(components);
			components = [];
			current = '';
		} else {
			current += character;
		}
	}
	components.push(current);
	repetitions.push(components);
	elements.push(repetitions);
	const segment: Segment = [elements[0][0][0]];
	for (let index = 1; index < elements.length; index++) {
		const value = elements[index];
		if (value.length > 1) segment.push(value);
		else if (value[0].length > 1) segment.push(value[0]);
		else segment.push(value[0][0]);
	}
	return segment;
}

/** Index of the next unreleased `terminator` at or after `from`, or -1. */
function nextTerminator(text: string, terminator: string, release: string, from: number): number {
	let index = text.indexOf(terminator, from);
	while (index !== -1 && release) {
		let releases = 0;
		while (index - releases - 1 >= from && text[index - releases - 1] === release) releases++;
		if (releases % 2 === 0) return index;
		index = text.indexOf(terminator, index + 1);
	}
	return index;
}

function skipSpace(text: string, index: number): number {
	while (index < text.length && /\s|\uFEFF/.test(text[index])) index++;
	return index;
}

interface UnaScan {
	delimiters?: Delimiters;
	bodyStart: number;
	issue?: string;
}

function scanUna(text: string, start: number, encoding: Delimiters['encoding']): UnaScan {
	if (!text.startsWith('UNA', start)) {
		return { delimiters: { ...EDIFACT_DEFAULT_DELIMITERS, serviceStringAdvice: false, encoding }, bodyStart: start };
	}
	const advice = text.slice(start + 3, start + 9);
	if (advice.length < 6) return { bodyStart: text.length, issue: 'the UNA service string advice is cut short (it needs 6 characters)' };
	const [component, element, decimal, release, repetition, segment] = advice;
	const structural = [component, element, segment];
	const unusable = structural.find((character) => isAlphanumeric(character) || character === ' ' || character === '\r' || character === '\n');
	if (unusable !== undefined) {
		return { bodyStart: text.length, issue: `UNA declares ${JSON.stringify(unusable)} as a delimiter, which cannot be one` };
	}
	const declared = [component, element, segment, release === ' ' ? '' : release, repetition === ' ' ? '' : repetition].filter(Boolean);
	if (new Set(declared).size < declared.length) {
		return { bodyStart: text.length, issue: `UNA ${JSON.stringify(advice)} uses one character for two delimiters` };
	}
	return {
		bodyStart: start + 9,
		delimiters: {
			element,
			component,
			repetition: repetition === ' ' ? '' : repetition,
			segment,
			release: release === ' ' ? '' : release,
			decimal,
			lineBreak: lineBreakAt(text, start + 9),
			lineWidth: 0,
			fileEnding: segment,
			serviceStringAdvice: true,
			encoding,
		},
	};
}

class EdifactInterchangeReader {
	private group?: FunctionalGroup;
	private implicitGroup?: FunctionalGroup;
	private set?: TransactionSet;
	interchange?: Interchange;

	constructor(private readonly delimiters: Delimiters) {}

	private closeSet(position: number, reason: string): void {
		if (!this.set) return;
		const name = `message ${this.set.controlNumber} (${this.set.id})`;
		this.set.issues.push(unclosedIssue('set', { position: this.set.position, name, headerTag: 'UNH', trailerTag: 'UNT' }, reason, position));
		this.set = undefined;
	}

	private closeGroup(position: number, reason: string): void {
		this.closeSet(position, reason);
		if (!this.group) return;
		const name = `group ${elementText(this.group.header, 5, 1)}`;
		this.group.issues.push(unclosedIssue('group', { position: this.group.position, name, headerTag: 'UNG', trailerTag: 'UNE' }, reason, position));
		this.group = undefined;
	}

	/** Takes one segment; returns true when it closed the interchange (UNZ). */
	accept(segment: Segment, position: number, fileIssues: EdiIssue[]): boolean {
		const tag = segment[0];
		if (!this.interchange) {
			if (tag === 'UNB') {
				this.interchange = { standard: 'EDIFACT', delimiters: this.delimiters, header: segment, groups: [], interchangeSegments: [], position, issues: [] };
			} else {
				fileIssues.push({
					kind: 'segmentOutsideEnvelope',
					level: 'file',
					message: `segment ${position} (${tag}) is outside any interchange (no UNB before it)`,
					position,
					segmentId: tag,
				});
			}
			return false;
		}
		const interchange = this.interchange;
		switch (tag) {
			case 'UNG':
				this.closeGroup(position, 'a new UNG starts');
				this.group = { header: segment, sets: [], position, issues: [] };
				interchange.groups.push(this.group);
				return false;
			case 'UNH': {
				this.closeSet(position, 'a new UNH starts');
				let group = this.group;
				if (!group) {
					if (!this.implicitGroup) {
						this.implicitGroup = { sets: [], position, issues: [] };
						interchange.groups.push(this.implicitGroup);
					}
					group = this.implicitGroup;
				}
				this.set = { id: elementText(segment, 2, 1), controlNumber: elementText(segment, 1, 1), segments: [segment], position, issues: [] };
				group.sets.push(this.set);
				return false;
			}
			case 'UNT': {
				const set = this.set;
				if (!set) {
					this.outside(segment, position);
					return false;
				}
				set.segments.push(segment);
				set.issues.push(
					...trailerIssues(segment, position, 'set', {
						count: set.segments.length,
						countMismatch: ` segments but message ${set.controlNumber} (${set.id}) has ${set.segments.length}`,
						control: set.controlNumber,
						headerName: 'UNH01',
					}),
				);
				this.set = undefined;
				return false;
			}
			case 'UNE': {
				this.closeSet(position, 'UNE comes first');
				const group = this.group;
				if (!group) {
					this.outside(segment, position);
					return false;
				}
				group.trailer = segment;
				group.issues.push(...trailerIssues(segment, position, 'group', holding(group.sets.length, 'messages', elementText(group.header, 5, 1), 'UNG05')));
				this.group = undefined;
				return false;
			}
			case 'UNZ': {
				this.closeGroup(position, 'UNZ comes first');
				this.closeSet(position, 'UNZ comes first');
				interchange.trailer = segment;
				const explicitGroups = interchange.groups.filter((group) => group.header).length;
				const counted = explicitGroups > 0 ? explicitGroups : interchange.groups.reduce((sum, group) => sum + group.sets.length, 0);
				interchange.issues.push(
					...trailerIssues(segment, position, 'interchange', holding(counted, explicitGroups > 0 ? 'groups' : 'messages', elementText(interchange.header, 5, 1), 'UNB05')),
				);
				return true;
			}
			default:
				if (this.set) {
					this.set.segments.push(segment);
					if (!SEGMENT_ID.test(tag)) {
						this.set.issues.push({
							kind: 'invalidSegmentId',
							level: 'set',
							message: `segment ${position} has the tag ${JSON.stringify(tag)}, which is not 3 letters and digits`,
							position,
							segmentId: tag,
							positionInSet: this.set.segments.length,
						});
					}
				} else {
					this.outside(segment, position);
				}
				return false;
		}
	}

	private outside(segment: Segment, position: number): void {
		const target = this.group ?? this.interchange!;
		target.issues.push({
			kind: 'segmentOutsideEnvelope',
			level: this.group ? 'group' : 'interchange',
			message: `segment ${position} (${segment[0]}) is outside a message`,
			position,
			segmentId: segment[0],
		});
	}

	finish(position: number, reason: string): void {
		if (!this.interchange) return;
		this.closeGroup(position, reason);
		this.closeSet(position, reason);
		if (!this.interchange.trailer) {
			this.interchange.issues.push({
				kind: 'truncated',
				level: 'interchange',
				message: `the interchange has no UNZ: ${reason} after segment ${position - 1}`,
				position: this.interchange.position,
				segmentId: 'UNB',
			});
		}
	}
}

/** Reads every interchange in an EDIFACT file. `position` counts segments across the file (UNA not counted). */
export function readEdifact(text: string, encoding: Delimiters['encoding'] = 'utf8'): ReadResult {
	const result: ReadResult = { interchanges: [], issues: [] };
	let cursor = skipSpace(text, 0);
	let position = 0;
	while (cursor < text.length) {
		const interchangeStart = cursor;
		const una = scanUna(text, cursor, encoding);
		if (!una.delimiters) {
			result.interchanges.push({
				standard: 'EDIFACT',
				delimiters: { ...EDIFACT_DEFAULT_DELIMITERS, encoding },
				header: ['UNA'],
				groups: [],
				interchangeSegments: [],
				position: position + 1,
				issues: [{ kind: 'unknownDelimiter', level: 'interchange', message: una.issue!, position: position + 1, segmentId: 'UNA' }],
			});
			break;
		}
		const delimiters = una.delimiters;
		const release = delimiters.release ?? '';
		const reader = new EdifactInterchangeReader(delimiters);
		cursor = una.bodyStart;
		let lastContentEnd = cursor;
		let closed = false;
		let sawLineBreakInside = false;
		let sawBreakAfterTerminator = false;
		while (cursor < text.length) {
			cursor = skipSpace(text, cursor);
			if (cursor >= text.length) break;
			if (reader.interchange && (text.startsWith('UNA', cursor) || text.startsWith(`UNB${delimiters.element}`, cursor))) break;
			const found = nextTerminator(text, delimiters.segment, release, cursor);
			const end = found === -1 ? text.length : found;
			let segmentText = text.slice(cursor, end);
			if (/[\r\n]/.test(segmentText)) {
				sawLineBreakInside = true;
				segmentText = withoutLineBreaks(segmentText);
			}
			position++;
			lastContentEnd = end;
			cursor = found === -1 ? text.length : found + delimiters.segment.length;
			if (lineBreakAt(text, cursor)) sawBreakAfterTerminator = true;
			if (reader.accept(splitEdifactSegment(segmentText, delimiters), position, result.issues)) {
				closed = true;
				break;
			}
		}
		if (!closed) reader.finish(position + 1, cursor >= text.length ? 'the file ends' : 'the next interchange starts');
		if (!reader.interchange) break;
		let ending = lastContentEnd;
		if (text.startsWith(delimiters.segment, ending)) ending += delimiters.segment.length;
		ending += lineBreakAt(text, ending).length;
		delimiters.fileEnding = text.slice(lastContentEnd, ending);
		if (sawLineBreakInside) {
			delimiters.lineBreak = '';
			delimiters.lineWidth = wrapWidth(text, interchangeStart, lastContentEnd);
		} else if (!sawBreakAfterTerminator) {
			delimiters.lineBreak = '';
		} else if (!delimiters.serviceStringAdvice) {
			delimiters.lineBreak = lineBreakAt(text, text.indexOf(delimiters.segment, interchangeStart) + 1);
		}
		result.interchanges.push(reader.interchange);
		cursor = skipSpace(text, Math.max(cursor, ending));
	}
	if (result.interchanges.length === 0 && result.issues.length === 0) {
		result.issues.push({ kind: 'notEdi', level: 'file', message: 'the file holds no UNB interchange header', position: 0 });
	}
	return result;
}
