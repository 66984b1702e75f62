/**
 * Which mailbox the trigger watches, and how to name it in messages. The choice is the action
 * node's: the `mailboxScope` selector of actions/variants.ts, whose `own` value picks the plain
 * ECGridOS call (the credential's own network and mailbox) and whose `specific` value picks the
 * `…Ex` call (a NetworkID and MailboxID). Each event states its calls as a `scoped()` pair.
 *
 * Version 1 of the trigger named the second choice `chosen`; workflows saved with it keep working:
 * it reads as `specific`.
 */
import { NodeOperationError, type IPollFunctions } from 'n8n-workflow';

import type { VariantSpec } from '../actions/types';
import { MAILBOX_SCOPE } from '../actions/variants';
import { ecgridosRequest } from '../transport';

/** The value version 1 of the trigger saved for a specific network and mailbox. */
export const LEGACY_SPECIFIC_SCOPE = 'chosen';

export type MailboxScope = { kind: 'own' } | { kind: 'specific'; networkId: number; mailboxId: number };

export interface MailboxAddress {
	networkId: number;
	mailboxId: number;
}

/** A whole number from a resource locator or number parameter; 0 when left empty. */
export function idParameter(context: IPollFunctions, name: string): number {
	const raw = context.getNodeParameter(name, '', { extractValue: true }) as unknown;
	const text = String(raw ?? '').trim();
	if (text === '') return 0;
	if (!/^\d+$/.test(text)) {
		throw new NodeOperationError(context.getNode(), `"${text}" is not a valid ID for ${name}`, {
			description: 'Pick an entry from the list, or type the numeric ID.',
		});
	}
	return Number(text);
}

export function readScope(context: IPollFunctions): MailboxScope {
	const value = context.getNodeParameter(MAILBOX_SCOPE.name, MAILBOX_SCOPE.default) as string;
	if (value !== 'specific' && value !== LEGACY_SPECIFIC_SCOPE) return { kind: 'own' };
	const networkId = idParameter(context, 'networkId');
	const mailboxId = idParameter(context, 'mailboxId');
	if (networkId === 0 || mailboxId === 0) {
		throw new NodeOperationError(context.getNode(), 'Choose the network and the mailbox to watch', {
			description: "Or set Mailbox to Watch to the credential's own mailbox.",
		});
	}
	return { kind: 'specific', networkId, mailboxId };
}

/**
 * The scope as it appears in the key of a saved cursor. Cursors saved before the rename carry
 * `chosen`; keeping that spelling keeps them valid, so an update does not restart the trigger.
 */
export function cursorScope(scope: MailboxScope): object {
	return scope.kind === 'own' ? { kind: 'own' } : { kind: LEGACY_SPECIFIC_SCOPE, networkId: scope.networkId, mailboxId: scope.mailboxId };
}

export function describeScope(scope: MailboxScope): string {
	return scope.kind === 'own'
		? "the credential's mailbox"
		: `mailbox ${scope.mailboxId} of network ${scope.networkId}`;
}

/** The network and mailbox of a scope; for the credential's own, asked of ECGridOS (WhoAmI). */
export async function addressOf(context: IPollFunctions, scope: MailboxScope): Promise<MailboxAddress> {
	if (scope.kind === 'specific') return { networkId: scope.networkId, mailboxId: scope.mailboxId };
	const session = (await ecgridosRequest.call(context, 'WhoAmI', {})) as Record<string, unknown>;
	return { networkId: Number(session.NetworkID ?? 0), mailboxId: Number(session.MailboxID ?? 0) };
}

/** The WSDL operation of a `scoped()` pair for a value of the mailbox selector. */
function operationOf(spec: VariantSpec, scopeValue: 'own' | 'specific'): string {
	const call = spec.calls.find((candidate) => candidate.when[MAILBOX_SCOPE.name] === scopeValue);
	if (!call) throw new Error(`No ${scopeValue} form among ${spec.calls.map((candidate) => candidate.operation).join(', ')}`);
	return call.operation;
}

/**
 * Calls the form of a `scoped()` pair that fits the scope: the plain form for the credential's
 * own mailbox, the `…Ex` form with NetworkID and MailboxID otherwise. `specificForm` takes the
 * `…Ex` form for the own mailbox too, for parameters only that form has (sender/receiver filters).
 */
export async function callScoped(
	context: IPollFunctions,
	spec: VariantSpec,
	scope: MailboxScope,
	values: Record<string, unknown>,
	specificForm = false,
): Promise<unknown> {
	if (scope.kind === 'own' && !specificForm) return await ecgridosRequest.call(context, operationOf(spec, 'own'), values);
	const address = await addressOf(context, scope);
	return await ecgridosRequest.call(context, operationOf(spec, 'specific'), {
		NetworkID: address.networkId,
		MailboxID: address.mailboxId,
		...values,
	});
}
