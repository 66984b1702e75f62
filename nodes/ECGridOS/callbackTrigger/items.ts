/**
 * The item a callback emits: the record ECGridOS holds for the object (never what the payload
 * claimed), what the call was, and, for parcels, optionally the content as binary data with the
 * same EDI summary as the ECGridOS node.
 */
import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { toItemJson } from '../helpers/itemJson';
import { parcelItem } from '../helpers/parcelItem';
import { callEcgridos, type CallbackSettings } from './api';

export interface CallbackFacts {
	callBackEventId: string;
	callBackQueueId?: string;
	test: boolean;
	outcome?: 'delivered' | 'failed';
}

export function callbackItemJson(settings: CallbackSettings, facts: CallbackFacts, record?: unknown): IDataObject {
	const json = (record === undefined ? {} : toItemJson(record, 'omit')) as IDataObject;
	const call: IDataObject = { event: settings.event, callBackEventId: facts.callBackEventId, test: facts.test };
	if (facts.callBackQueueId) call.callBackQueueId = facts.callBackQueueId;
	if (facts.outcome) call.outcome = facts.outcome;
	json.ecgridCallback = call;
	return json;
}

/**
 * Adds the parcel's content, read with ParcelDownloadNoUpdate so that reading changes nothing in
 * ECGrid: confirming the download stays the workflow's decision (ECGridOS node, Parcel → Confirm).
 */
export async function withParcelContent(
	context: IWebhookFunctions,
	settings: CallbackSettings,
	parcelId: string,
	json: IDataObject,
): Promise<INodeExecutionData> {
	const fileInfo = (await callEcgridos(context, 'ParcelDownloadNoUpdate', { ParcelID: parcelId })) as Record<string, unknown>;
	return await parcelItem(context, fileInfo, {
		binaryPropertyName: settings.binaryPropertyName,
		ediSummary: settings.ediSummary,
		json,
		fileName: String(json.FileName || fileInfo.FileName || `parcel-${parcelId}.edi`),
	});
}
