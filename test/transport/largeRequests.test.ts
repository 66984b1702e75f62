/**
 * Large binary parameters (parcel uploads) are base64-encoded straight into the request's bytes:
 * what goes on the wire must be exactly the envelope `encodeRequest` describes, the SessionID must
 * still be set in it, whichever path sends it, and nothing may be mistaken for a binary mark.
 */
import { ECGridOSApi } from '../../credentials/ECGridOSApi.credentials';
import { placeSession } from '../../nodes/ECGridOS/transport/session';
import { sessionIdIn } from './sessionInEnvelope';
import {
	EcgridosInputError,
	base64Text,
	canonicalBase64Bytes,
	encodeEnvelope,
	encodeRequest,
	envelopeBytes,
} from '../../nodes/ECGridOS/transport/soap';
import { patternlessBytes } from '../support/bytes';


const SESSION = '8E2B6C1D-4F3A-4B5C-9D7E-0A1B2C3D4E5F';

describe('encodeEnvelope and envelopeBytes', () => {
	it.each([
		['a small file', 1000],
		['a file just below the large-value size', 64 * 1024 - 1],
		['a file of several base64 chunks, not a multiple of 3', 7 * 1024 * 1024 + 1],
	])('send exactly the envelope encodeRequest describes, for %s', (_name, length) => {
		const values = { SessionID: '', NetworkID: 1, MailboxID: 2, FileName: 'po ünïcode.x12', Bytes: length, Content: patternlessBytes(length) };

		const wire = envelopeBytes(encodeEnvelope('ParcelUploadEx', values));

		const expected = encodeRequest('ParcelUploadEx', values);
		expect(Buffer.isBuffer(wire) ? wire.toString('utf8') : wire).toBe(expected);
	});

	it('keeps a large file out of the XML until the bytes are assembled', () => {
		const content = patternlessBytes(200 * 1024);

		const envelope = encodeEnvelope('ParcelUpload', { SessionID: '', FileName: 'po.x12', Bytes: content.length, Content: content });

		expect(envelope.binaries).toHaveLength(1);
		expect(envelope.binaries[0]).toBe(content);
		expect(envelope.xml.length).toBeLessThan(1000);
		expect(envelopeBytes(envelope)).toBeInstanceOf(Buffer);
	});

	it('accepts a Uint8Array that is not a Buffer, like a Buffer', () => {
		const content = patternlessBytes(100 * 1024);
		const view = new Uint8Array(content.buffer, content.byteOffset, content.byteLength);

		const wire = envelopeBytes(encodeEnvelope('ParcelUpload', { SessionID: '', FileName: 'po.x12', Bytes: view.length, Content: view }));

		expect(wire.toString()).toBe(encodeRequest('ParcelUpload', { SessionID: '', FileName: 'po.x12', Bytes: content.length, Content: content }));
	});

	it('copies a large value given as base64 text into the bytes as it is, and a small one into the XML', () => {
		for (const length of [1000, 200 * 1024]) {
			const content = patternlessBytes(length);
			const values = { SessionID: '', FileName: 'po.x12', Bytes: length, Content: base64Text(content.toString('base64')) };

			const envelope = encodeEnvelope('ParcelUpload', values);

			expect(envelope.binaries).toEqual(length >= 64 * 1024 ? [content.toString('base64')] : []);
			const wire = envelopeBytes(envelope);
			expect(Buffer.isBuffer(wire) ? wire.toString('utf8') : wire).toBe(
				encodeRequest('ParcelUpload', { SessionID: '', FileName: 'po.x12', Bytes: length, Content: content }),
			);
		}
	});

	it('tells base64 text exactly as Node writes it, which may be sent as it is, from any other', () => {
		for (let length = 0; length <= 7; length++) {
			const content = patternlessBytes(length);
			expect(canonicalBase64Bytes(content.toString('base64'))).toBe(length);
		}
		const text = patternlessBytes(100).toString('base64');
		for (const other of [
			`${text.slice(0, 40)}\r\n${text.slice(40)}`, // a line break
			text.slice(0, -1), // not whole quads
			'QR==', // a spare bit set after the last byte (Node reads it as 'QQ==')
			'QUI=A===',
			'QU*=',
			'QUJD QUJD',
		]) {
			expect(canonicalBase64Bytes(other)).toBeUndefined();
		}
		expect(canonicalBase64Bytes('QUI=')).toBe(2);
		expect(canonicalBase64Bytes('QUF=')).toBeUndefined(); // 'AA' is QUE=
	});

	it('refuses a NUL character in text, so no text can pass for a binary mark', () => {
		const attempt = () =>
			encodeEnvelope('ParcelUpload', { SessionID: '', FileName: 'po\u00000\u0000.x12', Bytes: 102400, Content: patternlessBytes(102400) });

		expect(attempt).toThrow(EcgridosInputError);
		expect(attempt).toThrow(/FileName/);
	});
});

describe('the SessionID of an assembled upload', () => {
	const upload = () =>
		envelopeBytes(
			encodeEnvelope('ParcelUpload', { SessionID: '', FileName: 'po.x12', Bytes: 307200, Content: patternlessBytes(307200) }),
		) as Buffer;

	it('is set in the bytes, idempotently, leaving the content as it was', () => {
		const bytes = upload();

		const once = placeSession(bytes, SESSION);
		const twice = placeSession(once, SESSION);
		const renewed = placeSession(once, 'OTHER-SESSION');

		expect(sessionIdIn(once)).toBe(SESSION);
		expect(twice).toBe(once);
		expect(sessionIdIn(renewed)).toBe('OTHER-SESSION');
		expect(once.toString().replace(`<SessionID>${SESSION}</SessionID>`, '<SessionID></SessionID>')).toBe(bytes.toString());
	});

	it('is set by the credential when n8n sends the upload itself (Login first, or a proxy)', async () => {
		const requestOptions = { url: 'https://example.invalid/', method: 'POST' as const, body: upload() };

		const authenticated = await new ECGridOSApi().authenticate(
			{ authentication: 'login', loginName: 'someone', password: 'secret', sessionId: SESSION, environment: 'production' },
			requestOptions,
		);

		expect(Buffer.isBuffer(authenticated.body)).toBe(true);
		expect(sessionIdIn(authenticated.body as Buffer)).toBe(SESSION);
	});
});
