import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { PRODUCTION_ENDPOINT } from '../nodes/ECGridOS/catalog';
import {
	CREDENTIAL_TEST,
	DEFAULT_TIMEOUT_SECONDS,
	authenticateRequest,
	preAuthenticate,
} from '../nodes/ECGridOS/transport/session';

/**
 * ECGridOS authenticates with a SessionID body parameter (no header): either a persistent API key or
 * the session a Login returns. A thin adapter: what the fields mean, Login and the SessionID's place
 * live in the transport's session module.
 *
 * How n8n drives this (n8n-core's httpRequestWithAuthentication and the CLI's CredentialsHelper):
 * before every authenticated request it calls CredentialsHelper.preAuthentication, which runs this
 * credential's `preAuthentication` only when the hidden `expirable` property (`sessionId`) is '', when
 * the request was retried after HTTP 401, or during a credential test; it stores the result only when
 * the result contains `sessionId`. So in Login mode the session is obtained once and kept (encrypted)
 * across executions, and in API-key mode `preAuthentication` returns {} without any call: nothing is
 * stored and Login is never called. ECGridOS reports an expired session as a SOAP fault, not 401; the
 * transport then renews the session itself (see transport/index.ts).
 */
export class ECGridOSApi implements ICredentialType {
	// A literal: n8n's lint reads the credential's name from the class, not from the constant.
	name = 'ecgridOsApi';

	displayName = 'ECGridOS API';

	documentationUrl = 'https://github.com/n8n-nodes-ecgridos/n8n-nodes-ecgridos#credentials';

	icon: Icon = { light: 'file:ecgridos.svg', dark: 'file:ecgridos.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'API Key',
					value: 'apiKey',
					description: 'A persistent ECGridOS API key, sent in place of a session',
				},
				{
					name: 'Login',
					value: 'login',
					description: 'Log in with a login name and password; the session is kept and renewed',
				},
			],
			default: 'apiKey',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX',
			description: 'The ECGridOS API key of the user n8n acts as',
			displayOptions: { show: { authentication: ['apiKey'] } },
		},
		{
			displayName: 'Login Name',
			name: 'loginName',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['login'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['login'] } },
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: PRODUCTION_ENDPOINT },
				{ name: 'Custom URL', value: 'custom', description: 'Another ECGridOS endpoint, or a local simulator' },
			],
			default: 'production',
		},
		{
			displayName: 'Custom URL',
			name: 'customUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://example.com/v4.1/prod/ECGridOS.asmx',
			description: 'Full URL of the ECGridOS.asmx endpoint. Must be https://, except for localhost.',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Allow Insecure HTTP',
			name: 'allowInsecureHttp',
			type: 'boolean',
			default: false,
			description:
				'Whether to allow a plain http:// custom URL on a host other than localhost. Passwords, keys and EDI data then travel unencrypted: use only on isolated test systems.',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_SECONDS,
			description: 'How long to wait for ECGridOS to answer one call. Large parcel uploads and downloads may need more.',
		},
		{
			displayName: 'Session ID',
			name: 'sessionId',
			type: 'hidden',
			typeOptions: { expirable: true },
			default: '',
		},
	];

	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<ICredentialDataDecryptedObject> {
		return await preAuthenticate(this.helpers, credentials);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return authenticateRequest(credentials, requestOptions);
	}

	test: ICredentialTestRequest = CREDENTIAL_TEST;
}
