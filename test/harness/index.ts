/**
 * Runs nodes in n8n's real engine: a `Workflow` (n8n-workflow) executed by `WorkflowExecute` with
 * `ExecutionLifecycleHooks` (n8n-core), credentials from an in-memory CredentialsHelper that runs
 * preAuthentication like n8n, and polling triggers through n8n-core's `PollContext`.
 *
 * Usage:
 *
 *   const credentialsHelper = createCredentialsHelper();
 *   const credential = credentialsHelper.add('ecgridOsApi', { authentication: 'apiKey', apiKey, environment: 'custom', customUrl });
 *   const { items, error } = await runNode({
 *     nodeType: ECGridOS,
 *     parameters: { resource: 'session', operation: 'whoAmI' },
 *     items: [{ json: {} }],
 *     credentials: { ecgridOsApi: credential },
 *     credentialsHelper,
 *   });
 *
 *   const first = await pollTrigger(ECGridOSTrigger, triggerParameters, { ecgridOsApi: credential }, { credentialsHelper });
 *   const second = await pollTrigger(ECGridOSTrigger, triggerParameters, { ecgridOsApi: credential }, { credentialsHelper, staticData: first.staticData });
 *
 * Credentials given as plain data objects are stored in a fresh helper for that run.
 *
 * Webhook triggers run through `WebhookTrigger` (webhook.ts): their webhook methods in n8n-core's
 * `HookContext`, each incoming call in its `WebhookContext`.
 */
import { Container } from '@n8n/di';
import { randomUUID } from 'crypto';
import { BinaryDataService, ExecutionLifecycleHooks, ExternalSecretsProxy, PollContext, WorkflowExecute } from 'n8n-core';
import {
	Workflow,
	type ExecutionError,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IConnections,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { ECGridOSApi } from '../../credentials/ECGridOSApi.credentials';
import { InMemoryCredentialsHelper, StoredCredential } from './credentialsHelper';

export { InMemoryCredentialsHelper, StoredCredential } from './credentialsHelper';
export type { CredentialUpdate } from './credentialsHelper';
export { WebhookTrigger } from './webhook';
export type { WebhookCall, WebhookRequest, WebhookTriggerOptions, RecordedResponse } from './webhook';

/**
 * Puts n8n's binary data into filesystem mode (N8N_DEFAULT_BINARY_DATA_MODE=filesystem, as
 * self-hosted n8n runs), kept in `storagePath`: n8n-core's own BinaryDataService then stores every
 * binary the nodes prepare as a file there, for the rest of this process (a Jest test file).
 */
export async function useFilesystemBinaryData(storagePath: string): Promise<void> {
	process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
	const service = Container.get(BinaryDataService);
	// The service reads its configuration once; init() applies it.
	Object.assign((service as unknown as { config: object }).config, {
		mode: 'filesystem',
		availableModes: ['filesystem'],
		localStoragePath: storagePath,
	});
	await service.init();
}

/** A node type as a class (what packages export) or an instance. */
export type NodeTypeSource = (new () => INodeType) | INodeType;

/** Credentials by type: stored references, or plain data stored in a fresh helper. */
export type HarnessCredentials = Record<string, StoredCredential | ICredentialDataDecryptedObject | IDataObject>;

const PACKAGE_PREFIX = 'n8n-nodes-ecgridos.';

function instantiate(source: NodeTypeSource): INodeType {
	return typeof source === 'function' ? new source() : source;
}

/** The type name a node of this description has in a workflow. */
export function nodeTypeName(description: INodeTypeDescription): string {
	return description.name.includes('.') ? description.name : `${PACKAGE_PREFIX}${description.name}`;
}

/** An INodeTypes over the given node types, by their workflow type names. */
export class HarnessNodeTypes implements INodeTypes {
	private readonly byName = new Map<string, INodeType>();

	constructor(nodeTypes: INodeType[]) {
		for (const nodeType of nodeTypes) this.byName.set(nodeTypeName(nodeType.description), nodeType);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string, _version?: number): INodeType {
		const found = this.byName.get(nodeType);
		if (!found) throw new Error(`The harness knows no node type "${nodeType}"`);
		return found;
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries([...this.byName.keys()].map((name) => [name, { className: name, sourcePath: '' }]));
	}
}

/** The Manual Trigger of a test workflow: it emits the given items. */
export function createManualTrigger(items: INodeExecutionData[]): INodeType {
	return {
		description: {
			displayName: 'When clicking ‘Execute workflow’',
			name: 'harnessManualTrigger',
			group: ['trigger'],
			version: 1,
			description: 'Starts the test workflow with the given items',
			defaults: { name: 'Manual Trigger' },
			inputs: [],
			outputs: ['main'],
			properties: [],
		},
		async execute(this: IExecuteFunctions) {
			return [items.map((item) => ({ ...item, json: structuredClone(item.json) }))];
		},
	} as INodeType;
}

/** A credentials helper that knows the ECGridOS credential (and any extra types given). */
export function createCredentialsHelper(extraTypes: ICredentialType[] = []): InMemoryCredentialsHelper {
	return new InMemoryCredentialsHelper([new ECGridOSApi(), ...extraTypes]);
}

/** The plain additionalData a worker would build, with `hooks` set by the caller. */
export function createAdditionalData(
	credentialsHelper: InMemoryCredentialsHelper,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		hooks,
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not available in the test harness');
		},
		getRunExecutionData: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		variables: {},
		logAiEvent: () => undefined,
		startRunnerTask: async () => {
			throw new Error('Task runners are not available in the test harness');
		},
	} as IWorkflowExecuteAdditionalData;
}

function resolveCredentials(
	credentials: HarnessCredentials | undefined,
	credentialsHelper: InMemoryCredentialsHelper,
): Record<string, StoredCredential> {
	const resolved: Record<string, StoredCredential> = {};
	for (const [type, value] of Object.entries(credentials ?? {})) {
		resolved[type] = value instanceof StoredCredential ? value : credentialsHelper.add(type, value);
	}
	return resolved;
}

export interface RunWorkflowOptions {
	nodes: INode[];
	connections: IConnections;
	nodeTypes: INodeType[];
	credentialsHelper: InMemoryCredentialsHelper;
	/** The node execution starts from; the first node without inputs by default. */
	startNodeName?: string;
	mode?: WorkflowExecuteMode;
	staticData?: IDataObject;
	/** When this settles, the execution is cancelled, as when a user stops it in n8n. */
	cancelWhen?: Promise<unknown>;
}

/** Executes a workflow with WorkflowExecute, as n8n's worker does, and returns the full run. */
export async function runWorkflow(options: RunWorkflowOptions): Promise<IRun> {
	const mode = options.mode ?? 'manual';
	const nodeTypes = new HarnessNodeTypes(options.nodeTypes);
	for (const node of options.nodes) {
		options.credentialsHelper.assertUsable(node, nodeTypes.getByNameAndVersion(node.type).description);
	}
	const workflowData: IWorkflowBase = {
		id: randomUUID(),
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		nodes: options.nodes,
		connections: options.connections,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: {},
	} as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: options.nodes,
		connections: options.connections,
		active: false,
		nodeTypes,
		staticData: options.staticData ?? {},
		settings: {},
	});
	const hooks = new ExecutionLifecycleHooks(mode, randomUUID(), workflowData);
	const additionalData = createAdditionalData(options.credentialsHelper, hooks);
	const startNode =
		(options.startNodeName ? workflow.getNode(options.startNodeName) : undefined) ??
		options.nodes.find((node) => nodeTypes.getByNameAndVersion(node.type).description.inputs.length === 0);
	const execution = new WorkflowExecute(additionalData, mode).run(workflow, startNode ?? undefined);
	void options.cancelWhen?.finally(() => execution.cancel());
	return await execution;
}

export interface RunNodeOptions {
	nodeType: NodeTypeSource;
	parameters: INode['parameters'];
	/** Items the Manual Trigger emits into the node; one empty item by default. */
	items?: INodeExecutionData[];
	credentials?: HarnessCredentials;
	credentialsHelper?: InMemoryCredentialsHelper;
	continueOnFail?: boolean;
	typeVersion?: number;
	cancelWhen?: Promise<unknown>;
}

export interface RunNodeResult {
	/** The node's first output (empty when it failed). */
	items: INodeExecutionData[];
	/** Every output of the node. */
	outputs: INodeExecutionData[][];
	/** The execution error, when the node failed (and did not continue). */
	error?: ExecutionError;
	run: IRun;
	credentialsHelper: InMemoryCredentialsHelper;
}

export const NODE_UNDER_TEST = 'Node under test';

/** Runs Manual Trigger → `nodeType` with `parameters` in n8n's engine. */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const credentialsHelper = options.credentialsHelper ?? createCredentialsHelper();
	const nodeType = instantiate(options.nodeType);
	const trigger = createManualTrigger(options.items ?? [{ json: {} }]);
	const triggerNode: INode = {
		id: randomUUID(),
		name: 'Manual Trigger',
		type: nodeTypeName(trigger.description),
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const version = options.typeVersion ?? (Array.isArray(nodeType.description.version)
		? Math.max(...nodeType.description.version)
		: nodeType.description.version);
	const nodeUnderTest: INode = {
		id: randomUUID(),
		name: NODE_UNDER_TEST,
		type: nodeTypeName(nodeType.description),
		typeVersion: version,
		position: [200, 0],
		parameters: options.parameters,
		credentials: resolveCredentials(options.credentials, credentialsHelper),
		continueOnFail: options.continueOnFail,
		onError: options.continueOnFail ? 'continueRegularOutput' : undefined,
	};
	const run = await runWorkflow({
		nodes: [triggerNode, nodeUnderTest],
		connections: {
			[triggerNode.name]: { main: [[{ node: NODE_UNDER_TEST, type: 'main', index: 0 }]] },
		},
		nodeTypes: [trigger, nodeType],
		credentialsHelper,
		cancelWhen: options.cancelWhen,
	});
	const task = run.data.resultData.runData[NODE_UNDER_TEST]?.[0];
	const outputs = (task?.data?.main ?? []).map((output) => output ?? []);
	return {
		items: outputs[0] ?? [],
		outputs,
		error: task?.error ?? run.data.resultData.error,
		run,
		credentialsHelper,
	};
}

export interface PollOptions {
	credentialsHelper?: InMemoryCredentialsHelper;
	/** The workflow's static data from a previous poll (what n8n saves between polls). */
	staticData?: IDataObject;
	/** 'trigger' for an active workflow, 'manual' for "Fetch test event". */
	mode?: 'trigger' | 'manual';
	typeVersion?: number;
}

export interface PollResult {
	/** What `poll` returned: null when there was nothing new. */
	result: INodeExecutionData[][] | null;
	/** The workflow static data after the poll; pass it to the next poll. */
	staticData: IDataObject;
	credentialsHelper: InMemoryCredentialsHelper;
}

/** Runs one poll of a polling trigger through n8n-core's PollContext. */
export async function pollTrigger(
	nodeTypeSource: NodeTypeSource,
	parameters: INode['parameters'],
	credentials: HarnessCredentials,
	options: PollOptions = {},
): Promise<PollResult> {
	const credentialsHelper = options.credentialsHelper ?? createCredentialsHelper();
	const nodeType = instantiate(nodeTypeSource);
	if (typeof nodeType.poll !== 'function') throw new Error(`${nodeType.description.name} has no poll method`);
	const mode = options.mode ?? 'trigger';
	const node: INode = {
		id: randomUUID(),
		name: 'Trigger under test',
		type: nodeTypeName(nodeType.description),
		typeVersion:
			options.typeVersion ??
			(Array.isArray(nodeType.description.version)
				? Math.max(...nodeType.description.version)
				: nodeType.description.version),
		position: [0, 0],
		parameters,
		credentials: resolveCredentials(credentials, credentialsHelper),
	};
	const nodeTypes = new HarnessNodeTypes([nodeType]);
	credentialsHelper.assertUsable(node, nodeType.description);
	const workflow = new Workflow({
		id: randomUUID(),
		name: 'Harness trigger workflow',
		nodes: [node],
		connections: {},
		active: mode === 'trigger',
		nodeTypes,
		staticData: structuredClone(options.staticData ?? {}),
		settings: {},
	});
	const context = new PollContext(
		workflow,
		node,
		createAdditionalData(credentialsHelper),
		mode,
		mode === 'trigger' ? 'activate' : 'manual',
	);
	const result = await nodeType.poll.call(context);
	// Static data is an observable proxy; n8n saves it as JSON, which is also what keeps it honest here.
	const staticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
	return { result, staticData, credentialsHelper };
}
