/**
 * The pickers users search instead of typing IDs: networks, mailboxes (of the chosen network or of
 * a migration's target network), trading partners by qualifier/ID or description, and users. Run
 * through n8n-core's LoadOptionsContext, as the editor calls them, against the simulator.
 */
import { randomUUID } from 'crypto';
import { LoadOptionsContext } from 'n8n-core';
import { Workflow, type ICredentialDataDecryptedObject, type INode, type INodeParameters } from 'n8n-workflow';

import { ECGridOS } from '../../nodes/ECGridOS/ECGridOS.node';
import type { RunningSimulator } from '../../simulator';
import { HarnessNodeTypes, createAdditionalData, createCredentialsHelper, nodeTypeName } from '../harness';
import { apiKeyCredentials, withSimulator } from './support';

type SearchMethod = 'searchNetworks' | 'searchMailboxes' | 'searchTargetMailboxes' | 'searchTradingPartners' | 'searchUsers';

let simulator: RunningSimulator;

beforeAll(async () => {
	simulator = await withSimulator();
});
afterAll(async () => {
	await simulator.stop();
});

async function search(loginName: string, method: SearchMethod, parameters: INodeParameters, filter?: string) {
	const nodeType = new ECGridOS();
	const credentialsHelper = createCredentialsHelper();
	const credential = credentialsHelper.add(
		'ecgridOsApi',
		apiKeyCredentials(simulator, loginName) as ICredentialDataDecryptedObject,
	);
	const node: INode = {
		id: randomUUID(),
		name: 'ECGridOS',
		type: nodeTypeName(nodeType.description),
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { ecgridOsApi: credential },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes([nodeType]),
	});
	const additionalData = { ...createAdditionalData(credentialsHelper), currentNodeParameters: parameters };
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters');
	const { results } = await nodeType.methods.listSearch[method].call(context, filter);
	return results;
}

const byId = (value: number) => ({ __rl: true, mode: 'id', value: String(value) });

describe('pickers', () => {
	it('lists networks and filters them by name', async () => {
		const all = await search('sim.root', 'searchNetworks', { resource: 'network', operation: 'get' });
		expect(all.map((result) => result.value)).toEqual(expect.arrayContaining(['1', '2']));
		const partner = await search('sim.root', 'searchNetworks', { resource: 'network', operation: 'get' }, 'Partner');
		expect(partner.map((result) => result.value)).toEqual(['2']);
		expect(partner[0].name).toContain('Partner VAN');
	});

	it('lists the mailboxes of the network chosen in the node', async () => {
		const results = await search('sim.root', 'searchMailboxes', { resource: 'parcel', operation: 'upload', networkId: byId(2) });
		expect(results.map((result) => result.value)).toEqual(['2001']);
	});

	it('lists a migration target mailbox from the target network, not the source network', async () => {
		const results = await search('sim.root', 'searchTargetMailboxes', {
			resource: 'migration',
			operation: 'create',
			networkId: byId(1),
			targetNetworkId: byId(2),
		});
		expect(results.map((result) => result.value)).toEqual(['2001']);
	});

	it('finds trading partners by qualifier and ID, or by description in the own mailbox', async () => {
		const byQualifier = await search('acme.admin', 'searchTradingPartners', { resource: 'tradingPartner', operation: 'get' }, 'ZZ:ACMERETAIL');
		expect(byQualifier.map((result) => result.value)).toEqual(['100001']);
		const byDescription = await search('acme.admin', 'searchTradingPartners', { resource: 'tradingPartner', operation: 'get' }, 'EDIFACT');
		expect(byDescription.map((result) => result.value)).toEqual(['100003']);
	});

	it('finds users of the own mailbox by name', async () => {
		const results = await search('acme.admin', 'searchUsers', { resource: 'user', operation: 'get' }, 'arthur');
		expect(results.map((result) => result.value)).toEqual(['102']);
	});
});
