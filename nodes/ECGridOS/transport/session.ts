/**
 * What the ECGridOS credential knows, owned by the transport: the session value (API key, or the
 * session a Login returned), the timeout, Login itself, and the SessionID's place in an envelope.
 * The credential (credentials/ECGridOSApi.credentials.ts) is a thin adapter over this module and
 * the only code outside the transport that imports it; nothing here imports the credential.
 *
 * The session is stored by n8n in the credential's hidden, expirable `sessionId` field. n8n runs
 * `preAuthenticate` (the credential's preAuthentication) when that field is '' or when the
 * transport forces a renewal, and stores what it returns: whichever process logs in last wins, as
 * n8n writes without a lock. This module makes sure that callers of one process arriving together
 * share one Login, and never hands out a session known to be dead.
 */
import { createHash } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IHttpRequestHelper,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { PRODUCTION_ENDPOINT } from '../catalog';
import { resolveEndpoint } from './endpoint';
import { redactSecrets } from './errors';
import { SOAP_CONTENT_TYPE, contentTypeOf, readReplyBody, soapRequestOptions } from './http';
import { retCodeInfo } from './retCodes';
import { EcgridosFault, decodeResponse, encodeRequest, encodeString, soapAction } from './soap';

export const ECGRIDOS_CREDENTIAL_TYPE = 'ecgridOsApi';
export const DEFAULT_TIMEOUT_SECONDS = 120;

/** Milliseconds to wait for ECGridOS, from the credential's Timeout (seconds). */
export function credentialTimeoutMs(credentials: ICredentialDataDecryptedObject): number {
	const seconds = Number(credentials.timeout);
	return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_TIMEOUT_SECONDS) * 1000;
}

/** What goes into SessionID: the API key, or the session from Login ('' when none is stored yet). */
export function sessionValue(credentials: ICredentialDataDecryptedObject): string {
	const value = credentials.authentication === 'login' ? credentials.sessionId : credentials.apiKey;
	return typeof value === 'string' ? value.trim() : '';
}

// ---------------------------------------------------------------- the SessionID in an envelope

const SESSION_OPEN = '<SessionID>';
const SESSION_CLOSE = '</SessionID>';
/** Envelope prefix that holds the SessionID element: the envelope start, the body element and one GUID-sized value. */
const SESSION_HEAD_LENGTH = 4096;

/**
 * `envelope` with `session` in its SessionID element, the one place a session is written into a
 * request. SessionID is always an operation's first parameter, so the element sits in the first
 * bytes: a 100 MB upload is not scanned. Whatever the element holds (empty, or an older session on
 * a retry) is replaced, and an envelope already carrying `session`, or without SessionID (Login),
 * comes back unchanged.
 */
export function placeSession<Envelope extends string | Buffer>(envelope: Envelope, session: string): Envelope {
	// The head as latin1 keeps one character per byte, so positions found in it are byte offsets.
	const head =
		typeof envelope === 'string' ? envelope.slice(0, SESSION_HEAD_LENGTH) : envelope.toString('latin1', 0, SESSION_HEAD_LENGTH);
	const open = head.indexOf(SESSION_OPEN);
	const close = open === -1 ? -1 : head.indexOf(SESSION_CLOSE, open);
	if (close === -1) return envelope;
	const start = open + SESSION_OPEN.length;
	const value = encodeString(session, { operation: 'SessionID', parameter: 'SessionID', secret: true });
	if (head.slice(start, close) === value) return envelope;
	if (typeof envelope === 'string') return (envelope.slice(0, start) + value + envelope.slice(close)) as Envelope;
	return Buffer.concat([envelope.subarray(0, start), Buffer.from(value, 'utf8'), envelope.subarray(close)]) as Envelope;
}

// ---------------------------------------------------------------- Login, shared per process

/** Login failed: wrong login name or password, locked account, or an unusable reply. */
export class EcgridosLoginError extends Error {
	readonly kind = 'loginFailed';

	constructor(
		message: string,
		readonly fault?: EcgridosFault,
	) {
		super(message);
		this.name = 'EcgridosLoginError';
	}
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

/** Identifies one account at one endpoint without keeping the password. */
function sessionKey(credentials: ICredentialDataDecryptedObject): string {
	const endpoint = resolveEndpoint(credentials).href;
	return hash(JSON.stringify([endpoint, String(credentials.loginName ?? ''), hash(String(credentials.password ?? ''))]));
}

// Per-process session bookkeeping; none of it is a secret at rest beyond what n8n stores itself.
const loginsInFlight = new Map<string, Promise<string>>();
// A Login that just finished is handed to callers that arrive right after it, before n8n has stored
// the new session, unless that session was obtained before a request that found sessions expired.
const RECENT_SESSION_MS = 15_000;
const recentSessions = new Map<string, { sessionHash: string; sessionId: string; obtainedAt: number; obtainedTick: number }>();
const staleSessionHashes = new Set<string>();
const STALE_SESSIONS_KEPT = 1000;
// Orders session events within this process exactly (a clock could tie): requests sent, Logins done.
let tick = 0;

/** A mark of the moment a request is sent, to compare with when sessions were obtained. */
export function sessionTick(): number {
	return ++tick;
}

/** Whether ECGridOS already rejected `session` in this process. */
export function isSessionKnownDead(session: string): boolean {
	return session !== '' && staleSessionHashes.size > 0 && staleSessionHashes.has(hash(session));
}

/**
 * Records that ECGridOS rejected `session`, sent at `sentTick`, so that neither it nor a session
 * this process obtained before that request is handed out again: such a session may have expired
 * in the same sweep, and another process may have stored a newer one meanwhile. A rejection of a
 * session already known dead tells nothing new (an execution that read the credential before n8n
 * stored this process's renewal), so it leaves the renewal to be shared.
 */
export function sessionRejected(credentials: ICredentialDataDecryptedObject, session: string, sentTick: number): void {
	if (session) {
		const sessionHash = hash(session);
		if (staleSessionHashes.has(sessionHash)) return;
		staleSessionHashes.add(sessionHash);
		if (staleSessionHashes.size > STALE_SESSIONS_KEPT) {
			const oldest = staleSessionHashes.values().next().value;
			if (oldest !== undefined) staleSessionHashes.delete(oldest);
		}
	}
	const key = sessionKey(credentials);
	const recent = recentSessions.get(key);
	if (recent && recent.obtainedTick < sentTick) recentSessions.delete(key);
}

/**
 * A session for `key`: the Login already in flight for it, a fresh one that was not rejected, or a
 * new Login. Fifty callers arriving together cause one Login.
 */
async function sharedLogin(key: string, login: () => Promise<string>): Promise<string> {
	const recent = recentSessions.get(key);
	if (recent && Date.now() - recent.obtainedAt < RECENT_SESSION_MS && !staleSessionHashes.has(recent.sessionHash)) {
		return recent.sessionId;
	}
	let pending = loginsInFlight.get(key);
	if (!pending) {
		pending = login()
			.then((sessionId) => {
				recentSessions.set(key, { sessionHash: hash(sessionId), sessionId, obtainedAt: Date.now(), obtainedTick: ++tick });
				return sessionId;
			})
			.finally(() => loginsInFlight.delete(key));
		loginsInFlight.set(key, pending);
	}
	return await pending;
}

/** Forgets every shared session (tests; and nothing else needs it). */
export function forgetSharedSessions(): void {
	loginsInFlight.clear();
	recentSessions.clear();
	staleSessionHashes.clear();
}

/** Why a Login failed, in words for the user, without the password. */
function loginFailure(error: unknown, loginName: string, password: string): EcgridosLoginError {
	if (error instanceof EcgridosFault) {
		const info = retCodeInfo(error.data.errorCode);
		const text = [error.data.errorString ?? error.data.faultString, error.data.errorMessage].filter(Boolean).join(': ');
		const advice =
			error.kind === 'sessionRejected' ? '' : ' Check the login name and password in the ECGridOS credential, or use an API key.';
		return new EcgridosLoginError(
			redactSecrets(`ECGridOS login as "${loginName}" failed${info ? ` (${info.name})` : ''}: ${text}.${advice}`, [password]),
			error,
		);
	}
	const message = error instanceof Error ? error.message : String(error);
	return new EcgridosLoginError(redactSecrets(`ECGridOS login as "${loginName}" failed: ${message}`, [password]));
}

/** Calls Login and returns the new SessionID; every failure is an EcgridosLoginError without secrets. */
async function login(
	helpers: IHttpRequestHelper['helpers'],
	endpoint: string,
	loginName: string,
	password: string,
	timeoutMs: number,
): Promise<string> {
	// Failures are collected and converted after the try block, so every path raises the same error type.
	let outcome: { sessionId: unknown } | { failure: unknown };
	const deadline = Date.now() + timeoutMs;
	try {
		const envelope = encodeRequest('Login', { LoginName: loginName, Password: password });
		const response = (await helpers.httpRequest(
			soapRequestOptions('Login', envelope, endpoint, timeoutMs),
		)) as IN8nHttpFullResponse;
		outcome = {
			sessionId: decodeResponse('Login', await readReplyBody(response, deadline), {
				statusCode: response.statusCode,
				contentType: contentTypeOf(response),
			}),
		};
	} catch (error) {
		outcome = { failure: error };
	}
	if ('failure' in outcome) throw loginFailure(outcome.failure, loginName, password);
	const { sessionId } = outcome;
	if (typeof sessionId !== 'string' || sessionId.trim() === '') {
		throw new EcgridosLoginError(`ECGridOS login as "${loginName}" returned no session`);
	}
	return sessionId.trim();
}

// n8n wraps an error of preAuthentication in its own error and keeps only the text; the transport
// finds the typed error again through the credential data object n8n passed on.
const loginFailures = new WeakMap<ICredentialDataDecryptedObject, EcgridosLoginError>();

/** The Login failure raised for `credentials` (the object given to n8n's request helper), if any. */
export function loginFailureFor(credentials: ICredentialDataDecryptedObject): EcgridosLoginError | undefined {
	return loginFailures.get(credentials);
}

// ---------------------------------------------------------------- what the credential delegates

/** The credential's preAuthentication: in Login mode a (shared) Login, else nothing to store. */
export async function preAuthenticate(
	helpers: IHttpRequestHelper['helpers'],
	credentials: ICredentialDataDecryptedObject,
): Promise<ICredentialDataDecryptedObject> {
	if (credentials.authentication !== 'login') return {};
	const endpoint = resolveEndpoint(credentials).href;
	const loginName = String(credentials.loginName ?? '');
	const password = String(credentials.password ?? '');
	const loggingIn = sharedLogin(sessionKey(credentials), async () =>
		await login(helpers, endpoint, loginName, password, credentialTimeoutMs(credentials)),
	);
	// Remembered on the side; the rejection itself still reaches n8n through the await below.
	loggingIn.catch((error: unknown) => {
		if (error instanceof EcgridosLoginError) loginFailures.set(credentials, error);
	});
	return { sessionId: await loggingIn };
}

/**
 * The credential's authenticate: the endpoint as URL, the timeout, and the session in SessionID.
 * The object is updated in place, as n8n's own generic authentication does.
 */
export function authenticateRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	requestOptions.url = resolveEndpoint(credentials).href;
	delete requestOptions.baseURL;
	requestOptions.timeout ??= credentialTimeoutMs(credentials);
	if (typeof requestOptions.body === 'string' || Buffer.isBuffer(requestOptions.body)) {
		requestOptions.body = placeSession(requestOptions.body, sessionValue(credentials));
	}
	return requestOptions;
}

// A fault answers HTTP 500, which n8n's tester reports by status; a failed Login (Login mode)
// shows ECGridOS's own fault text because preAuthentication raises it.
export const CREDENTIAL_TEST: ICredentialTestRequest = {
	request: {
		method: 'POST',
		url: PRODUCTION_ENDPOINT,
		headers: { 'Content-Type': SOAP_CONTENT_TYPE, SOAPAction: soapAction('WhoAmI') },
		body: encodeRequest('WhoAmI', { SessionID: '' }),
		json: false,
	},
	rules: [
		{
			type: 'responseCode',
			properties: {
				value: 500,
				message:
					'ECGridOS rejected the credential (SOAP fault on WhoAmI). Check the API key, or the login name and password, and the environment.',
			},
		},
	],
};
