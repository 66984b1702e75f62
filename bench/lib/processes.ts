/**
 * Child processes of the benchmark: the simulator, and one worker per measurement so that every
 * memory figure starts from a fresh heap and no measurement inherits another's garbage or JIT state.
 * Children run the JavaScript that tsc emits, as n8n runs the built package: a TypeScript loader
 * (tsx/esbuild) adds its own wrappers, such as `__name(...)` around every function, and would
 * measure code that users never run.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

import type { SimulatorMessage, SimulatorRequest } from './simulatorProcess';

export const BENCH_DIR = join(__dirname, '..');
export const PROJECT_DIR = join(BENCH_DIR, '..');

/** Where `compileBench` put the JavaScript of the current run. */
let compiledDir: string | undefined;

/**
 * Compiles every child's script (the scenarios, the simulator process, the cold-start process) and
 * what they import (nodes, credentials, simulator, test harness, the JSON they import) with the
 * project's tsconfig into a temporary folder, once per run. Returns the clean-up that removes it.
 */
export async function compileBench(): Promise<() => void> {
	const folder = mkdtempSync(join(tmpdir(), 'ecgridos-bench-js-'));
	const remove = () => {
		compiledDir = undefined;
		rmSync(folder, { recursive: true, force: true });
	};
	const outDir = join(folder, 'out');
	const config = join(folder, 'tsconfig.json');
	const scenarios = readdirSync(join(BENCH_DIR, 'scenarios'))
		.filter((name) => name.endsWith('.ts'))
		.map((name) => join(BENCH_DIR, 'scenarios', name));
	writeFileSync(
		config,
		JSON.stringify({
			extends: join(PROJECT_DIR, 'tsconfig.json'),
			compilerOptions: { outDir, rootDir: PROJECT_DIR, incremental: false, declaration: false, sourceMap: false, types: ['node'], typeRoots: [join(PROJECT_DIR, 'node_modules/@types')] },
			files: [...scenarios, join(BENCH_DIR, 'lib/simulatorProcess.ts'), join(BENCH_DIR, 'lib/coldStartProcess.ts')],
			include: [],
		}),
	);
	try {
		await promisify(execFile)(process.execPath, [join(PROJECT_DIR, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd: PROJECT_DIR });
	} catch (error) {
		remove();
		// tsc reports its errors on stdout, which execFile's message leaves out.
		throw new Error(`Compiling the benchmark failed:\n${(error as { stdout?: string }).stdout ?? ''}${(error as Error).message}`);
	}
	compiledDir = outDir;
	return remove;
}

/** The compiled JavaScript of `sourcePath` (a .ts path relative to the project). */
export function compiledScript(sourcePath: string): string {
	if (!compiledDir) throw new Error('The benchmark is not compiled yet: run compileBench first');
	return join(compiledDir, sourcePath.replace(/\.ts$/, '.js'));
}

/** Environment of compiled children: they live outside the project and find its node_modules through NODE_PATH. */
export function compiledEnv(): NodeJS.ProcessEnv {
	const nodePath = [join(PROJECT_DIR, 'node_modules'), process.env.NODE_PATH].filter(Boolean).join(delimiter);
	return { ...process.env, NODE_PATH: nodePath };
}

function forkCompiled(sourcePath: string, args: string[], nodeFlags: string[] = []): ChildProcess {
	return fork(compiledScript(sourcePath), args, {
		cwd: PROJECT_DIR,
		env: compiledEnv(),
		// Set explicitly: the default would inherit the parent's tsx loader flags. gc so measurements can start clean.
		execArgv: ['--expose-gc', ...nodeFlags],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
}

export class SimulatorProcess {
	private nextRequestId = 1;

	private constructor(
		private readonly child: ChildProcess,
		readonly endpointUrl: string,
	) {}

	/** Starts the simulator on a free loopback port, with `seedFile` or the demo seed. */
	static async start(seedFile?: string): Promise<SimulatorProcess> {
		const child = forkCompiled('bench/lib/simulatorProcess.ts', seedFile ? [seedFile] : []);
		const endpointUrl = await new Promise<string>((resolve, reject) => {
			child.once('exit', (code) => reject(new Error(`The simulator exited with code ${code} before it was ready`)));
			child.on('message', (message: SimulatorMessage) => {
				if (message.type === 'ready') resolve(message.endpointUrl);
			});
		});
		child.removeAllListeners('exit');
		return new SimulatorProcess(child, endpointUrl);
	}

	/** The simulator's process id (its CPU time is read from /proc, see measure.ts). */
	get pid(): number {
		return this.child.pid ?? 0;
	}

	/** How often each operation has been called so far, by the simulator's own count. */
	async callCounts(): Promise<Record<string, number>> {
		const requestId = this.nextRequestId++;
		return await new Promise((resolve) => {
			const listener = (message: SimulatorMessage) => {
				if (message.type === 'counts' && message.requestId === requestId) {
					this.child.off('message', listener);
					resolve(message.counts);
				}
			};
			this.child.on('message', listener);
			this.child.send({ type: 'counts', requestId } satisfies SimulatorRequest);
		});
	}

	async stop(): Promise<void> {
		if (this.child.exitCode !== null) return;
		const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
		this.child.send({ type: 'stop' } satisfies SimulatorRequest);
		await exited;
	}
}

export type WorkerMessage<Result> = { type: 'result'; result: Result } | { type: 'error'; message: string };

/**
 * Runs `bench/scenarios/<scenario>.ts`, compiled, in a fresh process with `input`, and returns
 * what it reports. The scenario module calls `serveWorker` (worker.ts) with its measurement function.
 */
export async function runWorker<Input, Result>(scenario: string, input: Input, nodeFlags: string[] = []): Promise<Result> {
	const child = forkCompiled(`bench/scenarios/${scenario}.ts`, [JSON.stringify(input)], nodeFlags);
	return await new Promise<Result>((resolve, reject) => {
		let settled = false;
		child.on('message', (message: WorkerMessage<Result>) => {
			settled = true;
			if (message.type === 'result') resolve(message.result);
			else reject(new Error(`${scenario}: ${message.message}`));
		});
		child.on('exit', (code) => {
			if (!settled) reject(new Error(`${scenario}: the worker exited with code ${code} without a result`));
		});
	});
}
