/**
 * The items of one input item's result, as its resource file asks: one item per record (simplified
 * where offered), a downloaded file as binary data, or a primitive under its result key with the
 * echoed inputs.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { getOperation } from '../catalog';
import { toItemJson } from '../helpers/itemJson';
import { downloadContentFile, parcelItem } from '../helpers/parcelItem';
import type { ContentFile } from '../transport';
import { BINARY_OUTPUT_PROPERTY, EDI_SUMMARY, OPTIONS, SIMPLIFY } from './propertyNames';
import type { OperationDefinition } from './types';

function simplified(record: unknown, fields: string[]): unknown {
	if (!record || typeof record !== 'object') return record;
	const source = record as Record<string, unknown>;
	return Object.fromEntries(fields.filter((field) => field in source).map((field) => [field, source[field]]));
}

function options(context: IExecuteFunctions, itemIndex: number): IDataObject {
	return context.getNodeParameter(OPTIONS, itemIndex, {}) as IDataObject;
}

/** Where the transport decodes this operation's downloaded file to, if anywhere (downloadContentFile). */
export function resultContentFile(context: IExecuteFunctions, itemIndex: number, definition: OperationDefinition): ContentFile | undefined {
	if (definition.output?.kind !== 'file') return undefined;
	return downloadContentFile(Boolean(options(context, itemIndex)[EDI_SUMMARY]));
}

/** One item per record; Simplify is on by default where the resource offers it. */
export function recordItems(
	context: IExecuteFunctions,
	itemIndex: number,
	definition: OperationDefinition,
	records: unknown[],
): INodeExecutionData[] {
	const simplify = definition.output?.simplify;
	const simplifyTo = simplify && options(context, itemIndex)[SIMPLIFY] !== false ? simplify : undefined;
	return records.map((record) => ({
		json: toItemJson(simplifyTo ? simplified(record, simplifyTo) : record) as IDataObject,
		pairedItem: { item: itemIndex },
	}));
}

/** The item of a call that is not a list. `result` is the decoded result, its secrets withheld unless asked for. */
export async function resultItems(
	context: IExecuteFunctions,
	itemIndex: number,
	definition: OperationDefinition,
	operation: string,
	values: Record<string, unknown>,
	result: unknown,
	contentFile?: ContentFile,
): Promise<INodeExecutionData[]> {
	const output = definition.output ?? {};
	if (output.kind === 'file' && result && typeof result === 'object') {
		const file = await parcelItem(context, result as Record<string, unknown>, {
			binaryPropertyName: context.getNodeParameter(BINARY_OUTPUT_PROPERTY, itemIndex) as string,
			ediSummary: Boolean(options(context, itemIndex)[EDI_SUMMARY]),
			contentFile,
		});
		return [{ ...file, pairedItem: { item: itemIndex } }];
	}
	if (result !== null && typeof result === 'object') return recordItems(context, itemIndex, definition, [result]);
	const json: IDataObject = {};
	const parameters = getOperation(operation).parameters;
	for (const echoed of output.echo ?? []) {
		const secret = parameters.find((parameter) => parameter.name === echoed)?.secret === true;
		if (echoed in values && !secret) json[echoed] = toItemJson(values[echoed]) as IDataObject;
	}
	const resultKey = output.resultKey ?? 'result';
	if (result === undefined && getOperation(operation).result.secret) {
		context.addExecutionHints({
			message: `The ${resultKey} is a secret and was left out of the output: turn on Options > Include Secrets to output it.`,
			type: 'info',
			location: 'outputPane',
		});
	} else {
		json[resultKey] = toItemJson(result) as IDataObject;
	}
	return [{ json, pairedItem: { item: itemIndex } }];
}
