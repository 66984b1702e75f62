/**
 * The ways ECGridOS doubles its operations, as reusable selectors: the plain form acts on the
 * mailbox (or network) of the session or API key while the `…Ex` form names one; the binary form
 * carries base64Binary while the `…A` form carries the same bytes as base64 text. Resource files
 * fold variants only through these functions, so the choice has one model and one set of values.
 */
import type { VariantSelector, VariantSpec } from './types';

export const MAILBOX_SCOPE: VariantSelector = {
	name: 'mailboxScope',
	displayName: 'Mailbox',
	description: 'Whose mailbox to act on',
	type: 'options',
	options: [
		{
			name: 'Own Mailbox',
			value: 'own',
			description: 'The network and mailbox of the credential’s user or API key',
		},
		{
			name: 'Specific Network and Mailbox',
			value: 'specific',
			description: 'Any mailbox the credential may administer (network or mailbox admins)',
		},
	],
	default: 'own',
};

export const TRANSFER_ENCODING: VariantSelector = {
	name: 'transferEncoding',
	displayName: 'Transfer Encoding',
	description:
		'How the file travels in the SOAP message. Both carry the same bytes; the base64-text form suits gateways that mangle binary elements.',
	type: 'options',
	options: [
		{ name: 'Binary (base64Binary)', value: 'binary' },
		{ name: 'Base64 Text', value: 'base64Text' },
	],
	default: 'binary',
};

/** Operations whose plain form works in the session's network and whose `…Ex` form names a network. */
export const NETWORK_SCOPE: VariantSelector = {
	name: 'networkScope',
	displayName: 'Network',
	description: 'Which network to act in',
	type: 'options',
	options: [
		{ name: 'Own Network', value: 'own', description: 'The network of the credential’s user or API key' },
		{ name: 'Specific Network', value: 'specific', description: 'Any network the credential may administer' },
	],
	default: 'own',
};

/** Whether a form acts on the credential's own mailbox (or network) or on a named one. */
export type Scope = 'own' | 'specific';

/** One WSDL operation of a scoped operation: the scope it acts on and the values of further selectors that pick it. */
export interface ScopedCall {
	scope: Scope;
	operation: string;
	when?: Record<string, string | boolean>;
}

/** `showWhen` of a further selector that only the specific-mailbox forms have. */
export const SPECIFIC_MAILBOX_ONLY: Record<string, Array<string | boolean>> = { [MAILBOX_SCOPE.name]: ['specific'] };

/**
 * Own-mailbox and `…Ex` forms of one operation, refined by `further` selectors where ECGridOS
 * offers more than one form. `scope` is the scope selector, MAILBOX_SCOPE unless a resource words
 * the same choice for its operation.
 */
export function scopedBy(calls: ScopedCall[], further: VariantSelector[] = [], scope: VariantSelector = MAILBOX_SCOPE): VariantSpec {
	return {
		selectors: [scope, ...further],
		calls: calls.map((call) => ({ operation: call.operation, when: { [scope.name]: call.scope, ...call.when } })),
	};
}

/**
 * Own-mailbox form and `…Ex` form of one operation. The `…Ex` form is listed first so that its
 * network and mailbox pickers come before the fields both forms share.
 */
export function scoped(own: string, specific: string): VariantSpec {
	return scopedBy([
		{ scope: 'specific', operation: specific },
		{ scope: 'own', operation: own },
	]);
}

/** Session-network form and `…Ex` form of one operation, the `…Ex` form first as in `scoped`. */
export function networkScoped(own: string, specific: string): VariantSpec {
	return scopedBy(
		[
			{ scope: 'specific', operation: specific },
			{ scope: 'own', operation: own },
		],
		[],
		NETWORK_SCOPE,
	);
}

/** Binary form and `…A` base64-text form of one operation. */
export function encoded(binary: string, base64Text: string): VariantSpec {
	return {
		selectors: [TRANSFER_ENCODING],
		calls: [
			{ operation: binary, when: { transferEncoding: 'binary' } },
			{ operation: base64Text, when: { transferEncoding: 'base64Text' } },
		],
	};
}
