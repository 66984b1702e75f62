/** Parcels: uploads, inbox/outbox listings, downloads and their status moves. */
import { fault } from '../soap/faults';
import type { ParcelRecord } from '../store';
import { canReach, exScope, getOrNotFound, inScope, ownScope, requireReach, targetMailbox, type Scope } from './access';
import type { Call, HandlerTable } from './call';
import { checkLength } from './lifecycle';
import { moveInboxParcel, receiveParcel, redeliver, setParcelStatus } from './routing';
import { ERROR_PARCEL_STATUSES } from './statusCodes';
import { findPartner } from './tradingPartners';
import { manifestView, pageOf, parcelView } from './views';

const IN_PROCESS_STATUSES = new Set(['OutBoxReceived', 'OutBoxRouted']);

export function findParcel(call: Call, parameter = 'ParcelID'): ParcelRecord {
	const parcel = getOrNotFound(call.store.parcels, call.int(parameter), parameter);
	requireReach(call, parcel.networkId, parcel.mailboxId, parameter);
	return parcel;
}

function findInboxParcel(call: Call): ParcelRecord {
	const parcel = findParcel(call);
	if (parcel.direction !== 'InBox') throw fault.dataError('ParcelID', `Parcel ${parcel.parcelId} is in an outbox; only inbox parcels are downloaded.`);
	return parcel;
}

function upload(call: Call, scope: Scope, content: Buffer | undefined, declaredBytes?: number): number {
	const mailbox = targetMailbox(call, scope);
	const fileName = checkLength('FileName', call.text('FileName').trim(), 255);
	if (!fileName) throw fault.dataError('FileName', 'A file name is required.');
	if (!content || content.length === 0) throw fault.dataError('Content', 'The parcel is empty.');
	if (declaredBytes !== undefined && declaredBytes !== content.length) {
		throw fault.dataError('Bytes', `Bytes says ${declaredBytes} but the content has ${content.length}.`);
	}
	const parcel = receiveParcel(call, mailbox, fileName, content);
	return parcel.parcelId;
}

function base64Text(call: Call, parameter: string): Buffer {
	const text = call.text(parameter).trim();
	if (!/^[A-Za-z0-9+/=\s]*$/.test(text)) throw fault.dataError(parameter, 'The content is not base64.');
	return Buffer.from(text, 'base64');
}

function uploadDirected(call: Call, content: Buffer, declaredBytes?: number): number {
	const from = findPartner(call, 'ECGridIDFrom', false);
	const to = getOrNotFound(call.store.tradingPartners, call.int('ECGridIDTo'), 'ECGridIDTo');
	const fileName = checkLength('FileName', call.text('FileName').trim(), 255);
	if (!fileName) throw fault.dataError('FileName', 'A file name is required.');
	if (content.length === 0) throw fault.dataError('Content', 'The parcel is empty.');
	if (declaredBytes !== undefined && declaredBytes !== content.length) throw fault.dataError('Bytes', `Bytes says ${declaredBytes} but the content has ${content.length}.`);
	const mailbox = targetMailbox(call, { networkId: from.networkId, mailboxId: from.mailboxId }, 'ECGridIDFrom');
	return receiveParcel(call, mailbox, fileName, content, { from, to }).parcelId;
}

/** Parcels held in the mailboxes of a scope, in one direction: read through the per-mailbox index. */
function parcelsIn(call: Call, scope: Scope, direction: 'InBox' | 'OutBox'): ParcelRecord[] {
	const mailboxIds =
		scope.mailboxId !== 0
			? [scope.mailboxId]
			: [...call.store.mailboxes.values()].filter((mailbox) => inScope(scope, mailbox.networkId, mailbox.mailboxId)).map((mailbox) => mailbox.mailboxId);
	const result: ParcelRecord[] = [];
	for (const mailboxId of mailboxIds) {
		const mailbox = call.store.mailboxes.get(mailboxId);
		if (!mailbox || !canReach(call.me, mailbox.networkId, mailbox.mailboxId)) continue;
		for (const parcel of call.store.parcelsOfMailbox(mailboxId)) {
			if (parcel.direction !== direction) continue;
			if (direction === 'InBox') returnTimedOutDownload(call, parcel, mailbox.inBoxTimeoutMinutes);
			result.push(parcel);
		}
	}
	return result;
}

/** A downloaded but unconfirmed parcel comes back to the inbox after the mailbox's InBoxTimeout. */
function returnTimedOutDownload(call: Call, parcel: ParcelRecord, timeoutMinutes: number): void {
	if (timeoutMinutes > 0 && parcel.statusCode === 'InBoxTransferred' && parcel.downloadedAt !== undefined && call.now - parcel.downloadedAt > timeoutMinutes * 60000) {
		moveInboxParcel(call, parcel, 'InBoxReady');
	}
}

interface ParcelFilter {
	from?: number;
	to?: number;
	begin?: number;
	end?: number;
	mailbagControlId?: string;
	statuses?: ReadonlySet<string>;
}

function filterParcels(parcels: ParcelRecord[], filter: ParcelFilter): ParcelRecord[] {
	return parcels.filter(
		(parcel) =>
			(!filter.from || parcel.fromEcgridId === filter.from) &&
			(!filter.to || parcel.toEcgridId === filter.to) &&
			(filter.begin === undefined || parcel.date >= filter.begin) &&
			(filter.end === undefined || parcel.date <= filter.end) &&
			(!filter.mailbagControlId || parcel.mailbagControlId === filter.mailbagControlId) &&
			(!filter.statuses || filter.statuses.has(parcel.statusCode)),
	);
}

function collection(call: Call, parcels: ParcelRecord[], detailed: boolean, pageNumber = 1, pageSize = parcels.length) {
	const page = pageOf(parcels, pageNumber, pageSize || 1);
	return { ...page, ParcelIDInfoList: page.items.map((parcel) => parcelView(call.store, parcel, detailed)) };
}

const READY = new Set(['InBoxReady']);

/** With the strict-archive flag, the inbox archive shows only parcels that left the pending inbox. */
function strictArchiveHides(call: Call, direction: 'InBox' | 'OutBox'): boolean {
	return direction === 'InBox' && call.services.strictArchive === true;
}

function archive(call: Call, scope: Scope, direction: 'InBox' | 'OutBox', detailed: boolean, descending: boolean) {
	const listed = parcelsIn(call, scope, direction);
	const parcels = filterParcels(strictArchiveHides(call, direction) ? listed.filter((parcel) => !READY.has(parcel.statusCode)) : listed, {
		from: call.int('ECGridIDFrom'),
		to: call.int('ECGridIDTo'),
		begin: call.time('BeginDate'),
		end: call.time('EndDate'),
		mailbagControlId: call.text('MailbagControlID'),
	});
	parcels.sort((a, b) => (descending ? b.parcelId - a.parcelId : a.parcelId - b.parcelId));
	return collection(call, parcels, detailed, call.int('PageNo'), call.int('RecordsPerPage') || 100);
}


function inbox(call: Call, scope: Scope, statuses: ReadonlySet<string>, detailed: boolean) {
	const parcels = filterParcels(parcelsIn(call, scope, 'InBox'), { from: call.int('ECGridIDFrom'), to: call.int('ECGridIDTo'), statuses });
	return collection(call, parcels, detailed);
}

function download(call: Call, update: boolean, asText: boolean) {
	const parcel = update ? findInboxParcel(call) : findParcel(call);
	if (update && parcel.statusCode === 'InBoxCanceled') throw fault.dataError('ParcelID', 'The parcel was canceled.');
	const content = call.store.contents.get(parcel.parcelId) ?? Buffer.alloc(0);
	if (update && parcel.statusCode === 'InBoxReady') moveInboxParcel(call, parcel, 'InBoxTransferred');
	return {
		ParcelID: parcel.parcelId,
		FileName: parcel.fileName,
		FileDate: parcel.date,
		Bytes: content.length,
		Standard: parcel.standard,
		Content: asText ? undefined : content,
		ContentBase64String: asText ? content.toString('base64') : undefined,
		routerArchive: parcel.archiveDate !== undefined,
	};
}

function inboxMove(call: Call, allowedFrom: readonly string[], to: string): true {
	const parcel = findInboxParcel(call);
	if (!allowedFrom.includes(parcel.statusCode)) throw fault.dataError('ParcelID', `Parcel ${parcel.parcelId} is ${parcel.statusCode}; ${call.operation} does not apply.`);
	moveInboxParcel(call, parcel, to);
	return true;
}

function findByMailbag(call: Call, begin?: number, end?: number) {
	const scope = exScope(call);
	const wanted = call.text('MailbagControlID');
	if (!wanted) throw fault.dataError('MailbagControlID', 'A mailbag control ID is required.');
	return [...parcelsIn(call, scope, 'InBox'), ...parcelsIn(call, scope, 'OutBox')]
		.filter((parcel) => parcel.mailbagControlId === wanted && (begin === undefined || parcel.date >= begin) && (end === undefined || parcel.date <= end))
		.sort((a, b) => a.parcelId - b.parcelId)
		.map((parcel) => parcelView(call.store, parcel, false));
}

const TEST_DOCUMENTS: Record<string, (from: { qualifier: string; id: string }, to: { qualifier: string; id: string }, control: string) => string> = {
	X12(from, to, control) {
		const pad = (value: string, width: number) => value.padEnd(width).slice(0, width);
		const now = new Date();
		const date = now.toISOString().slice(2, 10).replace(/-/g, '');
		const time = now.toISOString().slice(11, 16).replace(':', '');
		const isaControl = control.padStart(9, '0').slice(-9);
		return (
			`ISA*00*${pad('', 10)}*00*${pad('', 10)}*${pad(from.qualifier, 2)}*${pad(from.id, 15)}*${pad(to.qualifier, 2)}*${pad(to.id, 15)}*${date}*${time}*U*00401*${isaControl}*0*T*>~` +
			`GS*FA*${from.id}*${to.id}*20${date}*${time}*1*X*004010~ST*997*0001~AK1*PO*1~AK9*A*1*1*1~SE*4*0001~GE*1*1~IEA*1*${isaControl}~`
		);
	},
	EDIFACT(from, to, control) {
		const stamp = new Date().toISOString();
		const date = stamp.slice(2, 10).replace(/-/g, '');
		const time = stamp.slice(11, 16).replace(':', '');
		return `UNA:+.? 'UNB+UNOA:2+${from.id}:${from.qualifier}+${to.id}:${to.qualifier}+${date}:${time}+${control}'UNH+1+CONTRL:D:3:UN'UCI+1+${to.id}+${from.id}+7'UNT+3+1'UNZ+1+${control}'`;
	},
};

export const parcelHandlers: HandlerTable = {
	ParcelUpload: (call) => upload(call, ownScope(call), call.bytes('Content'), call.int('Bytes')),
	ParcelUploadA: (call) => upload(call, ownScope(call), base64Text(call, 'ContentBase64')),
	ParcelUploadEx: (call) => upload(call, exScope(call), call.bytes('Content'), call.int('Bytes')),
	ParcelUploadExA: (call) => upload(call, exScope(call), base64Text(call, 'ContentBase64')),
	ParcelUploadMft: (call) => uploadDirected(call, call.bytes('Content') ?? Buffer.alloc(0), call.int('Bytes')),
	ParcelUploadMftA: (call) => uploadDirected(call, base64Text(call, 'ContentBase64')),
	ParcelTest(call) {
		const from = findPartner(call, 'ECGridIDFrom', false);
		const to = getOrNotFound(call.store.tradingPartners, call.int('ECGridIDTo'), 'ECGridIDTo');
		const build = TEST_DOCUMENTS[call.enumText('DocumentType')];
		if (!build) throw fault.dataError('DocumentType', 'Test parcels are X12 or EDIFACT.');
		const mailbox = targetMailbox(call, { networkId: from.networkId, mailboxId: from.mailboxId }, 'ECGridIDFrom');
		const control = String(call.store.counters.parcel + 1).slice(-9);
		return receiveParcel(call, mailbox, `test-${control}.edi`, Buffer.from(build(from, to, control), 'latin1')).parcelId;
	},
	ParcelInBox: (call) => inbox(call, ownScope(call), READY, true),
	ParcelInBoxEx: (call) => inbox(call, exScope(call), READY, true),
	ParcelInBoxExShort: (call) => inbox(call, exScope(call), new Set([call.enumText('Status')]), false),
	ParcelInBoxArchive: (call) => archive(call, ownScope(call), 'InBox', true, false),
	ParcelInBoxArchiveEx: (call) => archive(call, exScope(call), 'InBox', true, false),
	ParcelInBoxArchiveExShort: (call) => archive(call, exScope(call), 'InBox', false, false),
	ParcelInBoxArchiveDescEx: (call) => archive(call, exScope(call), 'InBox', true, true),
	ParcelOutBoxArchive: (call) => archive(call, ownScope(call), 'OutBox', true, false),
	ParcelOutBoxArchiveEx: (call) => archive(call, exScope(call), 'OutBox', true, false),
	ParcelOutBoxArchiveExShort: (call) => archive(call, exScope(call), 'OutBox', false, false),
	ParcelOutBoxArchiveDescEx: (call) => archive(call, exScope(call), 'OutBox', true, true),
	ParcelOutBoxError: (call) =>
		collection(call, filterParcels(parcelsIn(call, ownScope(call), 'OutBox'), { begin: call.time('BeginDate'), end: call.time('EndDate'), statuses: ERROR_PARCEL_STATUSES }), true),
	ParcelOutBoxErrorEx: (call) =>
		collection(call, filterParcels(parcelsIn(call, exScope(call), 'OutBox'), { begin: call.time('BeginDate'), end: call.time('EndDate'), statuses: ERROR_PARCEL_STATUSES }), true),
	ParcelOutBoxInProcess: (call) => collection(call, filterParcels(parcelsIn(call, ownScope(call), 'OutBox'), { statuses: IN_PROCESS_STATUSES }), true),
	ParcelOutBoxInProcessEx: (call) => collection(call, filterParcels(parcelsIn(call, exScope(call), 'OutBox'), { statuses: IN_PROCESS_STATUSES }), true),
	ParcelInfo: (call) => parcelView(call.store, findParcel(call), true),
	ParcelManifest: (call) => findParcel(call).manifest.map((entry) => manifestView(call.store, entry)),
	ParcelNoteList: (call) =>
		findParcel(call).notes.map((note) => ({
			ParcelID: call.int('ParcelID'),
			ParcelNoteID: note.noteId,
			InterchangeID: 0,
			NoteDate: note.date,
			StatusCode: note.status,
			PostedBy: note.postedBy,
			UserID: note.userId,
			Note: note.note,
		})),
	ParcelDownload: (call) => download(call, true, false),
	ParcelDownloadA: (call) => download(call, true, true),
	ParcelDownloadNoUpdate: (call) => download(call, false, false),
	ParcelDownloadNoUpdateA: (call) => download(call, false, true),
	ParcelDownloadS3(call) {
		findParcel(call);
		throw fault.notSupported(call.operation);
	},
	ParcelDownloadConfirm: (call) => inboxMove(call, ['InBoxReady', 'InBoxTransferred'], 'InBoxConfirmed'),
	ParcelDownloadConfirmPendingAck(call) {
		inboxMove(call, ['InBoxReady', 'InBoxTransferred'], 'InBoxConfirmed');
		findInboxParcel(call).acknowledgment = `Pending (${call.enumText('Status')})`;
		return true;
	},
	ParcelDownloadReset: (call) => inboxMove(call, ['InBoxTransferred', 'InBoxConfirmed'], 'InBoxReady'),
	ParcelDownloadCancel: (call) => inboxMove(call, ['InBoxTransferred'], 'InBoxReady'),
	ParcelAcknowledgmentNote(call) {
		const parcel = findParcel(call);
		const subject = checkLength('Subject', call.text('Subject'), 128);
		parcel.acknowledgment = subject;
		parcel.notes.push({ noteId: call.store.nextId('note'), date: call.now, status: parcel.statusCode, userId: call.me.userId, postedBy: call.me.loginName, mailTo: '', note: `${subject}\n${call.text('Note')}`.trim() });
		call.store.changed();
		return true;
	},
	ParcelResend(call) {
		const parcel = findParcel(call);
		if (parcel.direction === 'InBox') return inboxMove(call, ['InBoxTransferred', 'InBoxConfirmed', 'InBoxReady'], 'InBoxReady');
		const interchanges = parcel.interchangeIds
			.map((interchangeId) => call.store.interchanges.get(interchangeId)!)
			.filter((interchange) => interchange.carbonCopyId === 0 && interchange.statusCode !== 'Canceled');
		redeliver(call, interchanges);
		return true;
	},
	ParcelUpdateStatus(call) {
		const parcel = findParcel(call);
		const status = call.enumText('Status');
		if (call.flag('TransLogOnly')) {
			parcel.manifest.push({ date: call.now, networkId: parcel.networkId, type: 'Manual', parcelId: parcel.parcelId, interchangeId: 0, statusCode: status });
			call.store.changed();
		} else if (parcel.direction === 'InBox' && (status === 'InBoxReady' || status === 'InBoxTransferred')) {
			moveInboxParcel(call, parcel, status);
		} else {
			setParcelStatus(call, parcel, status);
		}
		return true;
	},
	ParcelUpdateLocalStatus(call) {
		const parcel = findParcel(call);
		parcel.localStatus = call.int('Status');
		parcel.localStatusDate = call.now;
		call.store.changed();
		return true;
	},
	ParcelSetMailbagControlID(call) {
		const parcel = findParcel(call);
		parcel.mailbagControlId = checkLength('MailbagControlID', call.text('MailbagControlID'), 50);
		call.store.changed();
		return true;
	},
	ParcelFindMailbagControlID: (call) => findByMailbag(call),
	ParcelFindMailbagControlIDTo: (call) => findByMailbag(call, call.time('BeginDate'), call.time('EndDate')),
};
