/**
 * No document is lost or duplicated when the network fails around a change. An upload whose reply
 * is lost reached ECGridOS once and is not repeated by the node; one whose request never arrived is
 * not there at all; both fail with advice to check before running again. Many executions that find
 * their session expired at the same moment share one new Login. Through n8n's engine, against the
 * simulator behind a proxy that cuts connections.
 */
import { startSimulator, type RunningSimulator } from '../../simulator';
import { createCredentialsHelper } from '../harness';
import { X12_850, fileItem, runEcgridos } from './support/node';
import { startSpyProxy, type SpyProxy } from './support/spyProxy';

let simulator: RunningSimulator;
let proxy: SpyProxy;

beforeEach(async () => {
	simulator = await startSimulator({ port: 0, sessionTimeoutSeconds: 2 });
	proxy = await startSpyProxy(simulator.endpointUrl);
});
afterEach(async () => {
	await proxy.stop();
	await simulator.stop();
});

function seedUser(loginName: string) {
	return simulator.seed.users.find((candidate) => candidate.loginName === loginName)!;
}

const acme = (customUrl = proxy.endpointUrl) => ({
	authentication: 'apiKey',
	apiKey: seedUser('acme.admin').apiKey,
	environment: 'custom',
	customUrl,
	timeout: 5,
});

async function globexInbox(): Promise<string[]> {
	const { items, error } = await runEcgridos({ resource: 'parcel', operation: 'getInbox', returnAll: true }, {
		...acme(simulator.endpointUrl),
		apiKey: seedUser('globex.admin').apiKey,
	});
	expect(error).toBeUndefined();
	return items.map((item) => String(item.json.FileName));
}

test.each([
	['the reply is lost: the parcel arrived once', 'response' as const, 1],
	['the request is lost: the parcel is not there', 'request' as const, 0],
])('an upload cut off by the network (%s) is not repeated and says to check first', async (_name, when, expected) => {
	proxy.cut('ParcelUpload', 1, when);
	const fileName = `po-cut-${when}.x12`;
	const { error } = await runEcgridos({ resource: 'parcel', operation: 'upload' }, acme(), {
		items: [fileItem(X12_850('000000801'), fileName)],
	});
	expect(error).toBeDefined();
	expect((error as { description?: string }).description).toMatch(/check/i);
	expect(proxy.operations.filter((operation) => operation === 'ParcelUpload')).toHaveLength(1);
	expect((await globexInbox()).filter((name) => name === fileName)).toHaveLength(expected);
});

test('30 executions that find the session expired together renew it with one Login and all succeed', async () => {
	const credentialsHelper = createCredentialsHelper();
	const credential = credentialsHelper.add('ecgridOsApi', {
		authentication: 'login',
		loginName: 'globex.admin',
		password: seedUser('globex.admin').password,
		environment: 'custom',
		customUrl: proxy.endpointUrl,
		timeout: 5,
	});
	const first = await runEcgridos({ resource: 'session', operation: 'whoAmI' }, credential, { credentialsHelper });
	expect(first.error).toBeUndefined();
	// The simulator ends sessions idle for more than two seconds.
	await new Promise((resolve) => setTimeout(resolve, 2500));

	const runs = await Promise.all(
		Array.from({ length: 30 }, async () => await runEcgridos({ resource: 'session', operation: 'whoAmI' }, credential, { credentialsHelper })),
	);
	expect(runs.map((run) => run.error?.message)).toEqual(runs.map(() => undefined));
	expect(proxy.operations.filter((operation) => operation === 'Login')).toHaveLength(2);
	expect(proxy.operations.filter((operation) => operation === 'WhoAmI').length).toBeLessThanOrEqual(1 + 30 * 2);
});
