/**
 * Downloads with n8n's binary data in filesystem mode (N8N_DEFAULT_BINARY_DATA_MODE=filesystem), the
 * usual mode of self-hosted n8n: n8n-core's own BinaryDataService keeps files in a storage folder,
 * and the node hands it the parcel as a stream decoded from the reply as it arrived. A reply cut
 * off mid-content fails the item and leaves no file behind, neither in n8n's store nor of our own.
 */
import { Container } from '@n8n/di';
import { mkdtemp, readdir, rm } from 'fs/promises';
import { BinaryDataService } from 'n8n-core';
import { tmpdir } from 'os';
import { join } from 'path';

import { purchaseOrderOfSize } from '../../bench/lib/fixtures';
import { ECGridOS } from '../../nodes/ECGridOS/ECGridOS.node';
import { ContentFile } from '../../nodes/ECGridOS/transport';
import { createCredentialsHelper, runNode } from '../harness';
import { apiKeyCredential } from '../reliability/support/node';
import { startMisbehavingServer, type MisbehavingServer } from '../reliability/support/misbehavingServer';
import type { RunningSimulator } from '../../simulator';
import { ecgridos, fileItem, withSimulator } from './support';

let simulator: RunningSimulator;
let storagePath: string;
const savedMode = process.env.N8N_DEFAULT_BINARY_DATA_MODE;

beforeAll(async () => {
	storagePath = await mkdtemp(join(tmpdir(), 'ecgridos-binary-store-'));
	process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
	const service = Container.get(BinaryDataService);
	Object.assign((service as unknown as { config: object }).config, {
		mode: 'filesystem',
		availableModes: ['filesystem'],
		localStoragePath: storagePath,
	});
	await service.init();
	simulator = await withSimulator();
});
afterAll(async () => {
	await simulator.stop();
	if (savedMode === undefined) delete process.env.N8N_DEFAULT_BINARY_DATA_MODE;
	else process.env.N8N_DEFAULT_BINARY_DATA_MODE = savedMode;
	await rm(storagePath, { recursive: true, force: true });
});

async function filesUnder(folder: string): Promise<string[]> {
	const entries = await readdir(folder, { recursive: true, withFileTypes: true });
	return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function ownTemporaryFiles(): Promise<string[]> {
	return (await readdir(tmpdir())).filter((name) => name.startsWith('n8n-ecgridos-'));
}

/** A file of `bytes` bytes, every byte value in turn, so a shifted or dropped byte shows. */
function fileOf(bytes: number): Buffer {
	const content = Buffer.alloc(bytes);
	for (let index = 0; index < bytes; index++) content[index] = (index * 7 + (index >> 11)) & 0xff;
	return content;
}

describe('downloads with binary data in filesystem mode', () => {
	it('stores a multi-MB parcel in n8n’s store with exactly its bytes, and keeps no file of its own', async () => {
		// An odd size, so that the base64 ends in padding.
		const content = purchaseOrderOfSize(5 * 1024 * 1024 + 1);
		const upload = await ecgridos(simulator, 'acme.admin', { resource: 'parcel', operation: 'upload' }, { items: [fileItem(content, 'big.x12')] });
		expect(upload.error).toBeUndefined();
		const inbox = await ecgridos(simulator, 'globex.admin', { resource: 'parcel', operation: 'getInbox', returnAll: true });
		const parcelId = inbox.items.find((item) => item.json.FileName === 'big.x12')?.json.ParcelID as number;
		expect(typeof parcelId).toBe('number');
		const temporaryBefore = await ownTemporaryFiles();
		// Counts how often the node handed n8n's store a decoded file (the streamed path).
		const streamedReads = jest.spyOn(ContentFile.prototype, 'read');

		const download = await ecgridos(simulator, 'globex.admin', {
			resource: 'parcel',
			operation: 'download',
			parcelId,
			markDownloaded: false,
		});

		expect(download.error).toBeUndefined();
		const binary = download.items[0].binary!.data;
		expect(binary.id).toMatch(/^filesystem(-v2)?:/);
		expect(binary.fileName).toBe('big.x12');
		expect(binary.mimeType).toBe('application/edi-x12');
		expect(download.items[0].json.FileName).toBe('big.x12');
		expect(download.items[0].json).not.toHaveProperty('Content');
		const stored = await Container.get(BinaryDataService).getAsBuffer(binary);
		expect(stored.equals(content)).toBe(true);
		expect(streamedReads).toHaveBeenCalledTimes(1);
		streamedReads.mockRestore();
		expect(await ownTemporaryFiles()).toEqual(temporaryBefore);
	});

	it('fails a download whose reply is cut off mid-content, and leaves no file behind', async () => {
		const head =
			'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
			'<ParcelDownloadNoUpdateResponse xmlns="https://os.ecgrid.io/"><ParcelDownloadNoUpdateResult><ParcelID>7</ParcelID>' +
			'<FileName>cut.x12</FileName><Content>';
		const server: MisbehavingServer = await startMisbehavingServer(() => ({
			kind: 'reset',
			partial: head + fileOf(600 * 1024).toString('base64'),
		}));
		try {
			const storedBefore = await filesUnder(storagePath);
			const temporaryBefore = await ownTemporaryFiles();
			const { error, items } = await runNode({
				nodeType: ECGridOS,
				parameters: { resource: 'parcel', operation: 'download', parcelId: 7, markDownloaded: false },
				credentials: { ecgridOsApi: apiKeyCredential(server.endpointUrl) },
				credentialsHelper: createCredentialsHelper(),
			});
			expect(items).toHaveLength(0);
			expect(error?.message).toMatch(/ParcelDownloadNoUpdate/);
			expect(`${error?.message} ${error?.description ?? ''}`).toMatch(/closed before the reply was complete/);
			expect(await filesUnder(storagePath)).toEqual(storedBefore);
			expect(await ownTemporaryFiles()).toEqual(temporaryBefore);
		} finally {
			await server.stop();
		}
	});

	it('maps a fault to the same error as in memory mode', async () => {
		const parameters = { resource: 'parcel', operation: 'download', parcelId: 987654321, markDownloaded: false };
		const streamed = await ecgridos(simulator, 'globex.admin', parameters);
		process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'default';
		const inMemory = await ecgridos(simulator, 'globex.admin', parameters).finally(() => {
			process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
		});
		expect(streamed.error?.message).toMatch(/ParcelDownloadNoUpdate/);
		expect(streamed.error?.message).toBe(inMemory.error?.message);
		expect(streamed.error?.description).toBe(inMemory.error?.description);
	});
});
