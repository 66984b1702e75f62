/**
 * Shared set-up for tests that run the ECGridOS node in n8n's engine against the simulator.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ECGridOS } from '../../nodes/ECGridOS/ECGridOS.node';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { createCredentialsHelper, runNode, type RunNodeResult } from '../harness';

export { X12_850, fileItem } from '../support/edi';


export function apiKeyCredentials(simulator: RunningSimulator, loginName: string): IDataObject {
	const user = simulator.seed.users.find((candidate) => candidate.loginName === loginName);
	if (!user?.apiKey) throw new Error(`The seed has no user ${loginName} with an API key`);
	return { authentication: 'apiKey', apiKey: user.apiKey, environment: 'custom', customUrl: simulator.endpointUrl };
}

export function loginCredentials(simulator: RunningSimulator, loginName: string): IDataObject {
	const user = simulator.seed.users.find((candidate) => candidate.loginName === loginName);
	if (!user) throw new Error(`The seed has no user ${loginName}`);
	return {
		authentication: 'login',
		loginName: user.loginName,
		password: user.password,
		environment: 'custom',
		customUrl: simulator.endpointUrl,
	};
}


/** Runs the ECGridOS node once with the given parameters as `loginName` (API key). */
export function ecgridos(
	simulator: RunningSimulator,
	loginName: string,
	parameters: IDataObject,
	options: { items?: INodeExecutionData[]; continueOnFail?: boolean; credentials?: IDataObject } = {},
): Promise<RunNodeResult> {
	return runNode({
		nodeType: ECGridOS,
		parameters: parameters as never,
		items: options.items,
		continueOnFail: options.continueOnFail,
		credentials: { ecgridOsApi: (options.credentials ?? apiKeyCredentials(simulator, loginName)) as ICredentialDataDecryptedObject },
		credentialsHelper: createCredentialsHelper(),
	});
}

export async function withSimulator(): Promise<RunningSimulator> {
	return startSimulator({ port: 0 });
}

export interface RecordingProxy {
	endpointUrl: string;
	/** SOAPAction operation names, in the order the proxy forwarded them. */
	operations: string[];
	stop(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of the simulator that records which SOAP operation every request
 * named, so a test can prove which WSDL operation the node actually called.
 */
export async function recordingProxy(target: string): Promise<RecordingProxy> {
	const { createServer, request } = await import('http');
	const targetUrl = new URL(target);
	const operations: string[] = [];
	const server = createServer((incoming, outgoing) => {
		const action = String(incoming.headers.soapaction ?? '').replace(/"/g, '');
		operations.push(action.slice(action.lastIndexOf('/') + 1));
		const forward = request(
			{
				host: targetUrl.hostname,
				port: targetUrl.port,
				path: incoming.url,
				method: incoming.method,
				headers: incoming.headers,
			},
			(response) => {
				outgoing.writeHead(response.statusCode ?? 502, response.headers);
				response.pipe(outgoing);
			},
		);
		forward.on('error', () => outgoing.destroy());
		incoming.pipe(forward);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return {
		endpointUrl: `http://127.0.0.1:${port}${targetUrl.pathname}`,
		operations,
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
