/**
 * The one function every ECGridOS node uses to call the API, and the helpers around it.
 *
 * `ecgridosRequest` encodes the call from the catalog, fills SessionID from the credential (API key,
 * or the Login session n8n keeps), sends it over a kept connection (connections.ts) or, when n8n must
 * log in first or a proxy is configured, through n8n's authenticated HTTP helper (which runs the
 * credential's preAuthentication and applies n8n's proxy settings), reads the SOAP reply itself and
 * decodes it. A session fault renews the session once and repeats the call (the call did not run); network
 * failures are retried only for read-only operations.
 */
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { getOperation, isReadOnly } from '../catalog';
import { isInsecureEndpoint, resolveEndpoint } from './endpoint';
import { networkErrorCode, toNodeError } from './errors';
import { callOverKeptConnection, proxyConfigured } from './connections';
import type { ContentFile } from './contentFile';
import { EcgridosTransferError, contentTypeOf, readReplyBody, soapRequestOptions } from './http';
import {
	ECGRIDOS_CREDENTIAL_TYPE,
	credentialTimeoutMs,
	isSessionKnownDead,
	loginFailureFor,
	placeSession,
	sessionRejected,
	sessionTick,
	sessionValue,
} from './session';
import {
	EcgridosFault,
	EcgridosInputError,
	EcgridosResponseError,
	decodeResponse,
	encodeEnvelope,
	envelopeBytes,
	streamedEnvelope,
	streamedEnvelopeBytes,
	type RequestEnvelope,
} from './soap';

export { resolveEndpoint, isLoopbackHost, isInsecureEndpoint, EcgridosEndpointError } from './endpoint';
export { EcgridosTransferError, MAX_REPLY_BYTES } from './http';
export { closeKeptConnections } from './connections';
export { ContentFile } from './contentFile';
export { ecgridosErrorKind, redactSecrets, redactDeep, toNodeError, type EcgridosErrorKind } from './errors';
export { RET_CODES, retCodeInfo, isSessionFault } from './retCodes';
export {
	EcgridosFault,
	EcgridosInputError,
	EcgridosResponseError,
	base64Text,
	canonicalBase64Bytes,
	decodeResponse,
	encodeRequest,
	soapAction,
	validateValue,
	type Base64Text,
	type EcgridosFaultData,
	type InputErrorKind,
	type StreamedBinary,
	type ValuePlace,
} from './soap';
export { ECGRIDOS_CREDENTIAL_TYPE } from './session';

export type EcgridosContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export interface EcgridosRequestOptions {
	/** The item the call is made for: used for credential expressions and error context. */
	itemIndex?: number;
	/** Overrides the credential's timeout for this call (e.g. large parcel transfers). */
	timeoutSeconds?: number;
	/**
	 * Where a large base64 content of the reply (a parcel) is decoded to as it arrives, instead of
	 * into the result: the result's element is then empty, and `holdsContent` of the file says so.
	 * The file is removed when the call fails.
	 */
	contentFile?: ContentFile;
}

/** Whether `operation` only reads (the catalog's `readOnly`), so that repeating it after a network failure cannot change anything. */
export function isReadOnlyOperation(operation: string): boolean {
	return isReadOnly(operation);
}

/** Delays before the retries of a read-only call after a network failure. */
export const READ_ONLY_RETRY_DELAYS_MS: readonly number[] = [250, 1000, 3000];

const TRANSIENT_HTTP_STATUSES = new Set([502, 503, 504]);

/**
 * A failure worth repeating a read-only call for: a connection reset or refused, or a reply cut
 * short. Not a timeout: the credential's timeout is how long the user is willing to wait, and
 * repeating would multiply it.
 */
function isTransient(error: unknown): boolean {
	if (error instanceof EcgridosTransferError) return error.kind === 'interrupted';
	const code = networkErrorCode(error);
	return code !== undefined && code !== 'ETIMEDOUT' && code !== 'ESOCKETTIMEDOUT';
}

function takesSession(operation: string): boolean {
	return getOperation(operation).parameters[0]?.name === 'SessionID';
}

async function pause(milliseconds: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/**
 * What one node run's calls for one item share: the credential as n8n read it, and what follows
 * from it alone, worked out once instead of on every call.
 */
interface CallSetup {
	itemIndex: number;
	credentials: ICredentialDataDecryptedObject;
	/** The credential's endpoint, once resolved (resolveEndpoint). */
	endpoint?: URL;
	/** n8n is configured to use a proxy: every call goes through n8n's helper, which applies it. */
	proxied: boolean;
}

// The setup last made by each node run (context), for the item it was made for. n8n reads and
// decrypts a credential on every getCredentials (from its database, in n8n itself); a poll that
// downloads a thousand parcels, or Return All paging, calls many times for one item. Only a credential
// with a session or key is kept: when n8n has to log in first, the next call must read the session
// n8n stored. A session ECGridOS rejected is forgotten at once (see the renewal below).
const setupsByContext = new WeakMap<object, CallSetup>();

/** The kept setup of this node run for this item, if any: the usual case, without an await. */
function keptCallSetup(context: EcgridosContext, itemIndex: number): CallSetup | undefined {
	const kept = setupsByContext.get(context);
	return kept !== undefined && kept.itemIndex === itemIndex ? kept : undefined;
}

/** The credential as n8n stores it now (n8n reads it from its database on every read). */
async function readStoredCredentials(context: EcgridosContext, itemIndex: number): Promise<ICredentialDataDecryptedObject> {
	return (await (context as IExecuteFunctions).getCredentials(ECGRIDOS_CREDENTIAL_TYPE, itemIndex)) as ICredentialDataDecryptedObject;
}

/** Keeps `setup` for the next calls of this node run, when its credential holds a session or key. */
function keepCallSetup(context: EcgridosContext, setup: CallSetup): void {
	if (sessionValue(setup.credentials) !== '') setupsByContext.set(context, setup);
}

async function readCallSetup(context: EcgridosContext, itemIndex: number): Promise<CallSetup> {
	const setup: CallSetup = { itemIndex, credentials: await readStoredCredentials(context, itemIndex), proxied: proxyConfigured() };
	keepCallSetup(context, setup);
	return setup;
}

function forgetCallSetup(context: EcgridosContext): void {
	setupsByContext.delete(context);
}

/**
 * Calls ECGridOS `operation` with `values` (parameters by name, without SessionID) and returns the
 * decoded result (see soap/decode.ts for the JSON shapes). Throws NodeOperationError for bad input and
 * NodeApiError for faults and transport failures, with secrets removed.
 *
 * Session renewal, for a Login credential whose session ECGridOS rejects (the call did not run, so
 * repeating it is safe): the stored credential is read again first, since another process (a queue
 * mode worker) may have renewed it; a session there other than the rejected one, and not known dead,
 * is used. Only otherwise does this process log in (session.ts shares that Login among concurrent
 * callers), at most once per call, and never hands out a session obtained before the rejection.
 */
export async function ecgridosRequest(
	this: EcgridosContext,
	operation: string,
	values: Record<string, unknown>,
	options: EcgridosRequestOptions = {},
): Promise<unknown> {
	// n8n's getNode() deep-copies the node on every call; only failures and renewals need it.
	const node = () => this.getNode();
	const { itemIndex } = options;
	const setup = keptCallSetup(this, itemIndex ?? 0) ?? (await readCallSetup(this, itemIndex ?? 0));
	let { credentials } = setup;
	// Sessions sent or expected beyond the credential's own values (a Login's new session); what an
	// error message must never show is only gathered when there is an error.
	const otherSessions: string[] = [];
	const rememberSession = (value: string) => {
		if (value && !otherSessions.includes(value)) otherSessions.push(value);
	};
	const secrets = () =>
		[setup.credentials.password, setup.credentials.apiKey, setup.credentials.sessionId, ...otherSessions].filter(
			(value): value is string => typeof value === 'string',
		);
	const fail = (error: unknown, statusCode?: number) =>
		toNodeError(node(), error, {
			operation,
			itemIndex,
			secrets: secrets(),
			statusCode,
			authentication: credentials.authentication,
		});

	const usesSession = takesSession(operation);
	let endpointUrl: URL;
	let envelope: RequestEnvelope;
	try {
		if (!setup.endpoint) {
			setup.endpoint = resolveEndpoint(credentials);
			if (isInsecureEndpoint(setup.endpoint)) warnInsecureEndpoint(this, setup.endpoint);
		}
		endpointUrl = setup.endpoint;
		if (usesSession && 'SessionID' in values) {
			throw new EcgridosInputError(
				{ operation, parameter: 'SessionID' },
				'filledByTransport',
				'is filled in from the credential; do not pass it',
			);
		}
		// SessionID is encoded empty: the session goes in once, by placeSession, on whichever path
		// the call takes.
		envelope = encodeEnvelope(operation, usesSession ? { ...values, SessionID: '' } : values);
	} catch (error) {
		throw fail(error);
	}

	const timeoutMs =
		options.timeoutSeconds !== undefined && options.timeoutSeconds > 0
			? options.timeoutSeconds * 1000
			: credentialTimeoutMs(credentials);
	const readOnly = isReadOnlyOperation(operation);
	const canRenew = usesSession && credentials.authentication === 'login';
	let renewals = 0;
	let loggedIn = false;
	let networkRetries = 0;
	// Set when this call must log in: n8n's helper then runs preAuthentication with these data.
	let mustLogIn = false;
	const cancelSignal = 'getExecutionCancelSignal' in this ? this.getExecutionCancelSignal() : undefined;

	for (;;) {
		const deadline = Date.now() + timeoutMs;
		// The stored session (or API key); '' when n8n has to log in first.
		let session = mustLogIn ? '' : sessionValue(credentials);
		// A session this process already saw rejected is not sent again: n8n may not have stored
		// the renewal yet, and the Login shared in this process hands it out.
		if (canRenew && isSessionKnownDead(session)) {
			mustLogIn = true;
			session = '';
		}
		let sentSession = session;
		const sentTick = sessionTick();
		let reply: { statusCode: number; contentType: string | undefined; body: Buffer | string };
		// The credential data handed to n8n's helper, which runs preAuthentication on them (and then
		// holds the session it stored) and authenticate with them.
		let helperCredentials: ICredentialDataDecryptedObject | undefined;
		try {
			if (session !== '' && !setup.proxied) {
				// The session goes into the XML before large binaries are assembled around it.
				const sent = usesSession ? { xml: placeSession(envelope.xml, session), binaries: envelope.binaries } : envelope;
				reply = await callOverKeptConnection(
					operation,
					streamedEnvelope(sent) ?? envelopeBytes(sent),
					endpointUrl,
					deadline,
					cancelSignal,
					options.contentFile,
				);
			} else {
				// Only n8n's helper runs the credential's preAuthentication (the Login) and stores the
				// session it returns, and only n8n applies its proxy settings.
				helperCredentials = { ...credentials, ...(mustLogIn ? { sessionId: '' } : {}) };
				// n8n's helper cannot send a streamed request: a file to stream is read whole here.
				const streamed = streamedEnvelope(envelope);
				const request: IHttpRequestOptions = soapRequestOptions(
					operation,
					streamed ? await streamedEnvelopeBytes(streamed) : envelopeBytes(envelope),
					endpointUrl.href,
					timeoutMs,
				);
				const response = (await this.helpers.httpRequestWithAuthentication.call(this, ECGRIDOS_CREDENTIAL_TYPE, request, {
					credentialsDecrypted: credentialOverride(node(), helperCredentials),
				})) as IN8nHttpFullResponse;
				sentSession = sessionValue(helperCredentials);
				reply = {
					statusCode: response.statusCode,
					contentType: contentTypeOf(response),
					body: await readReplyBody(response, deadline, cancelSignal, options.contentFile),
				};
			}
		} catch (error) {
			if (readOnly && isTransient(error) && networkRetries < READ_ONLY_RETRY_DELAYS_MS.length) {
				await pause(READ_ONLY_RETRY_DELAYS_MS[networkRetries++]);
				continue;
			}
			await options.contentFile?.discard();
			throw fail((helperCredentials && loginFailureFor(helperCredentials)) ?? error);
		}
		rememberSession(sentSession);
		try {
			const result = decodeResponse(operation, reply.body, {
				statusCode: reply.statusCode,
				contentType: reply.contentType,
				consumeBody: true,
			});
			// After a renewal or a Login the next calls of this run use the session that worked
			// (helperCredentials hold the one n8n's preAuthentication obtained and stored).
			if (renewals > 0 || mustLogIn) keepCallSetup(this, { ...setup, credentials: helperCredentials ?? credentials });
			return result;
		} catch (error) {
			if (error instanceof EcgridosFault && error.kind === 'sessionRejected' && canRenew && renewals < 2) {
				renewals++;
				sessionRejected(credentials, sentSession, sentTick);
				forgetCallSetup(this);
				const stored = await readStoredCredentials(this, itemIndex ?? 0);
				const storedSession = sessionValue(stored);
				rememberSession(storedSession);
				if (storedSession !== '' && storedSession !== sentSession && !isSessionKnownDead(storedSession)) {
					credentials = stored;
					mustLogIn = false;
					continue;
				}
				if (!loggedIn) {
					loggedIn = true;
					credentials = stored;
					mustLogIn = true;
					continue;
				}
			}
			if (
				error instanceof EcgridosResponseError &&
				readOnly &&
				TRANSIENT_HTTP_STATUSES.has(reply.statusCode) &&
				networkRetries < READ_ONLY_RETRY_DELAYS_MS.length
			) {
				await pause(READ_ONLY_RETRY_DELAYS_MS[networkRetries++]);
				continue;
			}
			await options.contentFile?.discard();
			throw fail(error, reply.statusCode);
		}
	}
}

const warnedContexts = new WeakSet<object>();

/**
 * Tells the user, once per node run, that the credential sends everything unencrypted: as an
 * execution hint on the node's output where n8n offers one, and in n8n's log.
 */
function warnInsecureEndpoint(context: EcgridosContext, url: URL): void {
	if (warnedContexts.has(context)) return;
	warnedContexts.add(context);
	const message = `The ECGridOS credential uses plain HTTP to ${url.host} ("Allow Insecure HTTP" is on): the API key or password, the session and all EDI data travel unencrypted.`;
	if ('addExecutionHints' in context && typeof context.addExecutionHints === 'function') {
		context.addExecutionHints({ message, type: 'warning', location: 'outputPane' });
	}
	context.logger.warn(message);
}

/** The `credentialsDecrypted` n8n accepts to use (and, after preAuthentication, store) other data. */
function credentialOverride(
	node: ReturnType<EcgridosContext['getNode']>,
	data: ICredentialDataDecryptedObject,
): { id: string; name: string; type: string; data: ICredentialDataDecryptedObject } {
	const details = node.credentials?.[ECGRIDOS_CREDENTIAL_TYPE];
	return {
		id: details?.id ?? '',
		name: details?.name ?? '',
		type: ECGRIDOS_CREDENTIAL_TYPE,
		data,
	};
}
