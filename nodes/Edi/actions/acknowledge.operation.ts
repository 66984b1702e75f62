/**
 * Acknowledge: from a received file, the 997/999 (X12) or CONTRL (EDIFACT) that answers each of
 * its interchanges, acknowledging every group and set and reporting the faults the reader and the
 * readable forms' checks found. One output item (one file) per received interchange, addressed
 * back to its sender, numbered by the counter.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { acknowledgeEdifact } from '../acknowledgments/edifactControl';
import { acknowledgeX12, type X12AcknowledgmentType } from '../acknowledgments/x12Acknowledgment';
import { ControlNumberCounter } from '../controlNumbers';
import { interchangeFields } from '../envelope';
import { elementText, type Interchange, type Segment } from '../syntax/document';
import { readEdi } from '../syntax/read';
import { writeInterchanges } from '../syntax/writer';
import { assemble, type PlannedSet } from './assemble';
import { chooseDelimiters, controlNumberProperties, defaultFileName, delimiterOptions, fileSummary } from './build.operation';
import { asNodeError, binaryPropertyField, fileItem, issueMessage, operationError, optionsCollection, outputBinaryPropertyField, readInputFile, USAGE_OPTIONS } from './common';

const show = { operation: ['acknowledge'] };

export const acknowledgeProperties: INodeProperties[] = [
	binaryPropertyField('acknowledge', 'The binary field holding the received X12 or EDIFACT file'),
	{
		displayName: 'X12 Acknowledgment',
		name: 'x12Acknowledgment',
		type: 'options',
		default: 'auto',
		displayOptions: { show },
		options: [
			{ name: 'Automatic', value: 'auto', description: '999 for HIPAA 005010 groups (GS08 005010X…), 997 for the others' },
			{ name: '997 Functional Acknowledgment', value: '997' },
			{ name: '999 Implementation Acknowledgment', value: '999' },
		],
	},
	...controlNumberProperties('acknowledge'),
	outputBinaryPropertyField('acknowledge'),
	optionsCollection('acknowledge', 'acknowledgeOptions', [
		{
			displayName: 'CONTRL Message Version',
			name: 'controlVersion',
			type: 'string',
			default: 'D:3:UN',
			description: 'Version, release and agency in the CONTRL\'s UNH (EANCOM and most partners use D:3:UN; ISO 9735 version 4 uses 4:1:UN)',
		},
		{
			displayName: 'Usage',
			name: 'usage',
			type: 'options',
			default: 'received',
			options: [{ name: 'As Received', value: 'received' }, ...USAGE_OPTIONS],
		},
	]),
	{ ...delimiterOptions, description: 'Unset ones are those of the received interchange', displayOptions: { show } },
];

interface AcknowledgeOptions {
	controlVersion?: string;
	usage?: string;
}

function plannedX12(interchange: Interchange, type: X12AcknowledgmentType | 'auto', itemIndex: number, usage: string, delimiterParameters: IDataObject): { sets: PlannedSet[]; summary: IDataObject[] } {
	const received = interchangeFields(interchange);
	const delimiters = chooseDelimiters('X12', interchange.delimiters, delimiterParameters);
	const acknowledgments = acknowledgeX12(interchange, type);
	const sets = acknowledgments.map((acknowledgment): PlannedSet => {
		const header: Segment = acknowledgment.type === '999' ? ['ST', '999', '', '005010X231'] : ['ST', '997', ''];
		return {
			standard: 'X12',
			header,
			body: acknowledgment.body,
			delimiters,
			interchange: { sender: received.receiver, receiver: received.sender, version: received.version, usage: usage === 'received' ? received.usage : usage },
			group: {
				functionalId: 'FA',
				applicationSender: elementText(acknowledgment.group.header, 3),
				applicationReceiver: elementText(acknowledgment.group.header, 2),
				version: acknowledgment.type === '999' ? '005010X231' : elementText(acknowledgment.group.header, 8),
			},
			itemIndex,
		};
	});
	return { sets, summary: acknowledgments.map((acknowledgment) => ({ type: acknowledgment.type, ...acknowledgment.summary }) as unknown as IDataObject) };
}

function plannedEdifact(interchange: Interchange, itemIndex: number, options: AcknowledgeOptions, delimiterParameters: IDataObject): { sets: PlannedSet[]; summary: IDataObject[] } {
	const received = interchangeFields(interchange);
	const control = acknowledgeEdifact(interchange);
	const [version, release, agency] = (options.controlVersion || 'D:3:UN').split(':');
	const usage = options.usage === 'T' ? '1' : options.usage === 'P' ? '' : received.usage;
	return {
		sets: [
			{
				standard: 'EDIFACT',
				header: ['UNH', '', ['CONTRL', version ?? 'D', release ?? '3', agency ?? 'UN']],
				body: control.body,
				delimiters: chooseDelimiters('EDIFACT', interchange.delimiters, delimiterParameters),
				interchange: { sender: received.receiver, receiver: received.sender, version: received.version, usage },
				itemIndex,
			},
		],
		summary: [control.summary as unknown as IDataObject],
	};
}

export async function acknowledge(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	// Acknowledgments are always numbered by the counter: there is no input to take numbers from.
	const counter = ControlNumberCounter.ofWorkflow(this, this.getNodeParameter('counterStart', 0, 1) as number);
	const now = new Date();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const pairedItem = { item: itemIndex };
		try {
			const property = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
			const type = this.getNodeParameter('x12Acknowledgment', itemIndex) as X12AcknowledgmentType | 'auto';
			const options = this.getNodeParameter('acknowledgeOptions', itemIndex, {}) as AcknowledgeOptions;
			const delimiterParameters = this.getNodeParameter('delimiters', itemIndex, {}) as IDataObject;
			const outputProperty = this.getNodeParameter('outputBinaryPropertyName', itemIndex) as string;
			const result = readEdi(await readInputFile(this, itemIndex, property));
			const fileFault = result.issues.find((issue) => issue.kind === 'notEdi') ?? (result.interchanges.length === 0 ? result.issues[0] : undefined);
			if (fileFault) throw operationError(this, issueMessage(undefined, fileFault), fileFault.kind, itemIndex);
			for (const interchange of result.interchanges) {
				if (interchange.header.length < 2 || (interchange.groups.length === 0 && interchange.issues.some((issue) => issue.kind === 'unknownDelimiter' || issue.kind === 'truncated'))) {
					// Without its delimiters or any group there is nothing to acknowledge set by set.
					const fault = interchange.issues[0];
					const message = issueMessage(interchange, fault);
					if (!this.continueOnFail()) throw operationError(this, message, fault.kind, itemIndex);
					out.push({ json: { error: message, errorKind: fault.kind }, pairedItem });
					continue;
				}
				const planned =
					interchange.standard === 'X12'
						? plannedX12(interchange, type, itemIndex, options.usage ?? 'received', delimiterParameters)
						: plannedEdifact(interchange, itemIndex, options, delimiterParameters);
				const assembled = assemble(planned.sets, 'counter', counter, now);
				const text = writeInterchanges(assembled.map(({ interchange: answer }) => answer));
				const received = interchangeFields(interchange);
				const accepted =
					interchange.standard === 'X12'
						? planned.summary.every((group) => group.status === 'A')
						: planned.summary.every((control) => control.action === '7' && (control.messages as IDataObject[]).every((message) => message.action === '7'));
				const json: IDataObject = {
					standard: interchange.standard,
					acknowledges: { controlNumber: received.controlNumber, sender: received.sender, receiver: received.receiver },
					accepted,
					...(interchange.standard === 'X12' ? { groups: planned.summary } : { control: planned.summary[0] }),
					// The answer's own envelope, as Build describes its files.
					interchanges: fileSummary(assembled).interchanges,
				};
				out.push(await fileItem(this, text, interchange.delimiters.encoding, interchange.standard, defaultFileName(assembled), outputProperty, json, pairedItem));
			}
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			out.push({ json: { error: (error as Error).message }, pairedItem });
		}
	}
	return out;
}
