/**
 * The HTTP Basic credentials ECGrid sends with each call: random, made when the callback is
 * registered, kept only in the workflow's static data (which n8n stores with the workflow) and in
 * ECGrid. They are never put in node output, errors or logs.
 */
import { createHash, randomBytes, timingSafeEqual } from 'crypto';

export interface CallbackSecret {
	user: string;
	password: string;
}

/** URL-safe characters only, and no colon, so the pair survives Basic encoding and any form field. */
export function newCallbackSecret(): CallbackSecret {
	return { user: `n8n-${randomBytes(6).toString('hex')}`, password: randomBytes(24).toString('base64url') };
}

function digest(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}

const BASIC = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i;

/**
 * Whether an Authorization header carries exactly `secret`. The SHA-256 digests of what was sent
 * and of what is expected are compared, so `timingSafeEqual` always compares equal lengths and the
 * time taken says nothing about how much of a guess was right.
 */
export function authorizationMatches(header: unknown, secret: CallbackSecret): boolean {
	const match = typeof header === 'string' ? BASIC.exec(header) : null;
	const sent = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
	const equal = timingSafeEqual(digest(sent), digest(`${secret.user}:${secret.password}`));
	return equal && match !== null;
}
