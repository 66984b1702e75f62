/**
 * The harness itself: n8n's engine runs the node, credentials are refused to node types that do not
 * declare them, errors either fail the run or continue, and polling keeps its static data between
 * polls; the transport works from a PollContext as from an execute context.
 */
import type { INodeType } from 'n8n-workflow';

import { forgetSharedSessions } from '../../nodes/ECGridOS/transport/session';
import { createAdditionalData, createCredentialsHelper, pollTrigger, runNode } from '../harness';
import { startFixtureServer, type FixtureServer } from '../support/fixtureServer';
import { TransportPollNode } from '../support/transportPollNode';
import { TransportTestNode } from '../support/transportTestNode';

const API_KEY = '0A1B2C3D-4E5F-4061-8293-A4B5C6D7E8F9';

let fixture: FixtureServer;

beforeEach(async () => {
	forgetSharedSessions();
	fixture = await startFixtureServer();
	fixture.addApiKey(API_KEY);
});

afterEach(async () => {
	await fixture.stop();
});

const apiKeyData = () => ({
	authentication: 'apiKey',
	apiKey: API_KEY,
	environment: 'custom',
	customUrl: fixture.endpointUrl,
});

test('runs Manual Trigger → node with the given items, pairing every output item', async () => {
	const { items, error } = await runNode({
		nodeType: TransportTestNode,
		parameters: { operation: 'WhoAmI', values: '{}' },
		items: [{ json: { n: 1 } }, { json: { n: 2 } }],
		credentials: { ecgridOsApi: apiKeyData() },
	});
	expect(error).toBeUndefined();
	expect(items).toHaveLength(2);
	expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	expect(fixture.count('WhoAmI')).toBe(2);
});

test('returns the error of a failing node, or its error items with continueOnFail', async () => {
	const failing = await runNode({
		nodeType: TransportTestNode,
		parameters: { operation: 'TPInfo', values: '{}' },
		credentials: { ecgridOsApi: apiKeyData() },
	});
	expect(failing.items).toEqual([]);
	expect(failing.error?.message).toMatch(/ECGridID/);

	const continuing = await runNode({
		nodeType: TransportTestNode,
		parameters: { operation: 'TPInfo', values: '{}' },
		credentials: { ecgridOsApi: apiKeyData() },
		continueOnFail: true,
	});
	expect(continuing.error).toBeUndefined();
	expect(continuing.items[0].json.error).toMatch(/ECGridID/);
});

test('refuses a credential the node type does not declare', async () => {
	const undeclared: INodeType = new TransportTestNode();
	undeclared.description = { ...undeclared.description, credentials: [] };
	await expect(
		runNode({ nodeType: undeclared, parameters: { operation: 'WhoAmI', values: '{}' }, credentials: { ecgridOsApi: apiKeyData() } }),
	).rejects.toThrow(/cannot use credentials of type ecgridOsApi/);
});

test('polls through PollContext, keeping static data between polls and leaving it alone in manual mode', async () => {
	const credentialsHelper = createCredentialsHelper();
	const credential = credentialsHelper.add('ecgridOsApi', apiKeyData());
	const credentials = { ecgridOsApi: credential };
	const first = await pollTrigger(TransportPollNode, { label: 'x' }, credentials, { credentialsHelper });
	expect(first.result).toEqual([[{ json: { label: 'x', loginName: 'alice', polls: 1 } }]]);
	const second = await pollTrigger(TransportPollNode, { label: 'x' }, credentials, {
		credentialsHelper,
		staticData: first.staticData,
	});
	expect(second.result?.[0][0].json.polls).toBe(2);
	const manual = await pollTrigger(TransportPollNode, { label: 'x' }, credentials, {
		credentialsHelper,
		staticData: second.staticData,
		mode: 'manual',
	});
	expect(manual.result?.[0][0].json.sample).toBe(true);
	expect(manual.staticData).toEqual(second.staticData);
	expect(fixture.count('WhoAmI')).toBe(3);
});

test('a polling trigger logs in once and renews an expired session like a node does', async () => {
	const credentialsHelper = createCredentialsHelper();
	const [user] = fixture.users;
	const credential = credentialsHelper.add('ecgridOsApi', {
		authentication: 'login',
		loginName: user.loginName,
		password: user.password,
		environment: 'custom',
		customUrl: fixture.endpointUrl,
	});
	const first = await pollTrigger(TransportPollNode, {}, { ecgridOsApi: credential }, { credentialsHelper });
	const second = await pollTrigger(TransportPollNode, {}, { ecgridOsApi: credential }, { credentialsHelper, staticData: first.staticData });
	expect(fixture.count('Login')).toBe(1);
	fixture.expireAllSessions();
	const third = await pollTrigger(TransportPollNode, {}, { ecgridOsApi: credential }, { credentialsHelper, staticData: second.staticData });
	expect(third.result?.[0][0].json.polls).toBe(3);
	expect(fixture.count('Login')).toBe(2);
	expect(credentialsHelper.updates).toHaveLength(2);
});

test('the credentials helper keeps data with defaults applied, and counts what n8n would persist', async () => {
	const credentialsHelper = createCredentialsHelper();
	const credential = credentialsHelper.add('ecgridOsApi', apiKeyData());
	const stored = await credentialsHelper.getCredentials(credential, 'ecgridOsApi');
	expect(stored.getData()).toEqual(apiKeyData());
	const additionalData = createAdditionalData(credentialsHelper);
	const decrypted = await credentialsHelper.getDecrypted(additionalData, credential, 'ecgridOsApi', 'manual');
	expect(decrypted).toMatchObject({ ...apiKeyData(), sessionId: '', timeout: 120, allowInsecureHttp: false });
	await credentialsHelper.updateCredentials(credential, 'ecgridOsApi', { ...decrypted, sessionId: 'S' });
	expect(credentialsHelper.updates).toHaveLength(1);
	expect(credentialsHelper.dataOf(credential).sessionId).toBe('S');
});
