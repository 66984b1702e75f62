/** Which readable form (if any) describes a transaction set or message. */
import type { Standard } from '../syntax/document';
import { EDIFACT_MESSAGES } from './edifactMessages';
import type { SetDescription } from './mapping';
import { X12_SETS } from './x12Sets';

export function describeSet(standard: Standard, id: string): SetDescription | undefined {
	const sets = standard === 'X12' ? X12_SETS : EDIFACT_MESSAGES;
	return Object.prototype.hasOwnProperty.call(sets, id) ? sets[id] : undefined;
}

/** The ids with a readable form, per standard, for descriptions and docs. */
export const READABLE_SETS = { X12: Object.keys(X12_SETS), EDIFACT: Object.keys(EDIFACT_MESSAGES) };
