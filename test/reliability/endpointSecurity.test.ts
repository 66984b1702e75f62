/**
 * The production endpoint is HTTPS only. A custom URL over plain HTTP is accepted for loopback
 * (the simulator), and elsewhere only when the user turned on "Allow Insecure HTTP", with a
 * warning. Run in n8n's engine. `http://0.0.0.0:<port>` stands for "a host that is not loopback":
 * the package must treat it as remote, while Linux still delivers it to the test server on
 * 127.0.0.1, so the test can count what arrived.
 */
import { PRODUCTION_ENDPOINT } from '../../nodes/ECGridOS/catalog';
import { resolveEndpoint } from '../../nodes/ECGridOS/transport';
import { OutputCapture } from './support/capture';
import { resultReply, startMisbehavingServer, type MisbehavingServer } from './support/misbehavingServer';
import { TEST_API_KEY, runEcgridos } from './support/node';

let server: MisbehavingServer;
const capture = new OutputCapture();

beforeEach(async () => {
	server = await startMisbehavingServer((call) => resultReply(call.operation, 'true'));
	capture.start();
});
afterEach(async () => {
	capture.stop();
	await server.stop();
});

const CONFIRM = { resource: 'parcel', operation: 'confirm', parcelId: 1 };
const credential = (customUrl: string, settings: Record<string, unknown> = {}) => ({
	authentication: 'apiKey',
	apiKey: TEST_API_KEY,
	environment: 'custom',
	customUrl,
	timeout: 2,
	...settings,
});
const remoteUrl = () => server.endpointUrl.replace('127.0.0.1', '0.0.0.0');

test('the production endpoint is HTTPS', () => {
	expect(new URL(PRODUCTION_ENDPOINT).protocol).toBe('https:');
	expect(resolveEndpoint({ environment: 'production', customUrl: 'http://127.0.0.1:1/' }).href).toBe(PRODUCTION_ENDPOINT);
});

test.each([
	['127.0.0.1', (url: string) => url],
	['localhost', (url: string) => url.replace('127.0.0.1', 'localhost')],
])('plain HTTP to loopback (%s) is accepted without any option', async (_host, toUrl) => {
	const { error, items } = await runEcgridos(CONFIRM, credential(toUrl(server.endpointUrl)));
	expect(error).toBeUndefined();
	expect(items[0].json.confirmed).toBe(true);
	expect(server.count('ParcelDownloadConfirm')).toBe(1);
});

test('plain HTTP to another host is refused before any call, saying why and what to do', async () => {
	const { error } = await runEcgridos(CONFIRM, credential(remoteUrl()));
	expect(error?.name).toBe('NodeOperationError');
	expect(error?.message).toMatch(/http:\/\//);
	expect(error?.message).toMatch(/Allow Insecure HTTP/);
	expect(server.count()).toBe(0);
});

test('plain HTTP to another host in login mode sends no password', async () => {
	const { error } = await runEcgridos(
		{ resource: 'session', operation: 'whoAmI' },
		{ ...credential(remoteUrl()), authentication: 'login', loginName: 'n8n', password: 'Never-Sent-1' },
	);
	expect(error).toBeDefined();
	expect(server.count()).toBe(0);
});

test('with Allow Insecure HTTP the call goes through, with a warning the user can see', async () => {
	const run = await runEcgridos(CONFIRM, credential(remoteUrl(), { allowInsecureHttp: true }));
	expect(run.error).toBeUndefined();
	expect(server.count('ParcelDownloadConfirm')).toBe(1);
	const task = run.run.data.resultData.runData['Node under test'][0];
	const hints = (task.hints ?? []).map((hint) => hint.message).join('\n');
	const warnings = capture.produced.filter((entry) => /warn/i.test(entry.where)).map((entry) => entry.text).join('\n');
	expect(`${hints}\n${warnings}`).toMatch(/insecure|unencrypted|plain http/i);
});

test.each(['ftp://127.0.0.1/ECGridOS.asmx', 'file:///etc/passwd', 'https://user:pass@example.com/ECGridOS.asmx', 'not a url'])(
	'a custom URL such as %j is refused before any call',
	async (customUrl) => {
		const { error } = await runEcgridos(CONFIRM, credential(customUrl));
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).not.toContain('pass@');
		expect(server.count()).toBe(0);
	},
);
