/**
 * Large replies (parcel downloads) keep their base64 as the reply's own bytes and decode it chunk by
 * chunk. Whatever shape the large text has, the decoded result must be exactly what decoding the
 * whole reply as one string gives.
 */
import { decodeResponse } from '../../nodes/ECGridOS/transport/soap';
import { patternlessBytes } from '../support/bytes';
import { soapEnvelope } from '../support/catalogSamples';


function downloadReply(content: string, fileName = 'big.edi'): Buffer {
	return Buffer.from(
		soapEnvelope(
			'<ParcelDownloadResponse xmlns="https://os.ecgrid.io/"><ParcelDownloadResult>' +
				`<ParcelID>42</ParcelID><FileName>${fileName}</FileName><Content>${content}</Content>` +
				'</ParcelDownloadResult></ParcelDownloadResponse>',
		),
	);
}

type Download = { ParcelID: number; FileName: string; Content: Buffer };

// More than the 1 MB from which replies are cut, and more than one 4 MB decoding chunk of base64.
const PAYLOAD = patternlessBytes(5 * 1024 * 1024 + 2);

const BASE64 = PAYLOAD.toString('base64');
const withJunkAt = (position: number) => `${BASE64.slice(0, position)}*${BASE64.slice(position)}`;

describe('a large download reply', () => {
	describe.each([
		['into a copy', false],
		['into the reply itself (consumeBody)', true],
	])('decoded %s', (_mode, consumeBody) => {
		it.each([
			['unbroken base64, as ECGridOS sends it', BASE64],
			['base64 in lines of 76 characters (MIME style)', BASE64.replace(/.{76}/g, '$&\r\n')],
			['base64 with a character outside the alphabet in the first chunk', withJunkAt(1000)],
			['base64 with a character outside the alphabet in a later chunk', withJunkAt(4 * 1024 * 1024 + 999)],
		])('gives %s exactly as decoding the whole text would', (_shape, content) => {
			const reply = downloadReply(content);
			const whole = decodeResponse('ParcelDownload', reply.toString('utf8')) as Download;

			const result = decodeResponse('ParcelDownload', reply, { consumeBody }) as Download;

			expect(result.Content.equals(whole.Content)).toBe(true);
			expect(result.FileName).toBe('big.edi');
		});
	});

	it('shares the reply\'s memory only when the caller lets it consume the reply', () => {
		const reply = downloadReply(BASE64);
		const copy = Buffer.from(reply);

		const kept = decodeResponse('ParcelDownload', copy) as Download;
		const consumed = decodeResponse('ParcelDownload', reply, { consumeBody: true }) as Download;

		expect(copy.buffer).not.toBe(kept.Content.buffer);
		expect(consumed.Content.buffer).toBe(reply.buffer);
		expect(consumed.Content.equals(PAYLOAD)).toBe(true);
	});

	it('decodes unbroken base64 to the original bytes', () => {
		const result = decodeResponse('ParcelDownload', downloadReply(PAYLOAD.toString('base64'))) as Download;

		expect(result.Content.length).toBe(PAYLOAD.length);
		expect(result.Content.equals(PAYLOAD)).toBe(true);
	});

	it('reads base64 inside a CDATA section, and ignores a large comment', () => {
		const base64 = PAYLOAD.toString('base64');
		const reply = downloadReply(`<![CDATA[${base64}]]><!-- ${'> padding '.repeat(20000)} -->`);

		const result = decodeResponse('ParcelDownload', reply) as Download;

		expect(result.Content.equals(PAYLOAD)).toBe(true);
	});

	it('keeps other text of the reply, entities decoded, next to the large content', () => {
		const reply = downloadReply(PAYLOAD.toString('base64'), 'R&amp;D &lt;po&gt; ünïcode.x12');

		const result = decodeResponse('ParcelDownload', reply) as Download;

		expect(result.FileName).toBe('R&D <po> ünïcode.x12');
		expect(result.ParcelID).toBe(42);
	});

	it('decodes a large text field that is not base64 as text', () => {
		const note = 'EDI note line. '.repeat(100_000);
		const reply = Buffer.from(
			soapEnvelope(
				`<WhoAmIResponse xmlns="https://os.ecgrid.io/"><WhoAmIResult><LoginName>${note}</LoginName></WhoAmIResult></WhoAmIResponse>`,
			),
		);

		const result = decodeResponse('WhoAmI', reply) as { LoginName: string };

		expect(result.LoginName).toBe(note);
	});

	it('still reports a truncated large reply as truncated XML, with its line', () => {
		const reply = downloadReply(PAYLOAD.toString('base64'));
		const truncated = reply.subarray(0, reply.length - 60);

		expect(() => decodeResponse('ParcelDownload', truncated)).toThrow(/malformed or truncated XML \(.* at line \d+\)/);
	});
});
