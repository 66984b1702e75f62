/**
 * Build: items holding transaction sets, as segments (what Parse outputs) or in the readable form,
 * become an X12 or EDIFACT file with its envelopes. Counts are computed; control numbers come from
 * the input or from the counter in the workflow's static data; envelope fields from the input or
 * from the node's parameters, which win.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ControlNumberCounter } from '../controlNumbers';
import { restoredSecrets, setHeader, type Party, type SetFields } from '../envelope';
import { describeSet } from '../readable';
import { fromReadable, type ReadableObject } from '../readable/mapping';
import { X12_FUNCTIONAL_IDS } from '../readable/x12Sets';
import { EDIFACT_DEFAULT_DELIMITERS, X12_DEFAULT_DELIMITERS, elementText, type Delimiters, type Segment, type Standard } from '../syntax/document';
import { EdiSyntaxError } from '../syntax/issues';
import { writeInterchanges } from '../syntax/writer';
import { assemble, type AssembledInterchange, type PlannedSet } from './assemble';
import { asNodeError, fileItem, outputBinaryPropertyField, USAGE_OPTIONS } from './common';

const show = { operation: ['build'] };

/** Fields shared with Acknowledge: how numbers and files come out. */
export const controlNumberProperties = (operation: string): INodeProperties[] => [
	{
		displayName: 'Control Numbers',
		name: 'controlNumbers',
		type: 'options',
		default: 'counter',
		displayOptions: { show: { operation: [operation] } },
		options: [
			{
				name: 'From Counter',
				value: 'counter',
				description: 'Next numbers per sender and receiver, kept in the workflow (not saved after runs from the editor)',
			},
			...(operation === 'build'
				? [{ name: 'From Input', value: 'input', description: 'The interchange, group and transaction set control numbers the items carry (as Parse outputs them)' }]
				: []),
		],
	},
	{
		displayName: 'Counter Starts At',
		name: 'counterStart',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 999999999 },
		default: 1,
		description: 'The lowest number the counter issues: set it above the numbers already used with these partners',
		displayOptions: { show: { operation: [operation], controlNumbers: ['counter'] } },
	},
];

export const delimiterOptions: INodeProperties = {
	displayName: 'Delimiters',
	name: 'delimiters',
	type: 'collection',
	placeholder: 'Add Delimiter',
	default: {},
	description: 'Unset ones come from the input items (as Parse read them), else the usual ones: X12 * > ^ ~, EDIFACT + : ? \'',
	options: [
		{ displayName: 'Component Separator', name: 'component', type: 'string', default: '' },
		{ displayName: 'Element Separator', name: 'element', type: 'string', default: '' },
		{
			displayName: 'Line Break After Segment',
			name: 'lineBreak',
			type: 'options',
			default: 'lf',
			options: [
				{ name: 'None', value: 'none' },
				{ name: 'LF', value: 'lf' },
				{ name: 'CR LF', value: 'crlf' },
			],
		},
		{ displayName: 'Release Character (EDIFACT)', name: 'release', type: 'string', default: '' },
		{ displayName: 'Repetition Separator', name: 'repetition', type: 'string', default: '' },
		{ displayName: 'Segment Terminator', name: 'segment', type: 'string', default: '' },
	],
};

export const buildProperties: INodeProperties[] = [
	{
		displayName: 'Standard',
		name: 'standard',
		type: 'options',
		default: 'X12',
		displayOptions: { show },
		options: [
			{ name: 'X12', value: 'X12' },
			{ name: 'EDIFACT', value: 'EDIFACT' },
			{ name: 'From Input', value: 'fromInput', description: 'The standard each item names (as Parse outputs it)' },
		],
	},
	{
		displayName: 'Input Form',
		name: 'inputForm',
		type: 'options',
		default: 'segments',
		displayOptions: { show },
		options: [
			{ name: 'Segments', value: 'segments', description: 'The item\'s "segments": arrays of elements, as Parse outputs them' },
			{ name: 'Readable Form', value: 'readable', description: 'The item\'s "readable" object and "transactionSet.id", as Parse outputs them' },
		],
	},
	...controlNumberProperties('build'),
	{
		displayName: 'Output',
		name: 'files',
		type: 'options',
		default: 'one',
		displayOptions: { show },
		options: [
			{ name: 'One File for All Items', value: 'one', description: 'Sets for the same partner share an interchange, and a group per functional ID' },
			{ name: 'One File per Item', value: 'each' },
		],
	},
	outputBinaryPropertyField('build'),
	{
		displayName: 'Envelope',
		name: 'envelope',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Set ones override what the items carry',
		displayOptions: { show },
		options: [
			{ displayName: 'Application Receiver (GS03)', name: 'applicationReceiver', type: 'string', default: '' },
			{ displayName: 'Application Sender (GS02)', name: 'applicationSender', type: 'string', default: '' },
			{
				displayName: 'Authorization Information (ISA02)',
				name: 'authorizationInformation',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: 'Written where the item\'s interchange header has ISA02 withheld (Parse never outputs it when ISA01 is not 00)',
			},
			{ displayName: 'Functional ID (GS01 or UNG01)', name: 'functionalId', type: 'string', default: '' },
			{ displayName: 'Group Version (GS08)', name: 'groupVersion', type: 'string', default: '', placeholder: '004010' },
			{ displayName: 'Receiver ID', name: 'receiverId', type: 'string', default: '' },
			{ displayName: 'Receiver Qualifier', name: 'receiverQualifier', type: 'string', default: '', placeholder: 'ZZ' },
			{
				displayName: 'Security Information (ISA04) or Password (UNB06)',
				name: 'securityInformation',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					'Written where the item\'s interchange header has ISA04 or UNB06 withheld (Parse never outputs a password: ISA04 when ISA03 is not 00, the recipient reference/password of UNB06)',
			},
			{ displayName: 'Sender ID', name: 'senderId', type: 'string', default: '' },
			{ displayName: 'Sender Qualifier', name: 'senderQualifier', type: 'string', default: '', placeholder: 'ZZ' },
			{
				displayName: 'Usage',
				name: 'usage',
				type: 'options',
				default: 'P',
				options: USAGE_OPTIONS,
			},
			{ displayName: 'Version (ISA12 or EDIFACT Syntax)', name: 'version', type: 'string', default: '', placeholder: '00401 or UNOC:3' },
		],
	},
	{ ...delimiterOptions, displayOptions: { show } },
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		placeholder: 'po-reply.x12',
		description: 'Leave empty for a name from the standard and the interchange control number',
		displayOptions: { show },
	},
];

interface EnvelopeParameters {
	applicationReceiver?: string;
	applicationSender?: string;
	authorizationInformation?: string;
	securityInformation?: string;
	functionalId?: string;
	groupVersion?: string;
	receiverId?: string;
	receiverQualifier?: string;
	senderId?: string;
	senderQualifier?: string;
	usage?: string;
	version?: string;
}

interface DelimiterParameters {
	component?: string;
	element?: string;
	lineBreak?: 'none' | 'lf' | 'crlf';
	release?: string;
	repetition?: string;
	segment?: string;
}

const LINE_BREAKS = { none: '', lf: '\n', crlf: '\r\n' };

/** The delimiters of a file: the parameters set, else the item's (when of the same standard), else the defaults. */
export function chooseDelimiters(standard: Standard, fromItem: Partial<Delimiters> | undefined, parameters: DelimiterParameters): Delimiters {
	const base = { ...(standard === 'X12' ? X12_DEFAULT_DELIMITERS : EDIFACT_DEFAULT_DELIMITERS), ...(fromItem ?? {}) };
	const chosen: Delimiters = { ...base };
	let changed = false;
	for (const name of ['component', 'element', 'release', 'repetition', 'segment'] as const) {
		const value = parameters[name];
		if (value) {
			chosen[name] = value;
			changed = true;
		}
	}
	if (parameters.lineBreak !== undefined) {
		chosen.lineBreak = LINE_BREAKS[parameters.lineBreak];
		chosen.lineWidth = 0;
		changed = true;
	}
	if (changed) chosen.fileEnding = chosen.segment + chosen.lineBreak;
	if (standard === 'EDIFACT' && chosen.serviceStringAdvice === undefined) chosen.serviceStringAdvice = true;
	const structural = [chosen.element, chosen.component, chosen.segment, chosen.repetition, chosen.release ?? ''].filter((value) => value !== '');
	if (structural.some((value) => value.length !== 1 && value !== '\r\n') || new Set(structural).size < structural.length) {
		throw new EdiSyntaxError('unknownDelimiter', `the delimiters ${JSON.stringify(structural)} must be single, different characters`);
	}
	return chosen;
}

function object(value: unknown): IDataObject | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
}

function isSegment(value: unknown): value is Segment {
	return Array.isArray(value) && typeof value[0] === 'string' && value[0].length > 0;
}

function party(qualifier: string | undefined, id: string | undefined, fromItem: unknown, role: string): Party {
	const item = object(fromItem) ?? {};
	const chosen = { qualifier: qualifier || String(item.qualifier ?? ''), id: id || String(item.id ?? '') };
	if (!chosen.id) throw new EdiSyntaxError('missingEnvelopeField', `no ${role} ID: set Envelope → ${role === 'sender' ? 'Sender' : 'Receiver'} ID, or give the item interchange.${role}.id`);
	return chosen;
}

/** Reads one item into a set to assemble, with the envelope it asks for. */
function planSet(json: IDataObject, itemIndex: number, parameters: { standard: string; inputForm: string; envelope: EnvelopeParameters; delimiters: DelimiterParameters }): PlannedSet {
	const standard = (parameters.standard === 'fromInput' ? json.standard : parameters.standard) as Standard;
	if (standard !== 'X12' && standard !== 'EDIFACT') {
		throw new EdiSyntaxError('invalidInput', `Standard is "From Input" but the item's "standard" is ${JSON.stringify(json.standard)}, not X12 or EDIFACT`);
	}
	const sameStandard = json.standard === standard;
	const interchangeJson = sameStandard ? (object(json.interchange) ?? {}) : {};
	const groupJson = sameStandard ? object(json.group) : undefined;
	const setJson = object(json.transactionSet) ?? {};
	const delimiters = chooseDelimiters(standard, sameStandard ? (object(json.delimiters) as Partial<Delimiters>) : undefined, parameters.delimiters);
	const { envelope } = parameters;

	let header: Segment;
	let body: Segment[];
	const setTag = standard === 'X12' ? 'ST' : 'UNH';
	const trailerTag = standard === 'X12' ? 'SE' : 'UNT';
	if (parameters.inputForm === 'segments') {
		const segments = json.segments;
		if (!Array.isArray(segments) || segments.length === 0 || !segments.every(isSegment)) {
			throw new EdiSyntaxError('invalidInput', 'the item has no "segments": a list of segments, each a list starting with its tag (as Parse outputs them)');
		}
		const list = segments as Segment[];
		const startsWithHeader = list[0][0] === setTag;
		header = startsWithHeader ? list[0] : setHeader(standard, setFieldsOf(setJson));
		body = list.slice(startsWithHeader ? 1 : 0);
		if (body.length > 0 && body[body.length - 1][0] === trailerTag) body = body.slice(0, -1);
	} else {
		const fields = setFieldsOf(setJson);
		const description = describeSet(standard, fields.id);
		if (!description) {
			throw new EdiSyntaxError('invalidInput', `there is no readable form for ${standard} ${JSON.stringify(fields.id)}; build it from segments instead`);
		}
		const readable = object(json.readable);
		if (!readable) throw new EdiSyntaxError('invalidInput', 'Input Form is "Readable Form" but the item has no "readable" object');
		header = setHeader(standard, fields);
		body = fromReadable(description, readable as ReadableObject, delimiters.decimal);
	}
	const setId = standard === 'X12' ? elementText(header, 1) : elementText(header, 2, 1);

	const interchangeOverridden = Boolean(envelope.senderId || envelope.senderQualifier || envelope.receiverId || envelope.receiverQualifier || envelope.version || envelope.usage);
	const sender = party(envelope.senderQualifier, envelope.senderId, interchangeJson.sender, 'sender');
	const receiver = party(envelope.receiverQualifier, envelope.receiverId, interchangeJson.receiver, 'receiver');
	const version = envelope.version || String(interchangeJson.version ?? '') || (standard === 'X12' ? '00401' : 'UNOC:3');
	const interchangeHeaderAsRead = !interchangeOverridden && isSegment(interchangeJson.header) ? restoredSecrets(standard, interchangeJson.header as Segment, envelope) : undefined;

	const groupOverridden = Boolean(envelope.functionalId || envelope.groupVersion || envelope.applicationSender || envelope.applicationReceiver);
	let group: PlannedSet['group'];
	if (standard === 'X12' || groupJson || envelope.functionalId) {
		const functionalId = envelope.functionalId || String(groupJson?.functionalId ?? '') || X12_FUNCTIONAL_IDS[setId] || '';
		if (!functionalId) throw new EdiSyntaxError('missingEnvelopeField', `no functional ID for transaction set ${setId}: set Envelope → Functional ID`);
		group = {
			functionalId,
			applicationSender: envelope.applicationSender || String(groupJson?.applicationSender ?? '') || sender.id,
			applicationReceiver: envelope.applicationReceiver || String(groupJson?.applicationReceiver ?? '') || receiver.id,
			version: envelope.groupVersion || String(groupJson?.version ?? '') || (standard === 'X12' ? `${version.slice(0, 5)}0` : ''),
			controlNumber: groupJson?.controlNumber !== undefined ? String(groupJson.controlNumber) : undefined,
			header: !groupOverridden && groupJson && isSegment(groupJson.header) ? (groupJson.header as Segment) : undefined,
		};
	}
	return {
		standard,
		header,
		body,
		controlNumber: standard === 'X12' ? elementText(header, 2) : elementText(header, 1),
		delimiters,
		interchange: {
			sender,
			receiver,
			version,
			usage: envelope.usage || String(interchangeJson.usage ?? '') || (standard === 'X12' ? 'P' : ''),
			controlNumber: interchangeJson.controlNumber !== undefined ? String(interchangeJson.controlNumber) : undefined,
			header: interchangeHeaderAsRead,
		},
		group,
		itemIndex,
	};
}

function setFieldsOf(json: IDataObject): SetFields {
	const id = String(json.id ?? '');
	if (!id) throw new EdiSyntaxError('invalidInput', 'the item has no transactionSet.id (e.g. "855" or "ORDRSP")');
	const text = (value: unknown) => (value === undefined || value === null ? undefined : String(value));
	return {
		id,
		controlNumber: text(json.controlNumber) ?? '',
		version: text(json.version),
		release: text(json.release),
		agency: text(json.agency),
		associationCode: text(json.associationCode),
		implementationReference: text(json.implementationReference),
	};
}

/** What an output file holds, for the item's JSON. */
export function fileSummary(assembled: AssembledInterchange[]): IDataObject {
	const interchanges = assembled.map(({ interchange }) => {
		const { standard, header } = interchange;
		return {
			controlNumber: standard === 'X12' ? elementText(header, 13) : elementText(header, 5),
			groups: interchange.groups.map((group) => ({
				functionalId: elementText(group.header, 1),
				controlNumber: elementText(group.header, standard === 'X12' ? 6 : 5),
				transactionSets: group.sets.map((set) => ({ id: set.id, controlNumber: set.controlNumber, segmentCount: set.segments.length + 1 })),
			})),
		};
	});
	return { standard: assembled[0]?.interchange.standard, interchanges };
}

export function defaultFileName(assembled: AssembledInterchange[]): string {
	const first = assembled[0].interchange;
	const control = first.standard === 'X12' ? elementText(first.header, 13) : elementText(first.header, 5);
	return `${first.standard.toLowerCase()}-${control}.${first.standard === 'X12' ? 'x12' : 'edi'}`;
}

export async function build(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	const planned: PlannedSet[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			planned.push(
				planSet(items[itemIndex].json, itemIndex, {
					standard: this.getNodeParameter('standard', itemIndex) as string,
					inputForm: this.getNodeParameter('inputForm', itemIndex) as string,
					envelope: this.getNodeParameter('envelope', itemIndex, {}) as EnvelopeParameters,
					delimiters: this.getNodeParameter('delimiters', itemIndex, {}) as DelimiterParameters,
				}),
			);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			out.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
		}
	}
	if (planned.length === 0) return out;
	const numbering = this.getNodeParameter('controlNumbers', 0) as 'counter' | 'input';
	const counter = numbering === 'counter' ? ControlNumberCounter.ofWorkflow(this, this.getNodeParameter('counterStart', 0, 1) as number) : undefined;
	const perItem = this.getNodeParameter('files', 0) === 'each';
	// One file holds one standard: X12 and EDIFACT sets from one run go to a file each.
	const batches = perItem
		? planned.map((set) => [set])
		: (['X12', 'EDIFACT'] as const).map((standard) => planned.filter((set) => set.standard === standard)).filter((batch) => batch.length > 0);
	const now = new Date();
	for (const batch of batches) {
		const firstIndex = batch[0].itemIndex;
		try {
			const assembled = assemble(batch, numbering, counter, now);
			const text = writeInterchanges(assembled.map(({ interchange }) => interchange));
			const itemIndexes = [...new Set(assembled.flatMap((entry) => entry.itemIndexes))];
			const fileName = (this.getNodeParameter('fileName', firstIndex, '') as string) || defaultFileName(assembled);
			const property = this.getNodeParameter('outputBinaryPropertyName', firstIndex) as string;
			out.push(
				await fileItem(this, text, batch[0].delimiters.encoding, batch[0].standard, fileName, property, fileSummary(assembled), itemIndexes.length === 1 ? { item: itemIndexes[0] } : itemIndexes.map((item) => ({ item }))),
			);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, firstIndex);
			out.push({ json: { error: (error as Error).message }, pairedItem: batch.map((set) => ({ item: set.itemIndex })) });
		}
	}
	return out;
}
