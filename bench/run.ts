/**
 * `npm run bench [-- --quick] [--only 1,4] [--json results.json]`: measures the package against the raw wire
 * on this machine and prints one table. The simulator runs in a process of its own on loopback
 * (a fresh one per scenario group, so no scenario inherits another's state); every measurement runs
 * in a fresh worker process. See BENCHMARKS.md for what each row means and the latest results.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

import { measureColdStart } from './lib/coldStart';
import { MB } from './lib/measure';
import {
	NETWORK_ADMIN,
	RECEIVER,
	SEARCH_ID,
	SEARCH_MATCHES,
	SEARCH_QUALIFIER,
	SENDER,
	WARM_UP_BYTES,
	purchaseOrderOfSize,
	seedUser,
	writeBenchSeed,
} from './lib/fixtures';
import { SimulatorProcess, compileBench, runWorker } from './lib/processes';
import { closeRawConnections, forEachConcurrently, rawCall } from './lib/rawSoap';
import type { BigInboxInput, BigInboxResult } from './scenarios/bigInbox';
import type { BigParcelInput, BigParcelResult } from './scenarios/bigParcels';
import type { EngineInput, EngineResult } from './scenarios/engine';
import type { PerCallInput, PerCallResult } from './scenarios/perCall';
import { measureQueueMode } from './scenarios/queueMode';
import type { SessionsInput, SessionsResult } from './scenarios/sessions';

interface Row {
	scenario: string;
	package: string;
	baseline: string;
	ratio: string;
	target: string;
	met: string;
}

const { values: flags } = parseArgs({
	options: { quick: { type: 'boolean' }, only: { type: 'string' }, json: { type: 'string' } },
});
const quick = flags.quick === true;

const plan = {
	whoAmICalls: quick ? 400 : 2000,
	searchCalls: quick ? 100 : 500,
	engineItems: quick ? 200 : 1000,
	coldStartRuns: quick ? 3 : 7,
	parcelSizesMb: quick ? [1, 10] : [1, 10, 100],
	inboxParcels: quick ? 2000 : 10000,
	inboxPolls: 10,
	sequentialExecutions: quick ? 200 : 1000,
	concurrentExecutions: 50,
	queueExecutions: quick ? 100 : 300,
};

const rows: Row[] = [];
const details: Record<string, unknown> = {};

const ms = (value: number) => (value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(2)} ms`);
const megabytes = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const verdict = (met: boolean) => (met ? 'yes' : 'NO');

function progress(text: string): void {
	process.stderr.write(`[bench] ${text}\n`);
}

async function withSimulator<T>(seedFile: string | undefined, action: (simulator: SimulatorProcess) => Promise<T>): Promise<T> {
	const simulator = await SimulatorProcess.start(seedFile);
	try {
		return await action(simulator);
	} finally {
		await simulator.stop();
	}
}

async function perCallAndEngine(seedFile: string): Promise<void> {
	await withSimulator(seedFile, async (simulator) => {
		const apiKey = seedUser(NETWORK_ADMIN).apiKey;
		progress(`1. per-call overhead: ${plan.whoAmICalls} WhoAmI, ${plan.searchCalls} TPSearch (${SEARCH_MATCHES} records)`);
		const perCall = await runWorker<PerCallInput, PerCallResult[]>('perCall', {
			endpointUrl: simulator.endpointUrl,
			simulatorPid: simulator.pid,
			apiKey,
			series: [
				{ label: 'WhoAmI', operation: 'WhoAmI', values: {}, count: plan.whoAmICalls },
				{
					label: `TPSearch, ${SEARCH_MATCHES} records`,
					operation: 'TPSearch',
					values: { Qualifier: SEARCH_QUALIFIER, ID: SEARCH_ID, ShowInactive: false },
					count: plan.searchCalls,
					expectedRecords: SEARCH_MATCHES,
				},
			],
		});
		details.perCall = perCall;
		for (const series of perCall) {
			const ratio = series.packageMsPerCall / series.rawMsPerCall;
			rows.push({
				scenario: `1. per call: ${series.count} × ${series.label}`,
				package: `${ms(series.packageMsPerCall)}/call`,
				baseline: `${ms(series.rawMsPerCall)}/call raw`,
				ratio: ratio.toFixed(2),
				target: '<= 1.15',
				met: `${verdict(ratio <= 1.15)} (package's own: ${ms(series.packageMsPerCall - series.rawMsPerCall)})`,
			});
			// Where the time goes: the client's CPU (the package's own work) and the simulator's, which
			// serves the same requests to both sides but shares this machine's CPUs and caches with them.
			rows.push({
				scenario: `1. (CPU per call: client + simulator)`,
				package: `${ms(series.packageCpuMsPerCall)} + ${ms(series.simulatorCpuMsForPackage)}`,
				baseline: `${ms(series.rawCpuMsPerCall)} + ${ms(series.simulatorCpuMsForRaw)} raw`,
				ratio: (series.packageCpuMsPerCall / series.rawCpuMsPerCall).toFixed(2),
				target: 'report',
				met: `client CPU ratio`,
			});
			// What the package would cost if it sent every call through n8n's helper, as it still does
			// when n8n must log in first or a proxy is configured (transport/connections.ts).
			rows.push({
				scenario: `1. (same envelope through n8n's HTTP helper alone)`,
				package: `${ms(series.n8nHelperMsPerCall)}/call`,
				baseline: `${ms(series.helperRawMsPerCall)}/call raw`,
				ratio: (series.n8nHelperMsPerCall / series.helperRawMsPerCall).toFixed(2),
				target: 'report',
				met: '',
			});
		}

		progress(`2. engine: one execution of ${plan.engineItems} TPInfo items (6 alternating rounds)`);
		const engine = await runWorker<EngineInput, EngineResult>('engine', {
			endpointUrl: simulator.endpointUrl,
			apiKey,
			items: plan.engineItems,
		});
		details.engine = engine;
		const perSecond = (count: number, totalMs: number) => (count / totalMs) * 1000;
		const engineShare = (engine.engineMs - engine.transportMs) / engine.engineMs;
		rows.push({
			scenario: `2. engine: 1 execution × ${engine.items} TPInfo items`,
			package: `${perSecond(engine.items, engine.engineMs).toFixed(0)} items/s`,
			baseline: `${perSecond(engine.items, engine.transportMs).toFixed(0)} calls/s transport (1)`,
			ratio: (engine.engineMs / engine.transportMs).toFixed(2),
			target: 'report',
			met: `engine share ${(engineShare * 100).toFixed(0)}%`,
		});
		rows.push({
			scenario: '2. (same TPInfo calls, transport vs raw)',
			package: `${ms(engine.pairedTransportMs / engine.items)}/call`,
			baseline: `${ms(engine.rawMs / engine.items)}/call raw`,
			ratio: (engine.pairedTransportMs / engine.rawMs).toFixed(2),
			target: '<= 1.15',
			met: verdict(engine.pairedTransportMs / engine.rawMs <= 1.15),
		});
	});
}

async function coldStart(seedFile: string): Promise<void> {
	await withSimulator(seedFile, async (simulator) => {
		progress(`3. cold start: ${plan.coldStartRuns} fresh processes`);
		const result = await measureColdStart(simulator.endpointUrl, seedUser(NETWORK_ADMIN).apiKey, plan.coldStartRuns);
		details.coldStart = result;
		const { median } = result;
		const cold = median.packageLoadMs + median.firstCallMs;
		const limit = 2 * median.warmCallMs + 100;
		rows.push({
			scenario: `3. cold start (median of ${result.runs}): package load + first call`,
			package: `${ms(median.packageLoadMs)} + ${ms(median.firstCallMs)}`,
			baseline: `warm call ${ms(median.warmCallMs)}`,
			ratio: (cold / median.warmCallMs).toFixed(1),
			target: `< 2×warm+100 = ${ms(limit)}`,
			met: verdict(cold < limit),
		});
		rows.push({
			scenario: '3. (new process to first result, n8n load included)',
			package: ms(median.processToFirstResultMs),
			baseline: `n8n-core/workflow load ${ms(median.hostLoadMs)}`,
			ratio: '',
			target: 'report',
			met: '',
		});
	});
}

/** Sends an X12 file of `bytes` from `sender` to `receiver` (raw) and returns its parcel ID in the receiver's inbox. */
async function seedDownload(endpointUrl: string, sender: string, receiver: string, bytes: number, fileName: string): Promise<number> {
	const content = purchaseOrderOfSize(bytes);
	// A kept-alive socket idle while the workers ran may be closing on the server's side just
	// as a 130 MB body starts on it (EPIPE); seeding starts on fresh connections instead.
	closeRawConnections();
	await rawCall(endpointUrl, sender, 'ParcelUpload', { FileName: fileName, Bytes: content.length, Content: content.toString('base64') });
	const inbox = await rawCall(endpointUrl, receiver, 'ParcelInBox');
	const record = inbox.split('</ParcelIDInfo>').find((text) => text.includes(`<FileName>${fileName}</FileName>`));
	const parcelId = Number(/<ParcelID>(\d+)<\/ParcelID>/.exec(record ?? '')?.[1]);
	if (!parcelId) throw new Error(`${fileName} (${bytes} bytes) did not arrive in the receiver's inbox`);
	return parcelId;
}

async function bigParcels(): Promise<void> {
	await withSimulator(undefined, async (simulator) => {
		const sender = seedUser(SENDER).apiKey;
		const receiver = seedUser(RECEIVER).apiKey;
		const results: Record<string, BigParcelResult> = {};
		const warmUpParcelId = await seedDownload(simulator.endpointUrl, sender, receiver, WARM_UP_BYTES, 'bench-warm-up.x12');
		for (const sizeMb of plan.parcelSizesMb) {
			const bytes = sizeMb * MB;
			progress(`4. big parcels: ${sizeMb} MB (seeding the download)`);
			const parcelId = await seedDownload(simulator.endpointUrl, sender, receiver, bytes, `bench-download-${sizeMb}mb.x12`);
			const repetitions = sizeMb >= 100 ? 2 : sizeMb >= 10 ? 3 : 5;
			for (const direction of ['download', 'upload'] as const) {
				const measureSide = (side: BigParcelInput['side']) =>
					runWorker<BigParcelInput, BigParcelResult>(
						'bigParcels',
						{
							endpointUrl: simulator.endpointUrl,
							direction,
							side,
							bytes,
							repetitions,
							apiKey: direction === 'download' ? receiver : sender,
							parcelId,
							warmUpParcelId,
						},
						// Room for a 100 MB parcel as base64 text, its buffers and n8n's copies.
						['--max-old-space-size=4096'],
					);
				progress(`4. big parcels: ${sizeMb} MB ${direction}`);
				const raw = await measureSide('raw');
				const through = await measureSide('package');
				results[`${direction} ${sizeMb} MB`] = through;
				results[`${direction} ${sizeMb} MB raw`] = raw;
				const ratio = through.medianMs / raw.medianMs;
				const growth = through.memory.peakGrowthBytes / bytes;
				rows.push({
					scenario: `4. ${direction} ${sizeMb} MB through the node: time`,
					package: ms(through.medianMs),
					baseline: `${ms(raw.medianMs)} raw`,
					ratio: ratio.toFixed(2),
					target: '<= 1.5',
					met: verdict(ratio <= 1.5),
				});
				rows.push({
					scenario: `4. ${direction} ${sizeMb} MB through the node: peak memory growth`,
					package: megabytes(through.memory.peakGrowthBytes),
					baseline: `${megabytes(raw.memory.peakGrowthBytes)} raw`,
					ratio: `${growth.toFixed(1)}× size`,
					target: '<= 5× size',
					met: verdict(growth <= 5),
				});
			}
		}
		details.bigParcels = results;
	});
}

async function bigInbox(): Promise<void> {
	await withSimulator(undefined, async (simulator) => {
		const sender = seedUser(SENDER).apiKey;
		progress(`5. big inbox: seeding ${plan.inboxParcels} parcels`);
		const controls = Array.from({ length: plan.inboxParcels }, (_, index) => String(index + 1).padStart(9, '0'));
		await forEachConcurrently(controls, 4, async (control) => {
			await rawCall(simulator.endpointUrl, sender, 'ParcelUploadA', {
				FileName: `po-${control}.x12`,
				ContentBase64: purchaseOrderOfSize(600, control).toString('base64'),
			});
		});
		progress(`5. big inbox: ${plan.inboxPolls} polls`);
		const result = await runWorker<BigInboxInput, BigInboxResult>('bigInbox', {
			endpointUrl: simulator.endpointUrl,
			apiKey: seedUser(RECEIVER).apiKey,
			waiting: plan.inboxParcels,
			polls: plan.inboxPolls,
		});
		details.bigInbox = result;
		rows.push({
			scenario: `5. inbox of ${plan.inboxParcels}: first poll (${result.firstPollItems} items with content)`,
			package: ms(result.firstPollMs),
			baseline: `${ms(result.rawMs)} raw (listing + ${result.firstPollItems} downloads)`,
			ratio: (result.firstPollMs / result.rawMs).toFixed(2),
			target: 'report',
			met: '',
		});
		rows.push({
			scenario: '5. first poll: peak memory growth',
			package: megabytes(result.firstPollMemory.peakGrowthBytes),
			baseline: '',
			ratio: '',
			target: 'report',
			met: '',
		});
		const last = result.staticDataBytes[result.staticDataBytes.length - 1];
		const bounded = result.cursorIds <= 2000 && last <= 64 * 1024;
		rows.push({
			scenario: `5. static data after ${result.staticDataBytes.length} polls`,
			package: `${(last / 1024).toFixed(1)} KB, ${result.cursorIds} IDs`,
			baseline: `after poll 1: ${(result.staticDataBytes[0] / 1024).toFixed(1)} KB`,
			ratio: '',
			target: '<= 2000 IDs, <= 64 KB',
			met: verdict(bounded),
		});
	});
}

async function sessions(): Promise<void> {
	await withSimulator(undefined, async (simulator) => {
		const logins = async () => (await simulator.callCounts()).Login ?? 0;
		const cases: Array<{ mode: SessionsInput['mode']; executions: number; loginName: string; label: string }> = [
			{ mode: 'sequential', executions: plan.sequentialExecutions, loginName: 'acme.user', label: 'sequential executions' },
			{ mode: 'concurrent', executions: plan.concurrentExecutions, loginName: 'globex.user', label: 'executions started together, no session' },
		];
		for (const sessionCase of cases) {
			progress(`6. sessions: ${sessionCase.executions} ${sessionCase.label}`);
			const before = await logins();
			const user = seedUser(sessionCase.loginName);
			const result = await runWorker<SessionsInput, SessionsResult>('sessions', {
				endpointUrl: simulator.endpointUrl,
				loginName: user.loginName,
				password: user.password,
				executions: sessionCase.executions,
				mode: sessionCase.mode,
			});
			const count = (await logins()) - before;
			details[`sessions ${sessionCase.mode}`] = { ...result, logins: count };
			rows.push({
				scenario: `6. Logins for ${sessionCase.executions} ${sessionCase.label}`,
				package: `${count} Login${count === 1 ? '' : 's'}`,
				baseline: `${ms(result.totalMs / result.executions)}/execution`,
				ratio: '',
				target: '1',
				met: verdict(count === 1),
			});
		}
	});
}

async function queueMode(): Promise<void> {
	progress(`8. queue mode: ${plan.queueExecutions} webhook executions with 1, then 2 workers (starts Postgres, Redis and n8n)`);
	const results = await measureQueueMode({ executions: plan.queueExecutions, concurrency: 50, warmUp: 20 }, (line) => progress(`8. ${line.trim()}`));
	details.queueMode = results;
	const [one] = results;
	for (const result of results) {
		rows.push({
			scenario: `8. queue mode, ${result.workers} worker${result.workers === 1 ? '' : 's'}: ${result.executions} webhook executions (Who Am I, API key), 50 at a time`,
			package: `${result.perSecond.toFixed(1)} executions/s`,
			baseline: result === one ? '' : `${one.perSecond.toFixed(1)}/s with 1 worker`,
			ratio: result === one ? '' : (result.perSecond / one.perSecond).toFixed(2),
			target: 'report',
			met: '',
		});
	}
}

function table(): string {
	const header: Row = { scenario: 'scenario', package: 'package', baseline: 'baseline', ratio: 'ratio', target: 'target', met: 'met?' };
	const columns = Object.keys(header) as Array<keyof Row>;
	const widths = columns.map((column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
	const line = (row: Row) => `| ${columns.map((column, index) => row[column].padEnd(widths[index])).join(' | ')} |`;
	const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
	return [line(header), rule, ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
	// n8n-core writes its settings under N8N_USER_FOLDER; keep them out of the user's home.
	const n8nFolder = process.env.N8N_USER_FOLDER ? undefined : mkdtempSync(join(tmpdir(), 'ecgridos-bench-n8n-'));
	if (n8nFolder) process.env.N8N_USER_FOLDER = n8nFolder;
	process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'false';
	process.env.N8N_ENCRYPTION_KEY ??= 'ecgridos-benchmark-only';
	const started = Date.now();
	const seedFile = writeBenchSeed();
	const groups: Array<[number[], string, () => Promise<void>]> = [
		[[1, 2], '1-2. per call and engine', () => perCallAndEngine(seedFile)],
		[[3], '3. cold start', () => coldStart(seedFile)],
		[[4], '4. big parcels', bigParcels],
		[[5], '5. big inbox', bigInbox],
		[[6], '6. sessions', sessions],
		[[8], '8. queue mode', queueMode],
	];
	const only = flags.only ? new Set(flags.only.split(',').map(Number)) : undefined;
	let failed = false;
	progress('compiling the benchmark with tsc (workers and simulator run the emitted JavaScript)');
	const removeCompiled = await compileBench();
	try {
		for (const [numbers, name, group] of groups) {
			if (only && !numbers.some((number) => only.has(number))) continue;
			try {
				await group();
			} catch (error) {
				// One broken scenario should not cost the results of the others.
				failed = true;
				progress(`${name} failed: ${(error as Error).stack ?? String(error)}`);
				rows.push({ scenario: name, package: 'FAILED (see stderr)', baseline: '', ratio: '', target: '', met: 'NO' });
			}
		}
	} finally {
		removeCompiled();
	}
	const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 1024 ** 3).toFixed(1)} GB, Node ${process.version}, load average ${loadavg()
		.map((value) => value.toFixed(1))
		.join(' ')}`;
	const summary = `${table()}\n\n${quick ? 'Quick run' : 'Full run'} on ${machine}, ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s.`;
	process.stdout.write(`${summary}\n`);
	if (flags.json) writeFileSync(flags.json, JSON.stringify({ quick, machine, rows, details }, null, '\t'));
	rmSync(dirname(seedFile), { recursive: true, force: true });
	if (n8nFolder) rmSync(n8nFolder, { recursive: true, force: true });
	if (failed) process.exitCode = 1;
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
