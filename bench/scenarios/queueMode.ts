/**
 * Scenario 8, queue mode: webhook-started executions per second through real n8n 2.x in queue mode
 * (main, Redis, Postgres, and 1 then 2 workers), each execution a Webhook → ECGridOS Who Am I with
 * an API key against the simulator, answered when it ends. It starts the same environment as
 * `npm run test:queue` (scripts/queue) and runs in the benchmark's own process, not in a worker:
 * what it measures is a set of separate processes, not code inside one. Report only: on a 2-core
 * machine the second worker shares the cores with the first, with main, Postgres and Redis.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';

export interface QueueModeInput {
	executions: number;
	concurrency: number;
	warmUp: number;
}

export interface QueueModeResult {
	workers: number;
	executions: number;
	seconds: number;
	perSecond: number;
}

interface WebhookBatch {
	count: number;
	failures: string[];
}

interface QueueEnvironment {
	cluster: { startWorker(label: string): Promise<unknown> };
	start(packed: unknown, options: { workers: string[] }): Promise<void>;
	stopOnInterrupt(): () => void;
	runWebhooks(kind: 'apiKey', count: number, concurrency: number): Promise<WebhookBatch>;
	stop(): Promise<void>;
}

interface QueueScripts {
	runtime: { ensureN8n(options: { log: (line: string) => void }): Promise<unknown> };
	services: { makeRunDir(): string };
	environment: {
		QueueEnvironment: new (layout: unknown, runDir: string, options: { log: (line: string) => void }) => QueueEnvironment;
		buildAndPack(destinationDir: string): Promise<unknown>;
	};
}

// The queue-mode scripts are plain CommonJS outside the compiled tree; they are loaded from the
// source folder by path.
function loadScripts(): QueueScripts {
	const scripts = join(__dirname, '..', '..', 'scripts');
	return {
		runtime: require(join(scripts, 'n8n', 'runtime.js')) as QueueScripts['runtime'],
		services: require(join(scripts, 'queue', 'services.js')) as QueueScripts['services'],
		environment: require(join(scripts, 'queue', 'environment.js')) as QueueScripts['environment'],
	};
}

async function measure(environment: QueueEnvironment, workers: number, input: QueueModeInput): Promise<QueueModeResult> {
	const check = (batch: WebhookBatch) => {
		if (batch.failures.length > 0) throw new Error(`${batch.failures.length} of ${batch.count} executions failed: ${batch.failures.slice(0, 3).join('; ')}`);
	};
	// The first executions of a worker load the workflow, the node and a connection.
	check(await environment.runWebhooks('apiKey', input.warmUp, input.warmUp));
	const started = process.hrtime.bigint();
	check(await environment.runWebhooks('apiKey', input.executions, input.concurrency));
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	return { workers, executions: input.executions, seconds, perSecond: input.executions / seconds };
}

/** Executions per second with one worker, then with two. */
export async function measureQueueMode(input: QueueModeInput, log: (line: string) => void): Promise<QueueModeResult[]> {
	const { runtime, services, environment: queue } = loadScripts();
	const runDir = services.makeRunDir();
	const layout = await runtime.ensureN8n({ log });
	const environment = new queue.QueueEnvironment(layout, runDir, { log });
	const removeInterruptHandlers = environment.stopOnInterrupt();
	try {
		await environment.start(await queue.buildAndPack(join(runDir, 'package')), { workers: ['worker-1'] });
		const results = [await measure(environment, 1, input)];
		await environment.cluster.startWorker('worker-2');
		results.push(await measure(environment, 2, input));
		return results;
	} finally {
		removeInterruptHandlers();
		await environment.stop();
		rmSync(runDir, { recursive: true, force: true });
	}
}
