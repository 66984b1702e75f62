/**
 * Output items of the trigger: ECGridOS records as JSON (without session or password fields), and
 * parcels with their content as a binary property and the same EDI summary as the action node.
 */
import type { IBinaryKeyData, IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { ediMimeType, summarizeEdi } from '../helpers/ediSummary';
import { toItemJson } from '../helpers/itemJson';
import { ecgridosRequest } from '../transport';
import { idText } from './state';

/** A decoded ECGridOS record as item JSON: secret fields dropped, binary content left out. */
export function recordJson(value: unknown): IDataObject {
	return toItemJson(value, 'omit') as IDataObject;
}

export interface ParcelOutputOptions {
	download: boolean;
	binaryPropertyName: string;
	ediSummary: boolean;
}

/**
 * One item for an inbox parcel: its listing record, plus (when downloading) the content as binary.
 * The content is read with ParcelDownloadNoUpdate, so reading never changes the parcel in ECGrid:
 * the only change the trigger makes is the explicit confirmation.
 */
export async function inboxParcelItem(
	context: IPollFunctions,
	record: Record<string, unknown>,
	options: ParcelOutputOptions,
): Promise<INodeExecutionData> {
	const json = recordJson(record);
	if (!options.download) return { json };
	const parcelId = idText(record.ParcelID);
	const fileInfo = (await ecgridosRequest.call(context, 'ParcelDownloadNoUpdate', { ParcelID: parcelId })) as Record<string, unknown>;
	const content = Buffer.isBuffer(fileInfo.Content)
		? fileInfo.Content
		: Buffer.from(String(fileInfo.ContentBase64String ?? ''), 'base64');
	if (options.ediSummary) json.ediSummary = summarizeEdi(content) as unknown as IDataObject;
	const fileName = String(record.FileName || fileInfo.FileName || `parcel-${parcelId}.edi`);
	const mimeType = ediMimeType(content);
	const binary: IBinaryKeyData = {
		[options.binaryPropertyName]: await context.helpers.prepareBinaryData(content, fileName, mimeType),
	};
	return { json, binary };
}
