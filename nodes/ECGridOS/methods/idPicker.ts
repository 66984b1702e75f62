/**
 * The one shape of an ID picker: a resource locator that lists entries through one of the list
 * searches in listSearch.ts, or takes the numeric ID typed by hand.
 */
import type { INodeProperties } from 'n8n-workflow';

/** The list search behind each picker (the names of the node's `methods.listSearch`). */
export const SEARCH_METHOD = {
	network: 'searchNetworks',
	mailbox: 'searchMailboxes',
	targetMailbox: 'searchTargetMailboxes',
	tradingPartner: 'searchTradingPartners',
	user: 'searchUsers',
} as const;

export type PickerKind = keyof typeof SEARCH_METHOD;

export interface IdPickerOptions {
	displayName: string;
	name: string;
	description?: string;
	placeholder?: string;
	required?: boolean;
	/** What the "By ID" mode accepts; whole numbers (negatives included) unless said otherwise. */
	idPattern?: string;
}

export function idPicker(kind: PickerKind, options: IdPickerOptions): INodeProperties {
	const { idPattern = '^-?\\d+$', required, ...texts } = options;
	return {
		...texts,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		...(required !== undefined ? { required } : {}),
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: SEARCH_METHOD[kind], searchable: true } },
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 123',
				validation: [{ type: 'regex', properties: { regex: idPattern, errorMessage: 'Must be a whole number' } }],
			},
		],
	};
}
