/**
 * Which URL a credential talks to. HTTPS only, except loopback addresses (a local simulator or
 * tunnel) and hosts the user explicitly allowed over plain HTTP.
 */
import { PRODUCTION_ENDPOINT } from '../catalog';

/** The credential settings the endpoint depends on (see credentials/ECGridOSApi.credentials.ts). */
export interface EndpointSettings {
	environment?: unknown;
	customUrl?: unknown;
	allowInsecureHttp?: unknown;
}

/** The credential's endpoint cannot be used; raised before any network call. */
export class EcgridosEndpointError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'EcgridosEndpointError';
	}
}

export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return (
		host === 'localhost' ||
		host.endsWith('.localhost') ||
		host === '::1' ||
		/^127(\.\d{1,3}){3}$/.test(host) ||
		/^::ffff:127(\.\d{1,3}){3}$/.test(host)
	);
}

/** Plain HTTP to a host other than loopback: allowed only by the explicit opt-in, and warned about. */
export function isInsecureEndpoint(url: URL): boolean {
	return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
}

/** The endpoint URL for these settings, or an EcgridosEndpointError saying what to fix. */
export function resolveEndpoint(settings: EndpointSettings): URL {
	if (settings.environment !== 'custom') return new URL(PRODUCTION_ENDPOINT);
	const text = typeof settings.customUrl === 'string' ? settings.customUrl.trim() : '';
	if (!text) throw new EcgridosEndpointError('The credential uses a custom URL but none is set');
	if (!URL.canParse(text)) throw new EcgridosEndpointError(`The custom URL "${text}" is not a valid URL`);
	const url = new URL(text);
	if (url.username || url.password) {
		throw new EcgridosEndpointError(
			'The custom URL must not contain a user name or password; use the credential fields instead',
		);
	}
	if (url.protocol === 'https:') return url;
	if (url.protocol !== 'http:') {
		throw new EcgridosEndpointError(`The custom URL must use https:// (got ${url.protocol}//)`);
	}
	if (isLoopbackHost(url.hostname) || settings.allowInsecureHttp === true) return url;
	throw new EcgridosEndpointError(
		`The custom URL uses plain http:// to ${url.hostname}, which would send the password, API key and EDI data unencrypted. Use https://, or turn on "Allow Insecure HTTP" in the credential if this is an isolated test system.`,
	);
}
