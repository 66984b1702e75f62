/**
 * Parse: an X12 or EDIFACT file becomes one item per transaction set (message), with its envelope
 * fields, its segments and, as an option, its readable form. A fault in an envelope becomes an
 * error (one error item per fault with Continue On Fail, while the sound sets still come through).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { describeSet, setIssues } from '../readable';
import { toReadable } from '../readable/mapping';
import type { FunctionalGroup, Interchange, TransactionSet } from '../syntax/document';
import { isContentIssue, type EdiIssue } from '../syntax/issues';
import { readEdi } from '../syntax/read';
import { groupFields, interchangeFields, setFields } from '../envelope';
import { asNodeError, binaryPropertyField, issueMessage, operationError, optionsCollection, readInputFile } from './common';

export const parseProperties: INodeProperties[] = [
	binaryPropertyField('parse', 'The binary field holding the X12 or EDIFACT file'),
	optionsCollection('parse', 'parseOptions', [
		{
			displayName: 'Readable Form',
			name: 'readable',
			type: 'boolean',
			default: true,
			description:
				'Whether to add named fields and grouped loops (e.g. purchaseOrderNumber, lineItems) for X12 850, 855, 856, 810, 997, 999 and EDIFACT ORDERS, ORDRSP, DESADV, INVOIC, CONTRL',
		},
		{
			displayName: 'Include Segments',
			name: 'segments',
			type: 'boolean',
			default: true,
			description: 'Whether to add every segment as an array of elements (the form Build takes back unchanged)',
		},
	]),
];

interface ParseOptions {
	readable: boolean;
	segments: boolean;
}

function setJson(interchange: Interchange, group: FunctionalGroup, set: TransactionSet, issues: EdiIssue[], options: ParseOptions): IDataObject {
	const { standard, delimiters } = interchange;
	const description = describeSet(standard, set.id);
	const json: IDataObject = {
		standard,
		interchange: interchangeFields(interchange),
		group: groupFields(standard, group) ?? null,
		transactionSet: { ...setFields(standard, set), ...(description ? { title: description.title } : {}), position: set.position, segmentCount: set.segments.length },
		delimiters: { ...delimiters },
	};
	if (options.readable && description) {
		const closed = set.segments[set.segments.length - 1][0] === (standard === 'X12' ? 'SE' : 'UNT');
		const { readable, unmappedSegments } = toReadable(description, set.segments.slice(1, closed ? -1 : undefined), delimiters.decimal);
		json.readable = readable;
		json.unmappedSegments = unmappedSegments;
	}
	const content = issues.filter(isContentIssue);
	if (content.length > 0) json.syntaxErrors = content.map((issue) => ({ ...issue }));
	if (options.segments) json.segments = set.segments;
	return json;
}

export async function parse(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	const items = this.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const pairedItem = { item: itemIndex };
		const fail = (message: string, kind: string, extra: IDataObject = {}) => {
			if (!this.continueOnFail()) throw operationError(this, message, kind, itemIndex);
			out.push({ json: { error: message, errorKind: kind, ...extra }, pairedItem });
		};
		try {
			const options = this.getNodeParameter('parseOptions', itemIndex, {}) as Partial<ParseOptions>;
			const settings: ParseOptions = { readable: options.readable ?? true, segments: options.segments ?? true };
			const property = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
			const result = readEdi(await readInputFile(this, itemIndex, property));
			for (const issue of result.issues) fail(issueMessage(undefined, issue), issue.kind, { position: issue.position });
			for (const interchange of result.interchanges) {
				const envelope = { standard: interchange.standard, interchange: interchangeFields(interchange) };
				for (const issue of interchange.issues) fail(issueMessage(interchange, issue), issue.kind, { ...envelope, position: issue.position });
				for (const group of interchange.groups) {
					for (const issue of group.issues) {
						fail(issueMessage(interchange, issue), issue.kind, { ...envelope, group: groupFields(interchange.standard, group) ?? null, position: issue.position });
					}
					for (const set of group.sets) {
						const issues = setIssues(interchange.standard, set, interchange.delimiters.decimal);
						const envelopeFault = issues.find((issue) => !isContentIssue(issue));
						const json = setJson(interchange, group, set, issues, settings);
						if (envelopeFault) {
							// The set's own data goes with the error, so that nothing is silently dropped.
							fail(issueMessage(interchange, envelopeFault), envelopeFault.kind, { ...json, position: envelopeFault.position });
						} else {
							out.push({ json, pairedItem });
						}
					}
				}
			}
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			out.push({ json: { error: (error as Error).message }, pairedItem });
		}
	}
	return out;
}
