/**
 * The simulator's state: plain records in maps keyed by ID, with an index of parcels by mailbox.
 * Times are epoch milliseconds (undefined = never, rendered as .NET's MinValue). Everything except
 * sessions is saved to the optional data file; sessions are dropped on restart, as a server
 * restart would end them.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { SimulatorSeed } from './seed';

export interface ContactMap {
	[contactType: string]: number | undefined;
}

export interface X12Delimiters {
	segTerm: number;
	elmSep: number;
	subElmSep: number;
}

export interface NetworkRecord {
	networkId: number;
	name: string;
	location: string;
	status: string;
	created: number;
	modified: number;
	contacts: ContactMap;
	websites: Record<string, string>;
	delimiters: X12Delimiters;
	deleteOnDownload: boolean;
}

export interface MailboxRecord {
	mailboxId: number;
	networkId: number;
	name: string;
	description: string;
	status: string;
	created: number;
	modified: number;
	managed: boolean;
	useType: string;
	contacts: ContactMap;
	inBoxTimeoutMinutes: number;
	delimiters: X12Delimiters;
	deleteOnDownload: boolean;
}

export interface UserRecord {
	userId: number;
	loginName: string;
	password: string;
	apiKey: string;
	authLevel: string;
	networkId: number;
	mailboxId: number;
	firstName: string;
	lastName: string;
	company: string;
	email: string;
	phone: string;
	cellPhone: string;
	cellCarrier: string;
	recoveryQuestion: string;
	recoveryAnswer: string;
	status: string;
	lockedOut: boolean;
	failedLogins: number;
	maxSessions: number;
	created: number;
	modified: number;
	lastLogin?: number;
}

export interface SessionEventRecord {
	apiCall: string;
	date: number;
	milliseconds: number;
	ip: string;
	returnCode: string;
	comment: string;
}

export interface SessionRecord {
	sessionId: string;
	userId: number;
	viaApiKey: boolean;
	started: number;
	lastActivity: number;
	ended?: number;
	status: 'Open' | 'Closed' | 'Expired';
	ip: string;
	eventCount: number;
	events: SessionEventRecord[];
}

export interface TradingPartnerRecord {
	ecgridId: number;
	networkId: number;
	mailboxId: number;
	qualifier: string;
	id: string;
	description: string;
	dataEmail: string;
	mailboxDefault: boolean;
	status: string;
	useType: string;
	ownerUserId: number;
	routingGroup: string;
	created: number;
	modified: number;
	effective: number;
	expires?: number;
	lastTraffic?: number;
}

export interface NoteRecord {
	noteId: number;
	date: number;
	status: string;
	userId: number;
	postedBy: string;
	mailTo: string;
	note: string;
	attachmentName?: string;
	attachmentBase64?: string;
}

export interface InterconnectRecord {
	interconnectId: number;
	uniqueId: string;
	ecgridId1: number;
	ecgridId2: number;
	reference1: string;
	reference2: string;
	contactName: string;
	contactEmail: string;
	status: string;
	requestorUserId: number;
	created: number;
	modified: number;
	completed?: number;
	notes: NoteRecord[];
}

export interface CarbonCopyRecord {
	carbonCopyId: number;
	networkId: number;
	mailboxId: number;
	ecgridIdFrom: number;
	ecgridIdTo: number;
	ecgridIdCcFrom: number;
	ecgridIdCcTo: number;
	gsFrom: string;
	gsTo: string;
	transactionSet: string;
	status: string;
	created: number;
	modified: number;
}

export interface CertificateRecord {
	certKeyId: number;
	certType: string;
	usage: string;
	keyId: string;
	userIdText: string;
	partnerId: string;
	partnerUrl: string;
	secureHashAlgorithm: string;
	subject: string;
	issuer: string;
	serialNumber: string;
	thumbprint: string;
	hasPrivateKey: boolean;
	publicCertificateBase64?: string;
	beginUsage: number;
	endUsage?: number;
	notBefore?: number;
	notAfter?: number;
	status: string;
}

export interface CommRecord {
	commId: number;
	type: string;
	version: string;
	created: number;
	modified: number;
	hosted: boolean;
	identifier: string;
	ownerUserId: number;
	networkId: number;
	mailboxId: number;
	useType: string;
	url: string;
	signData: boolean;
	encryptData: boolean;
	compressData: boolean;
	beginUsage?: number;
	endUsage?: number;
	status: string;
	receipt: string;
	httpAuthType: string;
	httpUser: string;
	httpPassword: string;
	defaultMailboxId: number;
	pairedEcgridIds: number[];
	certificates: CertificateRecord[];
}

export interface KeyRecord {
	key: string;
	value: string;
	meta: string;
	systemObject: string;
	objectId: number;
	visibility: string;
	networkId: number;
	mailboxId: number;
	userId: number;
	sessionId: string;
	created: number;
	expires: number;
}

export interface MigrationRecord {
	migrationId: number;
	name: string;
	networkId: number;
	mailboxId: number;
	targetNetworkId: number;
	targetMailboxId: number;
	scheduled: number;
	status: string;
	ownerUserId: number;
	created: number;
	modified: number;
	batches: Array<{ batchId: number; name: string; scheduled: number; created: number; modified: number; status: string; ecgridIds: number[] }>;
}

export interface ManifestRecord {
	date: number;
	networkId: number;
	type: string;
	parcelId: number;
	interchangeId: number;
	statusCode: string;
}

export interface ParcelRecord {
	parcelId: number;
	direction: 'InBox' | 'OutBox';
	/** The mailbox whose inbox or outbox holds the parcel. */
	networkId: number;
	mailboxId: number;
	fromNetworkId: number;
	fromMailboxId: number;
	toNetworkId: number;
	toMailboxId: number;
	fromEcgridId: number;
	toEcgridId: number;
	fileName: string;
	bytes: number;
	date: number;
	statusCode: string;
	statusDate: number;
	standard: string;
	valid: string;
	mailbagControlId: string;
	localStatus: number;
	localStatusDate?: number;
	acknowledgment: string;
	interchangeIds: number[];
	/** For inbox parcels: the sender's outbox parcel. For outbox parcels: the inbox parcels it produced. */
	relatedParcelIds: number[];
	downloadedAt?: number;
	archiveDate?: number;
	manifest: ManifestRecord[];
	notes: NoteRecord[];
}

export interface InterchangeRecord {
	interchangeId: number;
	outboxParcelId: number;
	inboxParcelId: number;
	standard: string;
	controlId: string;
	header: string;
	documentType: string;
	/** The interchange is bytes [offset, offset + bytes) of its outbox parcel's content. */
	offset: number;
	bytes: number;
	fromEcgridId: number;
	toEcgridId: number;
	fromNetworkId: number;
	fromMailboxId: number;
	toNetworkId: number;
	toMailboxId: number;
	interchangeDate?: number;
	processDate: number;
	statusCode: string;
	statusDate: number;
	/** Set when the interchange was delivered as a carbon copy. */
	carbonCopyId: number;
	manifest: ManifestRecord[];
}

export interface CallbackEventRecord {
	callbackEventId: number;
	networkId: number;
	mailboxId: number;
	userId: number;
	created: number;
	modified: number;
	systemObject: string;
	objectStatus: number;
	direction: string;
	frequency: number;
	maxRetries: number;
	status: string;
	url: string;
	httpAuthType: string;
	httpUser: string;
	httpPassword: string;
}

export interface CallbackLogRecord {
	callbackLogId: number;
	date: number;
	callNumber: number;
	returnCode: number;
	message: string;
}

export interface CallbackQueueRecord {
	callbackQueueId: number;
	callbackEventId: number;
	date: number;
	callsRemaining: number;
	nextCall: number;
	status: string;
	objectId: number;
	userId: number;
	test: boolean;
	payload: Record<string, string>;
	logs: CallbackLogRecord[];
}

interface PersistedState {
	format: 'ecgridos-simulator-state';
	version: 1;
	counters: Record<string, number>;
	networks: NetworkRecord[];
	mailboxes: MailboxRecord[];
	users: UserRecord[];
	tradingPartners: TradingPartnerRecord[];
	interconnects: InterconnectRecord[];
	carbonCopies: CarbonCopyRecord[];
	comms: CommRecord[];
	keys: KeyRecord[];
	migrations: MigrationRecord[];
	parcels: ParcelRecord[];
	interchanges: InterchangeRecord[];
	contents: Record<string, string>;
	callbackEvents: CallbackEventRecord[];
	callbackQueue: CallbackQueueRecord[];
	closedSessions: SessionRecord[];
}

const FIRST_IDS: Record<string, number> = {
	user: 1000,
	mailbox: 5000,
	ecgridId: 200000,
	interconnect: 3000,
	carbonCopy: 400,
	comm: 600,
	certificate: 800,
	migration: 70,
	migrationBatch: 700,
	parcel: 500000000,
	interchange: 60000000,
	note: 1,
	callbackEvent: 900,
	callbackQueue: 9000000,
	callbackLog: 90000000,
};

export class Store {
	counters: Record<string, number> = { ...FIRST_IDS };
	networks = new Map<number, NetworkRecord>();
	mailboxes = new Map<number, MailboxRecord>();
	users = new Map<number, UserRecord>();
	sessions = new Map<string, SessionRecord>();
	tradingPartners = new Map<number, TradingPartnerRecord>();
	interconnects = new Map<number, InterconnectRecord>();
	carbonCopies = new Map<number, CarbonCopyRecord>();
	comms = new Map<number, CommRecord>();
	keys: KeyRecord[] = [];
	migrations = new Map<number, MigrationRecord>();
	parcels = new Map<number, ParcelRecord>();
	interchanges = new Map<number, InterchangeRecord>();
	callbackEvents = new Map<number, CallbackEventRecord>();
	callbackQueue = new Map<number, CallbackQueueRecord>();
	/** Parcel content, kept apart from the records so listings never touch it. */
	contents = new Map<number, Buffer>();
	private parcelsByMailbox = new Map<number, ParcelRecord[]>();
	private changeListener: (() => void) | undefined;

	nextId(kind: keyof typeof FIRST_IDS | string): number {
		this.counters[kind] = (this.counters[kind] ?? FIRST_IDS[kind] ?? 1) + 1;
		return this.counters[kind];
	}

	onChange(listener: () => void): void {
		this.changeListener = listener;
	}

	changed(): void {
		this.changeListener?.();
	}

	addParcel(parcel: ParcelRecord, content: Buffer): void {
		this.parcels.set(parcel.parcelId, parcel);
		this.contents.set(parcel.parcelId, content);
		const list = this.parcelsByMailbox.get(parcel.mailboxId);
		if (list) list.push(parcel);
		else this.parcelsByMailbox.set(parcel.mailboxId, [parcel]);
	}

	parcelsOfMailbox(mailboxId: number): readonly ParcelRecord[] {
		return this.parcelsByMailbox.get(mailboxId) ?? [];
	}

	userByLogin(loginName: string): UserRecord | undefined {
		const wanted = loginName.toLowerCase();
		for (const user of this.users.values()) if (user.loginName.toLowerCase() === wanted) return user;
		return undefined;
	}

	userByApiKey(apiKey: string): UserRecord | undefined {
		const wanted = apiKey.toLowerCase();
		for (const user of this.users.values()) if (user.apiKey.toLowerCase() === wanted) return user;
		return undefined;
	}

	static fromSeed(seed: SimulatorSeed, now: number): Store {
		const store = new Store();
		const delimiters = (): X12Delimiters => ({ segTerm: 126, elmSep: 42, subElmSep: 62 });
		for (const network of seed.networks) {
			store.networks.set(network.networkId, {
				networkId: network.networkId,
				name: network.name,
				location: network.location ?? '',
				status: 'Active',
				created: now,
				modified: now,
				contacts: {},
				websites: {},
				delimiters: delimiters(),
				deleteOnDownload: false,
			});
		}
		for (const mailbox of seed.mailboxes) {
			store.mailboxes.set(mailbox.mailboxId, {
				mailboxId: mailbox.mailboxId,
				networkId: mailbox.networkId,
				name: mailbox.name,
				description: mailbox.description ?? '',
				status: 'Active',
				created: now,
				modified: now,
				managed: false,
				useType: 'Production',
				contacts: {},
				inBoxTimeoutMinutes: 0,
				delimiters: delimiters(),
				deleteOnDownload: false,
			});
		}
		for (const user of seed.users) {
			store.users.set(user.userId, {
				userId: user.userId,
				loginName: user.loginName,
				password: user.password,
				apiKey: user.apiKey,
				authLevel: user.authLevel,
				networkId: user.networkId,
				mailboxId: user.mailboxId,
				firstName: user.firstName ?? '',
				lastName: user.lastName ?? '',
				company: user.company ?? '',
				email: user.email ?? '',
				phone: '',
				cellPhone: '',
				cellCarrier: 'Undefined',
				recoveryQuestion: '',
				recoveryAnswer: '',
				status: 'Active',
				lockedOut: false,
				failedLogins: 0,
				maxSessions: 10,
				created: now,
				modified: now,
			});
		}
		for (const mailbox of store.mailboxes.values()) {
			const owner = seed.users.find((user) => user.mailboxId === mailbox.mailboxId && user.authLevel === 'MailboxAdmin');
			if (owner) mailbox.contacts.Owner = owner.userId;
		}
		for (const network of store.networks.values()) {
			const owner = seed.users.find((user) => user.networkId === network.networkId && user.authLevel === 'NetworkAdmin');
			if (owner) network.contacts.Owner = owner.userId;
		}
		for (const partner of seed.tradingPartners) {
			const owner = seed.users.find((user) => user.mailboxId === partner.mailboxId && user.authLevel === 'MailboxAdmin');
			store.tradingPartners.set(partner.ecgridId, {
				ecgridId: partner.ecgridId,
				networkId: partner.networkId,
				mailboxId: partner.mailboxId,
				qualifier: partner.qualifier,
				id: partner.id,
				description: partner.description ?? '',
				dataEmail: '',
				mailboxDefault: partner.mailboxDefault ?? false,
				status: 'Active',
				useType: 'Production',
				ownerUserId: owner?.userId ?? 0,
				routingGroup: 'ProductionA',
				created: now,
				modified: now,
				effective: now,
			});
		}
		return store;
	}

	toPersisted(): PersistedState {
		const contents: Record<string, string> = {};
		for (const [parcelId, content] of this.contents) contents[parcelId] = content.toString('base64');
		return {
			format: 'ecgridos-simulator-state',
			version: 1,
			counters: this.counters,
			networks: [...this.networks.values()],
			mailboxes: [...this.mailboxes.values()],
			users: [...this.users.values()],
			tradingPartners: [...this.tradingPartners.values()],
			interconnects: [...this.interconnects.values()],
			carbonCopies: [...this.carbonCopies.values()],
			comms: [...this.comms.values()],
			keys: this.keys,
			migrations: [...this.migrations.values()],
			parcels: [...this.parcels.values()],
			interchanges: [...this.interchanges.values()],
			contents,
			callbackEvents: [...this.callbackEvents.values()],
			callbackQueue: [...this.callbackQueue.values()],
			closedSessions: [...this.sessions.values()].filter((session) => session.status !== 'Open'),
		};
	}

	static fromPersisted(state: PersistedState): Store {
		if (state.format !== 'ecgridos-simulator-state' || state.version !== 1) throw new Error('The data file is not an ECGridOS simulator state file');
		const store = new Store();
		const byKey = <T, K>(records: T[], key: (record: T) => K) => new Map(records.map((record) => [key(record), record]));
		store.counters = { ...FIRST_IDS, ...state.counters };
		store.networks = byKey(state.networks, (record) => record.networkId);
		store.mailboxes = byKey(state.mailboxes, (record) => record.mailboxId);
		store.users = byKey(state.users, (record) => record.userId);
		store.tradingPartners = byKey(state.tradingPartners, (record) => record.ecgridId);
		store.interconnects = byKey(state.interconnects, (record) => record.interconnectId);
		store.carbonCopies = byKey(state.carbonCopies, (record) => record.carbonCopyId);
		store.comms = byKey(state.comms, (record) => record.commId);
		store.keys = state.keys;
		store.migrations = byKey(state.migrations, (record) => record.migrationId);
		store.interchanges = byKey(state.interchanges, (record) => record.interchangeId);
		store.callbackEvents = byKey(state.callbackEvents, (record) => record.callbackEventId);
		store.callbackQueue = byKey(state.callbackQueue, (record) => record.callbackQueueId);
		store.sessions = byKey(state.closedSessions, (record) => record.sessionId);
		for (const parcel of state.parcels) store.addParcel(parcel, Buffer.from(state.contents[parcel.parcelId] ?? '', 'base64'));
		return store;
	}
}

export function loadStateFile(path: string): Store | undefined {
	if (!existsSync(path)) return undefined;
	return Store.fromPersisted(JSON.parse(readFileSync(path, 'utf8')) as PersistedState);
}

/** Written to a temporary file and renamed, so a crash mid-write never leaves half a state file. */
export function saveStateFile(path: string, store: Store): void {
	const temporary = `${path}.${process.pid}.tmp`;
	writeFileSync(temporary, JSON.stringify(store.toPersisted()));
	renameSync(temporary, path);
}
