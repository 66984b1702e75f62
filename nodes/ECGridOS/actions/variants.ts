/**
 * The ways ECGridOS doubles its operations, as reusable selectors: the plain form acts on the
 * mailbox of the session (or API key) while the `…Ex` form names a network and mailbox; the
 * binary form carries base64Binary while the `…A` form carries the same bytes as base64 text.
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

/**
 * Own-mailbox form and `…Ex` form of one operation. The `…Ex` form is listed first so that its
 * network and mailbox pickers come before the fields both forms share.
 */
export function scoped(own: string, specific: string): VariantSpec {
	return {
		selectors: [MAILBOX_SCOPE],
		calls: [
			{ operation: specific, when: { mailboxScope: 'specific' } },
			{ operation: own, when: { mailboxScope: 'own' } },
		],
	};
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
