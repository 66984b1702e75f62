/**
 * ECGridOS sessions: logging in once for many concurrent callers, and putting the session ID (or API
 * key, which ECGridOS accepts in the same place) into a request envelope.
 *
 * The session itself is stored by n8n in the credential's hidden, expirable `sessionId` field; this
 * module only makes sure that callers arriving together share one Login.
 */
import { createHash } from 'crypto';
import type { IHttpRequestHelper, IN8nHttpFullResponse } from 'n8n-workflow';

import { redactSecrets } from './errors';
import { isSessionFault, retCodeInfo } from './retCodes';
import { contentTypeOf, readReplyBody, soapRequestOptions } from './http';
import { EcgridosFault, decodeResponse, encodeRequest } from './soap';

/** Login failed: wrong login name or password, locked account, or an unusable reply. */
export class EcgridosLoginError extends Error {
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
export function sessionKey(endpoint: string, loginName: string, password: string): string {
	return hash(JSON.stringify([endpoint, loginName, hash(password)]));
}

const loginsInFlight = new Map<string, Promise<string>>();

// A Login that just finished is handed to callers that arrive right after it, before n8n has stored
// the new session, unless a caller already found that session rejected.
const RECENT_SESSION_MS = 15_000;
const recentSessions = new Map<string, { sessionHash: string; sessionId: string; obtainedAt: number }>();
const staleSessionHashes = new Set<string>();
const STALE_SESSIONS_KEPT = 1000;

/** Records that ECGridOS rejected `sessionId`, so it is never handed out again. */
export function markSessionStale(sessionId: string): void {
	if (!sessionId) return;
	staleSessionHashes.add(hash(sessionId));
	if (staleSessionHashes.size > STALE_SESSIONS_KEPT) {
		const oldest = staleSessionHashes.values().next().value;
		if (oldest !== undefined) staleSessionHashes.delete(oldest);
	}
}

/**
 * A session for `key`: the Login already in flight for it, a fresh one that was not rejected, or a
 * new Login. Fifty callers arriving together cause one Login.
 */
export async function sharedLogin(key: string, login: () => Promise<string>): Promise<string> {
	const recent = recentSessions.get(key);
	if (
		recent &&
		Date.now() - recent.obtainedAt < RECENT_SESSION_MS &&
		!staleSessionHashes.has(recent.sessionHash)
	) {
		return recent.sessionId;
	}
	let pending = loginsInFlight.get(key);
	if (!pending) {
		pending = login()
			.then((sessionId) => {
				recentSessions.set(key, { sessionHash: hash(sessionId), sessionId, obtainedAt: Date.now() });
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

const SESSION_ELEMENT = /<SessionID\s*\/>|<SessionID>[^<]*<\/SessionID>/;

function escapeXml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * `envelope` with its SessionID element set to `sessionId`. Idempotent: whatever the element holds
 * (empty, or an older session on a retry) is replaced. Envelopes without SessionID are unchanged.
 */
export function withSessionId<Envelope extends string | Buffer>(envelope: Envelope, sessionId: string): Envelope {
	// SessionID is always the first parameter, so it sits in the first bytes of the envelope:
	// replacing there keeps a 100 MB upload from being scanned (and a string one from being copied twice).
	const element = `<SessionID>${escapeXml(sessionId)}</SessionID>`;
	if (typeof envelope === 'string') {
		const headLength = Math.min(envelope.length, SESSION_HEAD_LENGTH);
		const head = envelope.slice(0, headLength).replace(SESSION_ELEMENT, () => element);
		return (headLength === envelope.length ? head : head + envelope.slice(headLength)) as Envelope;
	}
	// The head as latin1 keeps one character per byte, so positions found in it are byte offsets.
	const head = envelope.subarray(0, SESSION_HEAD_LENGTH).toString('latin1');
	const match = SESSION_ELEMENT.exec(head);
	if (!match || match[0] === element) return envelope;
	return Buffer.concat([
		envelope.subarray(0, match.index),
		Buffer.from(element, 'utf8'),
		envelope.subarray(match.index + match[0].length),
	]) as Envelope;
}

/** Envelope prefix that holds the SessionID element: the envelope start, the body element and one GUID-sized value. */
const SESSION_HEAD_LENGTH = 4096;

/** The SessionID an envelope carries ('' when none). */
export function sessionIdIn(envelope: string | Buffer): string {
	const head = typeof envelope === 'string' ? envelope.slice(0, SESSION_HEAD_LENGTH) : envelope.subarray(0, SESSION_HEAD_LENGTH).toString('utf8');
	const match = /<SessionID>([^<]*)<\/SessionID>/.exec(head);
	if (!match) return '';
	return match[1].replace(/&#(\d+);/g, (_all, code: string) => String.fromCharCode(Number(code)));
}

/** Why a Login failed, in words for the user, without the password. */
function loginFailure(error: unknown, loginName: string, password: string): EcgridosLoginError {
	if (error instanceof EcgridosFault) {
		const info = retCodeInfo(error.data.errorCode);
		const text = [error.data.errorString ?? error.data.faultString, error.data.errorMessage].filter(Boolean).join(': ');
		const advice = isSessionFault(error.data)
			? ''
			: ' Check the login name and password in the ECGridOS credential, or use an API key.';
		return new EcgridosLoginError(
			redactSecrets(`ECGridOS login as "${loginName}" failed${info ? ` (${info.name})` : ''}: ${text}.${advice}`, [password]),
			error,
		);
	}
	const message = error instanceof Error ? error.message : String(error);
	return new EcgridosLoginError(redactSecrets(`ECGridOS login as "${loginName}" failed: ${message}`, [password]));
}

/** Calls Login and returns the new SessionID; every failure is an EcgridosLoginError without secrets. */
export async function login(
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
