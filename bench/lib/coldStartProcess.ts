/**
 * Scenario 3, cold start, one sample: a new Node process that loads what n8n itself provides, then
 * the package (credential, both nodes, and with them the catalog), then makes its first call, then
 * a few warm ones. Run compiled (plain `node`, no TypeScript loader), as n8n loads an installed
 * package. Prints one JSON line.
 *
 * Usage: node coldStartProcess.js <endpointUrl> <apiKey>
 */
import { performance } from 'node:perf_hooks';

const WARM_CALLS = 20;

async function main(): Promise<void> {
	const [endpointUrl, apiKey] = process.argv.slice(2);
	const processStartMs = performance.now();
	// What a running n8n has loaded before any community package.
	await import('n8n-workflow');
	await import('n8n-core');
	await import('../../test/harness/credentialsHelper');
	const hostLoadedAt = performance.now();

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
	const whoAmI = () => ecgridosRequest.call(context, 'WhoAmI', {}) as Promise<{ LoginName?: string }>;
	const first = await whoAmI();
	if (!first.LoginName) throw new Error('WhoAmI returned no LoginName');
	const firstResultAt = performance.now();

	const warm: number[] = [];
	for (let call = 0; call < WARM_CALLS; call++) {
		const started = performance.now();
		await whoAmI();
		warm.push(performance.now() - started);
	}
	warm.sort((a, b) => a - b);
	process.stdout.write(
		`${JSON.stringify({
			processStartMs,
			hostLoadMs: hostLoadedAt - processStartMs,
			packageLoadMs: packageLoadedAt - hostLoadedAt,
			contextMs: contextReadyAt - packageLoadedAt,
			firstCallMs: firstResultAt - contextReadyAt,
			processToFirstResultMs: firstResultAt,
			warmCallMs: warm[Math.floor(warm.length / 2)],
		})}\n`,
	);
	process.exit(0);
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
