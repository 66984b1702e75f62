/**
 * Whether ECGrid, on the Internet, can reach the webhook URL n8n gives the trigger. n8n builds that
 * URL from WEBHOOK_URL (or N8N_WEBHOOK_URL, n8n 2.x's name), or from its own host and port (http://localhost:5678/ by default), which
 * only the same machine can reach: registering it would make ECGrid call nowhere, retry, and give
 * up, while the workflow looked active. So activation refuses such a URL, and says how to fix it.
 *
 * Only the URL's text is judged (no DNS lookup): loopback, private, link-local and shared address
 * ranges, and host names that do not resolve publicly (no dot, .localhost, .local, .internal,
 * .lan, .home.arpa).
 */

/** The opt-in for local testing: a simulator on the same machine can reach n8n on loopback. */
export const ALLOW_PRIVATE_CALLBACK_URL_ENV = 'ECGRIDOS_ALLOW_PRIVATE_CALLBACK_URL';

const PRIVATE_NAME_SUFFIXES = ['.localhost', '.local', '.internal', '.lan', '.home.arpa'];

function ipv4Octets(host: string): number[] | undefined {
	const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	if (!match) return undefined;
	const octets = match.slice(1).map(Number);
	return octets.every((octet) => octet <= 255) ? octets : undefined;
}

function isPrivateIpv4([a, b]: number[]): boolean {
	return (
		a === 0 ||
		a === 10 ||
		a === 127 ||
		(a === 100 && b >= 64 && b <= 127) ||
		(a === 169 && b === 254) ||
		(a === 172 && b >= 16 && b <= 31) ||
		(a === 192 && b === 168)
	);
}

function isPrivateIpv6(host: string): boolean {
	if (host === '::' || host === '::1') return true;
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
	if (mapped) {
		const octets = ipv4Octets(mapped[1]);
		return octets === undefined || isPrivateIpv4(octets);
	}
	// fc00::/7 (unique local) and fe80::/10 (link-local).
	return /^f[cd][0-9a-f]{0,2}:/.test(host) || /^fe[89ab][0-9a-f]?:/.test(host);
}

/** Whether `hostname` names this machine or a private network rather than a public Internet host. */
export function isPrivateHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
	if (host.includes(':')) return isPrivateIpv6(host);
	const octets = ipv4Octets(host);
	if (octets) return isPrivateIpv4(octets);
	if (host === 'localhost' || !host.includes('.')) return true;
	return PRIVATE_NAME_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

export function privateCallbackUrlsAllowed(): boolean {
	return /^(1|true|yes)$/i.test(process.env[ALLOW_PRIVATE_CALLBACK_URL_ENV]?.trim() ?? '');
}

/**
 * Why ECGrid could not use `url` as a callback address, or undefined when it can. Plain http:// to a
 * public host is refused too: the callback's Basic credentials would cross the Internet unencrypted.
 */
export function unreachableReason(url: string): string | undefined {
	if (privateCallbackUrlsAllowed()) return undefined;
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return `n8n gave this trigger the webhook URL "${url}", which is not a valid URL.`;
	}
	if (isPrivateHost(parsed.hostname)) {
		return `The webhook URL ${parsed.origin} is a localhost or private address, which ECGrid cannot reach from the Internet.`;
	}
	if (parsed.protocol !== 'https:') {
		return `The webhook URL ${parsed.origin} uses plain http://; ECGrid would send the callback's credentials unencrypted.`;
	}
	return undefined;
}

export const WEBHOOK_URL_ADVICE =
	`Give n8n the public HTTPS address ECGrid can reach (a reverse proxy or tunnel in front of n8n) in the environment variable ` +
	`WEBHOOK_URL (n8n 2.x also reads it as N8N_WEBHOOK_URL), for example WEBHOOK_URL=https://n8n.example.com/, restart n8n and activate the workflow again. ` +
	`To test against the ECGridOS simulator on this machine, set ${ALLOW_PRIVATE_CALLBACK_URL_ENV}=true for n8n instead.`;
