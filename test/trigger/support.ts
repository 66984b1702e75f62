/**
 * Shared set-up for the ECGridOS Trigger tests: the simulator, a partner that sends parcels over
 * plain SOAP (so that sending does not depend on the code under test), and polls through n8n-core's
 * PollContext that carry the static data from one poll to the next, as n8n does.
 */
import { randomUUID } from 'crypto';
import { PollContext } from 'n8n-core';
import { Workflow, type IDataObject, type INode, type INodeExecutionData, type INodeType } from 'n8n-workflow';

import { ECGridOSTrigger } from '../../nodes/ECGridOS/ECGridOSTrigger.node';
import type { RunningSimulator } from '../../simulator';
import {
	HarnessNodeTypes,
	createAdditionalData,
	createCredentialsHelper,
	nodeTypeName,
	type InMemoryCredentialsHelper,
	type NodeTypeSource,
	type PollOptions,
	type PollResult,
} from '../harness';

import { X12_850 } from '../support/edi';

export { X12_850 };


export function apiKeyOf(simulator: RunningSimulator, loginName: string): string {
	const user = simulator.seed.users.find((candidate) => candidate.loginName === loginName);
	if (!user?.apiKey) throw new Error(`The seed has no user ${loginName} with an API key`);
	return user.apiKey;
}

export function credentialsFor(simulator: RunningSimulator, loginName: string): IDataObject {
	return { authentication: 'apiKey', apiKey: apiKeyOf(simulator, loginName), environment: 'custom', customUrl: simulator.endpointUrl };
}

function xmlEscape(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Calls one ECGridOS operation with plain SOAP and returns the text of its Result element. */
export async function soapCall(simulator: RunningSimulator, apiKey: string, operation: string, values: Record<string, string | number>): Promise<string> {
	const body = Object.entries({ SessionID: apiKey, ...values })
		.map(([name, value]) => `<${name}>${xmlEscape(String(value))}</${name}>`)
		.join('');
	const response = await fetch(simulator.endpointUrl, {
		method: 'POST',
		headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"https://os.ecgrid.io/${operation}"` },
		body: `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><${operation} xmlns="https://os.ecgrid.io/">${body}</${operation}></soap:Body></soap:Envelope>`,
	});
	const text = await response.text();
	if (response.status !== 200) throw new Error(`${operation} failed with HTTP ${response.status}: ${text.slice(0, 500)}`);
	const match = new RegExp(`<${operation}Result>([\\s\\S]*)</${operation}Result>`).exec(text);
	return match ? match[1] : '';
}

/** Acme sends an 850 to Globex; returns nothing (the inbox parcel ID is what the trigger reports). */
export async function sendPurchaseOrder(simulator: RunningSimulator, control: string, from = 'acme.admin'): Promise<void> {
	await soapCall(simulator, apiKeyOf(simulator, from), 'ParcelUploadA', {
		FileName: `po-${control}.x12`,
		ContentBase64: Buffer.from(X12_850(control), 'latin1').toString('base64'),
	});
}

/** Confirms a parcel as the receiver would, outside the trigger. */
export async function confirmAs(simulator: RunningSimulator, loginName: string, parcelId: number): Promise<void> {
	await soapCall(simulator, apiKeyOf(simulator, loginName), 'ParcelDownloadConfirm', { ParcelID: parcelId });
}

/** The ParcelIDs ready in the inbox of `loginName`'s mailbox, read with plain SOAP. */
export async function readyParcelIds(simulator: RunningSimulator, loginName: string): Promise<number[]> {
	const xml = await soapCall(simulator, apiKeyOf(simulator, loginName), 'ParcelInBox', {});
	return [...xml.matchAll(/<ParcelIDInfo>[\s\S]*?<ParcelID>(\d+)<\/ParcelID>/g)].map((match) => Number(match[1]));
}

/** The trigger class as a freshly started n8n process loads it (new module instances, new process ID). */
export function triggerOfANewProcess(): new () => INodeType {
	let nodeClass: (new () => INodeType) | undefined;
	jest.isolateModules(() => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		nodeClass = (require('../../nodes/ECGridOS/ECGridOSTrigger.node') as { ECGridOSTrigger: new () => INodeType }).ECGridOSTrigger;
	});
	return nodeClass!;
}

/** The version n8n gives a node of this type added to a new workflow. */
export function latestVersion(nodeType: INodeType): number {
	const { version, defaultVersion } = nodeType.description;
	return defaultVersion ?? (Array.isArray(version) ? Math.max(...version) : version);
}

/**
 * One poll through n8n-core's PollContext, as the harness's pollTrigger does, except that the static
 * data is copied as JSON: n8n keeps it in an observable Proxy, which structuredClone cannot copy.
 */
export async function pollTrigger(
	nodeTypeSource: NodeTypeSource,
	parameters: INode['parameters'],
	credentials: Record<string, IDataObject>,
	options: PollOptions & { credentialsHelper: InMemoryCredentialsHelper; workflowId?: string },
): Promise<PollResult> {
	const { credentialsHelper } = options;
	const nodeType: INodeType = typeof nodeTypeSource === 'function' ? new nodeTypeSource() : nodeTypeSource;
	const mode = options.mode ?? 'trigger';
	const storedCredentials = Object.fromEntries(
		Object.entries(credentials).map(([type, data]) => [type, credentialsHelper.add(type, data as never)]),
	);
	const node: INode = {
		id: options.workflowId ? `${options.workflowId}-trigger` : randomUUID(),
		name: 'Trigger under test',
		type: nodeTypeName(nodeType.description),
		typeVersion: options.typeVersion ?? latestVersion(nodeType),
		position: [0, 0],
		parameters,
		credentials: storedCredentials,
	};
	credentialsHelper.assertUsable(node, nodeType.description);
	const workflow = new Workflow({
		id: options.workflowId ?? randomUUID(),
		name: 'Trigger test workflow',
		nodes: [node],
		connections: {},
		active: mode === 'trigger',
		nodeTypes: new HarnessNodeTypes([nodeType]),
		staticData: JSON.parse(JSON.stringify(options.staticData ?? {})) as IDataObject,
		settings: {},
	});
	const context = new PollContext(workflow, node, createAdditionalData(credentialsHelper), mode, mode === 'trigger' ? 'activate' : 'manual');
	const result = await nodeType.poll!.call(context);
	return { result, staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject, credentialsHelper };
}

export const inboxParameters = (overrides: IDataObject = {}, options: IDataObject = {}): IDataObject => ({
	event: 'newInboxParcel',
	mailboxScope: 'own',
	downloadContent: true,
	binaryPropertyName: 'data',
	confirmDownload: false,
	...overrides,
	options,
});

/**
 * A trigger as n8n runs it while active: each poll gets the static data the previous poll left,
 * as the workflow object n8n keeps in memory does. `restartWith` starts from saved static data.
 */
export class ActiveTrigger {
	staticData: IDataObject;
	readonly credentialsHelper = createCredentialsHelper();

	constructor(
		private readonly credentials: IDataObject,
		private readonly parameters: IDataObject,
		private readonly nodeType: NodeTypeSource = ECGridOSTrigger,
		staticData: IDataObject = {},
		private readonly typeVersion?: number,
	) {
		this.staticData = structuredClone(staticData);
	}

	async poll(): Promise<PollResult> {
		const result = await pollTrigger(this.nodeType, this.parameters as INode['parameters'], { ecgridOsApi: this.credentials }, {
			credentialsHelper: this.credentialsHelper,
			staticData: this.staticData,
			mode: 'trigger',
			typeVersion: this.typeVersion,
		});
		this.staticData = result.staticData;
		return result;
	}

	/** The items of one poll ([] when it returned null). */
	async items(): Promise<INodeExecutionData[]> {
		const { result } = await this.poll();
		return result?.[0] ?? [];
	}
}

export function parcelIdsOf(items: INodeExecutionData[]): number[] {
	return items.map((item) => item.json.ParcelID as number);
}

export function fileNamesOf(items: INodeExecutionData[]): string[] {
	return items.map((item) => item.json.FileName as string);
}

export async function fetchTestEvent(credentials: IDataObject, parameters: IDataObject, staticData: IDataObject = {}) {
	return await pollTrigger(ECGridOSTrigger, parameters as INode['parameters'], { ecgridOsApi: credentials }, {
		credentialsHelper: createCredentialsHelper(),
		staticData,
		mode: 'manual',
	});
}

export interface FaultingProxy {
	endpointUrl: string;
	/** Decides, per request, whether to answer with an ECGridOS fault instead of forwarding. */
	failWhen: (operation: string, body: string) => boolean;
	/** SOAP operations forwarded or failed, in order. */
	operations: string[];
	stop(): Promise<void>;
}

/**
 * A loopback proxy in front of the simulator that answers chosen requests with an InternalError
 * fault (HTTP 500), as ECGridOS does when something breaks on its side.
 */
export async function faultingProxy(target: string): Promise<FaultingProxy> {
	const { createServer, request } = await import('http');
	const targetUrl = new URL(target);
	const proxy: FaultingProxy = { endpointUrl: '', failWhen: () => false, operations: [], stop: async () => undefined };
	const server = createServer((incoming, outgoing) => {
		const chunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
		incoming.on('end', () => {
			const body = Buffer.concat(chunks);
			const action = String(incoming.headers.soapaction ?? '').replace(/"/g, '');
			const operation = action.slice(action.lastIndexOf('/') + 1);
			proxy.operations.push(operation);
			if (proxy.failWhen(operation, body.toString('utf8'))) {
				outgoing.writeHead(500, { 'Content-Type': 'text/xml; charset=utf-8' });
				outgoing.end(
					'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>' +
						'<faultcode>soap:Server</faultcode><faultstring>Server was unable to process request. ---&gt; Storage unavailable.</faultstring>' +
						'<detail><ErrorCode>11</ErrorCode><ErrorString>Internal error.</ErrorString><ErrorItem>ParcelID</ErrorItem><ErrorMessage>Storage unavailable.</ErrorMessage></detail>' +
						'</soap:Fault></soap:Body></soap:Envelope>',
				);
				return;
			}
			const forward = request(
				{ host: targetUrl.hostname, port: targetUrl.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
				(response) => {
					outgoing.writeHead(response.statusCode ?? 502, response.headers);
					response.pipe(outgoing);
				},
			);
			forward.on('error', () => outgoing.destroy());
			forward.end(body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	proxy.endpointUrl = `http://127.0.0.1:${port}${targetUrl.pathname}`;
	proxy.stop = () =>
		new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return proxy;
}

/** The ParcelID a SOAP request names, if any. */
export function parcelIdIn(body: string): number | undefined {
	const match = /<ParcelID>(\d+)<\/ParcelID>/.exec(body);
	return match ? Number(match[1]) : undefined;
}
