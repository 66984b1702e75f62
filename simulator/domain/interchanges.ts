/** Interchanges: listings by direction and state, details, header parsing, resend and cancel. */
import { scanEnvelopes } from '../edi/envelopes';
import { fault } from '../soap/faults';
import type { InterchangeRecord } from '../store';
import { canReach, exScope, getOrNotFound, inScope, ownScope, type Scope } from './access';
import type { Call, HandlerTable } from './call';
import { cancelInterchange, redeliver } from './routing';
import { PENDING_INTERCHANGE_STATUSES } from './statusCodes';
import { partnerByAddress } from './tradingPartners';
import { interchangeView, manifestView, pageOf, tradingPartnerView } from './views';

type Side = 'InBox' | 'OutBox';

function visible(call: Call, interchange: InterchangeRecord): boolean {
	return canReach(call.me, interchange.fromNetworkId, interchange.fromMailboxId) || (interchange.toMailboxId !== 0 && canReach(call.me, interchange.toNetworkId, interchange.toMailboxId));
}

function findInterchange(call: Call): InterchangeRecord {
	const interchange = getOrNotFound(call.store.interchanges, call.int('InterchangeID'), 'InterchangeID');
	if (!visible(call, interchange)) throw fault.accessDenied('InterchangeID');
	return interchange;
}

interface InterchangeFilter {
	statuses?: ReadonlySet<string>;
	dates?: boolean;
	controlId?: boolean;
	/** Inbox listings show only what reached an inbox. */
	delivered?: boolean;
}

function select(call: Call, scope: Scope, side: Side, filter: InterchangeFilter): InterchangeRecord[] {
	const from = call.int('ECGridIDFrom');
	const to = call.int('ECGridIDTo');
	const begin = filter.dates ? call.time('BeginDate') : undefined;
	const end = filter.dates ? call.time('EndDate') : undefined;
	const controlId = filter.controlId ? call.text('InterchangeControlID') : '';
	const result: InterchangeRecord[] = [];
	for (const interchange of call.store.interchanges.values()) {
		const [networkId, mailboxId] = side === 'InBox' ? [interchange.toNetworkId, interchange.toMailboxId] : [interchange.fromNetworkId, interchange.fromMailboxId];
		if (side === 'InBox' && mailboxId === 0) continue;
		if (!inScope(scope, networkId, mailboxId) || !canReach(call.me, networkId, mailboxId)) continue;
		if (filter.delivered && interchange.inboxParcelId === 0) continue;
		if (side === 'OutBox' && interchange.carbonCopyId !== 0) continue;
		if (filter.statuses && !filter.statuses.has(interchange.statusCode)) continue;
		if ((from && interchange.fromEcgridId !== from) || (to && interchange.toEcgridId !== to)) continue;
		if ((begin !== undefined && interchange.processDate < begin) || (end !== undefined && interchange.processDate > end)) continue;
		if (controlId && interchange.controlId !== controlId) continue;
		result.push(interchange);
	}
	return result.sort((a, b) => a.interchangeId - b.interchangeId);
}

function list(call: Call, scope: Scope, side: Side, filter: InterchangeFilter) {
	return select(call, scope, side, filter).map((interchange) => interchangeView(call.store, interchange));
}

function paged(call: Call, scope: Scope, side: Side, filter: InterchangeFilter) {
	const page = pageOf(select(call, scope, side, filter), call.int('PageNo'), call.int('RecordsPerPage'));
	return { ...page, InterchangeIDInfoList: page.items.map((interchange) => interchangeView(call.store, interchange)) };
}

const DATED = { dates: true, controlId: true };
const PENDING = { statuses: PENDING_INTERCHANGE_STATUSES };
const BLOCKED = { statuses: new Set(['Blocked']), dates: true };
const NO_ROUTE = { statuses: new Set(['NoRoute']), dates: true };

/** Reads an interchange header; a bare ISA or UNB gets a synthetic trailer so the envelope reader accepts it. */
function parseHeader(header: Buffer) {
	return scanEnvelopes(header).interchanges[0] ?? scanEnvelopes(Buffer.concat([header, Buffer.from(closingFor(header))])).interchanges[0];
}

function headerInfo(call: Call, header: Buffer) {
	const parsed = parseHeader(header);
	if (!parsed) throw fault.dataError('InterchangeHeader', 'No ISA or UNB header could be read.');
	const from = partnerByAddress(call, parsed.senderQualifier, parsed.senderId);
	const to = partnerByAddress(call, parsed.receiverQualifier, parsed.receiverId);
	return {
		InterchangeID: 0,
		NetworkIDFrom: from?.networkId ?? 0,
		NetworkNameFrom: from ? call.store.networks.get(from.networkId)?.name : undefined,
		MailboxIDFrom: from?.mailboxId ?? 0,
		NetworkIDTo: to?.networkId ?? 0,
		NetworkNameTo: to ? call.store.networks.get(to.networkId)?.name : undefined,
		MailboxIDTo: to?.mailboxId ?? 0,
		Standard: parsed.standard,
		Bytes: header.length,
		InterchangeControlID: parsed.controlId,
		InterchangeDateTime: parsed.date,
		Header: parsed.header,
		TPFrom: tradingPartnerView(call.store, from),
		TPTo: tradingPartnerView(call.store, to),
	};
}

function closingFor(header: Buffer): string {
	const text = header.toString('latin1');
	if (text.startsWith('ISA') && text.length >= 106) return `IEA${text[3]}1${text[3]}${text.split(text[3])[13]}${text[105]}`;
	return "UNZ+1+0'";
}

export const interchangeHandlers: HandlerTable = {
	InterchangeInfo: (call) => interchangeView(call.store, findInterchange(call), true),
	InterchangeManifest: (call) => findInterchange(call).manifest.map((entry) => manifestView(call.store, entry)),
	InterchangeInBox: (call) => list(call, ownScope(call), 'InBox', { ...DATED, delivered: true }),
	InterchangeInBoxEx: (call) => list(call, exScope(call), 'InBox', { ...DATED, delivered: true }),
	InterchangeInBoxArchive: (call) => paged(call, ownScope(call), 'InBox', { ...DATED, delivered: true }),
	InterchangeInBoxArchiveEx: (call) => paged(call, exScope(call), 'InBox', { ...DATED, delivered: true }),
	InterchangeOutBox: (call) => list(call, ownScope(call), 'OutBox', DATED),
	InterchangeOutBoxEx: (call) => list(call, exScope(call), 'OutBox', DATED),
	InterchangeOutBoxArchive: (call) => paged(call, ownScope(call), 'OutBox', DATED),
	InterchangeOutBoxArchiveEx: (call) => paged(call, exScope(call), 'OutBox', DATED),
	InterchangeOutBoxArchiveExNoParcel: (call) => paged(call, exScope(call), 'OutBox', DATED),
	InterchangeOutBoxPending: (call) => list(call, ownScope(call), 'OutBox', PENDING),
	InterchangeOutBoxPendingEx: (call) => list(call, exScope(call), 'OutBox', PENDING),
	InterchangeInBoxPending: (call) => list(call, ownScope(call), 'InBox', PENDING),
	InterchangeInBoxPendingEx: (call) => list(call, exScope(call), 'InBox', PENDING),
	InterchangeInBoxBlocked: (call) => list(call, ownScope(call), 'InBox', BLOCKED),
	InterchangeInBoxBlockedEx: (call) => list(call, exScope(call), 'InBox', BLOCKED),
	InterchangeOutBoxBlocked: (call) => list(call, ownScope(call), 'OutBox', BLOCKED),
	InterchangeOutBoxBlockedEx: (call) => list(call, exScope(call), 'OutBox', BLOCKED),
	InterchangeOutBoxNoRoute: (call) => list(call, ownScope(call), 'OutBox', NO_ROUTE),
	InterchangeOutBoxNoRouteEx: (call) => list(call, exScope(call), 'OutBox', NO_ROUTE),
	InterchangeHeaderInfo: (call) => headerInfo(call, Buffer.from(call.text('InterchangeHeader'), 'latin1')),
	InterchangeHeaderInfoB: (call) => headerInfo(call, call.bytes('InterchangeHeader') ?? Buffer.alloc(0)),
	InterchangeResend(call) {
		const interchange = findInterchange(call);
		if (interchange.statusCode === 'Canceled') throw fault.dataError('InterchangeID', 'A canceled interchange cannot be resent.');
		redeliver(call, [interchange]);
		return {
			Id: interchange.interchangeId,
			InterchangeProcessDate: interchange.processDate,
			NetworkIDFrom: interchange.fromNetworkId,
			MailboxIDFrom: interchange.fromMailboxId,
			ECGridIDFrom: interchange.fromEcgridId,
			NetworkIDTo: interchange.toNetworkId,
			MailboxIDTo: interchange.toMailboxId,
			ECGridIDTo: interchange.toEcgridId,
			RouterID: 1,
			Bytes: interchange.bytes,
			StatusCode: interchange.statusCode,
			StatusDate: interchange.statusDate,
			InterchangeHeader: interchange.header,
			standard: interchange.standard,
			ParcelIDInbox: interchange.inboxParcelId,
		};
	},
	InterchangeCancel(call) {
		const interchange = findInterchange(call);
		if (!['Routed', 'Blocked', 'NoRoute'].includes(interchange.statusCode)) {
			throw fault.dataError('InterchangeID', `Interchange ${interchange.interchangeId} is ${interchange.statusCode} and can no longer be canceled.`);
		}
		cancelInterchange(call, interchange);
		return true;
	},
	InterchangeDate(call) {
		const date = parseHeader(Buffer.from(call.text('InterchangeHeader'), 'latin1'))?.date;
		if (date === undefined) throw fault.dataError('InterchangeHeader', 'No interchange date could be read from the header.');
		return date;
	},
};
