/**
 * Two n8n workers (queue mode) sharing one Login credential: each worker is a separate copy of the
 * transport and the credential (jest.isolateModules), so each has its own per-process session state,
 * and both read and write one stored credential, as n8n's workers share one database. n8n stores a
 * new session without a lock: the last writer wins.
 *
 * No test here depends on timing: where a worker must have read the credential before the other
 * one wrote, its first read is given the data as they were then.
 */
import type { ICredentialDataDecryptedObject, ICredentialType, INodeType } from 'n8n-workflow';

import {
	createCredentialsHelper,
	runNode,
	type InMemoryCredentialsHelper,
	type StoredCredential,
} from '../harness';
import { startFixtureServer, type FixtureServer } from '../support/fixtureServer';

interface WorkerModules {
	credentialType: ICredentialType;
	nodeType: new () => INodeType;
	forgetSharedSessions: () => void;
}

/** A fresh copy of the credential and the transport, with its own module state: one worker process. */
function loadWorkerModules(): WorkerModules {
	let modules: WorkerModules | undefined;
	jest.isolateModules(() => {
		/* eslint-disable @typescript-eslint/no-require-imports */
		const { ECGridOSApi } = require('../../credentials/ECGridOSApi.credentials');
		const { TransportTestNode } = require('../support/transportTestNode');
		const { forgetSharedSessions } = require('../../nodes/ECGridOS/transport/session');
		/* eslint-enable @typescript-eslint/no-require-imports */
		modules = { credentialType: new ECGridOSApi(), nodeType: TransportTestNode, forgetSharedSessions };
	});
	if (!modules) throw new Error('the worker modules did not load');
	return modules;
}

/**
 * One worker: its own credentials helper, running its own copy of the credential type, over the
 * stored credentials of `database` (shared through the prototype: `stored` and `updates`).
 */
class Worker {
	readonly modules = loadWorkerModules();

	readonly helper: InMemoryCredentialsHelper;

	private staleRead: ICredentialDataDecryptedObject | undefined;

	constructor(
		database: InMemoryCredentialsHelper,
		private readonly credential: StoredCredential,
	) {
		const helper = Object.create(database) as InMemoryCredentialsHelper;
		// The helper's private registry of credential types, so that n8n runs this worker's copy.
		Object.defineProperty(helper, 'types', {
			value: new Map([[this.modules.credentialType.name, this.modules.credentialType]]),
		});
		const readStored = database.getDecrypted.bind(helper);
		Object.defineProperty(helper, 'getDecrypted', {
			value: async (...args: Parameters<InMemoryCredentialsHelper['getDecrypted']>) => {
				const stale = this.staleRead;
				this.staleRead = undefined;
				return stale ? { ...(await readStored(...args)), ...structuredClone(stale) } : await readStored(...args);
			},
		});
		this.helper = helper;
	}

	/** The next credential read of this worker returns `data` over what is stored: it read before a write. */
	readsBeforeAWrite(data: ICredentialDataDecryptedObject): void {
		this.staleRead = data;
	}

	async call(operation = 'WhoAmI') {
		return await runNode({
			nodeType: this.modules.nodeType,
			parameters: { operation, values: '{}' },
			credentials: { ecgridOsApi: this.credential },
			credentialsHelper: this.helper,
		});
	}
}

let fixture: FixtureServer;
let database: InMemoryCredentialsHelper;
let credential: StoredCredential;
let first: Worker;
let second: Worker;

const storedSession = () => database.dataOf(credential).sessionId as string;
const sessionsSentTo = (operation: string) =>
	fixture.requests.filter((request) => request.operation === operation).map((request) => request.parameters.SessionID);

beforeEach(async () => {
	fixture = await startFixtureServer();
	database = createCredentialsHelper();
	const [user] = fixture.users;
	credential = database.add('ecgridOsApi', {
		authentication: 'login',
		loginName: user.loginName,
		password: user.password,
		environment: 'custom',
		customUrl: fixture.endpointUrl,
	});
	first = new Worker(database, credential);
	second = new Worker(database, credential);
});

afterEach(async () => {
	first.modules.forgetSharedSessions();
	second.modules.forgetSharedSessions();
	await fixture.stop();
});

/**
 * Both workers log in (both read the credential while it held no session), the first one's write
 * comes last, so the store holds the first worker's session and the second keeps its own, newer
 * than the store, in its per-process memory. Then every session expires.
 */
async function bothLoggedInThenExpired(): Promise<{ firstSession: string; secondSession: string }> {
	expect((await second.call()).error).toBeUndefined();
	const secondSession = storedSession();
	first.readsBeforeAWrite({ sessionId: '' });
	expect((await first.call()).error).toBeUndefined();
	const firstSession = storedSession();
	expect(firstSession).not.toBe(secondSession);
	expect(fixture.count('Login')).toBe(2);
	fixture.expireAllSessions();
	return { firstSession, secondSession };
}

test('a worker whose session was rejected takes the session the other worker has just renewed, and stores nothing', async () => {
	const { firstSession } = await bothLoggedInThenExpired();
	// The second worker reads the credential (the first worker's session), then the first worker
	// meets the expiry and renews.
	second.readsBeforeAWrite({ sessionId: firstSession });
	expect((await first.call()).error).toBeUndefined();
	const renewedByFirst = storedSession();
	expect(renewedByFirst).not.toBe(firstSession);
	const updatesBefore = database.updates.length;

	const { items, error } = await second.call();

	expect(error).toBeUndefined();
	expect(items[0].json.result).toMatchObject({ LoginName: 'alice' });
	// Sent the session it had read, was refused, read the credential again and used what it found.
	expect(sessionsSentTo('WhoAmI').slice(-2)).toEqual([firstSession, renewedByFirst]);
	expect(fixture.count('Login')).toBe(3);
	expect(storedSession()).toBe(renewedByFirst);
	expect(database.updates.length).toBe(updatesBefore);
});

test('a worker that must log in does so itself instead of handing out its own session from before the expiry', async () => {
	const { firstSession, secondSession } = await bothLoggedInThenExpired();

	const { items, error } = await second.call();

	expect(error).toBeUndefined();
	expect(items[0].json.result).toMatchObject({ LoginName: 'alice' });
	const renewed = storedSession();
	expect([firstSession, secondSession]).not.toContain(renewed);
	expect(fixture.sessions.has(renewed)).toBe(true);
	expect(sessionsSentTo('WhoAmI').slice(-2)).toEqual([firstSession, renewed]);
	// Its own session from before the expiry was never sent again.
	expect(sessionsSentTo('WhoAmI').slice(2)).not.toContain(secondSession);
	expect(fixture.count('Login')).toBe(3);
});

test('executions of one worker meeting the same expiry together log in once', async () => {
	await bothLoggedInThenExpired();

	const runs = await Promise.all([second.call(), second.call(), second.call()]);

	expect(runs.map((run) => run.error)).toEqual([undefined, undefined, undefined]);
	expect(fixture.count('Login')).toBe(3);
	expect(fixture.sessions.has(storedSession())).toBe(true);
});

test('an execution that read the expired session before its own worker stored the renewal uses that renewal, without another Login', async () => {
	const { firstSession } = await bothLoggedInThenExpired();
	expect((await first.call()).error).toBeUndefined();
	const renewed = storedSession();
	expect(fixture.count('Login')).toBe(3);
	const firstSessionSends = sessionsSentTo('WhoAmI').filter((session) => session === firstSession).length;

	// n8n has not yet stored the renewal when this execution reads the credential.
	first.readsBeforeAWrite({ sessionId: firstSession });
	const { items, error } = await first.call();

	expect(error).toBeUndefined();
	expect(items[0].json.result).toMatchObject({ LoginName: 'alice' });
	expect(fixture.count('Login')).toBe(3);
	// The session this worker already saw rejected was not sent again.
	expect(sessionsSentTo('WhoAmI').filter((session) => session === firstSession)).toHaveLength(firstSessionSends);
	expect(sessionsSentTo('WhoAmI').at(-1)).toBe(renewed);
	expect(storedSession()).toBe(renewed);
});
