/**
 * Turns codec, fault and network failures into the n8n errors users see, with every secret removed
 * first: the password, the API key and the session ID never reach a message, a description or the
 * raw fault data kept on the error. Every error made here carries its EcgridosErrorKind, which
 * callers (the trigger) check instead of the message text.
 */
import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { EcgridosEndpointError } from './endpoint';
import { retCodeInfo } from './retCodes';
import { EcgridosTransferError } from './http';
import { EcgridosFault, EcgridosInputError, EcgridosResponseError, escapeXmlText } from './soap';

/**
 * What an ECGridOS call's failure was, as the n8n error carries it (`context.ecgridosErrorKind`):
 * - input: a value could not be sent (NodeOperationError); endpoint: the credential's URL is unusable.
 * - sessionRejected, accessDenied, fault: ECGridOS answered with a fault (the session or API key is
 *   not usable; the user may not do this; anything else); the error also carries ECGridOS's
 *   errorName and errorCode in its errorResponse.
 * - loginFailed: Login refused the login name and password, or failed.
 * - badReply: the reply was no usable SOAP message.
 * - network, timeout, tooLarge, cancelled: the exchange itself failed; other: anything else.
 */
export type EcgridosErrorKind =
	| 'input'
	| 'endpoint'
	| 'sessionRejected'
	| 'accessDenied'
	| 'fault'
	| 'loginFailed'
	| 'badReply'
	| 'network'
	| 'timeout'
	| 'tooLarge'
	| 'cancelled'
	| 'other';

const KIND_KEY = 'ecgridosErrorKind';

function withKind<T extends NodeApiError | NodeOperationError>(error: T, kind: EcgridosErrorKind): T {
	error.context[KIND_KEY] = kind;
	return error;
}

/** The kind of an error toNodeError made, or undefined for any other error. */
export function ecgridosErrorKind(error: unknown): EcgridosErrorKind | undefined {
	const context = (error as { context?: unknown } | undefined)?.context;
	const kind = context && typeof context === 'object' ? (context as Record<string, unknown>)[KIND_KEY] : undefined;
	return typeof kind === 'string' ? (kind as EcgridosErrorKind) : undefined;
}

/** A failed Login, as the transport's session module raises it (checked by kind, across module copies). */
function isLoginFailure(error: unknown): error is Error & { kind: 'loginFailed' } {
	return error instanceof Error && (error as { kind?: unknown }).kind === 'loginFailed';
}

export const REDACTED = '[redacted]';

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
// A session ID or API key is a GUID; wherever one follows a SessionID/APIKey label it is a secret.
const LABELLED_GUID = new RegExp(
	`((?:session[\\s_-]*id|api[\\s_-]*key|sessionid|apikey)["']?\\s*(?:[:=]|\\bis\\b|>)?\\s*["'{(]?\\s*)${GUID}`,
	'gi',
);
// The content of a SessionID/APIKey element, whatever it is.
const SECRET_ELEMENT = /(<(?:[\w.-]+:)?(?:SessionID|APIKey)\b[^>]*>)([^<]*)(<\/)/gi;

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function xmlEscaped(text: string): string {
	return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The spellings under which a secret may appear in a message (raw, XML-escaped, URL-encoded). */
function secretForms(secrets: Iterable<string | undefined | null>): string[] {
	const forms = new Set<string>();
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret.length === 0) continue;
		forms.add(secret);
		forms.add(escapeXmlText(secret));
		forms.add(xmlEscaped(secret));
		forms.add(encodeURIComponent(secret));
	}
	// Longest first, so a secret containing another is removed whole.
	return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * `text` with every given secret, every GUID labelled as a SessionID/APIKey and the content of any
 * SessionID/APIKey element replaced by [redacted].
 */
export function redactSecrets(text: string, secrets: Iterable<string | undefined | null> = []): string {
	let result = text;
	for (const form of secretForms(secrets)) {
		result = result.replace(new RegExp(escapeRegExp(form), 'g'), REDACTED);
	}
	return result
		.replace(SECRET_ELEMENT, (_match, open: string, _content: string, close: string) => `${open}${REDACTED}${close}`)
		.replace(LABELLED_GUID, (_match, label: string) => `${label}${REDACTED}`);
}

/** A deep copy of `value` with every string redacted. */
export function redactDeep<T>(value: T, secrets: Iterable<string | undefined | null> = []): T {
	const list = [...secrets];
	const visit = (item: unknown): unknown => {
		if (typeof item === 'string') return redactSecrets(item, list);
		if (Array.isArray(item)) return item.map(visit);
		if (item && typeof item === 'object' && !Buffer.isBuffer(item) && !(item instanceof Date)) {
			return Object.fromEntries(Object.entries(item).map(([key, entry]) => [key, visit(entry)]));
		}
		return item;
	};
	return visit(value) as T;
}

export interface ErrorMappingOptions {
	operation: string;
	itemIndex?: number;
	/** Values to remove from anything the error carries: password, API key, session ID. */
	secrets: Iterable<string | undefined | null>;
	/** HTTP status of the reply, when there was one. */
	statusCode?: number;
	/** The credential's Authentication setting, for advice that fits it. */
	authentication?: unknown;
}

const REJECTED_API_KEY_HINT =
	'ECGridOS did not accept the API key. Check the key in the ECGridOS credential (it may have been replaced or revoked), or switch the credential to Login.';

const NETWORK_CLAUSES: Record<string, string> = {
	ECONNRESET: 'the connection was closed before the reply was complete (connection reset)',
	EPIPE: 'the connection was closed while sending the request',
	ECONNREFUSED: 'the server refused the connection',
	ECONNABORTED: 'the connection was aborted',
	ETIMEDOUT: 'no reply within the timeout (timed out)',
	ESOCKETTIMEDOUT: 'no reply within the timeout (timed out)',
	ENOTFOUND: 'the host name could not be resolved',
	EAI_AGAIN: 'the host name could not be resolved (DNS error)',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
};

const NETWORK_ERROR_CODES = [
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
];

// n8n's request helper wraps network errors in a NodeApiError that keeps neither the cause nor its
// code, only the original message (in `messages`) and a descriptive one; both are recognised here.
const NETWORK_ERROR_TEXTS: ReadonlyArray<[RegExp, string]> = [
	[/socket hang up|closed unexpectedly/i, 'ECONNRESET'],
	[/refused the connection/i, 'ECONNREFUSED'],
	[/connection was aborted/i, 'ECONNABORTED'],
	[/host is unreachable/i, 'EHOSTUNREACH'],
	[/DNS server returned an error/i, 'EAI_AGAIN'],
];

const TIMEOUT_TEXT = /timeout of \d+ms exceeded|timed out|\bE(SOCKET)?TIMEDOUT\b/i;

function textsOf(error: object): string[] {
	const { message, messages, description } = error as { message?: unknown; messages?: unknown; description?: unknown };
	return [message, description, ...(Array.isArray(messages) ? messages : [])].filter(
		(text): text is string => typeof text === 'string',
	);
}

/** The network error code (ECONNRESET, …) behind an error, if it is a network failure at all. */
export function networkErrorCode(error: unknown): string | undefined {
	const chain: object[] = [];
	for (let current: unknown = error; chain.length < 5 && current && typeof current === 'object'; ) {
		chain.push(current);
		current = (current as { cause?: unknown }).cause;
	}
	const texts = chain.flatMap(textsOf);
	// A timeout first: axios reports one with the code ECONNABORTED, which would hide it.
	if (texts.some((text) => TIMEOUT_TEXT.test(text))) return 'ETIMEDOUT';
	for (const item of chain) {
		const code = (item as { code?: unknown }).code;
		if (typeof code === 'string' && NETWORK_ERROR_CODES.includes(code)) return code;
	}
	for (const text of texts) {
		const named = NETWORK_ERROR_CODES.find((candidate) => text.includes(candidate));
		if (named) return named;
		const described = NETWORK_ERROR_TEXTS.find(([pattern]) => pattern.test(text));
		if (described) return described[1];
	}
	return undefined;
}

function faultError(node: INode, fault: EcgridosFault, options: ErrorMappingOptions): NodeApiError {
	const { data } = fault;
	const info = retCodeInfo(data.errorCode);
	const codeText =
		data.errorCode === undefined ? undefined : info ? `${info.name} (${data.errorCode})` : `error code ${data.errorCode}`;
	const summary = data.errorString || data.faultString || 'ECGridOS returned a fault';
	const message = `ECGridOS ${options.operation} failed: ${codeText ? `${codeText}: ` : ''}${summary}`;
	const details: string[] = [];
	if (data.errorItem) details.push(`Item: ${data.errorItem}.`);
	if (data.errorMessage) details.push(`Detail: ${data.errorMessage}.`);
	if (data.errorString && data.faultString && data.faultString !== data.errorString) {
		details.push(`Fault: ${data.faultString}`);
	}
	let hint =
		info?.hint ??
		'Check the values sent; ECGridOS gave no error code (a framework fault often means a missing or malformed parameter).';
	if (options.authentication === 'apiKey' && fault.kind === 'sessionRejected') hint = REJECTED_API_KEY_HINT;
	details.push(`What to do: ${hint}`);
	const errorResponse: JsonObject = {
		message,
		operation: options.operation,
		faultCode: data.faultCode,
		faultString: data.faultString,
	};
	if (data.errorCode !== undefined) errorResponse.errorCode = data.errorCode;
	if (fault.errorName !== undefined) errorResponse.errorName = fault.errorName;
	if (data.errorString !== undefined) errorResponse.errorString = data.errorString;
	if (data.errorItem !== undefined) errorResponse.errorItem = data.errorItem;
	if (data.errorMessage !== undefined) errorResponse.errorMessage = data.errorMessage;
	const secrets = [...options.secrets];
	const error = new NodeApiError(node, redactDeep(errorResponse, secrets), {
		message: redactSecrets(message, secrets),
		description: redactSecrets(details.join(' '), secrets),
		httpCode: options.statusCode === undefined ? undefined : String(options.statusCode),
		itemIndex: options.itemIndex,
	});
	return withKind(error, fault.kind === 'refused' ? 'fault' : fault.kind);
}

/**
 * The n8n error for any failure of an ECGridOS call: NodeOperationError for bad input (naming the
 * field), NodeApiError for faults, odd replies and network failures. Everything is redacted.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	options: ErrorMappingOptions,
): NodeApiError | NodeOperationError {
	const secrets = [...options.secrets];
	// Errors from n8n's helpers are rebuilt rather than passed on: their causes keep the request
	// (envelope with the SessionID, headers) where n8n may serialize it.
	if (error instanceof NodeOperationError) {
		const rebuilt = new NodeOperationError(node, redactSecrets(error.message, secrets), {
			itemIndex: options.itemIndex,
			description: error.description ? redactSecrets(error.description, secrets) : undefined,
		});
		const kind = ecgridosErrorKind(error);
		return kind ? withKind(rebuilt, kind) : rebuilt;
	}
	if (error instanceof EcgridosEndpointError) {
		const endpoint = new NodeOperationError(node, redactSecrets(error.message, secrets), {
			itemIndex: options.itemIndex,
			description: 'Fix the endpoint in the ECGridOS credential.',
		});
		return withKind(endpoint, 'endpoint');
	}
	if (error instanceof EcgridosInputError) {
		const input = new NodeOperationError(node, redactSecrets(`Invalid value for ${error.message}`, secrets), {
			itemIndex: options.itemIndex,
			description: `Operation ${error.operation}, field "${error.parameter}".`,
		});
		return withKind(input, 'input');
	}
	if (error instanceof EcgridosFault) return faultError(node, error, options);
	if (error instanceof EcgridosResponseError) {
		const message = redactSecrets(`ECGridOS ${options.operation}: ${error.message}`, secrets);
		const badReply = new NodeApiError(node, { message, operation: options.operation } as JsonObject, {
			message,
			description:
				'The reply did not come from ECGridOS as expected. Check the endpoint URL in the credential, and any proxy between n8n and ECGridOS.',
			httpCode: options.statusCode === undefined ? undefined : String(options.statusCode),
			itemIndex: options.itemIndex,
		});
		return withKind(badReply, 'badReply');
	}
	if (isLoginFailure(error)) {
		const message = redactSecrets(error.message, secrets);
		const loginFailed = new NodeApiError(node, { message, operation: options.operation } as JsonObject, {
			message,
			description: `ECGridOS did not let n8n log in, so ${options.operation} was not called.`,
			itemIndex: options.itemIndex,
		});
		return withKind(loginFailed, 'loginFailed');
	}
	const texts = error && typeof error === 'object' ? textsOf(error) : [String(error)];
	const transfer = error instanceof EcgridosTransferError ? error : undefined;
	const code = transfer ? undefined : networkErrorCode(error);
	const rawMessage = error instanceof Error ? error.message : String(error);
	// The message avoids Node's error codes: n8n replaces any message containing one with a generic
	// text that would no longer name the operation. The code goes into the description.
	const clause = transfer ? transfer.message : code ? NETWORK_CLAUSES[code] ?? 'a network error occurred' : rawMessage;
	const message = redactSecrets(`ECGridOS ${options.operation} failed: ${clause}`, secrets);
	const description =
		transfer?.kind === 'tooLarge'
			? 'ECGridOS sent more than this node accepts. Narrow the request (fewer records per page, or a smaller date range).'
			: transfer?.kind === 'cancelled'
				? `The call was stopped before ECGridOS answered. If ${options.operation} changes something, check in ECGridOS whether it went through before running it again.`
				: transfer || code
				? redactSecrets(
						`${code ? `Network error ${code}: ${texts.filter((text) => text !== clause).join('; ')}. ` : ''}` +
							'Check the endpoint URL, your network and any proxy, and the timeout in the credential. Calls that only read are repeated after a dropped connection; changes never are, so check in ECGridOS whether a change went through before running it again.',
						secrets,
					)
				: undefined;
	const failure = new NodeApiError(node, { message, operation: options.operation } as JsonObject, {
		message,
		description,
		itemIndex: options.itemIndex,
	});
	return withKind(failure, transferKind(transfer, code));
}

function transferKind(transfer: EcgridosTransferError | undefined, code: string | undefined): EcgridosErrorKind {
	if (transfer) return transfer.kind === 'tooLarge' || transfer.kind === 'cancelled' ? transfer.kind : transfer.kind === 'timeout' ? 'timeout' : 'network';
	if (code === undefined) return 'other';
	return code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' ? 'timeout' : 'network';
}
