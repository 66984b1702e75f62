/**
 * Where a decoded value sits in the reply, for saying which one does not match the WSDL; and a
 * primitive decoded there, refused in those words when its text is not one.
 */
import { EcgridosResponseError, excerptOf, type ResponseContext } from './errors';
import { textOf, type XmlElement } from './xmlReader';
import { decodePrimitive, type PrimitiveKind } from './xsd';

/**
 * Where a value sits in the reply, for saying which one does not match the WSDL: a step below its
 * parent, with an item number for list items. The dotted path is only built for an error message.
 */
export interface DecodeScope {
	operation: string;
	context: ResponseContext;
	parent: DecodeScope | undefined;
	step: string;
	/** The item's number in its list, or -1. */
	index: number;
}

export function within(scope: DecodeScope, step: string, index = -1): DecodeScope {
	return { operation: scope.operation, context: scope.context, parent: scope, step, index };
}

function pathOf(scope: DecodeScope): string {
	const step = scope.index >= 0 ? `${scope.step}[${scope.index}]` : scope.step;
	if (!scope.parent) return step;
	const parentPath = pathOf(scope.parent);
	return parentPath ? `${parentPath}.${step}` : step;
}

export function mismatch(scope: DecodeScope, text: string, expected: string): EcgridosResponseError {
	return new EcgridosResponseError(
		scope.operation,
		'mismatch',
		`ECGridOS sent a value that does not match the WSDL: ${pathOf(scope)} "${excerptOf(text.trim(), 40)}" is not a valid ${expected}`,
		scope.context,
	);
}


/**
 * A primitive of `kind`, named `type` in error messages. The element sits at `step`/`index` below
 * `parent`; that scope is only made for an error.
 */
export function decodePrimitiveAt(
	kind: PrimitiveKind,
	type: string,
	element: XmlElement,
	parent: DecodeScope,
	step: string,
	index: number,
): unknown {
	const value = decodePrimitive(kind, element);
	if (value === undefined) throw mismatch(within(parent, step, index), textOf(element), type);
	return value;
}
