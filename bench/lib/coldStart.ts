/**
 * Scenario 3 driver: compiles the package, the harness pieces and coldStartProcess.ts with tsc into a
 * temporary folder, then starts that script in fresh processes with plain `node`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { median } from './measure';
import { PROJECT_DIR } from './processes';

const run = promisify(execFile);

export interface ColdStartSample {
	processStartMs: number;
	hostLoadMs: number;
	packageLoadMs: number;
	/** Building the execution context (n8n's work, here the harness's). */
	contextMs: number;
	firstCallMs: number;
	processToFirstResultMs: number;
	warmCallMs: number;
}

export interface ColdStartResult {
	runs: number;
	/** Medians over the runs. */
	median: ColdStartSample;
}

/** Compiles coldStartProcess.ts and what it imports; returns the compiled script and a clean-up. */
async function compile(): Promise<{ script: string; remove: () => void }> {
	const folder = mkdtempSync(join(tmpdir(), 'ecgridos-bench-cold-'));
	const outDir = join(folder, 'out');
	const config = join(folder, 'tsconfig.json');
	writeFileSync(
		config,
		JSON.stringify({
			extends: join(PROJECT_DIR, 'tsconfig.json'),
			compilerOptions: { outDir, rootDir: PROJECT_DIR, incremental: false, declaration: false, sourceMap: false, types: ['node'], typeRoots: [join(PROJECT_DIR, 'node_modules/@types')] },
			files: [join(PROJECT_DIR, 'bench/lib/coldStartProcess.ts')],
			include: [],
		}),
	);
	await run(process.execPath, [join(PROJECT_DIR, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd: PROJECT_DIR });
	return { script: join(outDir, 'bench/lib/coldStartProcess.js'), remove: () => rmSync(folder, { recursive: true, force: true }) };
}

export async function measureColdStart(endpointUrl: string, apiKey: string, runs: number): Promise<ColdStartResult> {
	const { script, remove } = await compile();
	try {
		const samples: ColdStartSample[] = [];
		for (let index = 0; index < runs; index++) {
			const { stdout } = await run(process.execPath, [script, endpointUrl, apiKey], {
				cwd: PROJECT_DIR,
				// The compiled files live outside the project; they find its node_modules through NODE_PATH.
				env: { ...process.env, NODE_PATH: join(PROJECT_DIR, 'node_modules') },
			});
			samples.push(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ColdStartSample);
		}
		const pick = (key: keyof ColdStartSample) => median(samples.map((sample) => sample[key]));
		return {
			runs,
			median: {
				processStartMs: pick('processStartMs'),
				hostLoadMs: pick('hostLoadMs'),
				packageLoadMs: pick('packageLoadMs'),
				contextMs: pick('contextMs'),
				firstCallMs: pick('firstCallMs'),
				processToFirstResultMs: pick('processToFirstResultMs'),
				warmCallMs: pick('warmCallMs'),
			},
		};
	} finally {
		remove();
	}
}
