/**
 * Scenario 3 driver: starts coldStartProcess.ts, as compiled by `compileBench` with the package and
 * the harness pieces, in fresh processes with plain `node`.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { median } from './measure';
import { PROJECT_DIR, compiledEnv, compiledScript } from './processes';

const run = promisify(execFile);

export interface ColdStartSample {
	processStartMs: number;
	hostLoadMs: number;
	/** For the `soap` client: loading its module and creating it from the WSDL. */
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

/** Cold starts of the package, or of the `soap` client created from `wsdlPath`. */
export async function measureColdStart(
	endpointUrl: string,
	apiKey: string,
	runs: number,
	client: 'package' | 'soap' = 'package',
	wsdlPath = '',
): Promise<ColdStartResult> {
	const script = compiledScript('bench/lib/coldStartProcess.ts');
	const samples: ColdStartSample[] = [];
	for (let index = 0; index < runs; index++) {
		const { stdout } = await run(process.execPath, [script, endpointUrl, apiKey, client, wsdlPath], { cwd: PROJECT_DIR, env: compiledEnv() });
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
}
