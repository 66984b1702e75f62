/**
 * The SOAP envelope in both directions: the request's wrapping and SOAPAction; the reply read into
 * a tree (with clear words for anything that is not a SOAP reply), its fault turned into an
 * EcgridosFault, and its result element found.
 */
import { isUtf8 } from 'buffer';

import { SERVICE_NAMESPACE, getOperation } from '../../catalog';
import { EcgridosFault, EcgridosResponseError, excerptOf, type EcgridosFaultData, type ResponseContext } from './errors';
import { LARGE_REPLY_BYTES, PIECE_BYTES, cutElement, cutOutLargeText, readInPieces } from './largePayload';
import { XmlSyntaxError, lineOf, readXml, textOf, type XmlElement } from './xmlReader';

export const SOAP11_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NAMESPACE = 'http://www.w3.org/2003/05/soap-envelope';

/** The SOAP 1.1 envelope around an operation's encoded parameters. */
export function requestEnvelope(operationName: string, parameters: string): string {
	return (
		'<?xml version="1.0" encoding="utf-8"?>' +
		`<soap:Envelope xmlns:soap="${SOAP11_NAMESPACE}">` +
		`<soap:Body><${operationName} xmlns="${SERVICE_NAMESPACE}">${parameters}</${operationName}></soap:Body>` +
		'</soap:Envelope>'
	);
}

/** The SOAPAction header value, quoted as SOAP 1.1 wants it. */
export function soapAction(operationName: string): string {
	return `"${getOperation(operationName).soapAction}"`;
}

/** Parses a reply into a namespace-resolved tree, or says clearly why it cannot. */
function parseReply(operation: string, body: Buffer | string, context: ResponseContext): XmlElement {
	let text: string;
	let large: { text: string; cut: Buffer } | undefined;
	if (typeof body === 'string') {
		text = body;
	} else {
		if (!isUtf8(body)) {
			throw new EcgridosResponseError(operation, 'notXml', 'ECGridOS sent a reply that is not valid UTF-8', {
				...context,
				excerpt: excerptOf(body.subarray(0, 400).toString('latin1')),
			});
		}
		large = body.length >= LARGE_REPLY_BYTES ? cutOutLargeText(body) : undefined;
		if (!large && body.length > PIECE_BYTES) {
			const root = readInPieces(body);
			if (root) return root;
		}
		// The checks below hold for the cut text as for the whole: the cut holds no '<'.
		text = large ? large.text : body.toString('utf8');
	}
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	const start = text.search(/\S/);
	if (start === -1) {
		throw new EcgridosResponseError(operation, 'notXml', 'ECGridOS sent an empty reply', context);
	}
	if (text[start] !== '<') {
		throw new EcgridosResponseError(operation, 'notXml', 'ECGridOS sent a reply that is not XML', {
			...context,
			excerpt: excerptOf(text),
		});
	}
	let root: XmlElement | undefined;
	let failure: unknown;
	try {
		root = readXml([text]);
	} catch (error) {
		failure = error;
	}
	if (root) {
		if (root.local !== 'Envelope') refuseHtml(operation, text, context);
		if (!large) return root;
		const element = cutElement(root);
		if (element) {
			element.text = '';
			element.largeBytes = large.cut;
			element.largeBytesWritable = context.consumeBody === true;
			return root;
		}
	}
	// The cut text did not parse, or its mark did not land in exactly one element's text (it was in a
	// comment or a CDATA section): the whole reply is parsed as text, which also words any error.
	if (large) return parseReply(operation, (body as Buffer).toString('utf8'), context);
	if (!(failure instanceof XmlSyntaxError)) throw failure;
	refuseHtml(operation, text, context);
	// readXml refuses every markup declaration, so a DOCTYPE (and with it any entity definition)
	// never gets past it; this only words the refusal.
	if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
		throw new EcgridosResponseError(operation, 'notXml', 'ECGridOS sent XML with a DOCTYPE, which is refused for safety', {
			...context,
			excerpt: excerptOf(text),
		});
	}
	throw new EcgridosResponseError(
		operation,
		'notXml',
		`ECGridOS sent malformed or truncated XML (${failure.message} at line ${lineOf(text, failure.position)})`,
		{ ...context, excerpt: excerptOf(text) },
	);
}

/**
 * Says so when a reply that is not a SOAP envelope is an HTML page (a login page, a proxy's error
 * page): the usual sign of a wrong endpoint URL. Checked only for replies that are not envelopes.
 */
function refuseHtml(operation: string, text: string, context: ResponseContext): void {
	if (/<html[\s>]/i.test(text.slice(0, 4096))) {
		throw new EcgridosResponseError(
			operation,
			'notSoap',
			'ECGridOS sent an HTML page instead of a SOAP reply (check the endpoint URL)',
			{ ...context, excerpt: excerptOf(text.replace(/<[^>]*>/g, ' ')) },
		);
	}
}


function firstText(element: XmlElement | undefined, ...path: string[]): string | undefined {
	let current = element;
	for (const local of path) {
		current = current?.elements.find((child) => child.local === local);
	}
	return current ? textOf(current).trim() : undefined;
}

function findDescendant(element: XmlElement | undefined, local: string): XmlElement | undefined {
	if (!element) return undefined;
	for (const child of element.elements) {
		if (child.local === local) return child;
		const deeper = findDescendant(child, local);
		if (deeper) return deeper;
	}
	return undefined;
}

function readFault(fault: XmlElement, soap12: boolean): EcgridosFaultData {
	const detail = fault.elements.find((child) => child.local === (soap12 ? 'Detail' : 'detail'));
	const faultCode = (soap12 ? firstText(fault, 'Code', 'Value') : firstText(fault, 'faultcode')) ?? '';
	const faultString = (soap12 ? firstText(fault, 'Reason', 'Text') : firstText(fault, 'faultstring')) ?? '';
	const data: EcgridosFaultData = { faultCode, faultString };
	const errorCodeText = findDescendant(detail, 'ErrorCode');
	if (errorCodeText) {
		const code = Number(textOf(errorCodeText).trim());
		if (Number.isInteger(code)) data.errorCode = code;
	}
	for (const [local, key] of [
		['ErrorString', 'errorString'],
		['ErrorItem', 'errorItem'],
		['ErrorMessage', 'errorMessage'],
	] as const) {
		const element = findDescendant(detail, local);
		if (element) data[key] = textOf(element).trim();
	}
	return data;
}

// `<Operation>Response`, made once per operation rather than joined on every reply.
const responseElementNames = new Map<string, string>();

function responseElementName(operationName: string): string {
	let name = responseElementNames.get(operationName);
	if (name === undefined) {
		name = `${operationName}Response`;
		responseElementNames.set(operationName, name);
	}
	return name;
}

/**
 * The result element of the reply to `operationName` (undefined when an optional result is
 * absent). Throws EcgridosFault for a SOAP fault and EcgridosResponseError for anything that is not
 * this operation's SOAP reply.
 */
export function replyResult(operationName: string, body: Buffer | string, context: ResponseContext): XmlElement | undefined {
	const operation = getOperation(operationName);
	const root = parseReply(operationName, body, context);
	const excerpt = () => excerptOf(typeof body === 'string' ? body : body.subarray(0, 1000).toString('utf8'));
	if (root.local !== 'Envelope' || (root.namespace !== SOAP11_NAMESPACE && root.namespace !== SOAP12_NAMESPACE)) {
		const what = root.local.toLowerCase() === 'html' ? 'an HTML page' : `XML with the root element <${root.local}>`;
		throw new EcgridosResponseError(operationName, 'notSoap', `ECGridOS sent ${what} instead of a SOAP envelope`, {
			...context,
			excerpt: excerpt(),
		});
	}
	const soapBody = root.elements.find((child) => child.local === 'Body' && child.namespace === root.namespace);
	const content = soapBody?.elements[0];
	if (!content) {
		throw new EcgridosResponseError(operationName, 'notSoap', 'ECGridOS sent a SOAP envelope with an empty body', {
			...context,
			excerpt: excerpt(),
		});
	}
	if (content.local === 'Fault' && content.namespace === root.namespace) {
		throw new EcgridosFault(operationName, readFault(content, root.namespace === SOAP12_NAMESPACE));
	}
	const expected = responseElementName(operationName);
	if (content.local !== expected || content.namespace !== SERVICE_NAMESPACE) {
		throw new EcgridosResponseError(
			operationName,
			'unexpectedElement',
			`ECGridOS sent <${content.local}> in namespace "${content.namespace}" where <${expected}> in "${SERVICE_NAMESPACE}" was expected`,
			{ ...context, excerpt: excerpt() },
		);
	}
	const resultElement = content.elements.find((child) => child.local === operation.result.name);
	if (!resultElement) {
		if (operation.result.required) {
			throw new EcgridosResponseError(operationName, 'missingResult', `ECGridOS sent no <${operation.result.name}>`, {
				...context,
				excerpt: excerpt(),
			});
		}
		return undefined;
	}
	return resultElement;
}
