/**
 * Response decoding: a reply into JSON by the operation's declared result type, driven by the
 * catalog. Decoded shapes, by declared type:
 * - int, short, unsignedByte, float: number (a float that is INF/NaN stays the string sent).
 * - long: number when it is a safe integer, otherwise the decimal string, so that 64-bit IDs never
 *   lose precision. Callers that need exact arithmetic use `BigInt(value)` on either form.
 * - boolean: boolean. Enums and strings: string (an empty element is '').
 * - dateTime: an ISO-8601 string, zoned values in UTC (see xsd/dateTime.ts).
 * - base64Binary: Buffer.
 * - `ArrayOfX`: always an array (0, 1 or n items); nil items are skipped.
 * - `…Collection`: an object with PageSize, PageNumber, Count, TotalRecords, TotalPages and the
 *   `…List` as an array (an array even when the element is missing).
 * - DataSet: an array of row objects (see dataSet.ts).
 * - Complex types: an object with the catalog's fields; an optional field that is absent stays
 *   absent, an empty element of a complex type is {}, xsi:nil is null. Elements the catalog does
 *   not know are ignored, so a newer server build does not break older nodes.
 */
import { arrayItemField, catalog, getOperation, isEnumType } from '../../catalog';
import { decodeDataSet } from './dataSet';
import { decodePrimitiveAt, within, type DecodeScope } from './decodeScope';
import { replyResult } from './envelope';
import type { ResponseContext } from './errors';
import { isNil, textOf, type XmlElement } from './xmlReader';
import { decodeEnum } from './xsd/enumeration';
import { primitiveKind, type PrimitiveKind } from './xsd';

/** How a declared type decodes: as a primitive, or as one of the structured kinds. */
export type DecodeKind = PrimitiveKind | 'dataSet' | 'enum' | 'array' | 'complex';

interface FieldPlan {
	name: string;
	type: string;
	repeated: boolean;
	/** A missing list of a `…Collection` decodes as []. */
	emptyList: boolean;
	/** Which child element list holds this field's elements (fields of one name share it). */
	slot: number;
	plan: TypePlan | undefined;
}

interface TypePlan {
	kind: DecodeKind;
	type: string;
	/** array: the repeated item field. complex: the fields in catalog order. */
	fields: FieldPlan[];
	/** complex: slot of each field name; a slot collects every child of that name when a field repeats. */
	slots: Map<string, number>;
	slotNames: string[];
	slotRepeats: boolean[];
}

// One plan per declared type, made on first use: pure memoisation of the catalog, which never
// changes while the process runs, so the cache is immutable in effect.
const decodePlans = new Map<string, TypePlan>();

function decodePlan(type: string): TypePlan {
	let plan = decodePlans.get(type);
	if (plan) return plan;
	const primitive = primitiveKind(type);
	plan = { kind: 'complex', type, fields: [], slots: new Map(), slotNames: [], slotRepeats: [] };
	if (type === 'DataSet') {
		plan.kind = 'dataSet';
	} else if (primitive !== undefined) {
		plan.kind = primitive;
	} else if (isEnumType(type)) {
		plan.kind = 'enum';
	} else {
		const itemField = arrayItemField(type);
		const fields = itemField ? [itemField] : catalog.types[type].fields;
		plan.kind = itemField ? 'array' : 'complex';
		for (const field of fields) {
			let slot = plan.slots.get(field.name);
			if (slot === undefined) {
				slot = plan.slotRepeats.length;
				plan.slots.set(field.name, slot);
				plan.slotNames.push(field.name);
				plan.slotRepeats.push(false);
			}
			if (field.repeated) plan.slotRepeats[slot] = true;
			plan.fields.push({
				name: field.name,
				type: field.type,
				repeated: field.repeated === true,
				emptyList: type.endsWith('Collection') && arrayItemField(field.type) !== undefined,
				slot,
				plan: undefined,
			});
		}
	}
	decodePlans.set(type, plan);
	return plan;
}

function fieldPlan(field: FieldPlan): TypePlan {
	return field.plan ?? (field.plan = decodePlan(field.type));
}

/** Decodes `element` as `plan`'s type; it sits at `step`/`index` below `parent`. */
function decodeValue(plan: TypePlan, element: XmlElement, parent: DecodeScope, step: string, index: number): unknown {
	if (isNil(element)) return null;
	switch (plan.kind) {
		case 'dataSet':
			return decodeDataSet(element, within(parent, step, index));
		case 'enum':
			return decodeEnum(textOf(element));
		case 'array':
			return decodeArray(plan.fields[0], element, within(parent, step, index));
		case 'complex':
			return decodeComplex(plan, element, within(parent, step, index));
	}
	return decodePrimitiveAt(plan.kind, plan.type, element, parent, step, index);
}

function decodeArray(itemField: FieldPlan, element: XmlElement, scope: DecodeScope): unknown[] {
	const itemPlan = fieldPlan(itemField);
	const items: unknown[] = [];
	for (const child of element.elements) {
		if (child.local === itemField.name && !isNil(child)) {
			items.push(decodeValue(itemPlan, child, scope, itemField.name, items.length));
		}
	}
	return items;
}

function decodeComplex(plan: TypePlan, element: XmlElement, scope: DecodeScope): Record<string, unknown> {
	// Children are sorted into the fields in one pass; fields then decode in catalog order, so the
	// keys come in that order and the first mismatch reported is the same whatever the child order.
	const slotCount = plan.slotNames.length;
	const found: Array<XmlElement | XmlElement[] | undefined> = new Array(slotCount);
	// Children usually come in catalog order: try the slot after the last one found before the map.
	let next = 0;
	for (const child of element.elements) {
		let slot: number | undefined = next;
		if (next >= slotCount || plan.slotNames[next] !== child.local) {
			slot = plan.slots.get(child.local);
			if (slot === undefined) continue;
		}
		next = slot + 1;
		if (plan.slotRepeats[slot]) {
			const list = found[slot] as XmlElement[] | undefined;
			if (list) list.push(child);
			else found[slot] = [child];
		} else if (found[slot] === undefined) {
			found[slot] = child;
		}
	}
	const result: Record<string, unknown> = {};
	for (const field of plan.fields) {
		const match = found[field.slot];
		if (field.repeated) {
			const values: unknown[] = [];
			if (match) {
				const childPlan = fieldPlan(field);
				for (const child of match as XmlElement[]) {
					if (!isNil(child)) values.push(decodeValue(childPlan, child, scope, field.name, -1));
				}
			}
			result[field.name] = values;
		} else if (match !== undefined) {
			const child = plan.slotRepeats[field.slot] ? (match as XmlElement[])[0] : (match as XmlElement);
			result[field.name] = decodeValue(fieldPlan(field), child, scope, field.name, -1);
		} else if (field.emptyList) {
			result[field.name] = [];
		}
	}
	return result;
}

/**
 * Decodes the reply to `operationName` into JSON by the operation's declared result type (see the
 * top of this file for the shapes). Throws EcgridosFault for a SOAP fault and EcgridosResponseError
 * for anything that is not this operation's SOAP reply.
 */
export function decodeResponse(operationName: string, body: Buffer | string, context: ResponseContext = {}): unknown {
	const resultElement = replyResult(operationName, body, context);
	if (resultElement === undefined) return undefined;
	const { result } = getOperation(operationName);
	const response: DecodeScope = { operation: operationName, context, parent: undefined, step: '', index: -1 };
	return decodeValue(decodePlan(result.type), resultElement, response, result.name, -1);
}
