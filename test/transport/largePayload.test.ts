/**
 * A 100 MB parcel through the decoder: large text nodes are cut out before parsing and base64 goes
 * straight into a Buffer, so memory stays a small multiple of the payload. (Its own file because
 * building the payload is the slowest thing in the transport suite.)
 */
import { decodeResponse } from '../../nodes/ECGridOS/transport/soap';
import { LARGE_LONG, soapEnvelope } from '../support/catalogSamples';

test('decodes a 100 MB payload to an exact Buffer with memory a small multiple of its size', () => {
	const payload = Buffer.alloc(100 * 1024 * 1024);
	for (let index = 0; index < payload.length; index += 4096) payload[index] = index % 251;
	const body = Buffer.from(
		soapEnvelope(
			'<ParcelDownloadResponse xmlns="https://os.ecgrid.io/"><ParcelDownloadResult>' +
				`<ParcelID>${LARGE_LONG}</ParcelID><FileName>big.edi</FileName><Content>${payload.toString('base64')}</Content>` +
				'</ParcelDownloadResult></ParcelDownloadResponse>',
		),
	);
	const before = process.memoryUsage();
	const result = decodeResponse('ParcelDownload', body) as { ParcelID: string; FileName: string; Content: Buffer };
	const after = process.memoryUsage();
	expect(result.ParcelID).toBe(LARGE_LONG);
	expect(result.FileName).toBe('big.edi');
	expect(result.Content.equals(payload)).toBe(true);
	const grown = after.heapUsed + after.external - (before.heapUsed + before.external);
	expect(grown).toBeLessThan(6 * body.length);
});
