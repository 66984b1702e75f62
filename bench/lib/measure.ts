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

/** A full garbage collection (the process must run with --expose-gc). */
export function collectGarbage(): void {
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

export interface RepeatedResult {
	medianMs: number;
	/** Of the first run. */
	memory: MemoryGrowth;
}

/** Runs `action` `repetitions` times: the peak memory growth of the first run, the median time of all. */
export async function measureRepeated(action: () => Promise<unknown>, repetitions: number): Promise<RepeatedResult> {
	const times: number[] = [];
	const { memory } = await measurePeakMemory(async () => times.push(await timed(action)));
	for (let repetition = 1; repetition < repetitions; repetition++) times.push(await timed(action));
	return { medianMs: median(times), memory };
}

const BLOCKS = 10;

/**
 * How long each side runs before measuring. V8 takes thousands of calls to optimise the HTTP path
 * (Node's own and the package's): on the development VM the first 2,000 raw WhoAmI calls of a process
 * ran at 2–3× their later time, and a side with more JavaScript of its own is slowed longer.
 * Scenario 3 measures the cold process; these ratios are for a warm one, as n8n runs.
 */
const WARM_UP_MS = 2500;
const MIN_WARM_UP_CALLS = 100;

/**
 * CPU time (user + system) the process `pid` has used so far, in milliseconds, from
 * /proc/<pid>/stat. Its unit is USER_HZ, which Linux fixes at 100 per second for /proc.
 */
export function processCpuMs(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name, which is in parentheses and may hold spaces: utime and stime are
	// the 14th and 15th fields of the whole line.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** One call of a side; `index` counts its calls from 0 (warm-up calls included). */
export type Side = (index: number) => Promise<unknown>;

export interface InterleavedResult {
	calls: number;
	msPerCall: number[];
	/** CPU time of this process per call (user + system). */
	cpuMsPerCall: number[];
	/** CPU time of the server process per call, while serving each side (when its pid was given). */
	serverCpuMsPerCall: number[];
}

/**
 * Milliseconds and CPU time per call of each side, after a warm-up (WARM_UP_MS of calls per side, alternating),
 * run in BLOCKS interleaved blocks of `count / BLOCKS` calls, so that drift on the machine hits every
 * side alike. The side that goes first rotates, which cancels any advantage of a position in the block.
 */
export async function interleaved(sides: Side[], count: number, serverPid?: number): Promise<InterleavedResult> {
	let index = 0;
	const warmedFor = sides.map(() => 0);
	while (index < MIN_WARM_UP_CALLS || warmedFor.some((ms) => ms < WARM_UP_MS)) {
		for (let side = 0; side < sides.length; side++) {
			const started = performance.now();
			await sides[side](index);
			warmedFor[side] += performance.now() - started;
		}
		index++;
	}
	const totals = sides.map(() => 0);
	const cpuTotals = sides.map(() => 0);
	const serverCpuTotals = sides.map(() => 0);
	const perBlock = Math.ceil(count / BLOCKS);
	for (let block = 0; block < BLOCKS; block++) {
		for (let turn = 0; turn < sides.length; turn++) {
			const side = (block + turn) % sides.length;
			const first = index + block * perBlock;
			const serverCpuBefore = serverPid ? processCpuMs(serverPid) : 0;
			const cpuBefore = process.cpuUsage();
			totals[side] += await timed(async () => {
				for (let call = 0; call < perBlock; call++) await sides[side](first + call);
			});
			const cpu = process.cpuUsage(cpuBefore);
			cpuTotals[side] += (cpu.user + cpu.system) / 1000;
			if (serverPid) serverCpuTotals[side] += processCpuMs(serverPid) - serverCpuBefore;
		}
	}
	const calls = perBlock * BLOCKS;
	const perCall = (values: number[]) => values.map((total) => total / calls);
	return {
		calls,
		msPerCall: perCall(totals),
		cpuMsPerCall: perCall(cpuTotals),
		serverCpuMsPerCall: perCall(serverCpuTotals),
	};
}
