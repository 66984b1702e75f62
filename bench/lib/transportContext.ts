/**
 * A real n8n context to call the transport from, without a workflow run around it: n8n-core's
 * PollContext for a one-node workflow, with the harness's credentials helper. `ecgridosRequest`
 * then goes through the same `getCredentials` and `httpRequestWithAuthentication` as in n8n.
 */
import { randomUUID } from 'node:crypto';
import { PollContext } from 'n8n-core';
import { Workflow, type ICredentialDataDecryptedObject, type INode } from 'n8n-workflow';

// `.node.js`, not `.node`: under tsx a bare `X.node` resolves to the codex file X.node.json first.
import { ECGridOSTrigger } from '../../nodes/ECGridOS/ECGridOSTrigger.node.js';
import { ECGRIDOS_CREDENTIAL_TYPE } from '../../nodes/ECGridOS/transport';
import { HarnessNodeTypes, createAdditionalData, createCredentialsHelper, nodeTypeName } from '../../test/harness';

export function apiKeyCredential(endpointUrl: string, apiKey: string): ICredentialDataDecryptedObject {
	return { authentication: 'apiKey', apiKey, environment: 'custom', customUrl: endpointUrl };
}

export function loginCredential(endpointUrl: string, loginName: string, password: string): ICredentialDataDecryptedObject {
	return { authentication: 'login', loginName, password, environment: 'custom', customUrl: endpointUrl };
}

export function createTransportContext(credential: ICredentialDataDecryptedObject): PollContext {
	const credentialsHelper = createCredentialsHelper();
	const nodeType = new ECGridOSTrigger();
	const node: INode = {
		id: randomUUID(),
		name: 'Benchmark',
		type: nodeTypeName(nodeType.description),
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [ECGRIDOS_CREDENTIAL_TYPE]: credentialsHelper.add(ECGRIDOS_CREDENTIAL_TYPE, credential) },
	};
	const workflow = new Workflow({
		id: randomUUID(),
		name: 'Benchmark',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes([nodeType]),
		staticData: {},
		settings: {},
	});
	return new PollContext(workflow, node, createAdditionalData(credentialsHelper), 'trigger', 'activate');
}
