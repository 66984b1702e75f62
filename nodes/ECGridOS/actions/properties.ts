/**
 * The n8n properties of the node's operations: one property per resolved parameter, typed by its
 * catalog type, plus the selectors, Return All / Limit, Additional Fields and Options, each shown
 * for its resource and operation (and, where only some WSDL calls have it, their selector values).
 */
import type { INodeProperties, INodePropertyOptions, NodePropertyTypes } from 'n8n-workflow';

import { INTEGER_RANGES, catalog, isEnumType, resultCanCarrySecret, type CatalogField } from '../catalog';
import { idPicker, type PickerKind } from '../methods/idPicker';
import { conditionsFor } from './displayConditions';
import { compareDisplayNames, humanizeEnumValue, toDisplayName } from './naming';
import {
	ADDITIONAL_FIELDS,
	BINARY_OUTPUT_PROPERTY,
	EDI_SUMMARY,
	INCLUDE_SECRETS,
	LIMIT,
	OPTIONS,
	RETURN_ALL,
	SIMPLIFY,
} from './propertyNames';
import { shareCommonProperties } from './propertySharing';
import { resolveOperation, type ResolvedCall, type ResolvedOperation, type ResolvedParameter } from './resolution';
import type { OperationDefinition, ParameterPresentation, ResourceDefinition, VariantSelector } from './types';

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

const PICKERS: ReadonlySet<ParameterPresentation['editor']> = new Set<PickerKind>([
	'network',
	'mailbox',
	'targetMailbox',
	'tradingPartner',
	'user',
]);

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
	if (PICKERS.has(editor) && !inCollection) return idPicker(editor as PickerKind, { ...base, required });
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
					name: RETURN_ALL,
					type: 'boolean',
					default: false,
					description: 'Whether to return all results or only up to a given limit',
				},
				scope,
			),
			withDisplay(
				{
					displayName: 'Limit',
					name: LIMIT,
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 50,
					description: 'Max number of results to return',
				},
				{ ...scope, [RETURN_ALL]: [false] },
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
					options: additional.sort((a, b) => compareDisplayNames(a.displayName, b.displayName)),
				},
				scope,
			),
		);
	}

	const options: INodeProperties[] = [];
	if (definition.output?.simplify) {
		options.push({
			displayName: 'Simplify',
			name: SIMPLIFY,
			type: 'boolean',
			default: true,
			description: `Whether to return only the main fields (${definition.output.simplify.join(', ')}) instead of the full record`,
		});
	}
	if (definition.output?.kind === 'file') {
		options.push({
			displayName: 'Add EDI Summary',
			name: EDI_SUMMARY,
			type: 'boolean',
			default: false,
			description:
				'Whether to add a summary of the X12 (ISA/GS/ST) or EDIFACT (UNB/UNH) envelopes found in the file to the output JSON',
		});
	}
	if (operation.calls.some((call) => resultCanCarrySecret(call.operation))) {
		options.push({
			displayName: 'Include Secrets',
			name: INCLUDE_SECRETS,
			type: 'boolean',
			default: false,
			description:
				'Whether to output the secrets the result holds (passwords, shared secrets, private keys, session IDs, API keys), which are left out otherwise. Their values then land in n8n’s stored execution data, readable by anyone who can see this workflow’s executions.',
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
	const sorted = [...resource.operations].sort((a, b) => compareDisplayNames(a.name, b.name));
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
