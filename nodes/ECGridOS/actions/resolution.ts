/**
 * Resolves a resource file's operation (curated words) against the catalog (facts): which WSDL
 * calls it folds together, and for each parameter its n8n name, editor and place on screen. Both
 * the node's description and its execution go through `resolveOperation`, and `chooseCall` picks
 * the WSDL call at run time, so what users see and what is sent cannot drift apart.
 */
import { getOperation, listResultOf, pagingOf, type CatalogField, type IdKind } from '../catalog';
import { toDisplayName, toPropertyName } from './naming';
import { BINARY_INPUT_PROPERTY } from './propertyNames';
import type { OperationDefinition, ParameterPresentation, VariantCall, VariantSelector } from './types';

/** Filled in by the transport from the credential. */
const SESSION_PARAMETER = 'SessionID';

export type Placement = 'top' | 'additional' | 'hidden' | 'pageNumber' | 'pageSize';

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

/** The picker each kind of ID gets unless the resource file says otherwise. */
const PICKER_OF_ID_KIND: Record<IdKind, NonNullable<ParameterPresentation['editor']>> = {
	network: 'network',
	mailbox: 'mailbox',
	tradingPartner: 'tradingPartner',
	user: 'user',
};

function defaultEditor(parameter: CatalogField): ParameterPresentation['editor'] {
	if (parameter.type === 'base64Binary') return 'binary';
	if (parameter.type === 'unsignedByte') return 'delimiter';
	if (parameter.secret) return 'password';
	if (parameter.idKind) return PICKER_OF_ID_KIND[parameter.idKind];
	return undefined;
}

function placementOf(
	operation: string,
	parameter: CatalogField,
	presentation: ParameterPresentation,
	editor: ParameterPresentation['editor'],
): Placement {
	const paging = pagingOf(operation);
	if (paging?.pageNumber === parameter.name) return 'pageNumber';
	if (paging?.pageSize === parameter.name) return 'pageSize';
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
					placement: placementOf(call.operation, parameter, presentation, editor),
				};
			});
		return { ...call, parameters, paged: pagingOf(call.operation) !== undefined };
	});

	for (const name of Object.keys(presentations)) {
		if (!known.has(name)) throw new Error(`${where}: no WSDL operation of it has a parameter "${name}"`);
	}
	const resolved: ResolvedOperation = {
		definition,
		selectors,
		calls: resolvedCalls,
		returnsList: resolvedCalls.some((call) => listResultOf(call.operation) !== undefined),
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
