/** Reports: ADO.NET DataSets computed from the traffic the simulator has routed. */
import { fault } from '../soap/faults';
import { dataSet, type DataTable } from '../soap/dataSet';
import type { InterchangeRecord, MailboxRecord, Store } from '../store';
import { canReach, exScope, inScope, listable, ownScope, type Scope } from './access';
import type { Call, HandlerTable } from './call';
import { ERROR_INTERCHANGE_STATUSES, PENDING_INTERCHANGE_STATUSES } from './statusCodes';

const HOUR = 3600000;
const PERIOD_MS: Record<string, number> = { Hour: HOUR, Day: 24 * HOUR, Week: 7 * 24 * HOUR, Month: 30 * 24 * HOUR };

interface Window {
	begin: number;
	end: number;
}

/** Interchanges touching the scope (as sender or receiver) in a time window, original traffic only. */
function traffic(call: Call | { store: Store }, scope: Scope | undefined, window: Window, reach?: Call): InterchangeRecord[] {
	const result: InterchangeRecord[] = [];
	for (const interchange of call.store.interchanges.values()) {
		if (interchange.processDate < window.begin || interchange.processDate >= window.end) continue;
		const sides: Array<[number, number]> = [
			[interchange.fromNetworkId, interchange.fromMailboxId],
			[interchange.toNetworkId, interchange.toMailboxId],
		];
		if (scope && !sides.some(([networkId, mailboxId]) => inScope(scope, networkId, mailboxId) && (!reach || canReach(reach.me, networkId, mailboxId)))) continue;
		result.push(interchange);
	}
	return result;
}

function monthWindow(month: number | undefined, now: number): Window {
	const date = new Date(month ?? now);
	return { begin: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1), end: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) };
}

/** Report 1 (and 0): traffic per mailbox; report 2: traffic per ECGridID. */
function trafficReport(call: Call, scope: Scope, window: Window): DataTable {
	const report = call.int('Report');
	const interchanges = traffic(call, scope, window, call);
	if (report === 0 || report === 1) {
		const rows = new Map<number, Record<string, number | string>>();
		const row = (networkId: number, mailboxId: number) => {
			let existing = rows.get(mailboxId);
			if (!existing) {
				existing = { NetworkID: networkId, MailboxID: mailboxId, MailboxName: call.store.mailboxes.get(mailboxId)?.name ?? '', InterchangesOut: 0, InterchangesIn: 0, BytesOut: 0, BytesIn: 0 };
				rows.set(mailboxId, existing);
			}
			return existing;
		};
		for (const interchange of interchanges) {
			if (inScope(scope, interchange.fromNetworkId, interchange.fromMailboxId)) {
				const sender = row(interchange.fromNetworkId, interchange.fromMailboxId);
				(sender.InterchangesOut as number)++;
				(sender.BytesOut as number) += interchange.bytes;
			}
			if (interchange.toMailboxId && interchange.inboxParcelId && inScope(scope, interchange.toNetworkId, interchange.toMailboxId)) {
				const receiver = row(interchange.toNetworkId, interchange.toMailboxId);
				(receiver.InterchangesIn as number)++;
				(receiver.BytesIn as number) += interchange.bytes;
			}
		}
		return {
			name: 'Table',
			columns: [
				{ name: 'NetworkID', type: 'int' },
				{ name: 'MailboxID', type: 'int' },
				{ name: 'MailboxName', type: 'string' },
				{ name: 'InterchangesOut', type: 'int' },
				{ name: 'InterchangesIn', type: 'int' },
				{ name: 'BytesOut', type: 'long' },
				{ name: 'BytesIn', type: 'long' },
			],
			rows: [...rows.values()],
		};
	}
	if (report === 2) {
		const rows = new Map<number, Record<string, number | string>>();
		for (const interchange of interchanges) {
			for (const ecgridId of [interchange.fromEcgridId, interchange.toEcgridId]) {
				const partner = call.store.tradingPartners.get(ecgridId);
				if (!partner) continue;
				const row = rows.get(ecgridId) ?? { ECGridID: ecgridId, Qualifier: partner.qualifier, ID: partner.id, Interchanges: 0, Bytes: 0 };
				(row.Interchanges as number)++;
				(row.Bytes as number) += interchange.bytes;
				rows.set(ecgridId, row);
			}
		}
		return {
			name: 'Table',
			columns: [
				{ name: 'ECGridID', type: 'int' },
				{ name: 'Qualifier', type: 'string' },
				{ name: 'ID', type: 'string' },
				{ name: 'Interchanges', type: 'int' },
				{ name: 'Bytes', type: 'long' },
			],
			rows: [...rows.values()],
		};
	}
	throw fault.dataError('Report', 'The simulator offers report 1 (traffic by mailbox) and report 2 (traffic by ECGridID).');
}

function periodStats(call: Call | { store: Store }, scope: Scope | undefined, target: number, periods: number, period: string, reach?: Call) {
	const length = PERIOD_MS[period] ?? HOUR;
	const count = Math.min(Math.max(periods, 1), 1000);
	const rows = [];
	for (let index = count - 1; index >= 0; index--) {
		const window = { begin: target - (index + 1) * length, end: target - index * length };
		const interchanges = traffic(call, scope, window, reach);
		rows.push({
			PeriodStart: new Date(window.begin),
			PeriodEnd: new Date(window.end),
			Interchanges: interchanges.length,
			Bytes: interchanges.reduce((sum, interchange) => sum + interchange.bytes, 0),
		});
	}
	return dataSet({
		name: 'Table',
		columns: [
			{ name: 'PeriodStart', type: 'dateTime' },
			{ name: 'PeriodEnd', type: 'dateTime' },
			{ name: 'Interchanges', type: 'int' },
			{ name: 'Bytes', type: 'long' },
		],
		rows,
	});
}

function instantStats(call: Call, scope: Scope) {
	const ecgridId = call.int('ECGridID');
	const rows = [call.int('Minutes1'), call.int('Minutes2')].map((minutes) => {
		const interchanges = traffic(call, scope, { begin: call.now - Math.max(minutes, 0) * 60000, end: call.now + 1 }, call).filter(
			(interchange) => !ecgridId || interchange.fromEcgridId === ecgridId || interchange.toEcgridId === ecgridId,
		);
		return { Minutes: minutes, Interchanges: interchanges.length, Bytes: interchanges.reduce((sum, interchange) => sum + interchange.bytes, 0) };
	});
	return dataSet({
		name: 'Table',
		columns: [
			{ name: 'Minutes', type: 'int' },
			{ name: 'Interchanges', type: 'int' },
			{ name: 'Bytes', type: 'long' },
		],
		rows,
	});
}

function mailboxesIn(call: Call, scope: Scope) {
	return [...call.store.mailboxes.values()].filter((mailbox) => listable(call, scope, mailbox));
}

/** The columns each per-mailbox statistics row starts with, and their values (mailboxIdentity). */
const MAILBOX_IDENTITY_COLUMNS: DataTable['columns'] = [
	{ name: 'NetworkID', type: 'int' },
	{ name: 'MailboxID', type: 'int' },
	{ name: 'Name', type: 'string' },
];

function mailboxIdentity(mailbox: MailboxRecord) {
	return { NetworkID: mailbox.networkId, MailboxID: mailbox.mailboxId, Name: mailbox.name };
}

function mailboxStats(call: Call, scope: Scope) {
	const rows = mailboxesIn(call, scope).map((mailbox) => {
		const parcels = call.store.parcelsOfMailbox(mailbox.mailboxId);
		const count = (direction: string, status: string) => parcels.filter((parcel) => parcel.direction === direction && parcel.statusCode === status).length;
		return {
			...mailboxIdentity(mailbox),
			InBoxReady: count('InBox', 'InBoxReady'),
			InBoxTransferred: count('InBox', 'InBoxTransferred'),
			OutBoxInProcess: count('OutBox', 'OutBoxRouted') + count('OutBox', 'OutBoxReceived'),
			OutBoxErrors: count('OutBox', 'OutBoxError') + count('OutBox', 'OutBoxNoRoute') + count('OutBox', 'OutBoxPartialRouted'),
			LastParcel: parcels.length > 0 ? new Date(parcels[parcels.length - 1].date) : undefined,
		};
	});
	return dataSet({
		name: 'Table',
		columns: [
			...MAILBOX_IDENTITY_COLUMNS,
			{ name: 'InBoxReady', type: 'int' },
			{ name: 'InBoxTransferred', type: 'int' },
			{ name: 'OutBoxInProcess', type: 'int' },
			{ name: 'OutBoxErrors', type: 'int' },
			{ name: 'LastParcel', type: 'dateTime' },
		],
		rows,
	});
}

function mailboxInterchangeStats(call: Call, scope: Scope) {
	const rows = mailboxesIn(call, scope).map((mailbox) => {
		let pendingIn = 0;
		let pendingOut = 0;
		let blocked = 0;
		let errors = 0;
		for (const interchange of call.store.interchanges.values()) {
			const outgoing = interchange.fromMailboxId === mailbox.mailboxId;
			const incoming = interchange.toMailboxId === mailbox.mailboxId;
			if (!outgoing && !incoming) continue;
			if (PENDING_INTERCHANGE_STATUSES.has(interchange.statusCode)) {
				if (incoming) pendingIn++;
				if (outgoing) pendingOut++;
			}
			if (interchange.statusCode === 'Blocked') blocked++;
			if (outgoing && ERROR_INTERCHANGE_STATUSES.has(interchange.statusCode)) errors++;
		}
		return { ...mailboxIdentity(mailbox), PendingIn: pendingIn, PendingOut: pendingOut, Blocked: blocked, Errors: errors };
	});
	return dataSet({
		name: 'Table',
		columns: [
			...MAILBOX_IDENTITY_COLUMNS,
			{ name: 'PendingIn', type: 'int' },
			{ name: 'PendingOut', type: 'int' },
			{ name: 'Blocked', type: 'int' },
			{ name: 'Errors', type: 'int' },
		],
		rows,
	});
}

function interchangeStats(call: Call, scope: Scope) {
	const direction = call.enumText('Direction');
	const window = { begin: call.time('StartTime') ?? 0, end: (call.time('EndTime') ?? call.now) + 1 };
	const rows = new Map<string, { Standard: string; DocumentType: string; Interchanges: number; Bytes: number }>();
	for (const interchange of traffic(call, scope, window, call)) {
		const outgoing = inScope(scope, interchange.fromNetworkId, interchange.fromMailboxId);
		const incoming = interchange.inboxParcelId !== 0 && inScope(scope, interchange.toNetworkId, interchange.toMailboxId);
		if ((direction === 'OutBox' && !outgoing) || (direction === 'InBox' && !incoming)) continue;
		const key = `${interchange.standard}/${interchange.documentType}`;
		const row = rows.get(key) ?? { Standard: interchange.standard, DocumentType: interchange.documentType, Interchanges: 0, Bytes: 0 };
		row.Interchanges++;
		row.Bytes += interchange.bytes;
		rows.set(key, row);
	}
	return dataSet({
		name: 'Table',
		columns: [
			{ name: 'Standard', type: 'string' },
			{ name: 'DocumentType', type: 'string' },
			{ name: 'Interchanges', type: 'int' },
			{ name: 'Bytes', type: 'long' },
		],
		rows: [...rows.values()],
	});
}

export const reportHandlers: HandlerTable = {
	ReportMonthly: (call) => dataSet(trafficReport(call, ownScope(call), monthWindow(call.time('Month'), call.now))),
	ReportMonthlyEx: (call) => dataSet(trafficReport(call, exScope(call), monthWindow(call.time('Month'), call.now))),
	ReportByDateEx: (call) => dataSet(trafficReport(call, exScope(call), { begin: call.time('StartDate') ?? 0, end: (call.time('EndDate') ?? call.now) + 1 })),
	ReportTrafficStats: (call) => periodStats(call, ownScope(call), call.time('TargetTime') ?? call.now, call.int('NumPeriods'), call.enumText('Period'), call),
	ReportTrafficStatsEx: (call) => periodStats(call, exScope(call), call.time('TargetTime') ?? call.now, call.int('NumPeriods'), call.enumText('Period'), call),
	ReportTrafficStatsPublic: (call) => periodStats(call, undefined, call.now, 24, 'Hour'),
	ReportInstantStats: (call) => instantStats(call, ownScope(call)),
	ReportInstantStatsEx: (call) => instantStats(call, exScope(call)),
	ReportMailboxStats: (call) => mailboxStats(call, ownScope(call)),
	ReportMailboxStatsEx: (call) => mailboxStats(call, exScope(call)),
	ReportMailboxInterchangeStats: (call) => mailboxInterchangeStats(call, ownScope(call)),
	ReportMailboxInterchangeStatsEx: (call) => mailboxInterchangeStats(call, exScope(call)),
	ReportInterchangeStats: (call) => interchangeStats(call, ownScope(call)),
	ReportInterchangeStatsEx: (call) => interchangeStats(call, exScope(call)),
};
