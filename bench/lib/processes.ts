/**
 * Child processes of the benchmark: the simulator, and one worker per measurement so that every
 * memory figure starts from a fresh heap and no measurement inherits another's garbage or JIT state.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import type { SimulatorMessage, SimulatorRequest } from './simulatorProcess';

export const BENCH_DIR = join(__dirname, '..');
export const PROJECT_DIR = join(BENCH_DIR, '..');

/** Node flags of every TypeScript child: tsx to load it, gc so measurements can start clean. */
const TS_CHILD_FLAGS = ['--import', 'tsx', '--expose-gc'];

function forkTypeScript(modulePath: string, args: string[], nodeFlags: string[] = []): ChildProcess {
	return fork(modulePath, args, {
		cwd: PROJECT_DIR,
		execArgv: [...TS_CHILD_FLAGS, ...nodeFlags],
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
		const child = forkTypeScript(join(__dirname, 'simulatorProcess.ts'), seedFile ? [seedFile] : []);
		const endpointUrl = await new Promise<string>((resolve, reject) => {
			child.once('exit', (code) => reject(new Error(`The simulator exited with code ${code} before it was ready`)));
			child.on('message', (message: SimulatorMessage) => {
				if (message.type === 'ready') resolve(message.endpointUrl);
			});
		});
		child.removeAllListeners('exit');
		return new SimulatorProcess(child, endpointUrl);
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
 * Runs `bench/scenarios/<scenario>.ts` in a fresh process with `input`, and returns what it
 * reports. The scenario module calls `serveWorker` (worker.ts) with its measurement function.
 */
export async function runWorker<Input, Result>(scenario: string, input: Input, nodeFlags: string[] = []): Promise<Result> {
	const child = forkTypeScript(join(BENCH_DIR, 'scenarios', `${scenario}.ts`), [JSON.stringify(input)], nodeFlags);
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
