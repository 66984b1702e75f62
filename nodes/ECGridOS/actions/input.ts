/**
 * The input of one item: the value of every WSDL parameter of the chosen call, read from the node's
 * parameters or the item's binary file, and validated against its catalog type in the words of the
 * field the user sees.
 */
import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { INTEGER_RANGES, catalog, isEnumType } from '../catalog';
import { canonicalBase64Bytes, type Base64Text } from '../transport';
import { ADDITIONAL_FIELDS, BINARY_INPUT_PROPERTY } from './propertyNames';
import type { ResolvedParameter } from './resolution';

export interface InputFile {
	data: IBinaryData;
	/** The file's size in bytes. */
	bytes: number;
	/** The file: its bytes, or the item's own base64 of them (see readInputFile). */
	content: Buffer | Base64Text;
}

export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

/** Whole numbers from number fields and from "By ID" text in pickers; long stays exact. */
export function toInteger(value: unknown): unknown {
	if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) {
		const exact = BigInt(value.trim());
		return exact >= BigInt(Number.MIN_SAFE_INTEGER) && exact <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(exact) : exact;
	}
	return value;
}

export class InputProblem extends Error {
	constructor(
		readonly field: string,
		problem: string,
	) {
		super(`${field}: ${problem}`);
	}
}

/** A parseable date whose day exists: Date.parse would roll 2024-02-31 over to 2 March. */
export function isRealDate(value: unknown): boolean {
	if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return false;
	const calendarDate = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
	if (!calendarDate) return true;
	const [year, month, day] = calendarDate.slice(1).map(Number);
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Checks a value against its catalog type, in the words of the field the user sees. */
export function validate(parameter: ResolvedParameter, value: unknown): void {
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
export async function readInputFile(
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
export async function parameterValue(
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
