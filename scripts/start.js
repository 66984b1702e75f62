// `npm start`: this package in a real n8n, against the local ECGridOS simulator, in one command.
//
// Builds the package, packs it and installs the tarball where n8n installs community packages,
// starts the simulator with its demo seed, imports demo credentials and the example workflows,
// and runs `n8n start`. Ctrl-C stops n8n and the simulator.
//
// Options: --reset (forget the demo n8n's and the simulator's data and re-import the examples),
// --verbose (show n8n's log). Environment: N8N_PORT (default 5678), ECGRIDOS_SIMULATOR_PORT (default 8090),
// ECGRIDOS_N8N_CACHE (where n8n is installed; default ~/.cache/n8n-nodes-ecgridos).
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { cacheRoot, ensureN8n, formatDuration, run, N8N_VERSION } = require('./n8n/runtime');
const { REPOSITORY_ROOT, packPackage, installIntoUserFolder } = require('./n8n/community-package');
const { N8nInstance, lastLines } = require('./n8n/cli');
const { DEMO_CREDENTIALS, demoCredentials, loadExampleWorkflows } = require('./n8n/demo');
const { startSimulator } = require('./n8n/simulator');
const { DEMO_OWNER, N8nRestClient, choosePort, ownerEnvironment, waitForReady } = require('./n8n/server');

const STOP_TIMEOUT_MS = 20000;

const argv = new Set(process.argv.slice(2));
const verbose = argv.has('--verbose');

function step(text) {
	console.log(`\n▸ ${text}`);
}

/** A key kept with the demo data, so credentials stay readable across runs. */
function demoEncryptionKey(demoDir) {
	const file = path.join(demoDir, 'encryption-key');
	if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(24).toString('hex'), { mode: 0o600 });
	return fs.readFileSync(file, 'utf8').trim();
}

/**
 * Whether a value differs from the one recorded under a name in the demo folder (by hash), so a
 * later run can skip an n8n command that would change nothing; `record` stores it once done.
 */
function whenChanged(demoDir, name, value) {
	const file = path.join(demoDir, `${name}.sha256`);
	const hash = crypto.createHash('sha256').update(value).digest('hex');
	const changed = !fs.existsSync(file) || fs.readFileSync(file, 'utf8').trim() !== hash;
	return { changed, record: () => fs.writeFileSync(file, `${hash}\n`) };
}

/** Examples not yet in this demo n8n; earlier imports are left alone so edits made in n8n survive. */
function examplesToImport(demoDir, examples) {
	const recordFile = path.join(demoDir, 'imported-examples.json');
	const imported = new Set(fs.existsSync(recordFile) ? JSON.parse(fs.readFileSync(recordFile, 'utf8')) : []);
	const fresh = examples.filter(({ workflow }) => !imported.has(workflow.id));
	const record = () => {
		for (const { workflow } of fresh) imported.add(workflow.id);
		fs.writeFileSync(recordFile, `${JSON.stringify([...imported], null, '\t')}\n`);
	};
	return { fresh, record };
}

async function main() {
	const started = Date.now();
	const demoDir = path.join(cacheRoot(), 'demo');
	if (argv.has('--reset')) fs.rmSync(demoDir, { recursive: true, force: true });
	fs.mkdirSync(demoDir, { recursive: true });

	step('Building the package');
	await run('npm', ['run', '--silent', 'build'], { cwd: REPOSITORY_ROOT });

	step(`Preparing n8n ${N8N_VERSION}`);
	const layout = await ensureN8n();

	step('Installing the package into n8n as a community package (npm pack + npm install)');
	const packed = packPackage(path.join(demoDir, 'package'));
	const installed = whenChanged(demoDir, 'installed-package', packed.integrity);
	if (installed.changed || !fs.existsSync(path.join(demoDir, '.n8n', 'nodes', 'node_modules', packed.name))) {
		await installIntoUserFolder(demoDir, packed);
		installed.record();
		console.log(`  ${packed.name}@${packed.version} → ${path.join(demoDir, '.n8n', 'nodes')}`);
	} else {
		console.log(`  ${packed.name}@${packed.version} is already installed (unchanged)`);
	}

	step('Starting the ECGridOS simulator (demo seed; its state is kept between runs)');
	const simulatorPort = await choosePort(Number(process.env.ECGRIDOS_SIMULATOR_PORT || 8090));
	// The demo n8n keeps its data between runs (trigger cursors included), so the simulator does too.
	const simulator = await startSimulator({
		port: simulatorPort,
		dataFile: path.join(demoDir, 'simulator-state.json'),
		log: (line) => console.log(`  [simulator] ${line}`),
	});
	console.log(`  ${simulator.endpointUrl}`);

	const n8nPort = await choosePort(Number(process.env.N8N_PORT || 5678));
	// n8n's task broker (it runs Code nodes) listens on a second port; 5679 may be taken by another n8n.
	const brokerPort = await choosePort(n8nPort + 1);
	const n8n = new N8nInstance(layout, {
		userFolder: demoDir,
		encryptionKey: demoEncryptionKey(demoDir),
		extraEnvironment: {
			N8N_PORT: String(n8nPort),
			N8N_HOST: 'localhost',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			// The simulator runs on this machine and can call n8n on localhost, so the Callback Trigger
			// example may register that URL (README: "Exposing n8n's webhook URL to ECGrid").
			ECGRIDOS_ALLOW_PRIVATE_CALLBACK_URL: 'true',
			...ownerEnvironment(layout),
		},
	});

	let n8nProcess;
	let stopping = false;
	const stop = async (exitCode) => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the simulator…');
		if (n8nProcess && n8nProcess.exitCode === null) {
			const exited = new Promise((resolve) => n8nProcess.once('exit', resolve));
			n8nProcess.kill('SIGINT');
			const timer = setTimeout(() => n8nProcess.kill('SIGKILL'), STOP_TIMEOUT_MS);
			await exited;
			clearTimeout(timer);
		}
		await simulator.stop();
		console.log('Stopped.');
		process.exit(exitCode);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	step('Importing the simulator credentials and the example workflows');
	const credentials = demoCredentials(simulator);
	const importedCredentials = whenChanged(demoDir, 'imported-credentials', JSON.stringify(credentials));
	if (importedCredentials.changed) {
		await n8n.importCredentials(credentials);
		importedCredentials.record();
	}
	const examples = loadExampleWorkflows();
	const { fresh, record } = examplesToImport(demoDir, examples);
	if (fresh.length > 0) {
		await n8n.importWorkflows(fresh.map(({ workflow }) => workflow));
		record();
	}
	const skipped = examples.length - fresh.length;
	console.log(
		`  credentials: ${importedCredentials.changed ? `${DEMO_CREDENTIALS.length} imported` : 'unchanged'}; ` +
			`example workflows: ${fresh.length} imported` +
			(skipped > 0 ? `, ${skipped} imported earlier kept as they are (--reset re-imports them)` : ''),
	);

	step(`Starting n8n on port ${n8nPort}`);
	const logFile = path.join(demoDir, 'n8n.log');
	const log = fs.createWriteStream(logFile);
	// Its own process group: Ctrl-C reaches only this script, which asks n8n once to shut down
	// (a second SIGINT would make n8n exit without its graceful shutdown).
	n8nProcess = n8n.startServer({ stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	process.on('exit', () => {
		if (n8nProcess.exitCode === null) n8nProcess.kill('SIGKILL');
	});
	for (const stream of [n8nProcess.stdout, n8nProcess.stderr]) {
		stream.pipe(log, { end: false });
		if (verbose) stream.pipe(process.stdout, { end: false });
	}
	n8nProcess.on('exit', (code) => {
		if (stopping) return;
		console.error(`\nn8n exited unexpectedly (exit ${code}). Last lines of ${logFile}:`);
		console.error(lastLines(fs.readFileSync(logFile, 'utf8'), 30));
		void stop(1);
	});

	const url = `http://localhost:${n8nPort}`;
	if (!(await waitForReady(url, n8nProcess, 120000))) {
		if (!stopping) {
			console.error(`n8n did not become ready; see ${logFile}`);
			await stop(1);
		}
		return;
	}

	const rest = new N8nRestClient(url, layout);
	await rest.login();
	const nodeTypes = await rest.packageNodeTypes(packed.name);
	if (nodeTypes.length === 0) {
		console.error(`\n✖ n8n is running but did not load ${packed.name}. From ${logFile}:`);
		console.error(lastLines(fs.readFileSync(logFile, 'utf8').split('\n').filter((line) => line.includes(packed.name) || /error/i.test(line)).join('\n'), 15));
	}

	console.log(`
────────────────────────────────────────────────────────────────────
  n8n ${N8N_VERSION} with ${packed.name} is running (ready in ${formatDuration(Date.now() - started)})
  Nodes: ${nodeTypes.join(', ') || 'none loaded (see above)'}

  Open      ${url}
  Log in    ${DEMO_OWNER.email} / ${DEMO_OWNER.password}

  Then open a workflow named "ECGridOS: …" and click "Execute workflow".
  Credentials "ECGridOS Simulator: …" talk to the simulator at
  ${simulator.endpointUrl}
  (demo logins and API keys: simulator/seeds/demo.json)

  n8n log: ${logFile}${verbose ? '' : ' (--verbose shows it here)'}
  Ctrl-C stops n8n and the simulator.
────────────────────────────────────────────────────────────────────`);
}

main().catch((error) => {
	console.error(`\nnpm start failed: ${error.message}`);
	process.exit(1);
});
