/** The seed format (networks, mailboxes, users, trading partners), its loader and the demo seed. */
import { readFileSync } from 'node:fs';
import { enumValues } from './catalog';
import demoJson from './seeds/demo.json';

export interface SeedNetwork {
	networkId: number;
	name: string;
	location?: string;
}

export interface SeedMailbox {
	mailboxId: number;
	networkId: number;
	name: string;
	description?: string;
}

export interface SeedUser {
	userId: number;
	loginName: string;
	password: string;
	/** A GUID used in place of a session ID. */
	apiKey: string;
	/** An AuthLevel enum value: Root, TechOps, NetOps, NetworkAdmin, NetworkUser, MailboxAdmin, MailboxUser, TPUser, General. */
	authLevel: string;
	networkId: number;
	/** 0 for network-wide and system users. */
	mailboxId: number;
	firstName?: string;
	lastName?: string;
	company?: string;
	email?: string;
}

export interface SeedTradingPartner {
	ecgridId: number;
	networkId: number;
	mailboxId: number;
	qualifier: string;
	id: string;
	description?: string;
	mailboxDefault?: boolean;
}

export interface SimulatorSeed {
	networks: SeedNetwork[];
	mailboxes: SeedMailbox[];
	users: SeedUser[];
	tradingPartners: SeedTradingPartner[];
}

export const demoSeed: SimulatorSeed = demoJson;

function assertSeed(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(`Invalid simulator seed: ${message}`);
}

/** Checks the references between seed records, so a typo fails at start rather than in a workflow. */
export function validateSeed(seed: SimulatorSeed): SimulatorSeed {
	assertSeed(Array.isArray(seed.networks) && seed.networks.length > 0, 'networks must be a non-empty array');
	for (const key of ['mailboxes', 'users', 'tradingPartners'] as const) assertSeed(Array.isArray(seed[key]), `${key} must be an array`);
	const networkIds = new Set(seed.networks.map((network) => network.networkId));
	const mailboxes = new Map(seed.mailboxes.map((mailbox) => [mailbox.mailboxId, mailbox]));
	for (const mailbox of seed.mailboxes) assertSeed(networkIds.has(mailbox.networkId), `mailbox ${mailbox.mailboxId} names unknown network ${mailbox.networkId}`);
	const authLevels = enumValues('AuthLevel');
	const logins = new Set<string>();
	for (const user of seed.users) {
		assertSeed(typeof user.loginName === 'string' && user.loginName.length > 0, `user ${user.userId} has no loginName`);
		assertSeed(!logins.has(user.loginName.toLowerCase()), `login name ${user.loginName} is used twice`);
		logins.add(user.loginName.toLowerCase());
		assertSeed(authLevels.includes(user.authLevel) && user.authLevel !== 'NoChange', `user ${user.userId} has an unknown authLevel`);
		assertSeed(networkIds.has(user.networkId), `user ${user.userId} names unknown network ${user.networkId}`);
		assertSeed(user.mailboxId === 0 || mailboxes.get(user.mailboxId)?.networkId === user.networkId, `user ${user.userId} names a mailbox outside its network`);
	}
	const partnerIds = new Set<string>();
	for (const partner of seed.tradingPartners) {
		assertSeed(mailboxes.get(partner.mailboxId)?.networkId === partner.networkId, `trading partner ${partner.ecgridId} names a mailbox outside its network`);
		const key = `${partner.qualifier}:${partner.id}`.toUpperCase();
		assertSeed(!partnerIds.has(key), `trading partner ${key} is listed twice`);
		partnerIds.add(key);
	}
	return seed;
}

export function loadSeed(seed: SimulatorSeed | string | undefined): SimulatorSeed {
	if (seed === undefined) return validateSeed(demoSeed);
	if (typeof seed === 'string') return validateSeed(JSON.parse(readFileSync(seed, 'utf8')) as SimulatorSeed);
	return validateSeed(seed);
}
