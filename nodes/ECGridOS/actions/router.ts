/**
 * Runs the chosen operation for every input item: collects the parameter values the resource
 * file and the catalog describe, validates them, calls ECGridOS through the transport and turns
 * the decoded result into n8n items. Nothing here knows a particular operation.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IBinaryData,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { INTEGER_RANGES, getOperation, isEnumType, catalog } from '../catalog';
import { ediMimeType, summarizeEdi } from '../helpers/ediSummary';
import { toItemJson } from '../helpers/itemJson';
import { canonicalBase64Bytes, ecgridosRequest, type Base64Text } from '../transport';
import { EcgridosInputError } from '../transport/soap';
import {
	ADDITIONAL_FIELDS,
	BINARY_INPUT_PROPERTY,
	BINARY_OUTPUT_PROPERTY,
	OPTIONS,
	chooseCall,
	resolveOperation,
	type ResolvedCall,
	type ResolvedParameter,
} from './fields';
import { findOperation } from './resources';
import type { OperationDefinition } from './types';

/** Records per page when walking a paged listing for Return All. */
const PAGE_SIZE = 500;

interface InputFile {
	data: IBinaryData;
	/** The file's size in bytes. */
	bytes: number;
	/** The file: its bytes, or the item's own base64 of them (see readInputFile). */
	content: Buffer | Base64Text;
}

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

/** Whole numbers from number fields and from "By ID" text in pickers; long stays exact. */
function toInteger(value: unknown): unknown {
	if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) {
		const exact = BigInt(value.trim());
		return exact >= BigInt(Number.MIN_SAFE_INTEGER) && exact <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(exact) : exact;
	}
	return value;
}

class InputProblem extends Error {
	constructor(
		readonly field: string,
		problem: string,
	) {
		super(`${field}: ${problem}`);
	}
}

/** A parseable date whose day exists: Date.parse would roll 2024-02-31 over to 2 March. */
function isRealDate(value: unknown): boolean {
	if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return false;
	const calendarDate = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
	if (!calendarDate) return true;
	const [year, month, day] = calendarDate.slice(1).map(Number);
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Checks a value against its catalog type, in the words of the field the user sees. */
function validate(parameter: ResolvedParameter, value: unknown): void {
	const { field, displayName } = parameter;
	const range = INTEGER_RANGES[field.type];
	if (range && parameter.editor !== 'delimiter') {
		const isWhole = (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint';
		if (!isWhole) throw new InputProblem(displayName, `must be a whole number, got ${JSON.stringify(value)}`);
		const exact = BigInt(value as number | bigint);
		if (exact < range.min || exact > range.max) {
			throw new InputProblem(displayName, `must be between ${range.min} and ${range.max} (${field.type}), got ${exact}`);
		}
	}
	if (isEnumType(field.type) && !catalog.enums[field.type].includes(value as string)) {
		throw new InputProblem(displayName, `must be one of ${catalog.enums[field.type].join(', ')}, got ${JSON.stringify(value)}`);
	}
	if (field.type === 'dateTime' && !isRealDate(value)) {
		throw new InputProblem(displayName, `must be a date and time, got ${JSON.stringify(value)}`);
	}
	if (field.type === 'boolean' && typeof value !== 'boolean') {
		throw new InputProblem(displayName, `must be true or false, got ${JSON.stringify(value)}`);
	}
}

/**
 * Reads the input file of the item: from the field named on top, or, for an optional file
 * (an attachment), from Additional Fields, where no name means no file.
 */
async function readInputFile(
	context: IExecuteFunctions,
	itemIndex: number,
	binaryParameter: ResolvedParameter | undefined,
): Promise<InputFile | undefined> {
	if (!binaryParameter) return undefined;
	const propertyName =
		binaryParameter.placement === 'additional'
			? ((context.getNodeParameter(ADDITIONAL_FIELDS, itemIndex, {}) as IDataObject)[BINARY_INPUT_PROPERTY] as string | undefined)
			: (context.getNodeParameter(BINARY_INPUT_PROPERTY, itemIndex) as string);
	if (isBlank(propertyName) && binaryParameter.placement === 'additional') return undefined;
	const data = context.helpers.assertBinaryData(itemIndex, propertyName as string);
	// In n8n's default binary mode the item holds the file as base64 (no id). When that text is exactly
	// what encoding the bytes gives, it is sent as it is: decoding it here and encoding it again for the
	// envelope would only hold the file twice more.
	const inItem = data.id === undefined && typeof data.data === 'string' ? canonicalBase64Bytes(data.data) : undefined;
	let file: InputFile;
	if (inItem !== undefined) {
		file = { data, bytes: inItem, content: { base64: data.data } };
	} else {
		const buffer = await context.helpers.getBinaryDataBuffer(itemIndex, propertyName as string);
		file = { data, bytes: buffer.length, content: buffer };
	}
	if (file.bytes === 0) throw new InputProblem(binaryParameter.displayName, `the binary field "${propertyName}" is empty`);
	return file;
}

/** The value of one WSDL parameter for one item, or undefined to leave an optional one out. */
async function parameterValue(
	context: IExecuteFunctions,
	itemIndex: number,
	parameter: ResolvedParameter,
	readFile: () => Promise<InputFile | undefined>,
): Promise<unknown> {
	const { presentation, field, editor } = parameter;
	if (presentation.fixed !== undefined) return presentation.fixed;
	if (editor === 'byteLength') return (await readFile())?.bytes ?? 0;
	if (editor === 'binary') {
		const file = await readFile();
		if (!file) return undefined;
		if (field.type === 'base64Binary') return file.content;
		return Buffer.isBuffer(file.content) ? file.content.toString('base64') : file.content.base64;
	}
	let value: unknown;
	if (parameter.placement === 'additional') {
		const additional = context.getNodeParameter(ADDITIONAL_FIELDS, itemIndex, {}) as IDataObject;
		value = additional[parameter.propertyName];
		if (editor === 'fileName' && isBlank(value)) {
			// The builder made sure the call has the binary parameter this name derives from.
			const file = await readFile();
			if (!file) return undefined;
			value = file.data.fileName;
			if (isBlank(value)) throw new InputProblem(parameter.displayName, 'is required: the input file has no file name');
		}
		if (isBlank(value) && field.required) value = presentation.default ?? (field.type === 'boolean' ? false : 0);
	} else {
		value = context.getNodeParameter(parameter.propertyName, itemIndex, undefined, { extractValue: true });
	}
	if (editor === 'delimiter') {
		if (typeof value !== 'string' || Buffer.byteLength(value, 'latin1') !== 1 || value.charCodeAt(0) > 255) {
			throw new InputProblem(parameter.displayName, 'must be exactly one character');
		}
		return value.charCodeAt(0);
	}
	if (isBlank(value)) {
		if (field.required || presentation.required) throw new InputProblem(parameter.displayName, 'is required');
		return undefined;
	}
	if (INTEGER_RANGES[field.type]) value = toInteger(value);
	validate(parameter, value);
	return value;
}

/** The records of a list result: ArrayOfX, a paged …Collection, or DataSet rows. */
function listOf(type: string, result: unknown): { records: unknown[]; totalPages?: number } {
	if (Array.isArray(result)) return { records: result };
	const collection = (result ?? {}) as Record<string, unknown>;
	const listField = catalog.types[type]?.fields.find((field) => field.type.startsWith('ArrayOf'));
	const records = listField ? (collection[listField.name] as unknown[] | undefined) ?? [] : [];
	return { records, totalPages: typeof collection.TotalPages === 'number' ? collection.TotalPages : undefined };
}

function simplified(record: unknown, fields: string[]): unknown {
	if (!record || typeof record !== 'object') return record;
	const source = record as Record<string, unknown>;
	return Object.fromEntries(fields.filter((field) => field in source).map((field) => [field, source[field]]));
}

async function callWithPaging(
	context: IExecuteFunctions,
	itemIndex: number,
	call: ResolvedCall,
	values: Record<string, unknown>,
): Promise<unknown[]> {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (context.getNodeParameter('limit', itemIndex, 50) as number);
	const resultType = getOperation(call.operation).result.type;
	const pageNumberParameter = call.parameters.find((parameter) => parameter.placement === 'pageNumber');
	const pageSizeParameter = call.parameters.find((parameter) => parameter.placement === 'pageSize');
	if (!pageNumberParameter) {
		const result = await ecgridosRequest.call(context, call.operation, values, { itemIndex });
		return listOf(resultType, result).records.slice(0, limit);
	}
	const records: unknown[] = [];
	const pageSize = Math.min(PAGE_SIZE, limit);
	for (let page = 1; records.length < limit; page++) {
		const pageValues = { ...values, [pageNumberParameter.wsdlName]: page };
		if (pageSizeParameter) pageValues[pageSizeParameter.wsdlName] = pageSize;
		const result = await ecgridosRequest.call(context, call.operation, pageValues, { itemIndex });
		const { records: pageRecords, totalPages } = listOf(resultType, result);
		records.push(...pageRecords);
		if (pageRecords.length === 0 || pageRecords.length < pageSize || (totalPages !== undefined && page >= totalPages)) break;
	}
	return records.slice(0, limit);
}

async function fileItem(
	context: IExecuteFunctions,
	itemIndex: number,
	fileInfo: Record<string, unknown>,
): Promise<INodeExecutionData> {
	const content = Buffer.isBuffer(fileInfo.Content)
		? fileInfo.Content
		: Buffer.from(String(fileInfo.ContentBase64String ?? ''), 'base64');
	const { Content: _content, ContentBase64String: _contentText, ...metadata } = fileInfo;
	const options = context.getNodeParameter(OPTIONS, itemIndex, {}) as IDataObject;
	const json = toItemJson(metadata) as IDataObject;
	if (options.ediSummary) json.ediSummary = summarizeEdi(content) as unknown as IDataObject;
	const fileName = String(fileInfo.FileName || `parcel-${String(fileInfo.ParcelID ?? 'download')}.edi`);
	const mimeType = ediMimeType(content);
	const binaryPropertyName = context.getNodeParameter(BINARY_OUTPUT_PROPERTY, itemIndex) as string;
	const binary = { [binaryPropertyName]: await context.helpers.prepareBinaryData(content, fileName, mimeType) };
	return { json, binary, pairedItem: { item: itemIndex } };
}

async function executeItem(
	context: IExecuteFunctions,
	itemIndex: number,
	definition: OperationDefinition,
): Promise<INodeExecutionData[]> {
	const operation = resolveOperation(definition);
	const call = chooseCall(operation, (selector) => context.getNodeParameter(selector.name, itemIndex, selector.default));
	const binaryParameter = call.parameters.find((parameter) => parameter.editor === 'binary');
	let inputFile: Promise<InputFile | undefined> | undefined;
	const readFile = () => (inputFile ??= readInputFile(context, itemIndex, binaryParameter));

	const values: Record<string, unknown> = {};
	for (const parameter of call.parameters) {
		if (parameter.placement === 'pageNumber' || parameter.placement === 'pageSize') continue;
		const value = await parameterValue(context, itemIndex, parameter, readFile);
		if (value !== undefined) values[parameter.wsdlName] = value;
	}

	const output = definition.output ?? {};
	const paired = { item: itemIndex };
	// Simplify is on by default where the resource offers it.
	const simplifyTo =
		output.simplify && (context.getNodeParameter(OPTIONS, itemIndex, {}) as IDataObject).simplify !== false
			? output.simplify
			: undefined;
	const recordItem = (record: unknown): INodeExecutionData => ({
		json: toItemJson(simplifyTo ? simplified(record, simplifyTo) : record) as IDataObject,
		pairedItem: paired,
	});
	if (operation.returnsList) return (await callWithPaging(context, itemIndex, call, values)).map(recordItem);

	const result = await ecgridosRequest.call(context, call.operation, values, { itemIndex });
	if (output.kind === 'file' && result && typeof result === 'object') {
		return [await fileItem(context, itemIndex, result as Record<string, unknown>)];
	}
	if (result !== null && typeof result === 'object') return [recordItem(result)];
	const json: IDataObject = {};
	for (const echoed of output.echo ?? []) {
		if (echoed in values) json[echoed] = toItemJson(values[echoed]) as IDataObject;
	}
	json[output.resultKey ?? 'result'] = toItemJson(result) as IDataObject;
	return [{ json, pairedItem: paired }];
}

function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number, operationName: string) {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof InputProblem) {
		return new NodeOperationError(context.getNode(), error.message, {
			itemIndex,
			description: `Check the field "${error.field}" of ${operationName}.`,
		});
	}
	if (error instanceof EcgridosInputError) {
		return new NodeOperationError(context.getNode(), error.message, {
			itemIndex,
			description: `Operation ${error.operation}, parameter ${error.parameter}.`,
		});
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const results: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operationValue = this.getNodeParameter('operation', itemIndex) as string;
		const definition = findOperation(resource, operationValue);
		try {
			results.push(...(await executeItem(this, itemIndex, definition)));
		} catch (error) {
			const nodeError = asNodeError(this, error, itemIndex, definition.name);
			if (this.continueOnFail()) {
				results.push({
					json: { error: nodeError.message, ...(nodeError.description ? { details: nodeError.description } : {}) },
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			throw nodeError;
		}
	}
	return [results];
}
