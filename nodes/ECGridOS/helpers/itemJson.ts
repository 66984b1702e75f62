/**
 * Decoded ECGridOS records as n8n item JSON, for the node and the trigger alike: secrets never
 * leave the package, and binary fields become base64 text or are left out.
 */
import type { IDataObject } from 'n8n-workflow';

/**
 * Record fields that hold secrets: the session ID or API key (WhoAmI, KeyValue), HTTP passwords of
 * callbacks and comms, and private keys of certificates.
 */
const SECRET_FIELDS: ReadonlySet<string> = new Set(['SessionID', 'Password', 'HTTPPassword', 'PrivatePFX']);

/** `binary`: what happens to Buffer values: base64 text, or left out (content delivered as binary data). */
export function toItemJson(value: unknown, binary: 'base64' | 'omit' = 'base64'): unknown {
	if (Buffer.isBuffer(value)) return binary === 'base64' ? value.toString('base64') : undefined;
	if (Array.isArray(value)) return value.map((inner) => toItemJson(inner, binary));
	if (value && typeof value === 'object') {
		const json: IDataObject = {};
		for (const [key, inner] of Object.entries(value)) {
			if (SECRET_FIELDS.has(key)) continue;
			const converted = toItemJson(inner, binary);
			if (converted !== undefined) json[key] = converted as IDataObject;
		}
		return json;
	}
	return value;
}
