/**
 * A downloaded parcel as an n8n item, for the node and the trigger alike: the content of the
 * decoded FileInfo as a binary property (with an EDI mime type), its metadata as JSON, and, when
 * asked for, the EDI envelope summary.
 */
import type { IBinaryData, IBinaryKeyData, IDataObject } from 'n8n-workflow';

import { ediMimeType, summarizeEdi } from './ediSummary';
import { toItemJson } from './itemJson';

export interface ParcelItemOptions {
	/** The output binary field to put the content in. */
	binaryPropertyName: string;
	/** Add `ediSummary` to the JSON. */
	ediSummary: boolean;
	/** The JSON of the item; by default the FileInfo's own fields without the content. */
	json?: IDataObject;
	/** The file name to give the content; by default the FileInfo's, or one made from the parcel ID. */
	fileName?: string;
}

interface BinaryPreparer {
	helpers: { prepareBinaryData(data: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> };
}

/** The parcel's bytes, from either encoding of a download (binary `Content` or `ContentBase64String`). */
export function parcelContent(fileInfo: Record<string, unknown>): Buffer {
	return Buffer.isBuffer(fileInfo.Content) ? fileInfo.Content : Buffer.from(String(fileInfo.ContentBase64String ?? ''), 'base64');
}

export async function parcelItem(
	context: BinaryPreparer,
	fileInfo: Record<string, unknown>,
	options: ParcelItemOptions,
): Promise<{ json: IDataObject; binary: IBinaryKeyData }> {
	const content = parcelContent(fileInfo);
	const { Content: _content, ContentBase64String: _contentText, ...metadata } = fileInfo;
	const json = options.json ?? (toItemJson(metadata) as IDataObject);
	if (options.ediSummary) json.ediSummary = summarizeEdi(content) as unknown as IDataObject;
	const fileName = options.fileName || String(fileInfo.FileName || `parcel-${String(fileInfo.ParcelID ?? 'download')}.edi`);
	const binary = {
		[options.binaryPropertyName]: await context.helpers.prepareBinaryData(content, fileName, ediMimeType(content)),
	};
	return { json, binary };
}
