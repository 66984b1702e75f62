/**
 * xsd:base64Binary: bytes (a Buffer or Uint8Array), text already in base64 (Base64Text), or a file
 * read as a stream when the request is sent (StreamedBinary), out; a Buffer back. Large values take
 * the paths of largePayload.ts in both directions.
 */
import type { Readable } from 'stream';

import { EcgridosInputError, describeValue, type ValuePlace } from '../errors';
import { LARGE_BINARY_BYTES, binaryMark, decodeBase64Bytes, type LargeBinaries } from '../largePayload';
import { decodeEntities, type XmlElement } from '../xmlReader';

/** A string that already holds base64 text, for a base64Binary parameter (the `…A`-less variants). */
export interface Base64Text {
	readonly base64: string;
}

const BASE64_TEXT = /^[A-Za-z0-9+/\r\n\t ]*={0,2}[\r\n\t ]*$/;

/** Marks `text` as base64 already, so the codec sends it as is instead of refusing a plain string. */
export function base64Text(text: string): Base64Text {
	if (!BASE64_TEXT.test(text)) throw new TypeError('The text is not valid base64');
	return { base64: text };
}

const CANONICAL_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * How many bytes `text` encodes when it is base64 exactly as Node writes it (no white space, padded
 * to whole quads, zero bits after the last byte), or undefined for any other text. Text like this
 * can be sent as it is: decoding it and encoding the bytes again would give it back unchanged.
 */
export function canonicalBase64Bytes(text: string): number | undefined {
	if (text.length % 4 !== 0 || !CANONICAL_BASE64.test(text)) return undefined;
	const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
	// The last character before the padding carries 4 (one '=') or 2 (two) bits that must be zero.
	if (padding > 0 && BASE64_ALPHABET.indexOf(text[text.length - padding - 1]) % (padding === 2 ? 16 : 4) !== 0) {
		return undefined;
	}
	return (text.length / 4) * 3 - padding;
}

/**
 * A file of `bytes` bytes, read only while the request is sent (`open` gives its content each time
 * the request is sent), so that it is never held whole: a file in n8n's binary store.
 */
export interface StreamedBinary {
	readonly bytes: number;
	open(): Promise<Readable>;
}

function isStreamedBinary(value: unknown): value is StreamedBinary {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as StreamedBinary).open === 'function' &&
		Number.isInteger((value as StreamedBinary).bytes)
	);
}

function isBase64Text(value: unknown): value is Base64Text {
	return typeof value === 'object' && value !== null && typeof (value as Base64Text).base64 === 'string';
}

/** The value checked as sendable binary: a Buffer, Base64Text holding valid base64, or a StreamedBinary. */
export function binaryValue(value: unknown, place: ValuePlace): Buffer | Base64Text | StreamedBinary {
	if (isStreamedBinary(value)) return value;
	if (value instanceof Uint8Array) {
		return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
	}
	if (isBase64Text(value)) {
		if (!BASE64_TEXT.test(value.base64)) throw new EcgridosInputError(place, 'notBinary', 'is not valid base64 text');
		return value;
	}
	throw new EcgridosInputError(
		place,
		'notBinary',
		`must be binary data (a Buffer); got ${describeValue(value, place)}. Wrap text that is already base64 with base64Text()`,
	);
}

/**
 * The element content for a binary value. With `largeBinaries` (see RequestEncoding), a large
 * value is collected there and only its mark goes into the XML.
 */
export function encodeBase64(value: unknown, place: ValuePlace, largeBinaries: LargeBinaries | undefined): string {
	const binary = binaryValue(value, place);
	if (isStreamedBinary(binary)) {
		if (largeBinaries) return binaryMark(largeBinaries, binary);
		throw new EcgridosInputError(place, 'notBinary', 'is a file read while the request is sent, which only a request sent by the transport can carry');
	}
	if (Buffer.isBuffer(binary)) {
		if (largeBinaries && binary.length >= LARGE_BINARY_BYTES) return binaryMark(largeBinaries, binary);
		return binary.toString('base64');
	}
	const text = binary.base64.replace(/[\r\n\t ]+/g, '');
	if (largeBinaries && text.length >= LARGE_BINARY_BYTES) return binaryMark(largeBinaries, text);
	return text;
}

export function decodeBase64(element: XmlElement): Buffer {
	if (element.largeBytes !== undefined) return decodeBase64Bytes(element.largeBytes, element.largeBytesWritable === true);
	const raw = element.largeText ?? element.text;
	return Buffer.from(raw.includes('&') ? decodeEntities(raw) : raw, 'base64');
}
