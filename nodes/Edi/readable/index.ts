/** Which readable form (if any) describes a transaction set or message. */
import type { Standard, TransactionSet } from '../syntax/document';
import type { EdiIssue } from '../syntax/issues';
import { EDIFACT_MESSAGES } from './edifactMessages';
import { checkSet, type SetDescription } from './mapping';
import { X12_SETS } from './x12Sets';

export function describeSet(standard: Standard, id: string): SetDescription | undefined {
	const sets = standard === 'X12' ? X12_SETS : EDIFACT_MESSAGES;
	return Object.prototype.hasOwnProperty.call(sets, id) ? sets[id] : undefined;
}

/** The ids with a readable form, per standard, for descriptions and docs. */
export const READABLE_SETS = { X12: Object.keys(X12_SETS), EDIFACT: Object.keys(EDIFACT_MESSAGES) };

/**
 * The issues of a transaction set: what the reader found in its envelope and segment tags, plus
 * the element checks of its readable form when it has one.
 */
export function setIssues(standard: Standard, set: TransactionSet, decimal = '.'): EdiIssue[] {
	const description = describeSet(standard, set.id);
	if (!description || set.segments.length < 2) return set.issues;
	const last = set.segments[set.segments.length - 1][0];
	const closed = last === (standard === 'X12' ? 'SE' : 'UNT');
	const body = set.segments.slice(1, closed ? -1 : undefined);
	return [...set.issues, ...checkSet(description, body, set.position, decimal)];
}
