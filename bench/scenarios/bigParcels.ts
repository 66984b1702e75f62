/**
 * Scenario 4, big parcels, one case per process: a download or an upload of one size, either
 * through the ECGridOS node in n8n's engine (binary out, binary in), raw (POST, read the reply as
 * text, decode its base64 / encode base64, build the envelope, POST), or through a peer (peers.ts):
 * the `soap` client or n8n's HTTP helper, which take and give the file as base64 text, so the file's
 * bytes are encoded before the call and the reply's content decoded after it, as their users must.
 * After one small warm-up transfer, the first repetition measures the peak memory growth; the time
 * is the median over all repetitions.
 *
 * The node runs with n8n's binary data in memory (n8n's default mode: the item holds the file as
 * base64) or in filesystem mode (n8n-core's BinaryDataService keeps files in a folder of its own,
 * as self-hosted and queue-mode installs do).
 */
import { Container } from '@n8n/di';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

// `.node.js`, not `.node`: under tsx a bare `X.node` resolves to the codex file X.node.json first.
import { ECGridOS } from '../../nodes/ECGridOS/ECGridOS.node.js';
import { runNode, useFilesystemBinaryData } from '../../test/harness';
import { WARM_UP_BYTES, purchaseOrderOfSize } from '../lib/fixtures';
import { measureRepeated, type RepeatedResult } from '../lib/measure';
import { createHelperCall, createSoapCall, type ClientName, type OperationCall } from '../lib/peers';
import { closeRawConnections, rawEnvelope, rawPost } from '../lib/rawSoap';
import { apiKeyCredential, createTransportContext } from '../lib/transportContext';
import { serveWorker } from '../lib/worker';

// One instance for the whole process, as n8n's node loader keeps one per node type.
const ecgridosNode = new ECGridOS();

export interface BigParcelInput {
	endpointUrl: string;
	direction: 'download' | 'upload';
	side: ClientName | 'raw';
	/** Loren Data's WSDL, for the `soap` client. */
	wsdlPath?: string;
	bytes: number;
	repetitions: number;
	/** The API key of the receiver (download) or the sender (upload). */
	apiKey: string;
	/** The inbox parcel to download. */
	parcelId?: number;
	/** A small inbox parcel (WARM_UP_BYTES) downloaded once before the measurement, as the warm-up. */
	warmUpParcelId?: number;
	/** n8n's binary data mode for the node (`package`); memory (n8n's default) unless filesystem. */
	binaryMode?: 'memory' | 'filesystem';
}

export type BigParcelResult = RepeatedResult;

const FILE_NAME = 'bench-parcel.x12';

/** The size of what was downloaded: the node's binary item (base64 in n8n's default mode), or raw bytes. */
async function packageDownload(input: BigParcelInput): Promise<number> {
	const { items, error } = await runNode({
		nodeType: ecgridosNode,
		parameters: { resource: 'parcel', operation: 'download', parcelId: input.parcelId!, markDownloaded: false, binaryPropertyName: 'data' },
		credentials: { ecgridOsApi: apiKeyCredential(input.endpointUrl, input.apiKey) },
	});
	if (error) throw new Error(`The download failed: ${error.message}`);
	const binary = items[0]?.binary?.data;
	if (!binary) throw new Error('The download returned no binary data');
	if (binary.id) return statSync(Container.get(BinaryDataService).getPath(binary.id)).size;
	// Counted without decoding: a check that allocated a copy would be charged to the package's peak.
	return Buffer.byteLength(binary.data, 'base64');
}

/** Puts n8n's binary data into filesystem mode, in a fresh folder removed when the process exits. */
async function useFilesystemBinaryMode(): Promise<void> {
	const storagePath = mkdtempSync(join(tmpdir(), 'ecgridos-bench-binary-'));
	process.on('exit', () => rmSync(storagePath, { recursive: true, force: true }));
	await useFilesystemBinaryData(storagePath);
}

/** The input item of an upload: in memory mode the file as base64, in filesystem mode a file in n8n's store. */
async function uploadItem(content: Buffer, binaryMode: BigParcelInput['binaryMode']): Promise<INodeExecutionData> {
	const data: IBinaryData = { data: '', mimeType: 'application/edi-x12', fileName: FILE_NAME };
	if (binaryMode !== 'filesystem') return { json: {}, binary: { data: { ...data, data: content.toString('base64') } } };
	const location = { type: 'execution' as const, workflowId: 'bench', executionId: 'input' };
	return { json: {}, binary: { data: await Container.get(BinaryDataService).store(location, content, data) } };
}

async function rawDownload(input: BigParcelInput): Promise<number> {
	const reply = await rawPost(
		input.endpointUrl,
		'ParcelDownloadNoUpdate',
		rawEnvelope('ParcelDownloadNoUpdate', { SessionID: input.apiKey, ParcelID: input.parcelId! }),
	);
	if (reply.status !== 200) throw new Error(`ParcelDownloadNoUpdate answered HTTP ${reply.status}`);
	const start = reply.text.indexOf('<Content>') + '<Content>'.length;
	return Buffer.from(reply.text.slice(start, reply.text.indexOf('</Content>', start)), 'base64').length;
}

/** A peer's download: the result's base64 content decoded to the file's bytes. */
async function peerDownload(input: BigParcelInput, peer: OperationCall): Promise<number> {
	const values = { SessionID: input.apiKey, ParcelID: input.parcelId! };
	const result = (await peer('ParcelDownloadNoUpdate', values)) as { Content?: string };
	return Buffer.from(result.Content ?? '', 'base64').length;
}

async function peerUpload(input: BigParcelInput, peer: OperationCall, content: Buffer): Promise<void> {
	const values = { SessionID: input.apiKey, FileName: FILE_NAME, Bytes: content.length, Content: content.toString('base64') };
	const parcelId = Number(await peer('ParcelUpload', values));
	if (!(parcelId > 0)) throw new Error('The upload returned no parcel ID');
}

/** The peer of this side, taking the values: for the helper, a hand-written envelope of them (a string template). */
async function createPeer(input: BigParcelInput): Promise<OperationCall | undefined> {
	if (input.side === 'soap') return await createSoapCall(input.wsdlPath!, input.endpointUrl);
	if (input.side !== 'helper') return undefined;
	const helperCall = createHelperCall(createTransportContext(apiKeyCredential(input.endpointUrl, input.apiKey)).helpers, input.endpointUrl);
	return async (operation, values) => await helperCall(operation, rawEnvelope(operation, values as Record<string, string | number>));
}

async function packageUpload(input: BigParcelInput, item: INodeExecutionData): Promise<void> {
	const { items, error } = await runNode({
		nodeType: ecgridosNode,
		parameters: { resource: 'parcel', operation: 'upload', binaryPropertyName: 'data' },
		items: [item],
		credentials: { ecgridOsApi: apiKeyCredential(input.endpointUrl, input.apiKey) },
	});
	if (error) throw new Error(`The upload failed: ${error.message}`);
	if (typeof items[0]?.json.parcelId !== 'number') throw new Error('The upload returned no parcel ID');
}

async function rawUpload(input: BigParcelInput, content: Buffer): Promise<void> {
	const envelope = rawEnvelope('ParcelUpload', {
		SessionID: input.apiKey,
		FileName: FILE_NAME,
		Bytes: content.length,
		Content: content.toString('base64'),
	});
	const reply = await rawPost(input.endpointUrl, 'ParcelUpload', envelope);
	if (reply.status !== 200) throw new Error(`ParcelUpload answered HTTP ${reply.status}: ${reply.text.slice(0, 200)}`);
}

async function measure(input: BigParcelInput): Promise<BigParcelResult> {
	if (input.binaryMode === 'filesystem') await useFilesystemBinaryMode();
	const peer = await createPeer(input);
	let once: () => Promise<unknown>;
	if (input.direction === 'download') {
		const download = peer ? (of: BigParcelInput) => peerDownload(of, peer) : input.side === 'package' ? packageDownload : rawDownload;
		const downloadOf = (parcelId: number | undefined, bytes: number) => async () => {
			const size = await download({ ...input, parcelId });
			if (size !== bytes) throw new Error(`Downloaded ${size} bytes, expected ${bytes}`);
		};
		await downloadOf(input.warmUpParcelId, WARM_UP_BYTES)();
		once = downloadOf(input.parcelId, input.bytes);
	} else {
		// The input exists before the measurement starts, as it does when a previous node made it:
		// raw and the peers, the file's bytes; in n8n, an item holding them as base64 (memory mode)
		// or naming a file in n8n's store (filesystem mode).
		const uploadOf = async (bytes: number) => {
			const content = purchaseOrderOfSize(bytes);
			if (peer) return () => peerUpload(input, peer, content);
			if (input.side !== 'package') return () => rawUpload(input, content);
			const item = await uploadItem(content, input.binaryMode);
			return () => packageUpload(input, item);
		};
		await (await uploadOf(WARM_UP_BYTES))();
		once = await uploadOf(input.bytes);
	}
	const result = await measureRepeated(once, input.repetitions);
	closeRawConnections();
	return result;
}

serveWorker(measure);
