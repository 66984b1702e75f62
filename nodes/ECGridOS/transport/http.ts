/**
 * The HTTP side of one SOAP call: the request options, and reading the reply body ourselves from a
 * stream so that a reply can be refused when it is too large and cut off when it does not complete
 * in time. (n8n's request helper has neither a size limit nor an overall deadline: its timeout only
 * fires when the connection is idle, so a server that trickles bytes would hold the call forever.)
 */
import type { IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import type { Readable } from 'stream';

import { soapAction } from './soapCodec';

export const SOAP_CONTENT_TYPE = 'text/xml; charset=utf-8';

/**
 * The largest reply accepted, in bytes. The reply is decoded as one string and a JavaScript string
 * holds at most about 512 MiB, so this is the practical ceiling (a parcel of about 370 MB in base64).
 */
export const MAX_REPLY_BYTES = 500 * 1024 * 1024;

/** A reply could not be received completely; no SOAP message to decode. */
export class EcgridosTransferError extends Error {
	constructor(
		readonly kind: 'timeout' | 'tooLarge' | 'interrupted',
		message: string,
	) {
		super(message);
		this.name = 'EcgridosTransferError';
	}
}

/** The HTTP request for one SOAP call, shared by the transport and the credential's Login. */
export function soapRequestOptions(
	operation: string,
	envelope: string,
	endpoint: string,
	timeoutMs: number,
): IHttpRequestOptions {
	return {
		method: 'POST',
		url: endpoint,
		body: envelope,
		headers: { 'Content-Type': SOAP_CONTENT_TYPE, SOAPAction: soapAction(operation) },
		encoding: 'stream',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs,
	};
}

export function contentTypeOf(response: IN8nHttpFullResponse): string | undefined {
	const header = response.headers?.['content-type'];
	return Array.isArray(header) ? header.join(', ') : (header as string | undefined);
}

function isReadable(value: unknown): value is Readable {
	return typeof value === 'object' && value !== null && typeof (value as Readable).pipe === 'function';
}

function describeBytes(bytes: number): string {
	if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
	return `${Math.round(bytes / 1024 ** 2)} MiB`;
}

function tooLarge(bytes: number, announced: boolean): EcgridosTransferError {
	return new EcgridosTransferError(
		'tooLarge',
		`the reply is too large: ${announced ? 'announced as' : 'more than'} ${describeBytes(bytes)}, and the limit is ${describeBytes(MAX_REPLY_BYTES)}`,
	);
}

/**
 * The whole reply body, read before `deadline` (epoch milliseconds) and within MAX_REPLY_BYTES.
 * Bodies that are already buffered (a helper that does not stream) are returned as they are.
 */
export async function readReplyBody(response: IN8nHttpFullResponse, deadline: number): Promise<Buffer | string> {
	const { body } = response;
	if (Buffer.isBuffer(body) || typeof body === 'string') return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (!isReadable(body)) return body === undefined || body === null ? '' : JSON.stringify(body);
	const stream = body;
	const announced = Number(response.headers?.['content-length']);
	if (Number.isFinite(announced) && announced > MAX_REPLY_BYTES) {
		stream.destroy();
		throw tooLarge(announced, true);
	}
	return await new Promise<Buffer>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let received = 0;
		let settled = false;
		const fail = (error: EcgridosTransferError) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			stream.destroy();
			reject(error);
		};
		const timer = setTimeout(
			() => fail(new EcgridosTransferError('timeout', 'no complete reply within the timeout (timed out)')),
			Math.max(0, deadline - Date.now()),
		);
		stream.on('data', (chunk: Buffer | string) => {
			const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
			received += bytes.length;
			if (received > MAX_REPLY_BYTES) {
				fail(tooLarge(MAX_REPLY_BYTES, false));
				return;
			}
			chunks.push(bytes);
		});
		// 'close' follows every successful 'end' too: only an unsettled reply was interrupted.
		const interrupted = (detail?: string) =>
			settled ||
			fail(
				new EcgridosTransferError(
					'interrupted',
					`the connection was closed before the reply was complete${detail ? ` (${detail})` : ''}`,
				),
			);
		stream.on('error', (error: Error) => interrupted(error.message));
		stream.on('close', () => interrupted());
		stream.on('end', () => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received));
		});
	});
}
