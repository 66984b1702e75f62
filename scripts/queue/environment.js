// A queue-mode n8n for one run, shared by `npm run test:queue` and the benchmark: the services, the
// simulator behind the call relay, main and workers, the test's credentials and workflows, and
// webhook calls with their outcome.
'use strict';

const crypto = require('node:crypto');
const path = require('node:path');
const { formatDuration, run } = require('../n8n/runtime');
const { REPOSITORY_ROOT, packPackage } = require('../n8n/community-package');
const { startSimulator } = require('../n8n/simulator');
const { CallRelay } = require('./call-relay');
const { QueueCluster } = require('./cluster');
const { N8nRecords } = require('./records');
const { startPostgres, startRedis } = require('./services');
const workflows = require('./workflows');

const WORKFLOW_IDS = { login: 'queueWhoAmILogin', apiKey: 'queueWhoAmIKey', inbox: 'queueInbox' };
const WEBHOOK_PATHS = { login: 'ecgridos-queue-login', apiKey: 'ecgridos-queue-key' };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a webhook call waits for main's answer; an execution takes seconds. */
const WEBHOOK_ANSWER_TIMEOUT_MS = 60000;

/** Builds the package and packs it into `destinationDir`, as users get it. */
async function buildAndPack(destinationDir) {
	await run('npm', ['run', '--silent', 'build'], { cwd: REPOSITORY_ROOT, onLine: () => {} });
	return packPackage(destinationDir);
}

const show = (counts) =>
	Object.keys(counts).length === 0
		? 'none'
		: Object.entries(counts)
				.sort(([a], [b]) => a.localeCompare(b))
				.map(([label, count]) => `${label} ${count}`)
				.join(', ');

/** Runs `task(index)` for 0..count-1 with at most `concurrency` at a time. */
async function forEachIndex(count, concurrency, task) {
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(concurrency, count) }, async () => {
			while (next < count) await task(next++);
		}),
	);
}

/**
 * Everything a queue-mode run needs, started in order and stopped in reverse whatever happens:
 * Postgres, Redis, the simulator behind the call relay, n8n main and workers with the packed
 * package, the credentials and workflows, and a reader of what n8n stores.
 */
class QueueEnvironment {
	constructor(layout, runDir, { log = console.log } = {}) {
		this.layout = layout;
		this.runDir = runDir;
		this.log = log;
		this.stack = [];
	}

	/** Registers a clean-up step; they run in reverse order, each whatever the others do. */
	onStop(step) {
		this.stack.push(step);
	}

	/**
	 * Stops everything on Ctrl-C or SIGTERM too: the n8n processes run in process groups of their
	 * own, so they would outlive this one. Returns the function that removes the handlers.
	 */
	stopOnInterrupt() {
		const interrupt = () => {
			this.log('\nInterrupted: stopping everything');
			this.stop().finally(() => process.exit(130));
		};
		process.once('SIGINT', interrupt);
		process.once('SIGTERM', interrupt);
		return () => {
			process.off('SIGINT', interrupt);
			process.off('SIGTERM', interrupt);
		};
	}

	async stop() {
		for (const step of this.stack.splice(0).reverse()) {
			try {
				await step();
			} catch (error) {
				this.log(`  (clean-up: ${error.message})`);
			}
		}
	}

	/** Starts everything, with the workers named in `workers` (by default all of them). */
	async start(packed, { workers } = {}) {
		const log = this.log;
		log('▸ Starting Postgres and Redis');
		// Each service is registered for stopping as soon as it runs, even when the other fails to start.
		const started = await Promise.allSettled(
			[startPostgres, startRedis].map(async (startService) => {
				const service = await startService(this.runDir);
				this.onStop(() => service.stop());
				return service;
			}),
		);
		const failure = started.find((outcome) => outcome.status === 'rejected');
		if (failure) throw failure.reason;
		const [postgres, redis] = started.map((outcome) => outcome.value);
		this.postgres = postgres;
		log(`  ${postgres.version} on 127.0.0.1:${postgres.port}; ${redis.version.split(' sha=')[0]} on 127.0.0.1:${redis.port}`);

		this.simulatorDataFile = path.join(this.runDir, 'simulator-state.json');
		this.simulator = await startSimulator({ port: 0, dataFile: this.simulatorDataFile });
		this.onStop(() => this.simulator.stop());

		this.cluster = new QueueCluster(this.layout, { runDir: this.runDir, postgres, redis, packed, encryptionKey: crypto.randomBytes(24).toString('hex') });
		this.relay = new CallRelay(() => this.cluster.processes(), this.simulator.endpointUrl);
		const relayUrl = await this.relay.listen();
		this.onStop(() => this.relay.close());
		this.onStop(() => this.cluster.stopAll());
		log(`  simulator at ${this.simulator.endpointUrl}, reached by n8n through the relay at ${relayUrl}`);

		log('▸ Installing the packed package into the user folder of main and of every worker');
		await this.cluster.install();
		this.redeliveryOffered = triggerOffersOption(workflows.REDELIVERY_OPTION);

		log('▸ Importing credentials and workflows (n8n CLI; creates the schema in Postgres)');
		const cli = this.cluster.cli();
		await cli.importCredentials(workflows.queueCredentials(this.simulator.seed, relayUrl));
		await cli.importWorkflows([
			workflows.whoAmIWorkflow(WORKFLOW_IDS.login, WEBHOOK_PATHS.login, workflows.CREDENTIALS.login),
			workflows.whoAmIWorkflow(WORKFLOW_IDS.apiKey, WEBHOOK_PATHS.apiKey, workflows.CREDENTIALS.apiKey),
			workflows.inboxWorkflow(WORKFLOW_IDS.inbox, { redelivery: this.redeliveryOffered }),
		]);
		await Promise.all(Object.values(WORKFLOW_IDS).map((id) => cli.runCommandOrFail(['publish:workflow', `--id=${id}`])));

		const workerLabels = workers ?? this.cluster.workerLabels;
		log(`▸ Starting n8n main and ${workerLabels.join(', ')} (queue mode)`);
		const startedAt = Date.now();
		await Promise.all([this.cluster.startMain(), ...workerLabels.map((label) => this.cluster.startWorker(label))]);
		await this.waitForWebhooks(Object.values(WEBHOOK_PATHS));
		log(`  ready in ${formatDuration(Date.now() - startedAt)}: main at ${this.cluster.mainUrl()}, pids ${show(Object.fromEntries(this.cluster.processes().map(({ label, pid }) => [label, pid])))}`);

		this.records = new N8nRecords(this.layout, postgres);
		await this.records.connect();
		this.onStop(() => this.records.close());
	}

	/** Drops every ECGridOS session: the simulator restarts (its state kept, sessions not), calls held meanwhile. */
	async restartSimulator() {
		await this.relay.pause();
		try {
			await this.simulator.stop();
			this.simulator = await startSimulator({ port: 0, dataFile: this.simulatorDataFile });
			this.relay.retarget(this.simulator.endpointUrl);
		} finally {
			this.relay.resume();
		}
	}

	/**
	 * Main answers before it has registered the webhooks of published workflows. A CORS preflight
	 * asks for a path's webhook methods: 204 once registered, 404 before, and starts no execution.
	 */
	async waitForWebhooks(webhookPaths, timeoutMs = 120000) {
		const deadline = Date.now() + timeoutMs;
		for (const webhookPath of webhookPaths) {
			for (;;) {
				const response = await fetch(`${this.cluster.mainUrl()}/webhook/${webhookPath}`, {
					method: 'OPTIONS',
					headers: { origin: 'http://127.0.0.1', 'access-control-request-method': 'POST' },
				});
				if (response.status === 204) break;
				if (Date.now() > deadline) throw new Error(`main did not register the webhook ${webhookPath} within ${timeoutMs / 1000}s (HTTP ${response.status})`);
				await sleep(500);
			}
		}
	}

	/** POSTs to a production webhook on main; resolves to { status, body }. */
	async callWebhook(webhookPath, index) {
		const response = await fetch(`${this.cluster.mainUrl()}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ request: index }),
			signal: AbortSignal.timeout(WEBHOOK_ANSWER_TIMEOUT_MS),
		});
		const text = await response.text();
		let body;
		try {
			body = JSON.parse(text);
		} catch {
			body = text;
		}
		return { status: response.status, body };
	}

	/**
	 * Starts `count` executions of a webhook workflow, `concurrency` at a time; `onAnswer(done)` after
	 * each answer. Whether an execution succeeded is read from what n8n recorded, once all of them
	 * have finished: main answers a webhook call from the worker's result, and now and then n8n
	 * (2.41) never sends an answer for an execution that succeeded; such calls are counted apart
	 * (`unanswered`). An answer other than Who Am I's output is a failure of its own.
	 * Resolves to { count, failures (described), unanswered, workflowId, afterExecutionId }.
	 */
	async runWebhooks(kind, count, concurrency, onAnswer = () => {}) {
		const webhookPath = WEBHOOK_PATHS[kind];
		const workflowId = WORKFLOW_IDS[kind];
		const afterExecutionId = await this.records.lastExecutionId();
		const failures = [];
		let unanswered = 0;
		let done = 0;
		await forEachIndex(count, concurrency, async (index) => {
			try {
				const { status, body } = await this.callWebhook(webhookPath, index);
				// A failed execution answers HTTP 500; n8n's record of it says why (below).
				if (status === 200 && body?.LoginName !== workflows.CALLER) failures.push(`call #${index} answered ${JSON.stringify(body).slice(0, 300)}`);
			} catch (error) {
				if (error.name !== 'TimeoutError') throw error;
				unanswered++;
			}
			await onAnswer(++done);
		});
		const executions = await this.finishedExecutions(workflowId, afterExecutionId, count);
		for (const execution of executions) if (execution.status !== 'success') failures.push(`execution ${execution.id} ended "${execution.status}"`);
		if (executions.length < count) failures.push(`${count - executions.length} calls started no execution`);
		return { count, failures, unanswered, workflowId, afterExecutionId };
	}

	/** The executions of a workflow after `afterExecutionId`, once `count` exist and none is still running. */
	async finishedExecutions(workflowId, afterExecutionId, count, timeoutMs = 60000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const executions = await this.records.executions(workflowId, afterExecutionId);
			const finished = executions.filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
			if ((executions.length >= count && finished.length === executions.length) || Date.now() > deadline) return executions;
			await sleep(500);
		}
	}
}

/** Whether the trigger (as built and packed) offers an option in an Options collection by that name. */
function triggerOffersOption(optionName) {
	const { ECGridOSTrigger } = require(path.join(REPOSITORY_ROOT, 'dist', 'nodes', 'ECGridOS', 'ECGridOSTrigger.node.js'));
	const options = new ECGridOSTrigger().description.properties.filter((property) => property.type === 'collection');
	return options.some((collection) => (collection.options ?? []).some((option) => option.name === optionName));
}


module.exports = { QueueEnvironment, WORKFLOW_IDS, WEBHOOK_PATHS, buildAndPack, show, sleep };
