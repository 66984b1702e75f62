/**
 * What the three operations share: reading the input file, writing the output file, naming an
 * interchange in an error, and turning a fault into the n8n error users see.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { Delimiters, Interchange, Standard } from '../syntax/document';
import { EdiSyntaxError, type EdiIssue } from '../syntax/issues';
import { interchangeFields } from '../envelope';

export const MIME_TYPES: Record<Standard, string> = {
	X12: 'application/edi-x12',
	EDIFACT: 'application/edifact',
};

export function binaryPropertyField(operation: string, description: string): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description,
		displayOptions: { show: { operation: [operation] } },
	};
}

/** An operation's Options collection. */
export function optionsCollection(operation: string, name: string, options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name, type: 'collection', placeholder: 'Add Option', default: {}, displayOptions: { show: { operation: [operation] } }, options };
}

/** X12 ISA15 choices (EDIFACT writes test as UNB11 '1'), for the interchanges Build and Acknowledge write. */
export const USAGE_OPTIONS = [
	{ name: 'Production', value: 'P' },
	{ name: 'Test', value: 'T' },
];

export function outputBinaryPropertyField(operation: string): INodeProperties {
	return {
		displayName: 'Output Binary Field',
		name: 'outputBinaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description: 'The binary field to put the file in (ECGridOS Parcel → Upload reads "data")',
		displayOptions: { show: { operation: [operation] } },
	};
}

export async function readInputFile(context: IExecuteFunctions, itemIndex: number, property: string): Promise<Buffer> {
	const item = context.getInputData()[itemIndex];
	if (!item.binary?.[property]) {
		const available = Object.keys(item.binary ?? {});
		throw new NodeOperationError(context.getNode(), `The item has no binary field "${property}"`, {
			itemIndex,
			description: available.length > 0 ? `Its binary fields are: ${available.join(', ')}. Set Input Binary Field to one of them.` : 'Connect a node that outputs a file (ECGridOS Parcel → Download, Read/Write Files from Disk, HTTP Request, …).',
		});
	}
	return context.helpers.getBinaryDataBuffer(itemIndex, property);
}

/** An output item holding `text` as a file, with `json` describing it. */
export async function fileItem(
	context: IExecuteFunctions,
	text: string,
	encoding: Delimiters['encoding'],
	standard: Standard,
	fileName: string,
	property: string,
	json: IDataObject,
	pairedItem: INodeExecutionData['pairedItem'],
): Promise<INodeExecutionData> {
	const bytes = Buffer.from(text, encoding);
	const binary = await context.helpers.prepareBinaryData(bytes, fileName, MIME_TYPES[standard]);
	return { json: { ...json, fileName, bytes: bytes.length }, binary: { [property]: binary }, pairedItem };
}

/** "Interchange 000000905 (X12, ZZ:ACME to ZZ:GLOBEX)", or "The interchange at segment 1" when unreadable. */
export function nameInterchange(interchange: Interchange): string {
	const fields = interchangeFields(interchange);
	const party = (value: { qualifier: string; id: string }) => (value.qualifier ? `${value.qualifier}:${value.id}` : value.id);
	if (!fields.controlNumber) return `The ${interchange.standard} interchange starting at segment ${interchange.position}`;
	return `Interchange ${fields.controlNumber} (${interchange.standard}, ${party(fields.sender)} to ${party(fields.receiver)}, starting at segment ${interchange.position})`;
}

export function issueMessage(interchange: Interchange | undefined, issue: EdiIssue): string {
	const where = interchange ? nameInterchange(interchange) : 'The file';
	return `${where}: ${issue.message}`;
}

const WHAT_TO_DO: Record<string, string> = {
	notEdi: 'The input must be an X12 file starting with ISA or an EDIFACT file starting with UNA or UNB. Check Input Binary Field.',
	unknownDelimiter: 'The delimiters are declared in the ISA (its 4th character, ISA11, ISA16 and the character after it) or in the UNA; the file may be damaged or not EDI.',
	truncated: 'The file ends before its envelopes are closed: it may have been cut off in transfer. Ask the sender to send it again.',
	countMismatch: 'A trailer count does not match what the file holds: a segment or set was lost or added. Ask the sender to send it again; an acknowledgment (Acknowledge operation) reports it to them.',
	controlNumberMismatch: 'A trailer control number differs from its header: the envelope was damaged or assembled wrongly. Ask the sender to send it again.',
	segmentOutsideEnvelope: 'Segments must sit inside ISA/GS/ST (UNB/UNH) envelopes.',
	invalidHeader: 'An X12 ISA has exactly 16 fixed-width elements.',
};

export function operationError(context: IExecuteFunctions, message: string, kind: string, itemIndex: number): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { itemIndex, description: WHAT_TO_DO[kind] });
}

/** The n8n error for a fault raised while building or writing. */
export function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	if (error instanceof EdiSyntaxError) return new NodeOperationError(context.getNode(), error.message, { itemIndex, description: WHAT_TO_DO[error.kind] });
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}
