/**
 * The one model of an EDI file that the readers produce and the writers consume, for X12 and
 * EDIFACT alike: interchanges holding functional groups holding transaction sets (messages), each
 * set a list of segments. Values are unescaped text; the writers escape and count.
 *
 * A segment is `[tag, ...elements]`. An element is a string, a composite (`string[]`, its
 * components), or a repeated element (`string[][]`, each repetition a list of components, one
 * component for a simple element). The three shapes cannot be confused: only repetitions hold arrays.
 */

import type { EdiIssue } from './issues';

export type Standard = 'X12' | 'EDIFACT';

export type Element = string | string[] | string[][];

/** `[tag, element 1, element 2, …]`. */
export type Segment = [string, ...Element[]];

/** The characters that structure a file, and how its lines are laid out. */
export interface Delimiters {
	element: string;
	component: string;
	/** X12 ISA11 from 00402 on; EDIFACT syntax 4 (UNA5). Empty when the file has none. */
	repetition: string;
	segment: string;
	/** EDIFACT only (UNA4); X12 has no release character. */
	release?: string;
	/** EDIFACT only (UNA3). */
	decimal?: string;
	/** Characters after every segment terminator: '', '\n' or '\r\n'. */
	lineBreak: string;
	/** Hard wrapping of the whole stream into lines of this many characters (0: none). */
	lineWidth: number;
	/** What follows the last segment's content: the terminator, plus a line break or not; or nothing. */
	fileEnding: string;
	/** EDIFACT: whether the interchange starts with a UNA service string advice. */
	serviceStringAdvice?: boolean;
	/** How the file's bytes map to characters: UTF-8 when they are valid UTF-8, else Latin-1 (one byte, one character). */
	encoding: 'utf8' | 'latin1';
}

export interface TransactionSet {
	/** ST01 or the message type of UNH02 (e.g. ORDERS). */
	id: string;
	/** ST02 or UNH01. */
	controlNumber: string;
	/** ST..SE or UNH..UNT inclusive, as read. */
	segments: Segment[];
	/** Position of the first segment in the file, counting segments from 1. */
	position: number;
	issues: EdiIssue[];
}

export interface FunctionalGroup {
	/** GS or UNG; absent for EDIFACT messages sent without a group. */
	header?: Segment;
	trailer?: Segment;
	sets: TransactionSet[];
	position: number;
	issues: EdiIssue[];
}

export interface Interchange {
	standard: Standard;
	delimiters: Delimiters;
	/** ISA (elements as written, never split) or UNB. */
	header: Segment;
	trailer?: Segment;
	/** X12 TA1 and other interchange-level segments written between ISA and the first GS. */
	interchangeSegments: Segment[];
	groups: FunctionalGroup[];
	position: number;
	issues: EdiIssue[];
}

export const X12_DEFAULT_DELIMITERS: Delimiters = {
	element: '*',
	component: '>',
	repetition: '^',
	segment: '~',
	lineBreak: '\n',
	lineWidth: 0,
	fileEnding: '~\n',
	encoding: 'utf8',
};

export const EDIFACT_DEFAULT_DELIMITERS: Delimiters = {
	element: '+',
	component: ':',
	repetition: '',
	segment: "'",
	release: '?',
	decimal: '.',
	lineBreak: '\n',
	lineWidth: 0,
	fileEnding: "'\n",
	serviceStringAdvice: true,
	encoding: 'utf8',
};

/** The text of one element position, components joined by ':' for display; '' when absent. */
export function elementText(segment: Segment | undefined, position: number, component?: number): string {
	const value = segment?.[position];
	if (value === undefined) return '';
	if (typeof value === 'string') return component === undefined || component === 1 ? value : '';
	const first = Array.isArray(value[0]) ? (value[0] as string[]) : (value as string[]);
	if (component === undefined) return first.join(':');
	return first[component - 1] ?? '';
}
