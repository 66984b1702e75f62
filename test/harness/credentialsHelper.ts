/**
 * An in-memory stand-in for n8n's CredentialsHelper (packages/cli), doing what matters for nodes:
 * it hands out decrypted credential data with property defaults applied, refuses a credential to a
 * node type that does not declare it, runs `preAuthentication` exactly when n8n does (the expirable
 * field is empty, the call was reported expired, or a credential test is running) and stores what it
 * returns, and counts every call so tests can assert on them.
 */
import { Credentials } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type ICredentialType,
	type ICredentials,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeProperties,
	type INodeTypeDescription,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
	type Workflow,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

/** A credential kept by the helper; pass it as a node's credential. */
export class StoredCredential implements INodeCredentialsDetails {
	constructor(
		readonly id: string,
		readonly name: string,
		readonly type: string,
	) {}
}

export interface CredentialUpdate {
	id: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

export class InMemoryCredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();

	private readonly stored = new Map<string, { type: string; name: string; data: ICredentialDataDecryptedObject }>();

	/** Every persisted update, in order (what n8n would write to its database). */
	readonly updates: CredentialUpdate[] = [];

	/** How often preAuthentication ran, per credential type. */
	readonly preAuthenticationRuns = new Map<string, number>();

	/** How often a node read a credential (n8n reads and decrypts it from its database each time). */
	decryptedReads = 0;

	private nextId = 1;

	constructor(credentialTypes: ICredentialType[]) {
		super();
		for (const type of credentialTypes) this.types.set(type.name, type);
	}

	/** Stores `data` as a new credential of `type` and returns its reference. */
	add(type: string, data: ICredentialDataDecryptedObject | IDataObject, name = `${type} ${this.nextId}`): StoredCredential {
		this.credentialType(type);
		const id = String(this.nextId++);
		this.stored.set(id, { type, name, data: structuredClone(data) as ICredentialDataDecryptedObject });
		return new StoredCredential(id, name, type);
	}

	/** A copy of what is stored for `credential` now. */
	dataOf(credential: INodeCredentialsDetails): ICredentialDataDecryptedObject {
		return structuredClone(this.entry(credential).data);
	}

	/** Replaces stored fields, as a user editing the credential would. */
	patch(credential: INodeCredentialsDetails, changes: ICredentialDataDecryptedObject): void {
		Object.assign(this.entry(credential).data, structuredClone(changes));
	}

	/** Whether a node type declares this credential type (n8n refuses the credential otherwise). */
	isCredentialUsableByNode(credentialType: string, nodeType: INodeTypeDescription): boolean {
		return (nodeType.credentials ?? []).some((description) => description.name === credentialType);
	}

	getParentTypes(name: string): string[] {
		const parents: string[] = [];
		let current = this.types.get(name)?.extends ?? [];
		while (current.length > 0) {
			parents.push(...current);
			current = current.flatMap((parent) => this.types.get(parent)?.extends ?? []);
		}
		return parents;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		_workflow: Workflow,
		_node: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.credentialType(typeName);
		if (typeof type.authenticate === 'function') {
			return await type.authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (type.authenticate) {
			throw new Error(`The harness only supports function authentication (credential type ${typeName})`);
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.credentialType(typeName);
		const expirable = type.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable === undefined || typeof type.preAuthentication !== 'function') return undefined;
		const isTestingCredentials = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials) return undefined;
		this.preAuthenticationRuns.set(typeName, (this.preAuthenticationRuns.get(typeName) ?? 0) + 1);
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const details = node.credentials?.[typeName];
		if (details) {
			await this.updateCredentials(details, typeName, Object.assign(credentials, output));
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const entry = this.entry(nodeCredentials);
		if (entry.type !== type) throw new Error(`Credential ${nodeCredentials.id} is not of type ${type}`);
		const credentials = new Credentials({ id: nodeCredentials.id, name: entry.name }, type);
		credentials.setData(structuredClone(entry.data));
		return credentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		_mode: WorkflowExecuteMode,
	): Promise<ICredentialDataDecryptedObject> {
		const entry = this.entry(nodeCredentials);
		if (entry.type !== type) {
			throw new Error(`Credential "${entry.name}" is of type ${entry.type}, not ${type}`);
		}
		this.decryptedReads++;
		const data: ICredentialDataDecryptedObject = {};
		for (const property of this.credentialType(type).properties) {
			if (property.default !== undefined) data[property.name] = structuredClone(property.default) as never;
		}
		Object.assign(data, structuredClone(entry.data));
		return data;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const id = nodeCredentials.id;
		if (!id) throw new Error('Cannot update a credential without an id');
		const entry = this.entry(nodeCredentials);
		entry.data = structuredClone(data);
		this.updates.push({ id, type, data: structuredClone(data) });
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		await this.updateCredentials(nodeCredentials, type, data);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialType(type).properties;
	}

	/** Throws like n8n when a node uses a credential type it does not declare. */
	assertUsable(node: INode, nodeType: INodeTypeDescription): void {
		for (const type of Object.keys(node.credentials ?? {})) {
			if (!this.isCredentialUsableByNode(type, nodeType)) {
				throw new NodeOperationError(node, `Node type ${nodeType.name} cannot use credentials of type ${type}`);
			}
		}
	}

	private credentialType(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new Error(`The harness knows no credential type "${name}"`);
		return type;
	}

	private entry(credential: INodeCredentialsDetails) {
		const entry = credential.id ? this.stored.get(credential.id) : undefined;
		if (!entry) throw new Error(`The harness has no credential with id ${String(credential.id)}`);
		return entry;
	}
}
