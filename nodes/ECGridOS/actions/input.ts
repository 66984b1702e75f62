/**
 * The input of one item: the value of every WSDL parameter of the chosen call, read from the node's
 * parameters or the item's binary file, and checked against its catalog type by the transport's one
 * validator (validateValue), in the words of the field the user sees.
 */
import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { noteBinaryStore } from '../helpers/parcelItem';
import {
	EcgridosInputError,
	canonicalBase64Bytes,
	validateValue,
	type Base64Text,
	type StreamedBinary,
	type ValuePlace,
} from '../transport';
import { ADDITIONAL_FIELDS, BINARY_INPUT_PROPERTY } from './propertyNames';
import type { ResolvedParameter } from './resolution';

export interface InputFile {
	data: IBinaryData;
	/** The file's size in bytes. */
	bytes: number;
	/** The file: its bytes, the item's own base64 of them, or the file in n8n's store to stream (see readInputFile). */
	content: Buffer | Base64Text | StreamedBinary;
}

export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

/** Where a value of the chosen call goes, named as the user sees the field. */
function placeOf(operation: string, parameter: ResolvedParameter): ValuePlace {
	return { operation, parameter: parameter.displayName, secret: parameter.field.secret };
}

/**
 * Reads the input file of the item: from the field named on top, or, for an optional file
 * (an attachment), from Additional Fields, where no name means no file.
 */
export async function readInputFile(
	context: IExecuteFunctions,
	itemIndex: number,
	operation: string,
	binaryParameter: ResolvedParameter | undefined,
): Promise<InputFile | undefined> {
	if (!binaryParameter) return undefined;
	const propertyName =
		binaryParameter.placement === 'additional'
			? ((context.getNodeParameter(ADDITIONAL_FIELDS, itemIndex, {}) as IDataObject)[BINARY_INPUT_PROPERTY] as string | undefined)
			: (context.getNodeParameter(BINARY_INPUT_PROPERTY, itemIndex) as string);
	if (isBlank(propertyName) && binaryParameter.placement === 'additional') return undefined;
	const data = context.helpers.assertBinaryData(itemIndex, propertyName as string);
	noteBinaryStore(data);
	// In n8n's default binary mode the item holds the file as base64 (no id). When that text is exactly
	// what encoding the bytes gives, it is sent as it is: decoding it here and encoding it again for the
	// envelope would only hold the file twice more.
	const inItem = data.id === undefined && typeof data.data === 'string' ? canonicalBase64Bytes(data.data) : undefined;
	let file: InputFile;
	if (inItem !== undefined) {
		file = { data, bytes: inItem, content: { base64: data.data } };
	} else if (data.id !== undefined) {
		// A file in n8n's store (filesystem mode) is read while the request is sent, never whole.
		const id = data.id;
		const { fileSize } = await context.helpers.getBinaryMetadata(id);
		file = { data, bytes: fileSize, content: { bytes: fileSize, open: async () => await context.helpers.getBinaryStream(id) } };
	} else {
		const buffer = await context.helpers.getBinaryDataBuffer(itemIndex, propertyName as string);
		file = { data, bytes: buffer.length, content: buffer };
	}
	if (file.bytes === 0) {
		throw new EcgridosInputError(placeOf(operation, binaryParameter), 'notBinary', `the binary field "${propertyName}" is empty`);
	}
	return file;
}

/** The value of one WSDL parameter for one item, or undefined to leave an optional one out. */
export async function parameterValue(
	context: IExecuteFunctions,
	itemIndex: number,
	operation: string,
	parameter: ResolvedParameter,
	readFile: () => Promise<InputFile | undefined>,
): Promise<unknown> {
	const { presentation, field, editor } = parameter;
	const place = placeOf(operation, parameter);
	if (presentation.fixed !== undefined) return presentation.fixed;
	if (editor === 'byteLength') return (await readFile())?.bytes ?? 0;
	if (editor === 'binary') {
		const file = await readFile();
		if (!file) return undefined;
		if (field.type === 'base64Binary') return file.content;
		if (Buffer.isBuffer(file.content)) return file.content.toString('base64');
		if ('base64' in file.content) return file.content.base64;
		// A string parameter carries base64 text, which the codec cannot stream.
		return (await context.helpers.binaryToBuffer(await file.content.open())).toString('base64');
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
			if (isBlank(value)) throw new EcgridosInputError(place, 'required', 'is required: the input file has no file name');
		}
		if (isBlank(value) && field.required) value = presentation.default ?? (field.type === 'boolean' ? false : 0);
	} else {
		value = context.getNodeParameter(parameter.propertyName, itemIndex, undefined, { extractValue: true });
	}
	if (editor === 'delimiter') {
		if (typeof value !== 'string' || Buffer.byteLength(value, 'latin1') !== 1 || value.charCodeAt(0) > 255) {
			throw new EcgridosInputError(place, 'notDelimiter', 'must be exactly one character');
		}
		return value.charCodeAt(0);
	}
	if (isBlank(value)) {
		if (field.required || presentation.required) throw new EcgridosInputError(place, 'required', 'is required');
		return undefined;
	}
	return validateValue(field.type, value, place);
}
