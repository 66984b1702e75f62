// `npm run test:e2e`: the package as users get it, in a real n8n, against the simulator.
//
// Builds and packs the package (`npm pack`), checks what the tarball holds, installs it into a
// fresh n8n user folder as a community package, starts the simulator (demo seed, free port),
// imports the demo credentials and every workflow in examples/, runs each with `n8n execute` in
// file order and checks its output with test/e2e/examples.expectations.js. Examples with a
// trigger of this package are then published and run by `n8n start` from that trigger. The
// AI-agent example talks to a scripted OpenAI-compatible model (scripted-llm.js), not a real LLM.
// The Callback Trigger example is then run with real callbacks from the simulator
// (callback-trigger.js).
//
// Environment: ECGRIDOS_E2E_ONLY=<comma-separated example file names> runs a subset (later
// examples expect what earlier ones did, e.g. the receive example the 850 the send example sent);
// ECGRIDOS_E2E_KEEP=1 keeps the n8n user folder for inspection; ECGRIDOS_E2E_VERBOSE=1 prints what
// every node output; ECGRIDOS_N8N_CACHE as for npm start.
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { cacheRoot, ensureN8n, formatDuration, run, N8N_VERSION } = require('../n8n/runtime');
const { REPOSITORY_ROOT, packPackage, installIntoUserFolder } = require('../n8n/community-package');
const { N8nInstance, lastLines } = require('../n8n/cli');
const { EXAMPLE_OPENAI_CREDENTIAL, demoCredentials, loadExampleWorkflows } = require('../n8n/demo');
const { startSimulator } = require('../n8n/simulator');
const { N8nRestClient, choosePort, ownerEnvironment, waitForReady } = require('../n8n/server');
const { checkPackedFiles } = require('./package-contents');
const { checkExampleParameters } = require('./example-parameters');
const { startScriptedLlm } = require('./scripted-llm');
const { checkCallbackTrigger } = require('./callback-trigger');
const expectations = require('../../test/e2e/examples.expectations');

const results = [];

async function check(name, body) {
	const started = Date.now();
	try {
		await body();
		results.push({ name, passed: true });
		console.log(`  ✓ ${name} (${formatDuration(Date.now() - started)})`);
	} catch (error) {
		results.push({ name, passed: false });
		console.log(`  ✗ ${name} (${formatDuration(Date.now() - started)})\n${indent(error.message)}`);
	}
}

function indent(text) {
	return text
		.split('\n')
		.map((line) => `      ${line}`)
		.join('\n');
}

/** Starts `n8n start`, waits for the first execution of a published workflow, stops n8n. */
async function runWhilePublished(n8n, layout, workflowId) {
	const port = await choosePort();
	const server = n8n.startServer({
		stdio: ['ignore', 'pipe', 'pipe'],
		extraEnvironment: { N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(await choosePort()), ...ownerEnvironment(layout) },
	});
	let log = '';
	for (const stream of [server.stdout, server.stderr]) stream.setEncoding('utf8').on('data', (chunk) => (log += chunk));
	const exited = new Promise((resolve) => server.once('exit', resolve));
	try {
		const baseUrl = `http://127.0.0.1:${port}`;
		if (!(await waitForReady(baseUrl, server, 180000))) throw new Error(`n8n did not start:\n${lastLines(log, 25)}`);
		const rest = new N8nRestClient(baseUrl, layout);
		await rest.login();
		try {
			return await rest.waitForExecution(workflowId, 'trigger', 180000);
		} catch (error) {
			throw new Error(`${error.message}\n${lastLines(log, 25)}`);
		}
	} finally {
		if (server.exitCode === null) server.kill('SIGINT');
		const killer = setTimeout(() => server.kill('SIGKILL'), 20000);
		await exited;
		clearTimeout(killer);
	}
}

function printNodeOutputs(record) {
	for (const [nodeName, runs] of Object.entries(record.data?.resultData?.runData ?? {})) {
		const last = runs[runs.length - 1];
		const items = last.data?.main?.[0] ?? [];
		console.log(`      ${nodeName}: ${items.length} items${last.error ? `, error: ${last.error.message}` : ''}`);
		for (const item of items.slice(0, 3)) {
			console.log(`        ${JSON.stringify(item.json).slice(0, 600)}${item.binary ? ` + binary ${Object.keys(item.binary).join(', ')}` : ''}`);
		}
	}
}

/** Work folders of runs that were interrupted (Ctrl-C skips the clean-up) or kept, once a day old. */
function removeAbandonedRuns(e2eDir) {
	if (!fs.existsSync(e2eDir)) return;
	const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
	for (const entry of fs.readdirSync(e2eDir)) {
		const dir = path.join(e2eDir, entry);
		if (entry.startsWith('run-') && fs.statSync(dir).mtimeMs < dayAgo) fs.rmSync(dir, { recursive: true, force: true });
	}
}

function selectedExamples() {
	const examples = loadExampleWorkflows();
	const only = (process.env.ECGRIDOS_E2E_ONLY ?? '').split(',').map((name) => name.trim()).filter(Boolean);
	if (only.length === 0) return examples;
	const unknown = only.filter((name) => !examples.some(({ file }) => file === name));
	if (unknown.length > 0) throw new Error(`ECGRIDOS_E2E_ONLY names unknown examples: ${unknown.join(', ')}`);
	return examples.filter(({ file }) => only.includes(file));
}

async function main() {
	const started = Date.now();
	const examples = selectedExamples();
	if (examples.length === 0) throw new Error('examples/ holds no workflow to run');
	const missing = examples.filter(({ file }) => typeof expectations[file] !== 'function');
	if (missing.length > 0) {
		throw new Error(`test/e2e/examples.expectations.js has no check for: ${missing.map(({ file }) => file).join(', ')}`);
	}

	console.log('▸ Building and packing the package');
	await run('npm', ['run', '--silent', 'build'], { cwd: REPOSITORY_ROOT, onLine: () => {} });
	removeAbandonedRuns(path.join(cacheRoot(), 'e2e'));
	const workDir = path.join(cacheRoot(), 'e2e', `run-${new Date().toISOString().replace(/[:.]/g, '-')}`);
	const packed = packPackage(path.join(workDir, 'package'));
	console.log(`  ${path.basename(packed.tarball)}: ${packed.files.length} files`);
	await check('npm pack holds only what n8n needs', () => checkPackedFiles(packed.files));
	await check('the examples set only parameters the nodes define', () => checkExampleParameters(examples));

	console.log(`▸ Preparing n8n ${N8N_VERSION}`);
	const layout = await ensureN8n();

	console.log('▸ Installing the tarball into a fresh n8n user folder');
	const userFolder = path.join(workDir, 'user');
	await installIntoUserFolder(userFolder, packed);

	// Callbacks the simulator could not deliver are retried after seconds, not the minutes of Frequency.
	const simulator = await startSimulator({ port: 0, callbackRetrySeconds: 2 });
	const llm = await startScriptedLlm(expectations.scriptedLlm);
	console.log(`▸ Simulator at ${simulator.endpointUrl}, scripted chat model at ${llm.baseUrl}`);
	// Every n8n command starts a task broker; a port of its own keeps it clear of a running n8n.
	const n8n = new N8nInstance(layout, {
		userFolder,
		encryptionKey: crypto.randomBytes(24).toString('hex'),
		extraEnvironment: { N8N_RUNNERS_BROKER_PORT: String(await choosePort()) },
	});
	try {
		// All examples, even for a subset: the trigger check prepares with another example.
		const allExamples = loadExampleWorkflows();
		console.log(`▸ Importing credentials and ${allExamples.length} example workflows`);
		await n8n.importCredentials([
			...demoCredentials(simulator),
			{ ...EXAMPLE_OPENAI_CREDENTIAL, data: { apiKey: 'scripted-model', url: llm.baseUrl } },
		]);
		await n8n.importWorkflows(allExamples.map(({ workflow }) => workflow));

		console.log('▸ Running the examples with `n8n execute`');
		for (const { file, workflow } of examples) {
			await check(`${file}: ${workflow.name}`, async () => {
				const execution = await n8n.executeWorkflow(workflow.id);
				if (!execution.run) {
					throw new Error(`n8n printed no run record (exit ${execution.exitCode}):\n${lastLines(execution.output, 25)}`);
				}
				if (process.env.ECGRIDOS_E2E_VERBOSE === '1') printNodeOutputs(execution.run);
				const failure = execution.run.data?.resultData?.error;
				if (failure) {
					const node = failure.node?.name ? ` in node "${failure.node.name}"` : '';
					throw new Error(`The workflow failed${node}: ${failure.message}${failure.description ? `\n${failure.description}` : ''}`);
				}
				// With n8n 2.41's default ("vm") expression engine, `n8n execute` often dies of a signal
				// (SIGSEGV) while it exits when the workflow holds any webhook node (n8n's own Webhook node
				// too; not with N8N_EXPRESSION_ENGINE=legacy), after the run has finished and been stored.
				// Such a run is judged by its record; any other exit code fails.
				const crashedAfterSuccess = execution.exitCode === null && execution.run.finished === true && execution.run.status === 'success';
				if (crashedAfterSuccess) console.log('      (n8n execute was killed by a signal while exiting, after the run finished successfully)');
				else if (execution.exitCode !== 0) throw new Error(`n8n execute exited with ${execution.exitCode}:\n${lastLines(execution.output, 25)}`);
				await expectations[file](execution.run, { simulator, llm });
			});
		}

		const activeChecks = Object.entries(expectations.whenActive).filter(([file]) => examples.some((example) => example.file === file));
		if (activeChecks.length > 0) console.log('▸ Activating trigger workflows in a running n8n (`n8n start`)');
		for (const [file, activeCheck] of activeChecks) {
			const { workflow } = examples.find((example) => example.file === file);
			await check(`${file}: runs from its trigger once published`, async () => {
				for (const before of activeCheck.before) {
					const prepared = allExamples.find((example) => example.file === before);
					const execution = await n8n.executeWorkflow(prepared.workflow.id);
					if (execution.exitCode !== 0 || execution.run?.data?.resultData?.error) {
						throw new Error(`Preparing with ${before} failed:\n${lastLines(execution.output, 20)}`);
					}
				}
				await n8n.runCommandOrFail(['publish:workflow', `--id=${workflow.id}`]);
				const record = await runWhilePublished(n8n, layout, workflow.id);
				if (process.env.ECGRIDOS_E2E_VERBOSE === '1') printNodeOutputs(record);
				assert.equal(record.status, 'success', `the triggered execution ended "${record.status}": ${record.data.resultData.error?.message ?? ''}`);
				await activeCheck.check(record, { simulator });
			});
		}

		const callbackExample = examples.find((example) => example.file === expectations.callbackTrigger.file);
		if (callbackExample) {
			console.log('▸ Publishing the Callback Trigger example in a running n8n; the simulator calls it back');
			await checkCallbackTrigger({ n8n, layout, simulator, workflow: callbackExample.workflow, expectations: expectations.callbackTrigger, check });
		}
	} finally {
		await simulator.stop();
		await llm.stop();
		if (process.env.ECGRIDOS_E2E_KEEP === '1') console.log(`  n8n user folder kept: ${userFolder}`);
		else fs.rmSync(workDir, { recursive: true, force: true });
	}

	const passed = results.filter((result) => result.passed).length;
	const failed = results.length - passed;
	console.log(`\nEnd-to-end run took ${formatDuration(Date.now() - started)}.`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((error) => {
	console.error(`\ntest:e2e could not run: ${error.message}`);
	const passed = results.filter((result) => result.passed).length;
	console.log(`${passed} passed, ${results.length - passed + 1} failed`);
	process.exitCode = 1;
});
