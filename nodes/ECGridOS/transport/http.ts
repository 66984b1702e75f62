/**
 * The HTTP side of one SOAP call: the request options, and reading the reply body ourselves from a
 * stream so that a reply can be refused when it is too large and cut off when it does not complete
 * in time. (n8n's request helper has neither a size limit nor an overall deadline: its timeout only
 * fires when the connection is idle, so a server that trickles bytes would hold the call forever.)
 */
import type { IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import type { Readable } from 'stream';

import type { ContentFile, ContentNotBase64Error } from './contentFile';
import { soapAction } from './soap';

export const SOAP_CONTENT_TYPE = 'text/xml; charset=utf-8';

/**
 * The largest reply accepted, in bytes. The reply is decoded as one string and a JavaScript string
 * holds at most about 512 MiB, so this is the practical ceiling (a parcel of about 370 MB in base64).
 */
export const MAX_REPLY_BYTES = 500 * 1024 * 1024;

/** Replies announced at this size or more are read straight into one buffer (see readReplyBody). */
const PREALLOCATE_FROM_BYTES = 1024 * 1024;

/** A reply could not be received completely; no SOAP message to decode. */
export class EcgridosTransferError extends Error {
	constructor(
		readonly kind: 'timeout' | 'tooLarge' | 'interrupted' | 'cancelled',
		message: string,
	) {
		super(message);
		this.name = 'EcgridosTransferError';
	}
}

export function transferTimeout(): EcgridosTransferError {
	return new EcgridosTransferError('timeout', 'no complete reply within the timeout (timed out)');
}

/** The execution was cancelled (stopped by the user, or n8n shutting down) while the call ran. */
export function cancelled(): EcgridosTransferError {
	return new EcgridosTransferError('cancelled', 'the execution was cancelled');
}

/** The HTTP request for one SOAP call, shared by the transport and the credential's Login. */
export function soapRequestOptions(
	operation: string,
	envelope: string | Buffer,
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

/** Stops collecting a body: closes its stream and reports `error`, unless the body already settled. */
export type StopCollecting = (error: EcgridosTransferError) => void;

/**
 * Collects the body `stream` within MAX_REPLY_BYTES and calls `settled` once, with the whole body or
 * with why there is none. `announcedLength` is the Content-Length (NaN when there is none): a large
 * reply whose length is announced is read into one buffer of that size, since collecting chunks and
 * joining them would hold the reply twice at the end. The caller keeps the deadline and the cancel
 * signal, and ends the collection through the function returned.
 *
 * With `contentFile`, a large base64 content is decoded into that file as it arrives, and the body
 * given is the rest of the reply (see contentFile.ts); the body settles once the file is written.
 */
export function collectBody(
	stream: Readable,
	announcedLength: number,
	settled: (error: EcgridosTransferError | undefined, body?: Buffer) => void,
	contentFile?: ContentFile,
): StopCollecting {
	let done = false;
	const stop: StopCollecting = (error) => {
		if (done) return;
		done = true;
		stream.destroy();
		if (contentFile) void contentFile.discard();
		settled(error);
	};
	if (Number.isFinite(announcedLength) && announcedLength > MAX_REPLY_BYTES) {
		stop(tooLarge(announcedLength, true));
		return stop;
	}
	if (contentFile) {
		collectAroundContent(stream, contentFile, stop, (body) => {
			if (done) return;
			done = true;
			settled(undefined, body);
		});
		return stop;
	}
	const preallocated =
		Number.isInteger(announcedLength) && announcedLength >= PREALLOCATE_FROM_BYTES
			? Buffer.allocUnsafe(announcedLength)
			: undefined;
	const chunks: Buffer[] = [];
	let received = 0;
	stream.on('data', (chunk: Buffer | string) => {
		const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
		if (received + bytes.length > MAX_REPLY_BYTES) {
			stop(tooLarge(MAX_REPLY_BYTES, false));
			return;
		}
		if (preallocated && received + bytes.length <= preallocated.length) bytes.copy(preallocated, received);
		else chunks.push(bytes);
		received += bytes.length;
	});
	onCutOff(stream, () => done, stop);
	stream.on('end', () => {
		if (done) return;
		done = true;
		if (preallocated) {
			// HTTP ends a reply with a Content-Length only when that many bytes arrived, so `chunks` stays
			// empty; it holds anything beyond the announced length should a server send more.
			const filled = preallocated.subarray(0, Math.min(received, preallocated.length));
			settled(undefined, chunks.length === 0 ? filled : Buffer.concat([filled, ...chunks]));
		} else {
			settled(undefined, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received));
		}
	});
	return stop;
}

/** Reports a body stream that closes or fails before its end (unless `done`) through `stop`. */
function onCutOff(stream: Readable, done: () => boolean, stop: StopCollecting): void {
	// 'close' follows every successful 'end' too: only an unsettled body was interrupted (and only
	// then is an error made, since making one records a stack trace).
	const interrupted = (detail?: string) =>
		done() ||
		stop(
			new EcgridosTransferError(
				'interrupted',
				`the connection was closed before the reply was complete${detail ? ` (${detail})` : ''}`,
			),
		);
	stream.on('error', (error: Error) => interrupted(error.message));
	stream.on('close', () => interrupted());
}

/**
 * The body of `stream` with its large content decoded into `contentFile` as it arrives (pausing the
 * stream while the file catches up); `complete` gets the rest of the reply once the file is written.
 */
function collectAroundContent(
	stream: Readable,
	contentFile: ContentFile,
	stop: StopCollecting,
	complete: (body: Buffer) => void,
): void {
	const { splitter, written, drained } = contentFile.splitter();
	let received = 0;
	// From 'end' until the file is written, the body is complete: a close then is no cut-off.
	let ended = false;
	stream.on('data', (chunk: Buffer | string) => {
		const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
		received += bytes.length;
		if (received > MAX_REPLY_BYTES) {
			stop(tooLarge(MAX_REPLY_BYTES, false));
			return;
		}
		try {
			splitter.push(bytes);
		} catch (error) {
			// Only ContentNotBase64Error: a content that is no parcel's base64.
			stop(new EcgridosTransferError('interrupted', (error as ContentNotBase64Error).message));
			return;
		}
		if (drained(() => stream.resume())) stream.pause();
	});
	onCutOff(stream, () => ended, stop);
	stream.on('end', () => {
		ended = true;
		let body: Buffer;
		try {
			body = splitter.finish();
		} catch (error) {
			stop(new EcgridosTransferError('interrupted', (error as Error).message));
			return;
		}
		written().then(
			() => complete(body),
			(error: Error) => stop(new EcgridosTransferError('interrupted', `the downloaded content could not be written: ${error.message}`)),
		);
	});
}

/**
 * The whole reply body of `response` (from n8n's helper), read before `deadline` (epoch
 * milliseconds) and within MAX_REPLY_BYTES, and given up when `signal` (the execution's cancel
 * signal) fires. Bodies that are already buffered (a helper that does not stream) are returned as
 * they are. With `contentFile`, a large content is decoded into it as it arrives (collectBody).
 */
export async function readReplyBody(
	response: IN8nHttpFullResponse,
	deadline: number,
	signal?: AbortSignal,
	contentFile?: ContentFile,
): Promise<Buffer | string> {
	const { body } = response;
	if (Buffer.isBuffer(body) || typeof body === 'string') return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (!isReadable(body)) return body === undefined || body === null ? '' : JSON.stringify(body);
	const stream = body;
	return await new Promise<Buffer>((resolve, reject) => {
		if (signal?.aborted) {
			stream.destroy();
			reject(cancelled());
			return;
		}
		// Neither fires before collectBody has returned `stop`.
		const onAbort = () => stop(cancelled());
		const timer = setTimeout(() => stop(transferTimeout()), Math.max(0, deadline - Date.now()));
		signal?.addEventListener('abort', onAbort, { once: true });
		const stop = collectBody(stream, Number(response.headers?.['content-length']), (error, bytes) => {
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
			if (error) reject(error);
			else resolve(bytes as Buffer);
		}, contentFile);
	});
}
