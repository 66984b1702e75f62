/**
 * Which mailbox the trigger watches, and how to name it in messages. The plain ECGridOS calls act
 * on the credential's own network and mailbox; the `…Ex` forms take a NetworkID and MailboxID.
 */
import { NodeOperationError, type IPollFunctions } from 'n8n-workflow';

import { ecgridosRequest } from '../transport';

export type MailboxScope = { kind: 'own' } | { kind: 'chosen'; networkId: number; mailboxId: number };

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
	if (context.getNodeParameter('mailboxScope', 'own') !== 'chosen') return { kind: 'own' };
	const networkId = idParameter(context, 'networkId');
	const mailboxId = idParameter(context, 'mailboxId');
	if (networkId === 0 || mailboxId === 0) {
		throw new NodeOperationError(context.getNode(), 'Choose the network and the mailbox to watch', {
			description: 'Or set Mailbox to Watch to "Credential\'s Mailbox".',
		});
	}
	return { kind: 'chosen', networkId, mailboxId };
}

export function describeScope(scope: MailboxScope): string {
	return scope.kind === 'own'
		? "the credential's mailbox"
		: `mailbox ${scope.mailboxId} of network ${scope.networkId}`;
}

/** The network and mailbox of a scope; for the credential's own, asked of ECGridOS (WhoAmI). */
export async function addressOf(context: IPollFunctions, scope: MailboxScope): Promise<MailboxAddress> {
	if (scope.kind === 'chosen') return { networkId: scope.networkId, mailboxId: scope.mailboxId };
	const session = (await ecgridosRequest.call(context, 'WhoAmI', {})) as Record<string, unknown>;
	return { networkId: Number(session.NetworkID ?? 0), mailboxId: Number(session.MailboxID ?? 0) };
}
