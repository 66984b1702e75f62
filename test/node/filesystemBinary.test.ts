/**
 * Downloads and uploads with n8n's binary data in filesystem mode (N8N_DEFAULT_BINARY_DATA_MODE=filesystem), the
 * usual mode of self-hosted n8n: n8n-core's own BinaryDataService keeps files in a storage folder,
 * and the node hands it the parcel as a stream decoded from the reply as it arrived. A reply cut
 * off mid-content fails the item and leaves no file behind, neither in n8n's store nor of our own.
 * An upload reads the file from the store while the request is sent, with the same bytes on the wire.
 */
import { Container } from '@n8n/di';
import { mkdtemp, readdir, rm } from 'fs/promises';
import { BinaryDataService } from 'n8n-core';
import { tmpdir } from 'os';
import { join } from 'path';

import { purchaseOrderOfSize } from '../../bench/lib/fixtures';
import { closeRawConnections, rawEnvelope, rawPost } from '../../bench/lib/rawSoap';
import { ECGridOS } from '../../nodes/ECGridOS/ECGridOS.node';
import { ContentFile } from '../../nodes/ECGridOS/transport';
import { createCredentialsHelper, runNode, useFilesystemBinaryData } from '../harness';
import { apiKeyCredential } from '../reliability/support/node';
import { resultReply, startMisbehavingServer, type MisbehavingServer } from '../reliability/support/misbehavingServer';
import type { RunningSimulator } from '../../simulator';
import { ActiveTrigger, credentialsFor, inboxParameters } from '../trigger/support';
import { apiKeyCredentials, ecgridos, fileItem, loginCredentials, withSimulator } from './support';
import type { INodeExecutionData } from 'n8n-workflow';

let simulator: RunningSimulator;
let storagePath: string;
const savedMode = process.env.N8N_DEFAULT_BINARY_DATA_MODE;

beforeAll(async () => {
	storagePath = await mkdtemp(join(tmpdir(), 'ecgridos-binary-store-'));
	await useFilesystemBinaryData(storagePath);
	simulator = await withSimulator();
});
afterAll(async () => {
	closeRawConnections();
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
	it.each([
		['binary', undefined],
		['base64 text', 'base64Text'],
	])('stores a multi-MB parcel (%s transfer) in n8n’s store with exactly its bytes, and keeps no file of its own', async (_transfer, transferEncoding) => {
		// An odd size, so that the base64 ends in padding.
		const content = purchaseOrderOfSize(5 * 1024 * 1024 + 1, transferEncoding ? '000000202' : '000000201');
		const fileName = `big-${transferEncoding ?? 'binary'}.x12`;
		const upload = await ecgridos(simulator, 'acme.admin', { resource: 'parcel', operation: 'upload' }, { items: [fileItem(content, fileName)] });
		expect(upload.error).toBeUndefined();
		const inbox = await ecgridos(simulator, 'globex.admin', { resource: 'parcel', operation: 'getInbox', returnAll: true });
		const parcelId = inbox.items.find((item) => item.json.FileName === fileName)?.json.ParcelID as number;
		expect(typeof parcelId).toBe('number');
		const temporaryBefore = await ownTemporaryFiles();
		// Counts how often the node handed n8n's store a decoded file (the streamed path).
		const streamedReads = jest.spyOn(ContentFile.prototype, 'read');

		const download = await ecgridos(simulator, 'globex.admin', {
			resource: 'parcel',
			operation: 'download',
			parcelId,
			markDownloaded: false,
			...(transferEncoding ? { transferEncoding } : {}),
		});

		expect(download.error).toBeUndefined();
		const binary = download.items[0].binary!.data;
		expect(binary.id).toMatch(/^filesystem(-v2)?:/);
		expect(binary.fileName).toBe(fileName);
		expect(binary.mimeType).toBe('application/edi-x12');
		expect(download.items[0].json.FileName).toBe(fileName);
		expect(download.items[0].json).not.toHaveProperty('Content');
		expect(download.items[0].json).not.toHaveProperty('ContentBase64String');
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

/** An item whose binary field `data` names a file in n8n's store, as a previous node leaves it in filesystem mode. */
async function storedFileItem(content: Buffer, fileName: string): Promise<INodeExecutionData> {
	const location = { type: 'execution' as const, workflowId: 'test', executionId: 'input' };
	const data = await Container.get(BinaryDataService).store(location, content, { data: '', mimeType: 'application/edi-x12', fileName });
	expect(data.id).toBeDefined();
	return { json: {}, binary: { data } };
}

describe('the trigger’s inbox downloads with binary data in filesystem mode', () => {
	it('stores a multi-MB parcel in n8n’s store with exactly its bytes, decoded into a file as the reply arrived', async () => {
		const trigger = new ActiveTrigger(credentialsFor(simulator, 'globex.admin'), inboxParameters());
		await trigger.poll();
		const content = purchaseOrderOfSize(4 * 1024 * 1024 + 1, '000000401');
		const upload = await ecgridos(simulator, 'acme.admin', { resource: 'parcel', operation: 'upload' }, { items: [fileItem(content, 'polled.x12')] });
		expect(upload.error).toBeUndefined();
		const temporaryBefore = await ownTemporaryFiles();
		const streamedReads = jest.spyOn(ContentFile.prototype, 'read');

		const items = await trigger.items();

		const item = items.find((candidate) => candidate.json.FileName === 'polled.x12');
		expect(item).toBeDefined();
		const binary = item!.binary!.data;
		expect(binary.id).toMatch(/^filesystem(-v2)?:/);
		expect(binary.mimeType).toBe('application/edi-x12');
		expect((await Container.get(BinaryDataService).getAsBuffer(binary)).equals(content)).toBe(true);
		expect(streamedReads).toHaveBeenCalledTimes(1);
		streamedReads.mockRestore();
		expect(await ownTemporaryFiles()).toEqual(temporaryBefore);
	});

	it('reads the content whole when the EDI summary is asked for, which needs all of it', async () => {
		const trigger = new ActiveTrigger(credentialsFor(simulator, 'globex.admin'), inboxParameters({}, { ediSummary: true }));
		await trigger.poll();
		const content = purchaseOrderOfSize(200 * 1024, '000000402');
		const upload = await ecgridos(simulator, 'acme.admin', { resource: 'parcel', operation: 'upload' }, { items: [fileItem(content, 'summarized.x12')] });
		expect(upload.error).toBeUndefined();
		const streamedReads = jest.spyOn(ContentFile.prototype, 'read');

		const items = await trigger.items();

		const item = items.find((candidate) => candidate.json.FileName === 'summarized.x12');
		expect(item?.json.ediSummary).toMatchObject({ standard: 'X12' });
		expect((await Container.get(BinaryDataService).getAsBuffer(item!.binary!.data)).equals(content)).toBe(true);
		expect(streamedReads).not.toHaveBeenCalled();
		streamedReads.mockRestore();
	});
});

describe('uploads with binary data in filesystem mode', () => {
	/** The bytes of the receiver's inbox parcel named `fileName`, downloaded raw. */
	async function receivedContent(fileName: string): Promise<Buffer> {
		const inbox = await ecgridos(simulator, 'globex.admin', { resource: 'parcel', operation: 'getInbox', returnAll: true });
		const parcelId = inbox.items.find((item) => item.json.FileName === fileName)?.json.ParcelID as number;
		expect(typeof parcelId).toBe('number');
		const receiver = apiKeyCredentials(simulator, 'globex.admin');
		const reply = await rawPost(
			simulator.endpointUrl,
			'ParcelDownloadNoUpdate',
			rawEnvelope('ParcelDownloadNoUpdate', { SessionID: receiver.apiKey as string, ParcelID: parcelId }),
		);
		expect(reply.status).toBe(200);
		const start = reply.text.indexOf('<Content>') + '<Content>'.length;
		return Buffer.from(reply.text.slice(start, reply.text.indexOf('</Content>', start)), 'base64');
	}

	it('sends a file from n8n’s store, which the receiver downloads with exactly its bytes', async () => {
		const content = purchaseOrderOfSize(3 * 1024 * 1024 + 2, '000000301');
		const upload = await ecgridos(simulator, 'acme.admin', { resource: 'parcel', operation: 'upload' }, { items: [await storedFileItem(content, 'stored.x12')] });
		expect(upload.error).toBeUndefined();
		expect(typeof upload.items[0].json.parcelId).toBe('number');
		expect((await receivedContent('stored.x12')).equals(content)).toBe(true);
	});

	it('sends a file from n8n’s store through n8n’s helper too (a Login credential logs in first)', async () => {
		const content = purchaseOrderOfSize(1024 * 1024, '000000304');
		const upload = await ecgridos(
			simulator,
			'acme.admin',
			{ resource: 'parcel', operation: 'upload' },
			{ items: [await storedFileItem(content, 'login.x12')], credentials: loginCredentials(simulator, 'acme.admin') },
		);
		expect(upload.error).toBeUndefined();
		expect((await receivedContent('login.x12')).equals(content)).toBe(true);
	});

	it('puts the same bytes on the wire as for the file held in the item (memory mode)', async () => {
		const content = purchaseOrderOfSize(700 * 1024 + 1, '000000302');
		const server: MisbehavingServer = await startMisbehavingServer(() => resultReply('ParcelUpload', '4242'));
		try {
			const credentials = { ecgridOsApi: apiKeyCredential(server.endpointUrl) };
			const parameters = { resource: 'parcel', operation: 'upload' };
			const fromStore = await runNode({ nodeType: ECGridOS, parameters, items: [await storedFileItem(content, 'same.x12')], credentials });
			const fromItem = await runNode({ nodeType: ECGridOS, parameters, items: [fileItem(content, 'same.x12')], credentials });
			expect(fromStore.error).toBeUndefined();
			expect(fromItem.error).toBeUndefined();
			expect(fromStore.items[0].json.parcelId).toBe(4242);
			expect(server.calls).toHaveLength(2);
			const [streamed, held] = server.calls;
			expect(streamed.body.length).toBeGreaterThan(content.length);
			expect(streamed.body === held.body).toBe(true);
			expect(streamed.headers['content-length']).toBe(held.headers['content-length']);
		} finally {
			await server.stop();
		}
	});

	it('fails the item clearly when the stored file is gone', async () => {
		const item = await storedFileItem(purchaseOrderOfSize(200 * 1024, '000000303'), 'gone.x12');
		await rm(Container.get(BinaryDataService).getPath(item.binary!.data.id!));
		const upload = await ecgridos(simulator, 'acme.admin', { resource: 'parcel', operation: 'upload' }, { items: [item] });
		expect(upload.items).toHaveLength(0);
		expect(upload.error?.message).toMatch(/ParcelUpload failed: the input file could not be read \(File not found/);
	});
});
