/**
 * A reply's large base64 content decoded into a file as it arrives (contentFile.ts): the content's
 * bytes, and the rest of the reply with the content's element left empty, whatever the chunks.
 */
import { readFile } from 'fs/promises';
import { PassThrough } from 'stream';

import { ContentFile, ContentNotBase64Error, ReplySplitter } from '../../nodes/ECGridOS/transport/contentFile';
import { collectBody, type EcgridosTransferError } from '../../nodes/ECGridOS/transport/http';

const HEAD = '<?xml version="1.0"?><s:Envelope xmlns:s="x"><s:Body><R><FileName>a&gt;b.x12</FileName><Content>';
const TAIL = '</Content><Bytes>1</Bytes></R></s:Body></s:Envelope>';

function bytesOf(length: number): Buffer {
	const content = Buffer.alloc(length);
	for (let index = 0; index < length; index++) content[index] = (index * 31 + (index >> 9)) & 0xff;
	return content;
}

/** Splits `reply` given in chunks of `chunkBytes`; the decoded content and the rest. */
function split(reply: Buffer, chunkBytes: number): { content: Buffer; rest: string; splitOff: boolean } {
	const decoded: Buffer[] = [];
	const splitter = new ReplySplitter((bytes) => decoded.push(bytes));
	for (let start = 0; start < reply.length; start += chunkBytes) splitter.push(reply.subarray(start, start + chunkBytes));
	const rest = splitter.finish().toString('utf8');
	return { content: Buffer.concat(decoded), rest, splitOff: splitter.splitOff };
}

describe('ReplySplitter', () => {
	const content = bytesOf(200 * 1024 + 2);
	const reply = Buffer.from(HEAD + content.toString('base64') + TAIL);

	it.each([1000, 4093, 65536, 1 << 20])('decodes the content and keeps the rest, in chunks of %i bytes', (chunkBytes) => {
		const result = split(reply, chunkBytes);
		expect(result.splitOff).toBe(true);
		expect(result.content.equals(content)).toBe(true);
		expect(result.rest).toBe(HEAD + TAIL);
	});

	it('skips whitespace in the base64, as a lenient reader does', () => {
		const wrapped = content.toString('base64').replace(/.{76}/g, '$&\r\n');
		const result = split(Buffer.from(HEAD + wrapped + TAIL), 5000);
		expect(result.content.equals(content)).toBe(true);
		expect(result.rest).toBe(HEAD + TAIL);
	});

	it('leaves a reply without a large text as it is', () => {
		const small = Buffer.from(HEAD + bytesOf(1000).toString('base64') + TAIL);
		const result = split(small, 100);
		expect(result.splitOff).toBe(false);
		expect(result.content.length).toBe(0);
		expect(result.rest).toBe(small.toString('utf8'));
	});

	it('refuses a large text that is not base64', () => {
		const text = Buffer.from(HEAD + 'A'.repeat(70 * 1024) + '"' + TAIL);
		expect(() => split(text, 4096)).toThrow(ContentNotBase64Error);
	});
});

describe('collectBody with a content file', () => {
	it('writes the content to the file and gives the rest of the reply; discard removes the file', async () => {
		const content = bytesOf(1024 * 1024 + 1);
		const stream = new PassThrough();
		const file = new ContentFile();
		const body = new Promise<Buffer>((resolve, reject) =>
			collectBody(stream, NaN, (error, bytes) => (error ? reject(error) : resolve(bytes!)), file),
		);
		stream.end(Buffer.from(HEAD + content.toString('base64') + TAIL));
		expect((await body).toString('utf8')).toBe(HEAD + TAIL);
		expect(file.holdsContent).toBe(true);
		expect(file.bytes).toBe(content.length);
		const path = file.path;
		expect((await readFile(path)).equals(content)).toBe(true);
		await file.discard();
		await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
	});

	it('fails a body cut off mid-content and removes what was written', async () => {
		const stream = new PassThrough();
		const file = new ContentFile();
		const body = new Promise<Buffer>((resolve, reject) =>
			collectBody(stream, NaN, (error, bytes) => (error ? reject(error) : resolve(bytes!)), file),
		);
		stream.write(Buffer.from(HEAD + bytesOf(300 * 1024).toString('base64')));
		const path = file.path;
		await new Promise((resolve) => setImmediate(resolve));
		expect(file.bytes).toBeGreaterThan(0);
		stream.destroy();
		await expect(body).rejects.toMatchObject({ kind: 'interrupted' } satisfies Partial<EcgridosTransferError>);
		expect(file.holdsContent).toBe(false);
		// What ecgridosRequest does before it reports the failure.
		await file.discard();
		await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
	});
});
