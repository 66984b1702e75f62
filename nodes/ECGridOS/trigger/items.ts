/**
 * Output items of the trigger: ECGridOS records as JSON (without the secrets the catalog
 * annotates), and parcels with their content as a binary property and the same EDI summary as the
 * action node.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { withholdSecrets } from '../catalog';
import { downloadContentFile, parcelItem } from '../helpers/parcelItem';
import { toItemJson } from '../helpers/itemJson';
import { ecgridosRequest } from '../transport';
import { idText } from './state';

/** The catalog type of the parcel records the inbox listings return. */
export const INBOX_RECORD_TYPE = 'ParcelIDInfo';

/** A decoded ECGridOS record of catalog type `type` as item JSON: secret fields withheld, binary content left out. */
export function recordJson(value: unknown, type: string): IDataObject {
	return toItemJson(withholdSecrets(value, type), 'omit') as IDataObject;
}

export interface ParcelOutputOptions {
	download: boolean;
	binaryPropertyName: string;
	ediSummary: boolean;
}

/**
 * One item for an inbox parcel: its listing record, plus (when downloading) the content as binary.
 * The content is read with ParcelDownloadNoUpdate, so reading never changes the parcel in ECGrid:
 * the only change the trigger makes is the explicit confirmation. When n8n keeps binary data as
 * files, the content is decoded into a file as the reply arrives, as the node's downloads are,
 * unless the EDI summary needs it whole.
 */
export async function inboxParcelItem(
	context: IPollFunctions,
	record: Record<string, unknown>,
	options: ParcelOutputOptions,
): Promise<INodeExecutionData> {
	const json = recordJson(record, INBOX_RECORD_TYPE);
	if (!options.download) return { json };
	const parcelId = idText(record.ParcelID);
	const contentFile = downloadContentFile(options.ediSummary);
	try {
		const download = { ParcelID: parcelId };
		const fileInfo = (await ecgridosRequest.call(context, 'ParcelDownloadNoUpdate', download, { contentFile })) as Record<string, unknown>;
		return await parcelItem(context, fileInfo, {
			binaryPropertyName: options.binaryPropertyName,
			ediSummary: options.ediSummary,
			json,
			fileName: String(record.FileName || fileInfo.FileName || `parcel-${parcelId}.edi`),
			contentFile,
		});
	} finally {
		await contentFile?.discard();
	}
}
