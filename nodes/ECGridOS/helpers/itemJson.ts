/**
 * Decoded ECGridOS values as n8n item JSON, for the node and the trigger alike: binary fields
 * become base64 text or are left out. Secrets are withheld before, by declared type
 * (`withholdSecrets` in the catalog).
 */
import type { IDataObject } from 'n8n-workflow';

/** `binary`: what happens to Buffer values: base64 text, or left out (content delivered as binary data). */
export function toItemJson(value: unknown, binary: 'base64' | 'omit' = 'base64'): unknown {
	if (Buffer.isBuffer(value)) return binary === 'base64' ? value.toString('base64') : undefined;
	if (Array.isArray(value)) return value.map((inner) => toItemJson(inner, binary));
	if (value && typeof value === 'object') {
		const json: IDataObject = {};
		for (const [key, inner] of Object.entries(value)) {
			const converted = toItemJson(inner, binary);
			if (converted !== undefined) json[key] = converted as IDataObject;
		}
		return json;
	}
	return value;
}
