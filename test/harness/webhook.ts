/**
 * Runs a webhook trigger as n8n does: its webhook methods (checkExists, create, delete) in n8n-core's
 * `HookContext`, as n8n does when a workflow is activated or deactivated, and each incoming call in
 * n8n-core's `WebhookContext`, with a request already parsed the way n8n's webhook server parses
 * it and a response object that records what the node wrote. The workflow's static data is kept
 * between calls as n8n keeps it: saved as JSON after each one.
 *
 *   const trigger = new WebhookTrigger(ECGridOSCallbackTrigger, parameters, { ecgridOsApi: credential }, { credentialsHelper });
 *   await trigger.activate();                       // checkExists, then create when it answered false
 *   const call = await trigger.receive({ headers, body });
 *   await trigger.deactivate();                     // delete
 */
import { randomUUID } from 'crypto';
import { HookContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import type { InMemoryCredentialsHelper, StoredCredential } from './credentialsHelper';
// index.ts re-exports this module; createAdditionalData is only read when a call runs.
import { createAdditionalData } from './index';

export interface WebhookTriggerOptions {
	credentialsHelper: InMemoryCredentialsHelper;
	/** n8n's production webhook base (WEBHOOK_URL + "webhook"); n8n's default when not given. */
	webhookBaseUrl?: string;
	/** 'trigger' for an active workflow, 'manual' for the editor's "Listen for test event". */
	mode?: 'trigger' | 'manual';
	staticData?: IDataObject;
}

/** An incoming call as n8n's webhook server hands it to the node: body already parsed. */
export interface WebhookRequest {
	method?: string;
	headers?: Record<string, string>;
	/** The parsed body: JSON and forms become objects, XML an object as n8n's XML parser makes it. */
	body?: unknown;
	rawBody?: Buffer;
	query?: Record<string, string>;
}

export interface RecordedResponse {
	/** Set when the node answered the call itself. */
	statusCode?: number;
	headers: Record<string, string>;
	body?: unknown;
}

export interface WebhookCall {
	result: IWebhookResponseData;
	/** What the trigger emitted (the first output), or [] when it emitted nothing. */
	items: INodeExecutionData[];
	response: RecordedResponse;
	/**
	 * The HTTP status the caller got: what the node wrote, or 200 when it left the answer to n8n
	 * (n8n answers "Workflow was started" once it has started the execution).
	 */
	status: number;
}

type TypeSource = (new () => INodeType) | INodeType;

/** A minimal Express-like response: the methods webhook nodes use to answer themselves. */
function recordingResponse(recorded: RecordedResponse) {
	const response = {
		status(code: number) {
			recorded.statusCode = code;
			return response;
		},
		setHeader(name: string, value: string) {
			recorded.headers[name.toLowerCase()] = String(value);
			return response;
		},
		header(name: string, value: string) {
			return response.setHeader(name, value);
		},
		set(name: string, value: string) {
			return response.setHeader(name, value);
		},
		json(body: unknown) {
			recorded.statusCode ??= 200;
			recorded.body = body;
			return response;
		},
		send(body: unknown) {
			recorded.statusCode ??= 200;
			recorded.body = body;
			return response;
		},
		end(body?: unknown) {
			recorded.statusCode ??= 200;
			if (body !== undefined) recorded.body = body;
			return response;
		},
		writeHead(code: number, headers: Record<string, string> = {}) {
			recorded.statusCode = code;
			for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
			return response;
		},
	};
	return response;
}

export class WebhookTrigger {
	readonly nodeType: INodeType;
	readonly node: INode;
	readonly workflowId = randomUUID();
	staticData: IDataObject;

	constructor(
		source: TypeSource,
		parameters: INode['parameters'],
		credentials: Record<string, StoredCredential>,
		private readonly options: WebhookTriggerOptions,
	) {
		this.nodeType = typeof source === 'function' ? new source() : source;
		const { description } = this.nodeType;
		this.node = {
			id: randomUUID(),
			name: 'Trigger under test',
			type: description.name.includes('.') ? description.name : `n8n-nodes-ecgridos.${description.name}`,
			typeVersion: Array.isArray(description.version) ? Math.max(...description.version) : description.version,
			position: [0, 0],
			parameters,
			credentials,
			webhookId: randomUUID(),
		};
		this.staticData = structuredClone(options.staticData ?? {});
		options.credentialsHelper.assertUsable(this.node, description);
	}

	private get mode() {
		return this.options.mode ?? 'trigger';
	}

	private workflow(): Workflow {
		const nodeType = this.nodeType;
		const typeName = this.node.type;
		return new Workflow({
			id: this.workflowId,
			name: 'Harness webhook workflow',
			nodes: [this.node],
			connections: {},
			active: this.mode === 'trigger',
			nodeTypes: {
				getByName: () => nodeType,
				getByNameAndVersion: (name: string) => {
					if (name !== typeName) throw new Error(`The harness knows no node type "${name}"`);
					return nodeType;
				},
				getKnownTypes: () => ({}),
			},
			staticData: structuredClone(this.staticData),
			settings: {},
		});
	}

	private additionalData(request?: object, response?: object): IWorkflowExecuteAdditionalData {
		const data = createAdditionalData(this.options.credentialsHelper);
		if (this.options.webhookBaseUrl) data.webhookBaseUrl = this.options.webhookBaseUrl;
		return Object.assign(data, { httpRequest: request, httpResponse: response });
	}

	private webhookData(additionalData: IWorkflowExecuteAdditionalData): IWebhookData {
		const description = this.nodeType.description.webhooks?.[0];
		if (!description) throw new Error(`${this.nodeType.description.name} declares no webhook`);
		return {
			httpMethod: description.httpMethod as IWebhookData['httpMethod'],
			node: this.node.name,
			path: String(description.path),
			webhookDescription: description,
			workflowId: this.workflowId,
			workflowExecuteAdditionalData: additionalData,
			webhookId: this.node.webhookId,
			isTest: this.mode === 'manual',
		};
	}

	/** Saves the workflow's static data the way n8n does after each webhook method and call. */
	private keep(workflow: Workflow): void {
		this.staticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
	}

	/** The production (or, in manual mode, test) URL n8n gives the webhook. */
	get webhookUrl(): string {
		const workflow = this.workflow();
		const additionalData = this.additionalData();
		const context = new HookContext(workflow, this.node, additionalData, this.mode, 'activate', this.webhookData(additionalData));
		return context.getNodeWebhookUrl('default') ?? '';
	}

	/** Runs one of the node's webhook methods in a HookContext and returns what it answered. */
	async runMethod(method: 'checkExists' | 'create' | 'delete', activation: 'activate' | 'init' = 'activate'): Promise<boolean> {
		const methods = this.nodeType.webhookMethods?.default;
		const implementation = methods?.[method];
		if (!implementation) throw new Error(`${this.nodeType.description.name} has no webhook method ${method}`);
		const workflow = this.workflow();
		const additionalData = this.additionalData();
		const context = new HookContext(workflow, this.node, additionalData, this.mode, activation, this.webhookData(additionalData));
		try {
			return await implementation.call(context);
		} finally {
			this.keep(workflow);
		}
	}

	/**
	 * What n8n does when the workflow is activated (activation 'activate') or when n8n starts with it
	 * active ('init'): checkExists, and create when the webhook does not exist yet.
	 */
	async activate(activation: 'activate' | 'init' = 'activate'): Promise<{ created: boolean }> {
		if (await this.runMethod('checkExists', activation)) return { created: false };
		await this.runMethod('create', activation);
		return { created: true };
	}

	async deactivate(): Promise<boolean> {
		return await this.runMethod('delete');
	}

	/** One incoming call, handled by the node's `webhook` in a WebhookContext. */
	async receive(request: WebhookRequest): Promise<WebhookCall> {
		if (typeof this.nodeType.webhook !== 'function') throw new Error(`${this.nodeType.description.name} has no webhook method`);
		const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
		const expressRequest = {
			method: request.method ?? 'POST',
			headers,
			body: request.body ?? {},
			rawBody: request.rawBody,
			query: request.query ?? {},
			params: {},
		};
		const recorded: RecordedResponse = { headers: {} };
		const workflow = this.workflow();
		const additionalData = this.additionalData(expressRequest, recordingResponse(recorded));
		const context = new WebhookContext(workflow, this.node, additionalData, this.mode, this.webhookData(additionalData), [], null);
		let result: IWebhookResponseData;
		try {
			result = await this.nodeType.webhook.call(context);
		} finally {
			this.keep(workflow);
		}
		const items = result.workflowData?.[0] ?? [];
		const status = recorded.statusCode ?? 200;
		return { result, items, response: recorded, status };
	}
}
