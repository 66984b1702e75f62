/**
 * How segments sit on lines, shared by both standards' readers and writers: a line break after
 * every terminator, hard wrapping at a fixed width (80-column files), or one long line. The readers
 * record the layout so that the writers can reproduce a file byte for byte.
 */

const LINE_BREAKS = /[\r\n]/;

export function hasLineBreak(text: string): boolean {
	return LINE_BREAKS.test(text);
}

export function withoutLineBreaks(text: string): string {
	return text.replace(/[\r\n]+/g, '');
}

/** What follows a terminator at `index`: '\r\n', '\n' or ''. */
export function lineBreakAt(text: string, index: number): string {
	if (text[index] === '\r' && text[index + 1] === '\n') return '\r\n';
	if (text[index] === '\n') return '\n';
	return '';
}

/**
 * The width the stream between `start` and `end` is hard-wrapped at, when every line but the last
 * has the same length and the breaks do not follow terminators; 0 otherwise.
 */
export function wrapWidth(text: string, start: number, end: number): number {
	const lines = text.slice(start, end).split('\n');
	if (lines.length < 2) return 0;
	const width = lines[0].replace(/\r$/, '').length;
	if (width === 0) return 0;
	for (let index = 0; index < lines.length - 1; index++) {
		if (lines[index].replace(/\r$/, '').length !== width) return 0;
	}
	return lines[lines.length - 1].length <= width ? width : 0;
}

/** Breaks `text` into lines of `width` characters (the last may be shorter). */
export function wrap(text: string, width: number): string {
	if (width <= 0) return text;
	const lines: string[] = [];
	for (let index = 0; index < text.length; index += width) lines.push(text.slice(index, index + width));
	return lines.join('\n');
}

export function isAlphanumeric(character: string): boolean {
	return /^[A-Za-z0-9]$/.test(character);
}
