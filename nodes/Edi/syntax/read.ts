/**
 * Reads an EDI file of either standard: decodes its bytes (UTF-8 when they are valid UTF-8, else
 * Latin-1, so that any byte survives a round trip) and hands the text to the X12 or EDIFACT reader
 * by its first segment.
 */
import type { Delimiters } from './document';
import { readEdifact } from './edifactReader';
import { readX12, type ReadResult } from './x12Reader';

export type { ReadResult } from './x12Reader';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeBytes(content: Buffer): { text: string; encoding: Delimiters['encoding'] } {
	try {
		return { text: strictUtf8.decode(content), encoding: 'utf8' };
	} catch {
		return { text: content.toString('latin1'), encoding: 'latin1' };
	}
}

/** 'X12', 'EDIFACT', or undefined when the text starts with neither an ISA nor a UNA/UNB. */
export function detectStandard(text: string): 'X12' | 'EDIFACT' | undefined {
	const head = text.replace(/^[\s\uFEFF]+/, '').slice(0, 3);
	if (head === 'ISA') return 'X12';
	if (head === 'UNA' || head === 'UNB') return 'EDIFACT';
	return undefined;
}

export function readEdi(content: Buffer | string): ReadResult {
	const { text, encoding } = typeof content === 'string' ? { text: content, encoding: 'utf8' as const } : decodeBytes(content);
	const standard = detectStandard(text);
	if (standard === 'X12') return readX12(text, encoding);
	if (standard === 'EDIFACT') return readEdifact(text, encoding);
	const start = JSON.stringify(text.replace(/^[\s\uFEFF]+/, '').slice(0, 20));
	return {
		interchanges: [],
		issues: [
			{
				kind: 'notEdi',
				level: 'file',
				message: text.trim() === '' ? 'the file is empty' : `the file starts with ${start}, not with an X12 ISA or an EDIFACT UNA/UNB segment`,
				position: 0,
			},
		],
	};
}
