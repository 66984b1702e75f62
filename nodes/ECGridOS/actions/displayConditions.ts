/**
 * The display conditions under which n8n shows a parameter that only some of an operation's WSDL
 * calls have, worked out from the variant selectors.
 */
import type { ResolvedCall, ResolvedOperation } from './resolution';
import { isSelectorShown } from './resolution';

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
export function conditionsFor(operation: ResolvedOperation, members: ResolvedCall[]): DisplayConditions {
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
