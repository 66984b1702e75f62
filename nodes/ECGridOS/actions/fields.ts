/**
 * Turns a resource file (curated words) plus the catalog (facts) into n8n properties, and tells
 * the router where each WSDL parameter's value comes from. Both the node's description and its
 * execution go through `resolveOperation`, so what users see and what is sent cannot drift apart.
 */
import type { INodeProperties, INodePropertyOptions, NodePropertyTypes } from 'n8n-workflow';

import {
	INTEGER_RANGES,
	getOperation,
	isEnumType,
	catalog,
	type CatalogField,
} from '../catalog';
import type {
	OperationDefinition,
	ParameterPresentation,
	ResourceDefinition,
	VariantCall,
	VariantSelector,
} from './types';

/** Parameters the transport fills itself. */
const SESSION_PARAMETER = 'SessionID';
const PAGE_NUMBER_PARAMETERS = new Set(['PageNo', 'PageNumber']);
const PAGE_SIZE_PARAMETERS = new Set(['RecordsPerPage', 'PageSize']);

export const ADDITIONAL_FIELDS = 'additionalFields';
export const BINARY_INPUT_PROPERTY = 'binaryPropertyName';
export const BINARY_OUTPUT_PROPERTY = 'binaryPropertyName';
export const OPTIONS = 'options';

type Placement = 'top' | 'additional' | 'hidden' | 'pageNumber' | 'pageSize';

export interface ResolvedParameter {
	wsdlName: string;
	/** n8n parameter name (camelCase). */
	propertyName: string;
	displayName: string;
	field: CatalogField;
	presentation: ParameterPresentation;
	editor: ParameterPresentation['editor'];
	placement: Placement;
}

export interface ResolvedCall extends VariantCall {
	parameters: ResolvedParameter[];
	paged: boolean;
}

export interface ResolvedOperation {
	definition: OperationDefinition;
	selectors: VariantSelector[];
	calls: ResolvedCall[];
	/** The result is a list (array, paged collection or DataSet): offer Return All / Limit. */
	returnsList: boolean;
	paged: boolean;
}

const ACRONYMS: Array<[RegExp, string]> = [
	[/ECGrid/g, 'Ecgrid'],
	[/EMail/g, 'Email'],
	[/HTTP/g, 'Http'],
	[/URL/g, 'Url'],
	[/UTC/g, 'Utc'],
	[/SMS/g, 'Sms'],
	[/API/g, 'Api'],
	[/ID(?=[A-Z0-9_]|s?$)/g, 'Id'],
	[/TP(?=[A-Z0-9]|$)/g, 'Tp'],
	[/GS(?=[A-Z]|$)/g, 'Gs'],
	[/CC(?=[A-Z]|$)/g, 'Cc'],
	[/ADMD/g, 'Admd'],
	[/PRMD/g, 'Prmd'],
	[/DDA/g, 'Dda'],
];

/** `ECGridIDFrom` → `ecgridIdFrom`, `NetworkID` → `networkId`, `X_121` → `x121`. */
export function toPropertyName(wsdlName: string): string {
	let name = wsdlName.replace(/_/g, '');
	for (const [pattern, replacement] of ACRONYMS) name = name.replace(pattern, replacement);
	return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Words the WSDL writes in mixed case that must not be split: ECGrid, EMail. */
const UNSPLIT_WORDS: Array<[RegExp, string, string]> = [
	[/ECGrid/g, '\u0001', 'ECGrid'],
	[/EMail/g, '\u0002', 'Email'],
];

/** `ECGridIDFrom` → `ECGrid ID From`, `MaxRecords` → `Max Records`, `DataEMail` → `Data Email`. */
export function toDisplayName(wsdlName: string): string {
	let name = wsdlName.replace(/_/g, ' ');
	for (const [pattern, placeholder] of UNSPLIT_WORDS) name = name.replace(pattern, ` ${placeholder}`);
	name = name
		.replace(/([a-z\d])([A-Z])/g, '$1 $2')
		.replace(/([A-Z\u0001\u0002]+)([A-Z][a-z])/g, '$1 $2')
		.replace(/([\u0001\u0002])(?=[A-Z])/g, '$1 ');
	for (const [, placeholder, word] of UNSPLIT_WORDS) name = name.split(placeholder).join(word);
	return name.replace(/\s+/g, ' ').trim();
}

/** `NetworkAdmin` → `Network Admin`, `ftpsslimplicit` stays as ECGrid spells it. */
export function humanizeEnumValue(value: string): string {
	return value.replace(/([a-z\d])([A-Z])/g, '$1 $2').replace(/^./, (first) => first.toUpperCase());
}

const NETWORK_PARAMETER = /^(Target)?Network(ID|Id)$/;
const MAILBOX_PARAMETER = /^Mailbox(ID|Id)$/;
const TARGET_MAILBOX_PARAMETER = /^TargetMailbox(ID|Id)$/;
const TRADING_PARTNER_PARAMETER = /^ECGridID(\d|From|To|CCFrom|CCTo)?$/;
const PASSWORD_PARAMETER = /(Password|RecoveryAnswer|SecretKey)$/;

function defaultEditor(parameter: CatalogField): ParameterPresentation['editor'] {
	if (parameter.type === 'base64Binary') return 'binary';
	if (parameter.type === 'unsignedByte') return 'delimiter';
	if (PASSWORD_PARAMETER.test(parameter.name)) return 'password';
	if (NETWORK_PARAMETER.test(parameter.name)) return 'network';
	if (MAILBOX_PARAMETER.test(parameter.name)) return 'mailbox';
	if (TARGET_MAILBOX_PARAMETER.test(parameter.name)) return 'targetMailbox';
	if (TRADING_PARTNER_PARAMETER.test(parameter.name)) return 'tradingPartner';
	return undefined;
}

function placementOf(parameter: CatalogField, presentation: ParameterPresentation, editor: ParameterPresentation['editor']): Placement {
	if (PAGE_NUMBER_PARAMETERS.has(parameter.name) && parameter.type === 'short') return 'pageNumber';
	if (PAGE_SIZE_PARAMETERS.has(parameter.name) && parameter.type === 'short') return 'pageSize';
	if (presentation.fixed !== undefined || editor === 'byteLength') return 'hidden';
	if (editor === 'binary') return presentation.optional ? 'additional' : 'top';
	if (editor === 'fileName') return 'additional';
	if (presentation.optional) return 'additional';
	if (presentation.required) return 'top';
	return parameter.required ? 'top' : 'additional';
}

function variantCalls(definition: OperationDefinition): { selectors: VariantSelector[]; calls: VariantCall[] } {
	if (typeof definition.wsdl === 'string') return { selectors: [], calls: [{ operation: definition.wsdl, when: {} }] };
	return { selectors: definition.wsdl.selectors, calls: definition.wsdl.calls };
}

function isListType(type: string): boolean {
	if (type === 'DataSet') return true;
	const complexType = catalog.types[type];
	if (!complexType) return false;
	if (complexType.fields.length === 1 && complexType.fields[0].repeated) return true;
	return type.endsWith('Collection');
}

/**
 * The binary parameter a derived parameter (byte length, file name) reads: the one named by `of`
 * when the call has it, otherwise the call's only binary parameter (so one presentation serves
 * both `Content` of the binary form and `ContentBase64` of the `…A` form).
 */
export function binarySourceOf(
	parameters: CatalogField[],
	presentations: Record<string, ParameterPresentation>,
	of: string | undefined,
): string | undefined {
	if (of && parameters.some((parameter) => parameter.name === of)) return of;
	const binaries = parameters.filter(
		(parameter) => (presentations[parameter.name]?.editor ?? defaultEditor(parameter)) === 'binary',
	);
	return binaries.length === 1 ? binaries[0].name : undefined;
}

const resolvedCache = new WeakMap<OperationDefinition, ResolvedOperation>();

/** Checks a resource definition against the catalog and resolves where each parameter comes from. */
export function resolveOperation(definition: OperationDefinition): ResolvedOperation {
	const cached = resolvedCache.get(definition);
	if (cached) return cached;
	const where = `operation "${definition.value}"`;
	const { selectors, calls } = variantCalls(definition);
	const presentations = definition.parameters ?? {};
	const known = new Set<string>();

	const resolvedCalls: ResolvedCall[] = calls.map((call) => {
		const catalogOperation = getOperation(call.operation);
		for (const selector of selectors) {
			if (!(selector.name in call.when)) throw new Error(`${where}: ${call.operation} does not say which ${selector.name} selects it`);
		}
		const parameters = catalogOperation.parameters
			.filter((parameter) => parameter.name !== SESSION_PARAMETER)
			.map((parameter): ResolvedParameter => {
				known.add(parameter.name);
				const presentation = presentations[parameter.name] ?? {};
				const editor = presentation.editor ?? defaultEditor(parameter);
				if (editor === 'byteLength' || editor === 'fileName') {
					const source = binarySourceOf(catalogOperation.parameters, presentations, presentation.of);
					if (!source) throw new Error(`${where}: ${parameter.name} of ${call.operation} has no binary parameter to derive from`);
				}
				return {
					wsdlName: parameter.name,
					// One input-file field per operation, whichever encoding variant is chosen.
					propertyName: editor === 'binary' ? BINARY_INPUT_PROPERTY : toPropertyName(parameter.name),
					displayName: presentation.displayName ?? toDisplayName(parameter.name),
					field: parameter,
					presentation,
					editor,
					placement: placementOf(parameter, presentation, editor),
				};
			});
		const paged = parameters.some((parameter) => parameter.placement === 'pageNumber');
		return { ...call, parameters, paged };
	});

	for (const name of Object.keys(presentations)) {
		if (!known.has(name)) throw new Error(`${where}: no WSDL operation of it has a parameter "${name}"`);
	}
	const resultTypes = new Set(resolvedCalls.map((call) => getOperation(call.operation).result.type));
	const returnsList = [...resultTypes].some(isListType);
	const resolved: ResolvedOperation = {
		definition,
		selectors,
		calls: resolvedCalls,
		returnsList,
		paged: resolvedCalls.some((call) => call.paged),
	};
	resolvedCache.set(definition, resolved);
	return resolved;
}

/** Whether a selector is on screen given the values of the selectors before it. */
export function isSelectorShown(selector: VariantSelector, values: Record<string, unknown>): boolean {
	if (!selector.showWhen) return true;
	return Object.entries(selector.showWhen).every(([name, allowed]) => allowed.includes(values[name] as string | boolean));
}

/**
 * Picks the WSDL operation for the selector values the user chose. `readSelector` returns the
 * value set in the node; a hidden selector counts as its default.
 */
export function chooseCall(operation: ResolvedOperation, readSelector: (selector: VariantSelector) => unknown): ResolvedCall {
	const selectorValues: Record<string, unknown> = {};
	for (const selector of operation.selectors) {
		selectorValues[selector.name] = isSelectorShown(selector, selectorValues) ? readSelector(selector) : selector.default;
	}
	const call = operation.calls.find((candidate) =>
		Object.entries(candidate.when).every(([selector, value]) => selectorValues[selector] === value),
	);
	if (!call) {
		throw new Error(`No ECGridOS operation matches ${JSON.stringify(selectorValues)} for "${operation.definition.value}"`);
	}
	return call;
}

type Conditions = Record<string, Array<string | boolean>>;

export interface DisplayConditions {
	show: Conditions;
	hide: Conditions;
}

/**
 * The selector values n8n sees for a call: a selector hidden by `showWhen` is absent from the
 * node's parameters, whatever default the router then uses for it.
 */
function visibleSelectorValues(operation: ResolvedOperation, call: ResolvedCall): Record<string, string | boolean | undefined> {
	const values: Record<string, string | boolean | undefined> = {};
	for (const selector of operation.selectors) {
		values[selector.name] = isSelectorShown(selector, values) ? call.when[selector.name] : undefined;
	}
	return values;
}

/**
 * The display conditions under which a parameter present in `members` of the calls is shown.
 * Selectors whose values do not matter for membership are left out. A selector that can be
 * hidden (showWhen) is absent while hidden, so a field that its default form needs is kept on
 * screen with `hide` (the other values) rather than `show`. The result must select exactly
 * `members` as n8n evaluates it, or the resource file asks for something the UI cannot express.
 */
function conditionsFor(operation: ResolvedOperation, members: ResolvedCall[]): DisplayConditions {
	const conditions: DisplayConditions = { show: {}, hide: {} };
	if (members.length === operation.calls.length) return conditions;
	for (const selector of operation.selectors) {
		const all = new Set(operation.calls.map((call) => call.when[selector.name]));
		const chosen = new Set(members.map((call) => call.when[selector.name]));
		if (chosen.size === all.size) continue;
		if (selector.showWhen && chosen.has(selector.default)) {
			conditions.hide[selector.name] = [...all].filter((value) => !chosen.has(value));
		} else {
			conditions.show[selector.name] = [...chosen];
		}
	}
	for (const call of operation.calls) {
		const seen = visibleSelectorValues(operation, call);
		const shown =
			Object.entries(conditions.show).every(([name, values]) => values.includes(seen[name] as string | boolean)) &&
			!Object.entries(conditions.hide).some(([name, values]) => values.includes(seen[name] as string | boolean));
		if (shown !== members.includes(call)) {
			throw new Error(
				`operation "${operation.definition.value}": the selectors cannot show a field exactly for ${members.map((m) => m.operation).join(', ')}`,
			);
		}
	}
	return conditions;
}

function enumOptions(type: string, presentation: ParameterPresentation): INodePropertyOptions[] {
	return catalog.enums[type].map((value) => ({
		name: humanizeEnumValue(value),
		value,
		...(presentation.optionDescriptions?.[value] ? { description: presentation.optionDescriptions[value] } : {}),
	}));
}

function emptyValue(field: CatalogField): string | number | boolean {
	switch (field.type) {
		case 'boolean':
			return false;
		case 'int':
		case 'short':
		case 'long':
		case 'float':
			return 0;
		default:
			return isEnumType(field.type) ? catalog.enums[field.type][0] : '';
	}
}

function describe(parameter: ResolvedParameter): string | undefined {
	const { presentation, field } = parameter;
	if (presentation.description) return presentation.description;
	if (parameter.editor === 'binary') return 'Name of the input binary field that holds the file';
	if (parameter.editor === 'delimiter') return 'One character, sent as its byte value';
	if (field.type === 'long') return 'A 64-bit number';
	return undefined;
}

const PICKER_SEARCH: Record<string, string> = {
	network: 'searchNetworks',
	mailbox: 'searchMailboxes',
	targetMailbox: 'searchTargetMailboxes',
	tradingPartner: 'searchTradingPartners',
	user: 'searchUsers',
};

/** The n8n property for one parameter, without displayOptions. */
export function parameterProperty(parameter: ResolvedParameter, inCollection: boolean): INodeProperties {
	const { field, presentation, editor } = parameter;
	const base = {
		displayName: parameter.displayName,
		name: parameter.propertyName,
		description: describe(parameter),
		...(presentation.placeholder ? { placeholder: presentation.placeholder } : {}),
	};
	const required = !inCollection && (presentation.required ?? field.required) && field.type !== 'boolean';

	if (editor === 'binary') {
		return {
			...base,
			displayName: presentation.displayName ?? `Input Binary Field (${toDisplayName(field.name)})`,
			type: 'string',
			// An optional file (an attachment) is sent only when a field is named.
			default: 'data',
			required: !inCollection,
			hint: inCollection
				? 'The name of the input binary field containing the file; remove this option to send none'
				: 'The name of the input binary field containing the file',
		};
	}
	if (editor === 'fileName') {
		return {
			...base,
			type: 'string',
			default: '',
			description: presentation.description ?? 'Defaults to the file name of the input binary field',
		};
	}
	if (editor === 'delimiter') {
		return { ...base, type: 'string', default: String(presentation.default ?? ''), required, typeOptions: { maxLength: 1 } } as INodeProperties;
	}
	const picker = editor && PICKER_SEARCH[editor];
	if (picker && !inCollection) {
		return {
			...base,
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			required,
			modes: [
				{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: picker, searchable: true } },
				{
					displayName: 'By ID',
					name: 'id',
					type: 'string',
					placeholder: 'e.g. 123',
					validation: [{ type: 'regex', properties: { regex: '^-?\\d+$', errorMessage: 'Must be a whole number' } }],
				},
			],
		};
	}
	if (isEnumType(field.type)) {
		return {
			...base,
			type: 'options',
			options: enumOptions(field.type, presentation),
			default: (presentation.default as string) ?? catalog.enums[field.type][0],
			required,
		};
	}
	const range = INTEGER_RANGES[field.type];
	let type: NodePropertyTypes = 'string';
	const typeOptions: Record<string, unknown> = {};
	if (range) {
		type = 'number';
		typeOptions.minValue = Number(range.min);
		typeOptions.maxValue = Number(range.max);
		typeOptions.numberPrecision = 0;
	} else if (field.type === 'float') {
		type = 'number';
	} else if (field.type === 'boolean') {
		type = 'boolean';
	} else if (field.type === 'dateTime') {
		type = 'dateTime';
	} else if (editor === 'password') {
		typeOptions.password = true;
	} else if (presentation.rows) {
		typeOptions.rows = presentation.rows;
	}
	return {
		...base,
		type,
		default: presentation.default ?? emptyValue(field),
		required,
		...(Object.keys(typeOptions).length ? { typeOptions } : {}),
	} as INodeProperties;
}

function withDisplay(property: INodeProperties, show: Record<string, Array<string | boolean>>): INodeProperties {
	return { ...property, displayOptions: { show } };
}

function selectorProperty(selector: VariantSelector): INodeProperties {
	return {
		displayName: selector.displayName,
		name: selector.name,
		type: selector.type,
		description: selector.description,
		default: selector.default,
		...(selector.options ? { options: selector.options } : {}),
	};
}

/** Groups the occurrences of one n8n property name across calls by their shape. */
function groupedParameters(operation: ResolvedOperation, placement: (p: ResolvedParameter) => boolean) {
	const groups = new Map<string, { parameter: ResolvedParameter; members: ResolvedCall[] }>();
	for (const call of operation.calls) {
		for (const parameter of call.parameters) {
			if (!placement(parameter)) continue;
			const shape = parameter.editor === 'binary' ? 'binary' : `${parameter.field.type}|${parameter.editor ?? ''}`;
			const key = `${parameter.propertyName}|${shape}`;
			const group = groups.get(key);
			if (group) group.members.push(call);
			else groups.set(key, { parameter, members: [call] });
		}
	}
	return [...groups.values()];
}

/** All properties of one operation, shown only for its resource and operation. */
export function buildOperationProperties(resource: string, definition: OperationDefinition): INodeProperties[] {
	const operation = resolveOperation(definition);
	const scope = { resource: [resource], operation: [definition.value] };
	const properties: INodeProperties[] = [];

	for (const selector of operation.selectors) {
		properties.push(withDisplay(selectorProperty(selector), { ...scope, ...(selector.showWhen ?? {}) }));
	}

	for (const { parameter, members } of groupedParameters(operation, (p) => p.placement === 'top')) {
		const { show, hide } = conditionsFor(operation, members);
		const property = withDisplay(parameterProperty(parameter, false), { ...scope, ...show });
		if (Object.keys(hide).length) property.displayOptions = { ...property.displayOptions, hide };
		properties.push(property);
	}

	if (operation.returnsList) {
		properties.push(
			withDisplay(
				{
					displayName: 'Return All',
					name: 'returnAll',
					type: 'boolean',
					default: false,
					description: 'Whether to return all results or only up to a given limit',
				},
				scope,
			),
			withDisplay(
				{
					displayName: 'Limit',
					name: 'limit',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 50,
					description: 'Max number of results to return',
				},
				{ ...scope, returnAll: [false] },
			),
		);
	}

	if (definition.output?.kind === 'file') {
		properties.push(
			withDisplay(
				{
					displayName: 'Put Output File in Field',
					name: BINARY_OUTPUT_PROPERTY,
					type: 'string',
					default: 'data',
					required: true,
					hint: 'The name of the output binary field to put the file in',
				},
				scope,
			),
		);
	}

	const additional = groupedParameters(operation, (p) => p.placement === 'additional').map(({ parameter }) =>
		parameterProperty(parameter, true),
	);
	if (additional.length) {
		properties.push(
			withDisplay(
				{
					displayName: 'Additional Fields',
					name: ADDITIONAL_FIELDS,
					type: 'collection',
					placeholder: 'Add Field',
					default: {},
					options: additional.sort((a, b) => a.displayName.localeCompare(b.displayName)),
				},
				scope,
			),
		);
	}

	const options: INodeProperties[] = [];
	if (definition.output?.simplify) {
		options.push({
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			description: `Whether to return only the main fields (${definition.output.simplify.join(', ')}) instead of the full record`,
		});
	}
	if (definition.output?.kind === 'file') {
		options.push({
			displayName: 'Add EDI Summary',
			name: 'ediSummary',
			type: 'boolean',
			default: false,
			description:
				'Whether to add a summary of the X12 (ISA/GS/ST) or EDIFACT (UNB/UNH) envelopes found in the file to the output JSON',
		});
	}
	if (options.length) {
		properties.push(
			withDisplay({ displayName: 'Options', name: OPTIONS, type: 'collection', placeholder: 'Add Option', default: {}, options }, scope),
		);
	}
	return properties;
}

/** The operation selector and all operation properties of one resource. */
export function buildResourceProperties(resource: ResourceDefinition): INodeProperties[] {
	const values = new Set<string>();
	for (const operation of resource.operations) {
		if (values.has(operation.value)) throw new Error(`resource "${resource.value}": operation "${operation.value}" is defined twice`);
		values.add(operation.value);
	}
	const sorted = [...resource.operations].sort((a, b) => a.name.localeCompare(b.name));
	const operationSelector: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options: sorted.map((operation) => ({
			name: operation.name,
			value: operation.value,
			action: operation.action,
			description: operation.description,
		})),
		default: sorted[0].value,
	};
	return [
		operationSelector,
		...shareCommonProperties(
			resource.operations.map((operation) => ({
				operation: operation.value,
				properties: buildOperationProperties(resource.value, operation),
			})),
		),
	];
}

/** A property as the operations it serves see it: everything but which operations those are. */
function sharingKey(property: INodeProperties): string {
	const { operation: _operations, ...show } = property.displayOptions?.show ?? {};
	return JSON.stringify({ ...property, displayOptions: { ...property.displayOptions, show } });
}

/**
 * One resource's operation properties, with a property that several operations have alike (same
 * name, type, texts, default and conditions) given once and shown for all of them, as n8n's own
 * nodes do. n8n walks every property of the description on every execution (defaults and parameter
 * issues) and the editor on every change of a parameter: sharing takes the action node from 666
 * properties to about 380, which made an execution of a small call about a third faster. Each
 * operation still sees its own properties in its own order: a property is shared only where it
 * comes after that operation's previous property, and a new one is placed right after it.
 */
function shareCommonProperties(perOperation: Array<{ operation: string; properties: INodeProperties[] }>): INodeProperties[] {
	const shared: Array<{ key: string; property: INodeProperties; operations: string[] }> = [];
	for (const { operation, properties } of perOperation) {
		let previous = -1;
		for (const property of properties) {
			const key = sharingKey(property);
			let index = shared.findIndex((entry, position) => position > previous && entry.key === key);
			if (index === -1) {
				index = previous + 1;
				shared.splice(index, 0, { key, property, operations: [] });
			}
			shared[index].operations.push(operation);
			previous = index;
		}
	}
	return shared.map(({ property, operations }) => ({
		...property,
		displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, operation: operations } },
	}));
}
