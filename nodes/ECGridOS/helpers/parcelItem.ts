/**
 * A downloaded parcel as an n8n item, for the node and the trigger alike: the content of the
 * decoded FileInfo as a binary property (with an EDI mime type), its metadata as JSON, and, when
 * asked for, the EDI envelope summary.
 */
import type { IBinaryData, IBinaryKeyData, IDataObject } from 'n8n-workflow';
import type { Readable } from 'stream';

import { ContentFile } from '../transport';

import { toItemJson } from './itemJson';

/**
 * The EDI reader behind the mime type and the summary, loaded with the first parcel: n8n loads
 * every node of the package at start-up, and the reader serves only parcels.
 */
function ediReading(): typeof import('./ediSummary') {
	return require('./ediSummary') as typeof import('./ediSummary');
}

export interface ParcelItemOptions {
	/** The output binary field to put the content in. */
	binaryPropertyName: string;
	/** Add `ediSummary` to the JSON. */
	ediSummary: boolean;
	/** The JSON of the item; by default the FileInfo's own fields without the content. */
	json?: IDataObject;
	/** The file name to give the content; by default the FileInfo's, or one made from the parcel ID. */
	fileName?: string;
	/** Where the transport decoded the content to, when it did (the FileInfo's Content is then empty). */
	contentFile?: ContentFile;
}

interface BinaryPreparer {
	helpers: { prepareBinaryData(data: Buffer | Readable, fileName?: string, mimeType?: string): Promise<IBinaryData> };
}

// Whether n8n's binary store was seen keeping files (a binary with an id) in this process.
let storeSeenKeepingFiles = false;

/** Notes a binary n8n prepared or handed in: one with an id means the store keeps files. */
export function noteBinaryStore(data: IBinaryData): void {
	if (data.id !== undefined) storeSeenKeepingFiles = true;
}

/**
 * Whether n8n keeps binary data as files (filesystem mode, or another store outside the item), so
 * that a download is best decoded into a file and handed to the store as a stream. In memory mode
 * n8n holds the file as base64 in the item anyway, and a stream would only be buffered again. n8n's
 * mode is its configuration's, which a node cannot read: the variable that sets it, or a binary
 * seen with an id.
 */
function binaryStoreKeepsFiles(): boolean {
	const mode = process.env.N8N_DEFAULT_BINARY_DATA_MODE;
	if (mode !== undefined && mode !== '') return mode !== 'default';
	return storeSeenKeepingFiles;
}

/**
 * Where the transport decodes a downloaded parcel to: a file of its own when n8n keeps binary data
 * as files, unless the EDI summary is asked for, which reads the whole content here.
 */
export function downloadContentFile(ediSummary: boolean): ContentFile | undefined {
	return binaryStoreKeepsFiles() && !ediSummary ? new ContentFile() : undefined;
}

/** The parcel's bytes, from either encoding of a download (binary `Content` or `ContentBase64String`). */
export function parcelContent(fileInfo: Record<string, unknown>): Buffer {
	return Buffer.isBuffer(fileInfo.Content) ? fileInfo.Content : Buffer.from(String(fileInfo.ContentBase64String ?? ''), 'base64');
}

/** Whether neither encoding of a download holds any content (the transport decoded it into a file). */
function contentLeftEmpty(fileInfo: Record<string, unknown>): boolean {
	const { Content: bytes, ContentBase64String: text } = fileInfo;
	return (bytes === undefined || (Buffer.isBuffer(bytes) && bytes.length === 0)) && (text === undefined || text === '');
}

export async function parcelItem(
	context: BinaryPreparer,
	fileInfo: Record<string, unknown>,
	options: ParcelItemOptions,
): Promise<{ json: IDataObject; binary: IBinaryKeyData }> {
	const { Content: _content, ContentBase64String: _contentText, ...metadata } = fileInfo;
	const json = options.json ?? (toItemJson(metadata) as IDataObject);
	const fileName = options.fileName || String(fileInfo.FileName || `parcel-${String(fileInfo.ParcelID ?? 'download')}.edi`);
	const { contentFile } = options;
	let data: IBinaryData;
	if (contentFile?.holdsContent && contentLeftEmpty(fileInfo)) {
		data = await context.helpers.prepareBinaryData(contentFile.read(), fileName, ediReading().ediMimeType(contentFile.head));
	} else {
		const content = parcelContent(fileInfo);
		const { ediMimeType, summarizeEdi } = ediReading();
		if (options.ediSummary) json.ediSummary = summarizeEdi(content) as unknown as IDataObject;
		data = await context.helpers.prepareBinaryData(content, fileName, ediMimeType(content));
	}
	noteBinaryStore(data);
	return { json, binary: { [options.binaryPropertyName]: data } };
}
