/**
 * Scenario 3, cold start, one sample: a new Node process that loads what n8n itself provides, then
 * the package (credential, both nodes, and with them the catalog), then makes its first call, then
 * a few warm ones. Run compiled (plain `node`, no TypeScript loader), as n8n loads an installed
 * package. Prints one JSON line.
 *
 * With `soap`, the same for the `soap` package's client: after what n8n provides, the module is
 * loaded and the client created from the WSDL (what a Code node would do on its first run), then
 * the first call and the warm ones.
 *
 * Usage: node coldStartProcess.js <endpointUrl> <apiKey> [package|soap] [wsdlPath]
 */
import { performance } from 'node:perf_hooks';

import type { ColdStartSample } from './coldStart';

const WARM_CALLS = 20;

async function main(): Promise<void> {
	const [endpointUrl, apiKey, client = 'package', wsdlPath] = process.argv.slice(2);
	const processStartMs = performance.now();
	// What a running n8n has loaded before any community package.
	await import('n8n-workflow');
	await import('n8n-core');
	await import('../../test/harness/credentialsHelper');
	const hostLoadedAt = performance.now();
	if (client === 'soap') return await measureSoap(endpointUrl, apiKey, wsdlPath, processStartMs, hostLoadedAt);

	const { ECGridOSApi } = await import('../../credentials/ECGridOSApi.credentials');
	const { ECGridOS } = await import('../../nodes/ECGridOS/ECGridOS.node.js');
	const { ECGridOSTrigger } = await import('../../nodes/ECGridOS/ECGridOSTrigger.node.js');
	for (const type of [new ECGridOSApi(), new ECGridOS(), new ECGridOSTrigger()]) {
		if (!('properties' in type ? type.properties : type.description.properties).length) throw new Error('empty description');
	}
	const packageLoadedAt = performance.now();

	// The execution context is n8n's part (here the harness standing in for it): not counted.
	const { ecgridosRequest } = await import('../../nodes/ECGridOS/transport');
	const { apiKeyCredential, createTransportContext } = await import('./transportContext');
	const context = createTransportContext(apiKeyCredential(endpointUrl, apiKey));
	const contextReadyAt = performance.now();
	await measureCalls(() => ecgridosRequest.call(context, 'WhoAmI', {}), {
		processStartMs,
		hostLoadMs: hostLoadedAt - processStartMs,
		packageLoadMs: packageLoadedAt - hostLoadedAt,
		contextMs: contextReadyAt - packageLoadedAt,
		callsStartAt: contextReadyAt,
		benchOnlyMs: 0,
	});
}

async function measureSoap(endpointUrl: string, apiKey: string, wsdlPath: string, processStartMs: number, hostLoadedAt: number): Promise<void> {
	const { createSoapCall } = await import('./peers');
	const peersLoadedAt = performance.now();
	const call = await createSoapCall(wsdlPath, endpointUrl);
	const clientReadyAt = performance.now();
	await measureCalls(() => call('WhoAmI', { SessionID: apiKey }), {
		processStartMs,
		hostLoadMs: hostLoadedAt - processStartMs,
		// Loading the module and creating the client from the WSDL: the package's load, for this client.
		packageLoadMs: clientReadyAt - peersLoadedAt,
		contextMs: 0,
		callsStartAt: clientReadyAt,
		// The bench's own module (peers.ts), which a Code node would not load.
		benchOnlyMs: peersLoadedAt - hostLoadedAt,
	});
}

interface Phases extends Pick<ColdStartSample, 'processStartMs' | 'hostLoadMs' | 'packageLoadMs' | 'contextMs'> {
	/** When the client was ready for its first call. */
	callsStartAt: number;
	/** Time spent loading what only the bench needs, left out of the process's time to first result. */
	benchOnlyMs: number;
}

/** Makes the first `WhoAmI` call (checked) and the warm ones after it, and prints the sample. */
async function measureCalls(whoAmI: () => Promise<unknown>, phases: Phases): Promise<void> {
	const first = (await whoAmI()) as { LoginName?: string };
	if (!first.LoginName) throw new Error('WhoAmI returned no LoginName');
	const firstResultAt = performance.now();
	const warm: number[] = [];
	for (let index = 0; index < WARM_CALLS; index++) {
		const started = performance.now();
		await whoAmI();
		warm.push(performance.now() - started);
	}
	warm.sort((a, b) => a - b);
	const sample: ColdStartSample = {
		processStartMs: phases.processStartMs,
		hostLoadMs: phases.hostLoadMs,
		packageLoadMs: phases.packageLoadMs,
		contextMs: phases.contextMs,
		firstCallMs: firstResultAt - phases.callsStartAt,
		processToFirstResultMs: firstResultAt - phases.benchOnlyMs,
		warmCallMs: warm[Math.floor(warm.length / 2)],
	};
	process.stdout.write(`${JSON.stringify(sample)}\n`);
	process.exit(0);
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
