/**
 * A request that streams a file from n8n's store (largePayload.ts, streamedEnvelope): the same bytes
 * as the request built from the file's bytes, whatever the chunks the file is read in, and a clear
 * failure when the file does not have the size the request announced.
 */
import { Readable } from 'stream';

import {
	encodeEnvelope,
	envelopeBytes,
	streamedEnvelope,
	streamedEnvelopeBytes,
	type StreamedBinary,
} from '../../nodes/ECGridOS/transport/soap';

function bytesOf(length: number): Buffer {
	const content = Buffer.alloc(length);
	for (let index = 0; index < length; index++) content[index] = (index * 13 + (index >> 8)) & 0xff;
	return content;
}

/** `content` as a file read in chunks of `chunkBytes`, announced as `bytes` long. */
function fileOf(content: Buffer, chunkBytes: number, bytes = content.length): StreamedBinary {
	return {
		bytes,
		open: async () => {
			const chunks: Buffer[] = [];
			for (let start = 0; start < content.length; start += chunkBytes) chunks.push(content.subarray(start, start + chunkBytes));
			return Readable.from(chunks);
		},
	};
}

const values = (content: unknown) => ({ SessionID: 'session', FileName: 'a.x12', Bytes: 1, Content: content });

describe('streamedEnvelope', () => {
	it.each([
		[200 * 1024, 1000],
		[200 * 1024 + 1, 4096],
		[200 * 1024 + 2, 65536],
		[70 * 1024, 7],
	])('gives the bytes of the envelope of the file’s bytes (%i bytes read %i at a time)', async (length, chunkBytes) => {
		const content = bytesOf(length);
		const expected = envelopeBytes(encodeEnvelope('ParcelUpload', values(content))) as Buffer;
		const streamed = streamedEnvelope(encodeEnvelope('ParcelUpload', values(fileOf(content, chunkBytes))))!;
		expect(streamed.length).toBe(expected.length);
		expect((await streamedEnvelopeBytes(streamed)).equals(expected)).toBe(true);
	});

	it('is undefined for an envelope without a file to stream', () => {
		expect(streamedEnvelope(encodeEnvelope('ParcelUpload', values(bytesOf(100 * 1024))))).toBeUndefined();
	});

	it('fails when the file does not have the size announced', async () => {
		const content = bytesOf(100 * 1024);
		const streamed = streamedEnvelope(encodeEnvelope('ParcelUpload', values(fileOf(content, 4096, content.length + 3))))!;
		await expect(streamedEnvelopeBytes(streamed)).rejects.toThrow(/the input file has 102400 bytes, not the 102403/);
	});

	it('fails clearly when the file cannot be read', async () => {
		const missing: StreamedBinary = { bytes: 100 * 1024, open: async () => await Promise.reject(new Error('File not found')) };
		const streamed = streamedEnvelope(encodeEnvelope('ParcelUpload', values(missing)))!;
		await expect(streamedEnvelopeBytes(streamed)).rejects.toThrow('the input file could not be read (File not found)');
	});
});
