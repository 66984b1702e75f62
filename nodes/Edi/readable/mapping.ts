/**
 * The readable form, both directions from one description per transaction set (the set files in
 * this folder): which segments a set has, what their elements are called, and how they group into
 * loops. Reading turns a set's segments into named fields and lists; writing turns such an object
 * back into segments in the order the description gives. The same description says which elements
 * are required or numeric, which is what the syntax check behind the acknowledgments uses.
 *
 * A segment the description does not know is left out of the readable form and listed by position
 * in `unmappedSegments`; the item's `segments` array always holds every segment.
 */
import type { Element, Segment } from '../syntax/document';
import type { EdiIssue } from '../syntax/issues';

export type ReadableValue = string | number | ReadableObject | ReadableValue[];
export interface ReadableObject {
	[key: string]: ReadableValue;
}

export interface FieldRule {
	name: string;
	element: number;
	/** Component within a composite (1-based); the whole element when absent. */
	component?: number;
	/** Read as a number when it looks like one; written back as text. */
	numeric?: boolean;
	/** X12 N2: a number with two implied decimal places ('255438' is 2554.38). */
	impliedDecimals?: number;
	required?: boolean;
}

export interface SegmentRule {
	type: 'segment';
	tag: string;
	/** Absent: the fields merge into the enclosing object. Present: one object, or a list with `repeat`. */
	key?: string;
	repeat?: boolean;
	/** A mandatory segment of the set (checked once, at the top level). */
	required?: boolean;
	fields: FieldRule[];
	/** Qualifier/ID pairs from this element on (X12 PO1/IT1/LIN product IDs). */
	pairs?: { from: number; key: string; names: [string, string] };
	/** Every element from this position on, as a list (X12 AK5/AK9 error codes). */
	list?: { from: number; key: string };
}

export interface LoopRule {
	type: 'loop';
	key: string;
	/** The first rule starts each repetition of the loop. */
	rules: Rule[];
}

export type Rule = SegmentRule | LoopRule;

export interface SetDescription {
	/** What the set is, for users (e.g. 'Purchase Order'). */
	title: string;
	rules: Rule[];
}

/** Shorthand for a field rule: `field('quantity', 2, { numeric: true })`, `field('currency', 1, { component: 2 })`. */
export function field(name: string, element: number, options: Omit<FieldRule, 'name' | 'element'> = {}): FieldRule {
	return { name, element, ...options };
}

export function segment(tag: string, fields: FieldRule[], options: Omit<SegmentRule, 'type' | 'tag' | 'fields'> = {}): SegmentRule {
	return { type: 'segment', tag, fields, ...options };
}

export function loop(key: string, rules: Rule[]): LoopRule {
	return { type: 'loop', key, rules };
}

function startTag(rule: Rule): string {
	return rule.type === 'segment' ? rule.tag : startTag(rule.rules[0]);
}

function valueAt(segment: Segment, element: number, component?: number): string {
	const value: Element | undefined = segment[element];
	if (value === undefined) return '';
	if (typeof value === 'string') return component === undefined || component === 1 ? value : '';
	const first = (Array.isArray(value[0]) ? value[0] : value) as string[];
	if (component === undefined) return first.join(':');
	return first[component - 1] ?? '';
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

interface Context {
	/** EDIFACT decimal mark, when it is not '.'. */
	decimal: string;
}

function readValue(raw: string, rule: FieldRule, context: Context): string | number {
	if (!rule.numeric && !rule.impliedDecimals) return raw;
	const normalized = context.decimal !== '.' ? raw.replace(context.decimal, '.') : raw;
	if (!NUMBER.test(normalized)) return raw;
	const number = Number(normalized);
	return rule.impliedDecimals ? number / 10 ** rule.impliedDecimals : number;
}

function writeValue(value: ReadableValue, rule: FieldRule, context: Context): string {
	if (typeof value === 'number') {
		const text = rule.impliedDecimals ? String(Math.round(value * 10 ** rule.impliedDecimals)) : String(value);
		return context.decimal !== '.' ? text.replace('.', context.decimal) : text;
	}
	return typeof value === 'string' ? value : JSON.stringify(value);
}

function readSegment(rule: SegmentRule, source: Segment, target: ReadableObject, context: Context): void {
	const object: ReadableObject = rule.key ? {} : target;
	for (const fieldRule of rule.fields) {
		const raw = valueAt(source, fieldRule.element, fieldRule.component);
		if (raw !== '') object[fieldRule.name] = readValue(raw, fieldRule, context);
	}
	if (rule.pairs) {
		const pairs: ReadableObject[] = [];
		for (let index = rule.pairs.from; index < source.length; index += 2) {
			const qualifier = valueAt(source, index);
			const id = valueAt(source, index + 1);
			if (qualifier || id) pairs.push({ [rule.pairs.names[0]]: qualifier, [rule.pairs.names[1]]: id });
		}
		if (pairs.length > 0) object[rule.pairs.key] = pairs;
	}
	if (rule.list) {
		const values = source.slice(rule.list.from).map((_, index) => valueAt(source, rule.list!.from + index)).filter((value) => value !== '');
		if (values.length > 0) object[rule.list.key] = values;
	}
	if (!rule.key) return;
	if (rule.repeat) {
		const list = (target[rule.key] ??= []) as ReadableValue[];
		list.push(object);
	} else {
		target[rule.key] = object;
	}
}

interface Walk {
	segments: Segment[];
	index: number;
	unmapped: number[];
	context: Context;
}

/** Reads segments into `target` while they belong to `rules` (or to a loop below); returns at a segment of an enclosing level. */
function readLevel(rules: Rule[], target: ReadableObject, walk: Walk, enclosingTags: Set<string>): void {
	let cursor = 0;
	while (walk.index < walk.segments.length) {
		const current = walk.segments[walk.index];
		const tag = current[0];
		// The next rule in order first, so that a tag used twice (header and summary MOA) lands in the right place.
		let found = -1;
		for (let offset = 0; offset < rules.length; offset++) {
			const candidate = (cursor + offset) % rules.length;
			if (startTag(rules[candidate]) === tag) {
				found = candidate;
				break;
			}
		}
		if (found === -1) {
			if (enclosingTags.has(tag)) return;
			walk.unmapped.push(walk.index);
			walk.index++;
			continue;
		}
		cursor = found;
		const rule = rules[found];
		if (rule.type === 'segment') {
			readSegment(rule, current, target, walk.context);
			walk.index++;
			continue;
		}
		const entry: ReadableObject = {};
		((target[rule.key] ??= []) as ReadableValue[]).push(entry);
		const [first, ...rest] = rule.rules;
		readSegment(first as SegmentRule, current, entry, walk.context);
		walk.index++;
		const innerEnclosing = new Set([...enclosingTags, ...rules.map(startTag)]);
		readLevel(rest, entry, walk, innerEnclosing);
	}
}

/**
 * The readable form of a transaction set's body (its segments without ST/SE or UNH/UNT), and the
 * positions (1-based within the set) of the segments it does not know.
 */
export function toReadable(description: SetDescription, body: Segment[], decimal = '.'): { readable: ReadableObject; unmappedSegments: number[] } {
	const readable: ReadableObject = {};
	const walk: Walk = { segments: body, index: 0, unmapped: [], context: { decimal } };
	readLevel(description.rules, readable, walk, new Set());
	return { readable, unmappedSegments: walk.unmapped.map((index) => index + 2) };
}

function place(elements: Element[], rule: FieldRule, text: string): void {
	if (rule.component === undefined) {
		elements[rule.element] = text;
		return;
	}
	const existing = elements[rule.element];
	const components = Array.isArray(existing) ? (existing as string[]) : typeof existing === 'string' && existing !== '' ? [existing] : [];
	while (components.length < rule.component) components.push('');
	components[rule.component - 1] = text;
	elements[rule.element] = components;
}

function trimTrailing(elements: Element[]): Element[] {
	const trimmed = elements.map((element) => {
		if (element === undefined) return '';
		if (!Array.isArray(element)) return element;
		const components = [...(element as string[])];
		while (components.length > 1 && components[components.length - 1] === '') components.pop();
		return components.length === 1 ? components[0] : components;
	});
	while (trimmed.length > 1 && (trimmed[trimmed.length - 1] === '' || trimmed[trimmed.length - 1] === undefined)) trimmed.pop();
	return trimmed;
}

function hasAny(rule: SegmentRule, source: ReadableObject): boolean {
	return rule.fields.some((fieldRule) => source[fieldRule.name] !== undefined) || (rule.pairs !== undefined && source[rule.pairs.key] !== undefined);
}

function writeSegment(rule: SegmentRule, source: ReadableObject, context: Context): Segment {
	const elements: Element[] = [rule.tag];
	for (const fieldRule of rule.fields) {
		const value = source[fieldRule.name];
		if (value === undefined || value === null || value === '') continue;
		place(elements, fieldRule, writeValue(value, fieldRule, context));
	}
	if (rule.pairs) {
		const pairs = source[rule.pairs.key];
		if (Array.isArray(pairs)) {
			pairs.forEach((pair, index) => {
				const object = (pair ?? {}) as ReadableObject;
				elements[rule.pairs!.from + index * 2] = String(object[rule.pairs!.names[0]] ?? '');
				elements[rule.pairs!.from + index * 2 + 1] = String(object[rule.pairs!.names[1]] ?? '');
			});
		}
	}
	if (rule.list) {
		const values = source[rule.list.key];
		if (Array.isArray(values)) values.forEach((value, index) => (elements[rule.list!.from + index] = String(value)));
	}
	for (let index = 1; index < elements.length; index++) if (elements[index] === undefined) elements[index] = '';
	return trimTrailing(elements) as Segment;
}

function asList(value: ReadableValue | undefined): ReadableObject[] {
	if (value === undefined || value === null) return [];
	return (Array.isArray(value) ? value : [value]) as ReadableObject[];
}

function writeLevel(rules: Rule[], source: ReadableObject, out: Segment[], context: Context, isLoopStart = false): void {
	rules.forEach((rule, index) => {
		if (rule.type === 'loop') {
			for (const entry of asList(source[rule.key])) writeLevel(rule.rules, entry, out, context, true);
			return;
		}
		if (rule.key) {
			const values = rule.repeat ? asList(source[rule.key]) : source[rule.key] !== undefined ? [source[rule.key] as ReadableObject] : [];
			for (const value of values) out.push(writeSegment(rule, value, context));
		} else if ((isLoopStart && index === 0) || hasAny(rule, source)) {
			out.push(writeSegment(rule, source, context));
		}
	});
}

/** The segments of a transaction set's body (without ST/SE or UNH/UNT) from its readable form. */
export function fromReadable(description: SetDescription, readable: ReadableObject, decimal = '.'): Segment[] {
	const out: Segment[] = [];
	writeLevel(description.rules, readable, out, { decimal });
	return out;
}

function collectSegmentRules(rules: Rule[], into: Map<string, SegmentRule>): void {
	for (const rule of rules) {
		if (rule.type === 'loop') collectSegmentRules(rule.rules, into);
		else if (!into.has(rule.tag)) into.set(rule.tag, rule);
	}
}

/**
 * Element-level checks a known set allows without an implementation guide: required segments
 * present, required elements filled, numeric elements numeric. `body` starts after ST/UNH; issue
 * positions are within the set (ST or UNH is 1) and, through `firstPosition`, in the file.
 */
export function checkSet(description: SetDescription, body: Segment[], firstPosition: number, decimal = '.'): EdiIssue[] {
	const issues: EdiIssue[] = [];
	const byTag = new Map<string, SegmentRule>();
	collectSegmentRules(description.rules, byTag);
	const present = new Set(body.map((current) => current[0]));
	for (const rule of description.rules) {
		if (rule.type === 'segment' && rule.required && !present.has(rule.tag)) {
			issues.push({
				kind: 'missingSegment',
				level: 'set',
				message: `the required segment ${rule.tag} is missing`,
				position: firstPosition,
				segmentId: rule.tag,
				positionInSet: 1,
			});
		}
	}
	body.forEach((current, index) => {
		const rule = byTag.get(current[0]);
		if (!rule) return;
		const positionInSet = index + 2;
		const position = firstPosition + index + 1;
		for (const fieldRule of rule.fields) {
			const raw = valueAt(current, fieldRule.element, fieldRule.component);
			const where = { position, segmentId: current[0], positionInSet, elementPosition: fieldRule.element, componentPosition: fieldRule.component };
			const name = `${current[0]}${String(fieldRule.element).padStart(2, '0')}${fieldRule.component ? `-${fieldRule.component}` : ''}`;
			if (fieldRule.required && raw === '') {
				issues.push({ kind: 'missingElement', level: 'set', message: `${name} (${fieldRule.name}) is required but empty in segment ${position}`, ...where });
			} else if (raw !== '' && (fieldRule.numeric || fieldRule.impliedDecimals)) {
				const normalized = decimal !== '.' ? raw.replace(decimal, '.') : raw;
				if (!NUMBER.test(normalized) || (fieldRule.impliedDecimals && !/^-?\d+$/.test(raw))) {
					issues.push({
						kind: 'invalidCharacter',
						level: 'set',
						message: `${name} (${fieldRule.name}) must be a number but holds ${JSON.stringify(raw)} in segment ${position}`,
						value: raw,
						...where,
					});
				}
			}
		}
	});
	return issues;
}
