/**
 * Pickers for IDs users would otherwise have to look up: networks, mailboxes, trading partners
 * and users, searched through the same transport as every other call.
 */
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { ecgridosRequest } from '../transport';

type Row = Record<string, unknown>;

function matches(filter: string | undefined, ...texts: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((text) => String(text ?? '').toLowerCase().includes(needle));
}

/**
 * A positive ID set in the node's `parameter` (a picker or a number), if any. Read raw rather than
 * with extractValue, which throws for a parameter the current operation does not show.
 */
function chosenId(context: ILoadOptionsFunctions, parameter: string): number | undefined {
	const raw = context.getCurrentNodeParameter(parameter);
	const value = raw && typeof raw === 'object' && 'value' in raw ? (raw as { value: unknown }).value : raw;
	const id = Number(value);
	return value !== undefined && value !== '' && Number.isInteger(id) && id > 0 ? id : undefined;
}

async function whoAmI(context: ILoadOptionsFunctions): Promise<Row> {
	return (await ecgridosRequest.call(context, 'WhoAmI', {})) as Row;
}

export async function searchNetworks(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const networks = (await ecgridosRequest.call(this, 'NetworkList', { Name: filter ?? '' })) as Row[];
	const results: INodeListSearchItems[] = networks.map((network) => ({
		name: `${String(network.Name)} (${String(network.NetworkID)})`,
		value: String(network.NetworkID),
	}));
	return { results };
}

async function mailboxesOf(context: ILoadOptionsFunctions, network: number | undefined, filter?: string): Promise<INodeListSearchResult> {
	const mailboxes = (
		network === undefined
			? await ecgridosRequest.call(context, 'MailboxList', { Name: filter ?? '' })
			: await ecgridosRequest.call(context, 'MailboxListEx', { NetworkID: network, Name: filter ?? '' })
	) as Row[];
	return {
		results: mailboxes.map((mailbox) => ({
			name: `${String(mailbox.Name)} (${String(mailbox.MailboxID)})`,
			value: String(mailbox.MailboxID),
		})),
	};
}

export async function searchMailboxes(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return mailboxesOf(this, chosenId(this, 'networkId'), filter);
}

/** Mailboxes of the chosen target network (a migration's destination). */
export async function searchTargetMailboxes(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return mailboxesOf(this, chosenId(this, 'targetNetworkId'), filter);
}

/**
 * "ZZ:ACME" or "ZZ ACME" searches by qualifier and ID; anything else by description within the
 * chosen (or the session's) network and mailbox.
 */
export async function searchTradingPartners(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const qualified = filter ? /^\s*(\w{1,4})\s*[: ]\s*(\S.*?)\s*$/.exec(filter) : null;
	let partners: Row[];
	if (qualified) {
		partners = (await ecgridosRequest.call(this, 'TPSearch', {
			Qualifier: qualified[1],
			ID: qualified[2],
			ShowInactive: false,
		})) as Row[];
	} else {
		const session = await whoAmI(this);
		const network = chosenId(this, 'networkId') ?? Number(session.NetworkID);
		const mailbox = chosenId(this, 'mailboxId') ?? Number(session.MailboxID);
		partners = (await ecgridosRequest.call(this, 'TPFindEx', {
			NetworkID: network,
			MailboxID: mailbox,
			Description: filter ?? '',
			ShowInactive: false,
		})) as Row[];
	}
	return {
		results: partners.map((partner) => ({
			name: `${String(partner.Qualifier)}:${String(partner.ID)} ${String(partner.Description ?? '')} (${String(partner.ECGridID)})`.trim(),
			value: String(partner.ECGridID),
		})),
	};
}

export async function searchUsers(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const users = (await ecgridosRequest.call(this, 'UserList', { Name: filter ?? '' })) as Row[];
	return {
		results: users
			.filter((user) => matches(filter, user.LoginName, user.FirstName, user.LastName))
			.map((user) => ({
				name: `${String(user.FirstName ?? '')} ${String(user.LastName ?? '')} <${String(user.LoginName)}> (${String(user.UserID)})`.trim(),
				value: String(user.UserID),
			})),
	};
}
