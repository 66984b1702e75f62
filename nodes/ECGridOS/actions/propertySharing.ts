/**
 * Sharing alike properties among a resource's operations, as n8n's own nodes do.
 */
import type { INodeProperties } from 'n8n-workflow';

/** A property as the operations it serves see it: everything but which operations those are. */
function sharingKey(property: INodeProperties): string {
	const { operation: _operations, ...show } = property.displayOptions?.show ?? {};
	return JSON.stringify({ ...property, displayOptions: { ...property.displayOptions, show } });
}

/**
 * One resource's operation properties, with a property that several operations have alike (same
 * name, type, texts, default and conditions) given once and shown for all of them, as n8n's own
 * nodes do: n8n walks every property of the description on every execution (defaults and parameter
 * issues) and the editor on every change of a parameter, so fewer properties make both faster. Each
 * operation still sees its own properties in its own order: a property is shared only where it
 * comes after that operation's previous property, and a new one is placed right after it.
 */
export function shareCommonProperties(perOperation: Array<{ operation: string; properties: INodeProperties[] }>): INodeProperties[] {
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
