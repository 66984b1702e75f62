/**
 * A reply's large base64 content (a parcel) decoded into a file as the reply arrives, for binary
 * stores that keep files (n8n's filesystem mode): the reply is then never held whole, and only the
 * XML around the content is decoded as usual, with the content's element left empty.
 *
 * The file is a temporary one of our own, handed to n8n's store only once the whole reply has
 * arrived and decoded: n8n's filesystem store writes a stream straight to its final file and leaves
 * what it got when the stream fails, so a reply cut off mid-content must never reach it.
 */
import { randomUUID } from 'crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'fs';
import { unlink } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Readable } from 'stream';

import { LARGE_TEXT_THRESHOLD } from './soap/xmlReader';

const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;

// Base64's alphabet, its padding, and the whitespace a lenient reader skips.
const BASE64_BYTES = new Uint8Array(256);
for (const character of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=') BASE64_BYTES[character.charCodeAt(0)] = 1;
const WHITESPACE_BYTES = new Uint8Array(256);
for (const byte of [0x20, 0x09, 0x0a, 0x0d]) WHITESPACE_BYTES[byte] = 1;

/** Content that is not base64 text (no decoded file can be trusted then). */
export class ContentNotBase64Error extends Error {
	constructor() {
		super('the content of the reply is not base64 text');
		this.name = 'ContentNotBase64Error';
	}
}

/**
 * Splits a reply, chunk by chunk, into the XML around its first large text run (from LARGE_TEXT_THRESHOLD
 * bytes between '>' and the next '<': the parcel's base64) and that run, decoded. The XML is kept
 * with the run removed; the run's bytes go to `decoded` as they come, in whole quads.
 */
export class ReplySplitter {
	private state: 'head' | 'content' | 'tail' = 'head';
	private readonly kept: Buffer[] = [];
	private keptBytes = 0;
	// Offset in the kept bytes after the last '>' with no '<' after it (a text run), or -1 (in markup).
	private runStart = -1;
	private pending = '';

	constructor(private readonly decoded: (bytes: Buffer) => void) {}

	/** Whether a large text run was found and decoded (so far). */
	get splitOff(): boolean {
		return this.state !== 'head';
	}

	push(chunk: Buffer): void {
		if (this.state === 'content') {
			this.content(chunk);
			return;
		}
		this.keep(chunk);
		if (this.state === 'tail') return;
		const chunkStart = this.keptBytes - chunk.length;
		let position = 0;
		for (;;) {
			if (this.runStart === -1) {
				const close = chunk.indexOf(GREATER_THAN, position);
				if (close === -1) return;
				this.runStart = chunkStart + close + 1;
				position = close + 1;
			}
			const open = chunk.indexOf(LESS_THAN, position);
			const runEnd = open === -1 ? this.keptBytes : chunkStart + open;
			if (runEnd - this.runStart >= LARGE_TEXT_THRESHOLD) {
				this.splitAt(this.runStart);
				return;
			}
			if (open === -1) return;
			this.runStart = -1;
			position = open + 1;
		}
	}

	/** Keeps the bytes before `start` and decodes the rest, from the run on. */
	private splitAt(start: number): void {
		const kept = this.kept.length === 1 ? this.kept[0] : Buffer.concat(this.kept, this.keptBytes);
		this.kept.length = 0;
		this.kept.push(kept.subarray(0, start));
		this.keptBytes = start;
		this.state = 'content';
		this.content(kept.subarray(start));
	}

	/** The reply's XML, without the run when one was split off. */
	finish(): Buffer {
		if (this.state === 'content') this.endContent();
		return this.kept.length === 1 ? this.kept[0] : Buffer.concat(this.kept, this.keptBytes);
	}

	private keep(bytes: Buffer): void {
		this.kept.push(bytes);
		this.keptBytes += bytes.length;
	}

	private content(chunk: Buffer): void {
		const end = chunk.indexOf(LESS_THAN);
		const text = end === -1 ? chunk : chunk.subarray(0, end);
		let clean = true;
		for (let index = 0; index < text.length; index++) {
			const byte = text[index];
			if (BASE64_BYTES[byte] === 1) continue;
			if (WHITESPACE_BYTES[byte] !== 1) throw new ContentNotBase64Error();
			clean = false;
		}
		let characters = this.pending + text.toString('latin1');
		if (!clean) characters = characters.replace(/[ \t\r\n]/g, '');
		const whole = characters.length - (characters.length % 4);
		if (whole > 0) this.decoded(Buffer.from(characters.slice(0, whole), 'base64'));
		this.pending = characters.slice(whole);
		if (end !== -1) {
			this.endContent();
			this.state = 'tail';
			this.keep(chunk.subarray(end));
		}
	}

	private endContent(): void {
		if (this.pending !== '') this.decoded(Buffer.from(this.pending, 'base64'));
		this.pending = '';
	}
}

/**
 * Where one call's large reply content goes (see the file's comment). Each attempt of the call
 * starts the file afresh (`start`); `discard` removes it, whatever state it is in.
 */
export class ContentFile {
	private readonly base = join(tmpdir(), `n8n-ecgridos-${randomUUID()}`);
	// Each attempt writes a file of its own, so that an attempt given up on (whose last writes may
	// still land) never mixes into the next; chunks of a reply given up on are dropped.
	private generation = 0;
	private output: WriteStream | undefined;
	private readonly removals: Array<Promise<void>> = [];
	/** Bytes decoded into the file by the last attempt. */
	bytes = 0;
	/** The first bytes of the content, for its MIME type. */
	head = Buffer.alloc(0);
	/** Whether the last completed reply had its content decoded into the file. */
	holdsContent = false;

	/** The file of the current attempt. */
	get path(): string {
		return `${this.base}-${this.generation}.part`;
	}

	/** A fresh splitter for one reply, writing into a new file (created on the first content). */
	splitter(): { splitter: ReplySplitter; written: () => Promise<void>; drained: (resume: () => void) => boolean } {
		this.retire();
		const generation = this.generation;
		this.bytes = 0;
		this.head = Buffer.alloc(0);
		let full = false;
		const splitter = new ReplySplitter((bytes) => {
			if (generation !== this.generation) return;
			if (!this.output) {
				this.output = createWriteStream(this.path);
				// Reported by `written`; a file given up on reports nothing.
				this.output.on('error', () => undefined);
			}
			if (this.head.length < 64) this.head = Buffer.concat([this.head, bytes.subarray(0, 64)]);
			this.bytes += bytes.length;
			if (!this.output.write(bytes)) full = true;
		});
		const written = async () => {
			const output = this.output;
			if (!output || generation !== this.generation) return;
			await new Promise<void>((resolve, reject) => {
				output.once('error', reject);
				output.end(resolve);
			});
			this.holdsContent = splitter.splitOff;
		};
		// Whether the reader must wait for the file to take what it was given; `resume` then follows.
		const drained = (resume: () => void) => {
			if (!full || !this.output) return false;
			full = false;
			this.output.once('drain', resume);
			return true;
		};
		return { splitter, written, drained };
	}

	/** The file's content, to hand to n8n's store. */
	read(): Readable {
		return createReadStream(this.path);
	}

	/** Removes the file of every attempt (once its writes have stopped). */
	async discard(): Promise<void> {
		this.retire();
		await Promise.all(this.removals);
	}

	/** Ends the current attempt: its file is closed and removed, and what still arrives for it dropped. */
	private retire(): void {
		const output = this.output;
		const path = this.path;
		this.output = undefined;
		this.holdsContent = false;
		this.generation++;
		if (!output) return;
		output.destroy();
		this.removals.push(
			(async () => {
				if (!output.closed) await new Promise<void>((resolve) => output.once('close', () => resolve()));
				await unlink(path).catch(() => undefined);
			})(),
		);
	}
}
