/** Timing, statistics and memory measurement shared by the scenarios. */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export const MB = 1024 * 1024;

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Milliseconds `action` takes. */
export async function timed(action: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await action();
	return performance.now() - started;
}

function collectGarbage(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('Memory measurements need node --expose-gc');
	gc();
	gc();
}

function statusKilobytes(field: 'VmRSS' | 'VmHWM'): number {
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
	if (!match) throw new Error(`/proc/self/status has no ${field}`);
	return Number(match[1]);
}

export interface MemoryGrowth {
	/** Resident set size when the measurement started, after a full garbage collection. */
	startBytes: number;
	/** Highest resident set size reached during the measurement, minus the start. */
	peakGrowthBytes: number;
}

/**
 * Runs `action` and reports how far the process's resident memory rose above where it stood
 * before. The peak is the kernel's high-water mark (VmHWM), reset just before `action`, so short
 * spikes inside synchronous code (a base64 decode, a string join) are counted, which sampling from
 * a timer would miss. Linux only.
 */
export async function measurePeakMemory<T>(action: () => Promise<T>): Promise<{ value: T; memory: MemoryGrowth }> {
	collectGarbage();
	const startBytes = statusKilobytes('VmRSS') * 1024;
	// Writing 5 resets the peak resident size of this process to its current size (Linux ≥ 4.0).
	writeFileSync('/proc/self/clear_refs', '5');
	const value = await action();
	const peakBytes = statusKilobytes('VmHWM') * 1024;
	return { value, memory: { startBytes, peakGrowthBytes: Math.max(0, peakBytes - startBytes) } };
}
