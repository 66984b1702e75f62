// n8n in queue mode, as teams run it at volume: one main instance (editor, triggers and pollers,
// webhook registration) and workers that run the executions, coordinated through Redis (Bull) and
// sharing one Postgres database. Each process has a user folder of its own with the packed package
// installed the way users install community nodes, and a host name of its own.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { n8nCommand } = require('../n8n/runtime');
const { installIntoUserFolder } = require('../n8n/community-package');
const { N8nInstance, lastLines } = require('../n8n/cli');
const { choosePort, waitForReady } = require('../n8n/server');

const MAIN = 'main';
const WORKER_READY = /n8n worker is now ready/;
const EXECUTION_STARTED = /Worker started execution (\d+)/;

/**
 * Whether n8n will believe it runs in a container (its own test: /.dockerenv, /run/.containerenv
 * or a container runtime in the cgroup or mount table). There n8n 2.x builds its host ID from the
 * host name, so processes on one machine would share one ID.
 */
function looksLikeContainer() {
	if (fs.existsSync('/.dockerenv') || fs.existsSync('/run/.containerenv')) return true;
	for (const [file, markers] of [
		['/proc/self/cgroup', ['docker', 'kubepods', 'containerd']],
		['/proc/self/mountinfo', ['docker', 'kubelet', 'containerd']],
	]) {
		try {
			const text = fs.readFileSync(file, 'utf8');
			if (markers.some((marker) => text.includes(marker))) return true;
		} catch {
			// Not Linux.
		}
	}
	return false;
}

/**
 * The command that runs `command args` under its own host name (a UTS namespace, as each container
 * of a real deployment has), or the command itself when that is not needed or not possible.
 */
function withOwnHostName(hostName, command, args) {
	if (!looksLikeContainer() || process.platform !== 'linux') return { command, args };
	const isRoot = process.getuid?.() === 0;
	const unshareFlags = isRoot ? ['--uts'] : ['--user', '--map-root-user', '--uts'];
	return { command: 'unshare', args: [...unshareFlags, 'sh', '-c', 'hostname "$0" && exec "$@"', hostName, command, ...args] };
}

class N8nProcess {
	constructor(label, child, logFile, onExecutionStarted) {
		this.label = label;
		this.child = child;
		this.pid = child.pid;
		this.output = '';
		this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
		const log = fs.createWriteStream(logFile, { flags: 'a' });
		let pending = '';
		const onData = (chunk) => {
			log.write(chunk);
			this.output = (this.output + chunk).slice(-200000);
			pending += chunk;
			const lines = pending.split('\n');
			pending = lines.pop();
			for (const line of lines) {
				const started = EXECUTION_STARTED.exec(line);
				if (started) onExecutionStarted(started[1]);
			}
		};
		child.stdout.setEncoding('utf8').on('data', onData);
		child.stderr.setEncoding('utf8').on('data', onData);
		child.once('exit', () => log.end());
	}

	get running() {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** Sends `signal` to the process group (n8n and the task runner it started). */
	signal(signal) {
		try {
			process.kill(-this.pid, signal);
		} catch {
			// Already gone.
		}
	}

	/** Stops gracefully (SIGTERM), or with SIGKILL after `graceMs`. */
	async stop(graceMs = 30000) {
		if (!this.running) return;
		this.signal('SIGTERM');
		const killer = setTimeout(() => this.signal('SIGKILL'), graceMs);
		await this.exited;
		clearTimeout(killer);
		this.signal('SIGKILL');
	}

	async kill() {
		this.signal('SIGKILL');
		await this.exited;
	}

	tail(lines = 25) {
		return lastLines(this.output, lines);
	}
}

class QueueCluster {
	/**
	 * @param layout the n8n install (runtime.ensureN8n)
	 * @param options { runDir, postgres, redis, encryptionKey, packed, workerConcurrency }
	 */
	constructor(layout, { runDir, postgres, redis, encryptionKey, packed, workerConcurrency = 25 }) {
		this.layout = layout;
		this.runDir = runDir;
		this.postgres = postgres;
		this.redis = redis;
		this.encryptionKey = encryptionKey;
		this.packed = packed;
		this.workerConcurrency = workerConcurrency;
		this.workerLabels = ['worker-1', 'worker-2'];
		this.members = new Map();
		/** Execution IDs each worker logged as started, over all its restarts. */
		this.started = Object.fromEntries(this.workerLabels.map((label) => [label, []]));
		this.ports = {};
		this.logDir = path.join(runDir, 'logs');
		this.starts = 0;
	}

	userFolder(label) {
		return path.join(this.runDir, label);
	}

	/** Installs the packed package into the user folder of main and of every worker. */
	async install() {
		fs.mkdirSync(this.logDir, { recursive: true });
		for (const label of [MAIN, ...this.workerLabels]) {
			this.ports[label] = { http: await choosePort(), broker: await choosePort() };
		}
		await Promise.all([MAIN, ...this.workerLabels].map((label) => installIntoUserFolder(this.userFolder(label), this.packed)));
	}

	/** What every process shares (queue, database, key) and what is its own (folder, ports). */
	environment(label) {
		const { http, broker } = this.ports[label];
		return {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: this.postgres.host,
			DB_POSTGRESDB_PORT: String(this.postgres.port),
			DB_POSTGRESDB_DATABASE: this.postgres.database,
			DB_POSTGRESDB_USER: this.postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			DB_POSTGRESDB_POOL_SIZE: '10',
			QUEUE_BULL_REDIS_HOST: this.redis.host,
			QUEUE_BULL_REDIS_PORT: String(this.redis.port),
			N8N_PORT: String(http),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(broker),
			// Nothing calls out to the internet: no verified-package list, telemetry or MCP server registry.
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_DISABLED_MODULES: 'mcp-registry',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_LOG_LEVEL: 'info',
		};
	}

	/** n8n's CLI (import, publish) against the shared database, as main. */
	cli() {
		return new N8nInstance(this.layout, { userFolder: this.userFolder(MAIN), encryptionKey: this.encryptionKey, extraEnvironment: this.environment(MAIN) });
	}

	spawnMember(label, args) {
		if (this.members.get(label)?.running) throw new Error(`n8n ${label} is already running`);
		const environment = this.cli().environment;
		const { command, args: fullArgs } = n8nCommand(this.layout, args);
		const wrapped = withOwnHostName(`n8n-${label}`, command, fullArgs);
		const child = spawn(wrapped.command, wrapped.args, {
			env: { ...environment, N8N_USER_FOLDER: this.userFolder(label), ...this.environment(label) },
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this.starts++;
		const member = new N8nProcess(label, child, path.join(this.logDir, `${label}.log`), (executionId) => this.started[label]?.push(executionId));
		this.members.set(label, member);
		return member;
	}

	async startMain(timeoutMs = 240000) {
		const member = this.spawnMember(MAIN, ['start']);
		if (!(await waitForReady(this.mainUrl(), member.child, timeoutMs))) {
			throw new Error(`n8n main did not become ready:\n${member.tail()}`);
		}
		return member;
	}

	async startWorker(label, timeoutMs = 240000) {
		const member = this.spawnMember(label, ['worker', `--concurrency=${this.workerConcurrency}`]);
		const deadline = Date.now() + timeoutMs;
		while (!WORKER_READY.test(member.output)) {
			if (!member.running) throw new Error(`n8n ${label} exited while starting:\n${member.tail()}`);
			if (Date.now() > deadline) throw new Error(`n8n ${label} was not ready within ${timeoutMs / 1000}s:\n${member.tail()}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		return member;
	}


	mainUrl() {
		return `http://127.0.0.1:${this.ports[MAIN].http}`;
	}

	member(label) {
		return this.members.get(label);
	}

	/** The live n8n processes, for the call relay. */
	processes() {
		return [...this.members.values()].filter((member) => member.running).map(({ label, pid }) => ({ label, pid }));
	}

	/** Execution IDs each worker logged as started, from index `since[label]` on. */
	startedExecutions(since = {}) {
		const result = {};
		for (const label of this.workerLabels) result[label] = this.started[label].slice(since[label] ?? 0);
		return result;
	}

	/** Where startedExecutions() counts from now. */
	executionMark() {
		const mark = {};
		for (const label of this.workerLabels) mark[label] = this.started[label].length;
		return mark;
	}

	async stopAll() {
		await Promise.all([...this.members.values()].map((member) => member.stop()));
	}
}

module.exports = { QueueCluster, MAIN };
