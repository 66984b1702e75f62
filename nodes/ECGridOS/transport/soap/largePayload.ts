/**
 * Large payloads, kept out of the ordinary string paths in both directions.
 *
 * Out: a binary value from LARGE_BINARY_BYTES on stands in the request XML as a mark, and is
 * base64-encoded straight into the request's bytes when they are assembled (envelopeBytes), so a
 * parcel never exists as one base64 string, again inside the envelope string, and once more as the
 * bytes sent. A file in n8n's store (StreamedBinary) is not even held: its base64 is made as it is
 * read while the request is written (streamedEnvelope, streamedEnvelopeChunks).
 *
 * Back: the largest text node of a large reply (a parcel's base64) is cut out of the bytes before
 * the XML is read and decoded from those bytes (cutOutLargeText, decodeBase64Bytes); any other
 * reply over PIECE_BYTES is read as pieces of text (textPieces). A reply then costs a small
 * multiple of its size rather than a string and a tree of it.
 */
import type { Readable } from 'stream';

import type { RequestEnvelope } from './request';
import type { StreamedBinary } from './xsd/base64Binary';
import {
	AMPERSAND,
	DOUBLE_QUOTE,
	GREATER_THAN,
	LARGE_TEXT_THRESHOLD,
	LESS_THAN,
	SINGLE_QUOTE,
	readXml,
	type XmlElement,
} from './xmlReader';

/** Binary values from this size on are base64-encoded straight into the request's bytes (envelopeBytes). */
export const LARGE_BINARY_BYTES = 64 * 1024;

/** Large binary values of one request, as bytes, as base64 text already or as files to stream, in the order of their marks. */
export type LargeBinaries = Array<Buffer | string | StreamedBinary>;

// A large value is marked by its index between NUL characters, which no encoded text can contain
// (XML cannot carry NUL, so the string encoder refuses it).
const BINARY_MARK = '\u0000';

/** Collects `binary` into `largeBinaries` and returns the mark that stands for it in the XML. */
export function binaryMark(largeBinaries: LargeBinaries, binary: Buffer | string | StreamedBinary): string {
	largeBinaries.push(binary);
	return `${BINARY_MARK}${largeBinaries.length - 1}${BINARY_MARK}`;
}

// A multiple of 3, so that every chunk but the last encodes to base64 without padding.
const BASE64_CHUNK_BYTES = 3 * 1024 * 1024;

/**
 * What goes on the wire for `envelope`: the XML itself when it holds no large binary values, or one
 * Buffer with each value base64-encoded into place chunk by chunk, so no whole base64 string exists
 * (a value that is base64 text already is copied in as it is).
 */
export function envelopeBytes(envelope: RequestEnvelope): string | Buffer {
	if (envelope.binaries.length === 0) return envelope.xml;
	if (envelope.binaries.some(isStreamed)) throw new TypeError('An envelope with a streamed binary is sent in pieces (streamedEnvelope)');
	// split gives text, index, text, index, …, text.
	const pieces = envelope.xml.split(BINARY_MARK);
	let length = 0;
	for (let index = 0; index < pieces.length; index++) {
		if (index % 2 === 0) {
			length += Buffer.byteLength(pieces[index]);
		} else {
			const binary = envelope.binaries[Number(pieces[index])] as Buffer | string;
			length += typeof binary === 'string' ? binary.length : Math.ceil(binary.length / 3) * 4;
		}
	}
	const bytes = Buffer.allocUnsafe(length);
	let position = 0;
	for (let index = 0; index < pieces.length; index++) {
		if (index % 2 === 0) {
			position += bytes.write(pieces[index], position, 'utf8');
			continue;
		}
		const binary = envelope.binaries[Number(pieces[index])] as Buffer | string;
		if (typeof binary === 'string') {
			position += bytes.write(binary, position, 'latin1');
			continue;
		}
		for (let start = 0; start < binary.length; start += BASE64_CHUNK_BYTES) {
			const end = Math.min(start + BASE64_CHUNK_BYTES, binary.length);
			position += bytes.write(binary.toString('base64', start, end), position, 'latin1');
		}
	}
	return bytes;
}

function isStreamed(binary: Buffer | string | StreamedBinary): binary is StreamedBinary {
	return typeof binary === 'object' && !Buffer.isBuffer(binary);
}

/**
 * A request that streams a file: its pieces in order (bytes of the XML, and the files, whose base64
 * is made as they are read) and its length, known before anything is read, as Content-Length needs.
 */
export interface StreamedEnvelope {
	readonly length: number;
	readonly pieces: ReadonlyArray<Buffer | StreamedBinary>;
}

/** `envelope` as a StreamedEnvelope when it holds a file to stream, else undefined (envelopeBytes). */
export function streamedEnvelope(envelope: RequestEnvelope): StreamedEnvelope | undefined {
	if (!envelope.binaries.some(isStreamed)) return undefined;
	const pieces: Array<Buffer | StreamedBinary> = [];
	let length = 0;
	envelope.xml.split(BINARY_MARK).forEach((piece, index) => {
		if (index % 2 === 0) {
			const text = Buffer.from(piece, 'utf8');
			pieces.push(text);
			length += text.length;
			return;
		}
		const binary = envelope.binaries[Number(piece)];
		if (isStreamed(binary)) {
			pieces.push(binary);
			length += Math.ceil(binary.bytes / 3) * 4;
		} else {
			const bytes = typeof binary === 'string' ? Buffer.from(binary, 'latin1') : Buffer.from(binary.toString('base64'), 'latin1');
			pieces.push(bytes);
			length += bytes.length;
		}
	});
	return { length, pieces };
}

/** The file of a StreamedBinary could not be read, or changed size while it was sent. */
export class StreamedBinaryError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'StreamedBinaryError';
	}
}

/** The base64 of a streamed file as it is read, in whole triples but for the last chunk. */
async function* base64Of(binary: StreamedBinary): AsyncGenerator<Buffer> {
	const stream: Readable = await binary
		.open()
		.catch(async (error: Error) => await Promise.reject(new StreamedBinaryError(`the input file could not be read (${error.message})`)));
	let carry = Buffer.alloc(0);
	let read = 0;
	for await (const chunk of stream) {
		const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
		read += bytes.length;
		const joined = carry.length === 0 ? bytes : Buffer.concat([carry, bytes]);
		const whole = joined.length - (joined.length % 3);
		if (whole > 0) yield Buffer.from(joined.toString('base64', 0, whole), 'latin1');
		carry = Buffer.from(joined.subarray(whole));
	}
	if (carry.length > 0) yield Buffer.from(carry.toString('base64'), 'latin1');
	// Content-Length was sent for `bytes`: a file that changed size cannot make a valid request.
	if (read !== binary.bytes) throw new StreamedBinaryError(`the input file has ${read} bytes, not the ${binary.bytes} it had when the request began`);
}

/** The bytes of a StreamedEnvelope in order, its files read as they are needed. */
export async function* streamedEnvelopeChunks(envelope: StreamedEnvelope): AsyncGenerator<Buffer> {
	for (const piece of envelope.pieces) {
		if (Buffer.isBuffer(piece)) yield piece;
		else yield* base64Of(piece);
	}
}

/** A StreamedEnvelope as one Buffer, for the paths that cannot stream a request (n8n's helper). */
export async function streamedEnvelopeBytes(envelope: StreamedEnvelope): Promise<Buffer> {
	const bytes = Buffer.allocUnsafe(envelope.length);
	let position = 0;
	for await (const chunk of streamedEnvelopeChunks(envelope)) position += chunk.copy(bytes, position);
	return bytes;
}

/** Replies from this size on are searched for a large text node to keep as bytes (cutOutLargeText). */
export const LARGE_REPLY_BYTES = 1024 * 1024;

// Stands in the parsed text for the bytes cut out. XML cannot carry NUL, so no real text holds it.
export const CUT_TEXT_MARK = '\u0000';

/**
 * A large reply as text with its largest text node (a parcel's base64) replaced by CUT_TEXT_MARK,
 * and that node's bytes: decoding base64 from the reply's bytes spares a string as large as the
 * reply. A run from '>' to the next '<' qualifies only without quotes (so it is not the rest of a
 * tag: an attribute value holding '>' ends with its quote before any '<') and without '&' (no
 * entities to decode). Undefined when no run qualifies.
 */
export function cutOutLargeText(body: Buffer): { text: string; cut: Buffer } | undefined {
	let start = -1;
	let end = -1;
	for (let position = 0; ; ) {
		const textStart = body.indexOf(GREATER_THAN, position) + 1;
		if (textStart === 0) break;
		const textEnd = body.indexOf(LESS_THAN, textStart);
		if (textEnd === -1) break;
		if (textEnd - textStart >= LARGE_TEXT_THRESHOLD && textEnd - textStart > end - start) {
			start = textStart;
			end = textEnd;
		}
		position = textEnd + 1;
	}
	if (start === -1) return undefined;
	const cut = body.subarray(start, end);
	if (cut.includes(DOUBLE_QUOTE) || cut.includes(SINGLE_QUOTE) || cut.includes(AMPERSAND)) return undefined;
	return { text: body.toString('utf8', 0, start) + CUT_TEXT_MARK + body.toString('utf8', end), cut };
}

/** The element whose whole text is CUT_TEXT_MARK, when the mark is in exactly that text and nowhere else. */
export function cutElement(root: XmlElement): XmlElement | undefined {
	let found: XmlElement | undefined;
	let marks = 0;
	const visit = (element: XmlElement) => {
		if (element.text.includes(CUT_TEXT_MARK)) {
			marks++;
			if (element.text === CUT_TEXT_MARK) found = element;
		}
		for (const child of element.elements) visit(child);
	};
	visit(root);
	return marks === 1 ? found : undefined;
}

/**
 * Replies larger than this (and not cut, see cutOutLargeText) are read as pieces of text of about
 * this size. V8 gives a string of more than 128 KB pages of its own, fresh from the kernel each
 * time, which is slow to get; pieces of 64 KB are ordinary young objects.
 */
export const PIECE_BYTES = 64 * 1024;

/**
 * `body` (valid UTF-8) as consecutive texts of about PIECE_BYTES, each split just before a '<'. A '<'
 * never falls inside a multibyte character, so every piece decodes on its own. Where the '<' is not
 * the start of markup (it is inside a comment, a CDATA section or an attribute value), reading the
 * pieces fails on the construct it cuts, and readInPieces gives up.
 */
export function textPieces(body: Buffer): string[] {
	const pieces: string[] = [];
	let start = 0;
	while (body.length - start > PIECE_BYTES) {
		let end = body.lastIndexOf(LESS_THAN, start + PIECE_BYTES);
		if (end <= start) end = body.indexOf(LESS_THAN, start + PIECE_BYTES);
		if (end === -1) break;
		pieces.push(body.toString('utf8', start, end));
		start = end;
	}
	pieces.push(body.toString('utf8', start));
	return pieces;
}

/**
 * A SOAP envelope read from `body` in pieces (textPieces), or undefined when it cannot be: then the
 * reply is read as one text, which also makes every check of parseReply (envelope.ts) and words any error. A read
 * in pieces that succeeds gives the same tree as the read of the whole text: each piece ends where
 * markup starts, and the reader carries its open elements from one piece to the next. Exported
 * for the tests, which check that this path is taken.
 */
export function readInPieces(body: Buffer): XmlElement | undefined {
	try {
		const root = readXml(textPieces(body));
		return root.local === 'Envelope' ? root : undefined;
	} catch {
		return undefined;
	}
}

// A multiple of 4, so that every chunk of unbroken base64 decodes on its own; and small enough that
// each chunk's string is an ordinary young object (not a large one), collected as the decoding goes.
const BASE64_DECODE_CHUNK = 64 * 1024;

const WHITESPACE_BYTES = [0x20, 0x09, 0x0a, 0x0d];
const PADDING_BYTE = 0x3d;

/**
 * Base64 text held as bytes, decoded chunk by chunk: no string of the whole text is made. Unbroken
 * base64 (whole quads, no whitespace, padding only at the end, as ECGridOS sends it) is decoded in
 * chunks, into `bytes` themselves when `writable`; anything else as one string, which is Node's
 * lenient decoding exactly.
 */
export function decodeBase64Bytes(bytes: Buffer, writable: boolean): Buffer {
	const padding = bytes.indexOf(PADDING_BYTE);
	const dataCharacters = padding === -1 ? bytes.length : padding;
	const unbroken =
		bytes.length % 4 === 0 &&
		bytes.length - dataCharacters <= 2 &&
		WHITESPACE_BYTES.every((byte) => !bytes.includes(byte));
	if (!unbroken) return Buffer.from(bytes.toString('latin1'), 'base64');
	const expected = Math.floor((dataCharacters * 3) / 4);
	// In place, each chunk's bytes land on text already read: output advances at 3/4 of the input's
	// pace, and the chunk being decoded has been copied into a string first.
	const decoded = writable ? bytes.subarray(0, expected) : Buffer.allocUnsafe(expected);
	let length = 0;
	for (let start = 0; start < dataCharacters; start += BASE64_DECODE_CHUNK) {
		const end = Math.min(start + BASE64_DECODE_CHUNK, bytes.length);
		const chunk = bytes.toString('latin1', start, end);
		const written = decoded.write(chunk, length, 'base64');
		// A character outside the alphabet, which Node skips, always makes a chunk come out short: its
		// n data characters have n mod 4 ≠ 1, so floor((n - 1) · 3 / 4) < floor(n · 3 / 4). The rest,
		// from this chunk on (still intact after `length`), is then decoded leniently, as Node would.
		if (written !== Math.floor(((Math.min(end, dataCharacters) - start) * 3) / 4)) {
			const rest = Buffer.from(chunk + bytes.toString('latin1', end), 'base64');
			return Buffer.concat([decoded.subarray(0, length), rest]);
		}
		length += written;
	}
	return decoded;
}

