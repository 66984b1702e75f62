/**
 * Bytes without a repeating pattern (a linear congruential sequence), so base64 chunking and
 * padding mistakes show: a repeating payload would decode right from the wrong offset.
 */
export function patternlessBytes(length: number, seed = 12345): Buffer {
	const bytes = Buffer.alloc(length);
	let state = seed;
	for (let index = 0; index < length; index++) {
		state = (state * 1103515245 + 12345) >>> 0;
		bytes[index] = state >>> 24;
	}
	return bytes;
}
