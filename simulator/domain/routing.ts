/**
 * The heart of the simulator: an uploaded parcel becomes an outbox parcel, its envelopes are read,
 * each interchange is routed by its receiver qualifier/ID to the owning mailbox's inbox (plus any
 * carbon copy), and statuses on both sides follow downloads and confirmations.
 */
import { scanEnvelopes, type ParsedInterchange } from '../edi/envelopes';
import type { InterchangeRecord, MailboxRecord, ParcelRecord, Store, TradingPartnerRecord } from '../store';
import type { Call } from './call';
import { statusCodeNumber } from './statusCodes';
import { partnerByAddress } from './tradingPartners';

export interface DirectedTransfer {
	from: TradingPartnerRecord;
	to: TradingPartnerRecord;
}

interface Delivery {
	interchange: InterchangeRecord;
	content: Buffer;
}

function manifestEntry(parcel: ParcelRecord, now: number, interchangeId = 0, type = 'System') {
	parcel.manifest.push({ date: now, networkId: parcel.networkId, type, parcelId: parcel.parcelId, interchangeId, statusCode: parcel.statusCode });
}

export function setParcelStatus(call: Call, parcel: ParcelRecord, statusCode: string): void {
	if (parcel.statusCode === statusCode) return;
	parcel.statusCode = statusCode;
	parcel.statusDate = call.now;
	manifestEntry(parcel, call.now);
	call.store.changed();
	call.services.callbacks.notify({
		systemObject: 'Parcel',
		direction: parcel.direction,
		objectId: parcel.parcelId,
		objectStatus: statusCodeNumber(statusCode),
		networkId: parcel.networkId,
		mailboxId: parcel.mailboxId,
	});
}

function setInterchangeStatus(call: Call, interchange: InterchangeRecord, statusCode: string): void {
	interchange.statusCode = statusCode;
	interchange.statusDate = call.now;
	interchange.manifest.push({
		date: call.now,
		networkId: interchange.fromNetworkId,
		type: 'System',
		parcelId: interchange.inboxParcelId || interchange.outboxParcelId,
		interchangeId: interchange.interchangeId,
		statusCode,
	});
}

function newParcel(store: Store, now: number, direction: 'InBox' | 'OutBox', holder: MailboxRecord, fileName: string, bytes: number): ParcelRecord {
	return {
		parcelId: store.nextId('parcel'),
		direction,
		networkId: holder.networkId,
		mailboxId: holder.mailboxId,
		fromNetworkId: 0,
		fromMailboxId: 0,
		toNetworkId: 0,
		toMailboxId: 0,
		fromEcgridId: 0,
		toEcgridId: 0,
		fileName,
		bytes,
		date: now,
		statusCode: direction === 'OutBox' ? 'OutBoxReceived' : 'InBoxReady',
		statusDate: now,
		standard: 'X12',
		valid: 'Pending',
		mailbagControlId: '',
		localStatus: 0,
		acknowledgment: '',
		interchangeIds: [],
		relatedParcelIds: [],
		manifest: [],
		notes: [],
	};
}

function newInterchange(call: Call, outbox: ParcelRecord, parsed: Pick<ParsedInterchange, 'controlId' | 'header' | 'documentType' | 'date' | 'offset'> & { standard: string }, bytes: number): InterchangeRecord {
	return {
		interchangeId: call.store.nextId('interchange'),
		outboxParcelId: outbox.parcelId,
		inboxParcelId: 0,
		standard: parsed.standard,
		controlId: parsed.controlId,
		header: parsed.header,
		documentType: parsed.documentType,
		offset: parsed.offset,
		bytes,
		fromEcgridId: 0,
		toEcgridId: 0,
		fromNetworkId: outbox.networkId,
		fromMailboxId: outbox.mailboxId,
		toNetworkId: 0,
		toMailboxId: 0,
		interchangeDate: parsed.date,
		processDate: call.now,
		statusCode: 'Routed',
		statusDate: call.now,
		carbonCopyId: 0,
		manifest: [],
	};
}

/** Decides where one interchange goes: its status, and the receiving partner when it can be delivered. */
function route(call: Call, sender: MailboxRecord, interchange: InterchangeRecord, from: TradingPartnerRecord | undefined, to: TradingPartnerRecord | undefined): boolean {
	if (from) {
		interchange.fromEcgridId = from.ecgridId;
		from.lastTraffic = call.now;
	}
	if (to) {
		interchange.toEcgridId = to.ecgridId;
		interchange.toNetworkId = to.networkId;
		interchange.toMailboxId = to.mailboxId;
	}
	if (!from || from.mailboxId !== sender.mailboxId || from.status === 'Terminated') {
		setInterchangeStatus(call, interchange, 'SenderUnknown');
		return false;
	}
	if (!to) {
		setInterchangeStatus(call, interchange, 'NoRoute');
		return false;
	}
	const receivingMailbox = call.store.mailboxes.get(to.mailboxId);
	if (to.status === 'Suspended' || !receivingMailbox || receivingMailbox.status !== 'Active') {
		setInterchangeStatus(call, interchange, 'Blocked');
		return false;
	}
	to.lastTraffic = call.now;
	setInterchangeStatus(call, interchange, 'Routed');
	return true;
}

function carbonCopies(call: Call, original: InterchangeRecord, parsed: ParsedInterchange | undefined, content: Buffer): Delivery[] {
	const copies: Delivery[] = [];
	for (const carbonCopy of call.store.carbonCopies.values()) {
		if (carbonCopy.status !== 'Active' || carbonCopy.ecgridIdFrom !== original.fromEcgridId || carbonCopy.ecgridIdTo !== original.toEcgridId) continue;
		if (carbonCopy.gsFrom && carbonCopy.gsFrom !== parsed?.groupSender) continue;
		if (carbonCopy.gsTo && carbonCopy.gsTo !== parsed?.groupReceiver) continue;
		if (carbonCopy.transactionSet && carbonCopy.transactionSet !== original.documentType) continue;
		const ccTo = call.store.tradingPartners.get(carbonCopy.ecgridIdCcTo);
		const ccFrom = call.store.tradingPartners.get(carbonCopy.ecgridIdCcFrom);
		if (!ccTo || ccTo.status !== 'Active') continue;
		const copy: InterchangeRecord = {
			...original,
			interchangeId: call.store.nextId('interchange'),
			fromEcgridId: ccFrom?.ecgridId ?? original.fromEcgridId,
			toEcgridId: ccTo.ecgridId,
			toNetworkId: ccTo.networkId,
			toMailboxId: ccTo.mailboxId,
			carbonCopyId: carbonCopy.carbonCopyId,
			manifest: [],
		};
		setInterchangeStatus(call, copy, 'Routed');
		copies.push({ interchange: copy, content });
	}
	return copies;
}

/** Groups deliveries by receiving mailbox: one inbox parcel per mailbox. */
function deliver(call: Call, outbox: ParcelRecord, deliveries: Delivery[]): void {
	const byMailbox = new Map<number, Delivery[]>();
	for (const delivery of deliveries) {
		const list = byMailbox.get(delivery.interchange.toMailboxId) ?? [];
		list.push(delivery);
		byMailbox.set(delivery.interchange.toMailboxId, list);
	}
	for (const [mailboxId, group] of byMailbox) {
		const mailbox = call.store.mailboxes.get(mailboxId)!;
		const content = Buffer.concat(group.map((delivery) => delivery.content));
		const inbox = newParcel(call.store, call.now, 'InBox', mailbox, outbox.fileName, content.length);
		Object.assign(inbox, {
			fromNetworkId: outbox.networkId,
			fromMailboxId: outbox.mailboxId,
			toNetworkId: mailbox.networkId,
			toMailboxId: mailbox.mailboxId,
			fromEcgridId: group[0].interchange.fromEcgridId,
			toEcgridId: group[0].interchange.toEcgridId,
			standard: group[0].interchange.standard,
			valid: 'Valid',
			mailbagControlId: outbox.mailbagControlId,
			relatedParcelIds: [outbox.parcelId],
		});
		for (const { interchange } of group) {
			interchange.inboxParcelId = inbox.parcelId;
			inbox.interchangeIds.push(interchange.interchangeId);
		}
		manifestEntry(inbox, call.now);
		call.store.addParcel(inbox, content);
		// Carbon-copy recipients do not hold up the sender's delivered/confirmed status.
		if (group.some(({ interchange }) => interchange.carbonCopyId === 0)) outbox.relatedParcelIds.push(inbox.parcelId);
		call.services.callbacks.notify({
			systemObject: 'Parcel',
			direction: 'InBox',
			objectId: inbox.parcelId,
			objectStatus: statusCodeNumber('InBoxReady'),
			networkId: mailbox.networkId,
			mailboxId: mailbox.mailboxId,
		});
		for (const { interchange } of group) {
			call.services.callbacks.notify({
				systemObject: 'Interchange',
				direction: 'InBox',
				objectId: interchange.interchangeId,
				objectStatus: statusCodeNumber('Routed'),
				networkId: mailbox.networkId,
				mailboxId: mailbox.mailboxId,
			});
		}
	}
}

const ROUTED_STATUSES = new Set(['Routed', 'Blocked', 'Delivered', 'Confirmed']);

function outboxOutcome(outbox: ParcelRecord, interchanges: InterchangeRecord[], scanErrors: number): { status: string; valid: string } {
	const delivered = interchanges.filter((interchange) => ROUTED_STATUSES.has(interchange.statusCode)).length;
	if (interchanges.length === 0) return { status: 'OutBoxError', valid: outbox.bytes === 0 ? 'ZeroByte' : 'Invalid' };
	if (delivered === interchanges.length && scanErrors === 0) return { status: 'OutBoxRouted', valid: 'VallidRouted' };
	if (delivered === 0) return { status: interchanges.every((interchange) => interchange.statusCode === 'NoRoute') ? 'OutBoxNoRoute' : 'OutBoxError', valid: 'ValidNoneRouted' };
	return { status: 'OutBoxPartialRouted', valid: scanErrors > 0 ? 'PartialValid' : 'ValidPartialRouted' };
}

/** Receives an upload into `sender`'s outbox and routes it. Returns the outbox parcel. */
export function receiveParcel(call: Call, sender: MailboxRecord, fileName: string, content: Buffer, directed?: DirectedTransfer): ParcelRecord {
	const outbox = newParcel(call.store, call.now, 'OutBox', sender, fileName, content.length);
	outbox.fromNetworkId = sender.networkId;
	outbox.fromMailboxId = sender.mailboxId;
	manifestEntry(outbox, call.now);
	call.store.addParcel(outbox, content);
	const interchanges: InterchangeRecord[] = [];
	const deliveries: Delivery[] = [];
	let scanErrors = 0;
	if (directed) {
		const interchange = newInterchange(call, outbox, { standard: 'Binary', controlId: String(outbox.parcelId), header: '', documentType: 'MFT', date: call.now, offset: 0 }, content.length);
		interchanges.push(interchange);
		if (route(call, sender, interchange, directed.from, directed.to)) deliveries.push({ interchange, content });
		outbox.standard = 'Binary';
	} else {
		const scan = scanEnvelopes(content);
		scanErrors = scan.errors.length;
		for (const error of scan.errors) outbox.notes.push({ noteId: call.store.nextId('note'), date: call.now, status: 'EnvelopeError', userId: 0, postedBy: 'ECGridOS simulator', mailTo: '', note: error });
		for (const parsed of scan.interchanges) {
			const interchange = newInterchange(call, outbox, parsed, parsed.content.length);
			interchanges.push(interchange);
			const from = partnerByAddress(call, parsed.senderQualifier, parsed.senderId);
			const to = partnerByAddress(call, parsed.receiverQualifier, parsed.receiverId);
			if (route(call, sender, interchange, from, to)) {
				deliveries.push({ interchange, content: parsed.content }, ...carbonCopies(call, interchange, parsed, parsed.content));
			}
		}
		if (scan.interchanges.length > 0) outbox.standard = scan.interchanges[0].standard;
	}
	for (const delivery of deliveries) if (!interchanges.includes(delivery.interchange)) interchanges.push(delivery.interchange);
	for (const interchange of interchanges) {
		call.store.interchanges.set(interchange.interchangeId, interchange);
		outbox.interchangeIds.push(interchange.interchangeId);
	}
	const first = interchanges[0];
	if (first) Object.assign(outbox, { fromEcgridId: first.fromEcgridId, toEcgridId: first.toEcgridId, toNetworkId: first.toNetworkId, toMailboxId: first.toMailboxId });
	deliver(call, outbox, deliveries);
	settleOutbox(call, outbox, scanErrors);
	return outbox;
}

/** Sets the outbox parcel's status from its own (not carbon-copied) interchanges, then from its recipients. */
function settleOutbox(call: Call, outbox: ParcelRecord, scanErrors: number): void {
	const originals = outbox.interchangeIds
		.map((interchangeId) => call.store.interchanges.get(interchangeId))
		.filter((interchange): interchange is InterchangeRecord => interchange !== undefined && interchange.carbonCopyId === 0);
	const outcome = outboxOutcome(outbox, originals, scanErrors);
	outbox.valid = outcome.valid;
	setParcelStatus(call, outbox, outcome.status);
	refreshOutboxStatus(call, outbox);
	call.store.changed();
}

/** Re-delivers interchanges (resend or unblocked) as one new inbox parcel per mailbox. */
export function redeliver(call: Call, interchanges: InterchangeRecord[]): void {
	const deliveries: Delivery[] = [];
	for (const interchange of interchanges) {
		const outbox = call.store.parcels.get(interchange.outboxParcelId);
		const sender = outbox && call.store.mailboxes.get(outbox.mailboxId);
		if (!outbox || !sender) continue;
		const from = call.store.tradingPartners.get(interchange.fromEcgridId);
		let to = call.store.tradingPartners.get(interchange.toEcgridId);
		if (!to && interchange.header) {
			const scan = scanEnvelopes(interchangeContent(call.store, interchange));
			const parsed = scan.interchanges[0];
			if (parsed) to = partnerByAddress(call, parsed.receiverQualifier, parsed.receiverId);
		}
		if (route(call, sender, interchange, from, to)) {
			deliveries.push({ interchange, content: interchangeContent(call.store, interchange) });
		}
	}
	const byOutbox = new Map<number, Delivery[]>();
	for (const delivery of deliveries) {
		const list = byOutbox.get(delivery.interchange.outboxParcelId) ?? [];
		list.push(delivery);
		byOutbox.set(delivery.interchange.outboxParcelId, list);
	}
	for (const [outboxId, group] of byOutbox) {
		const outbox = call.store.parcels.get(outboxId)!;
		deliver(call, outbox, group);
		settleOutbox(call, outbox, outbox.notes.filter((note) => note.status === 'EnvelopeError').length);
	}
	call.store.changed();
}

/** The bytes of one interchange, as they sit in its outbox parcel. */
export function interchangeContent(store: Store, interchange: InterchangeRecord): Buffer {
	const content = store.contents.get(interchange.outboxParcelId) ?? Buffer.alloc(0);
	return content.subarray(interchange.offset, interchange.offset + interchange.bytes);
}

const OUTBOX_ORDER = ['OutBoxRouted', 'OutBoxDelivered', 'OutBoxConfirmed'];

/** The sender's outbox parcel follows its recipients: delivered once all downloaded, confirmed once all confirmed. */
export function refreshOutboxStatus(call: Call, outbox: ParcelRecord): void {
	if (!OUTBOX_ORDER.includes(outbox.statusCode) && outbox.statusCode !== 'OutBoxPartialRouted') return;
	const inboxes = outbox.relatedParcelIds.map((parcelId) => call.store.parcels.get(parcelId)).filter((parcel): parcel is ParcelRecord => parcel !== undefined);
	if (inboxes.length === 0) return;
	const partial = outbox.statusCode === 'OutBoxPartialRouted';
	let status = 'OutBoxRouted';
	if (inboxes.every((parcel) => parcel.statusCode === 'InBoxConfirmed')) status = 'OutBoxConfirmed';
	else if (inboxes.every((parcel) => parcel.statusCode === 'InBoxConfirmed' || parcel.statusCode === 'InBoxTransferred')) status = 'OutBoxDelivered';
	if (partial && status === 'OutBoxRouted') return;
	setParcelStatus(call, outbox, status);
}

const INTERCHANGE_STATUS_FOR_INBOX: Record<string, string> = { InBoxReady: 'Routed', InBoxTransferred: 'Delivered', InBoxConfirmed: 'Confirmed', InBoxCanceled: 'Canceled' };

/** Moves an inbox parcel (and its interchanges, and the sender's outbox parcel) to a new status. */
export function moveInboxParcel(call: Call, inbox: ParcelRecord, statusCode: string): void {
	setParcelStatus(call, inbox, statusCode);
	if (statusCode === 'InBoxTransferred') inbox.downloadedAt = call.now;
	if (statusCode === 'InBoxConfirmed') inbox.archiveDate = call.now;
	if (statusCode === 'InBoxReady') {
		inbox.downloadedAt = undefined;
		inbox.archiveDate = undefined;
	}
	for (const interchangeId of inbox.interchangeIds) {
		const interchange = call.store.interchanges.get(interchangeId);
		if (interchange && interchange.statusCode !== 'Canceled') setInterchangeStatus(call, interchange, INTERCHANGE_STATUS_FOR_INBOX[statusCode] ?? interchange.statusCode);
	}
	for (const outboxId of inbox.relatedParcelIds) {
		const outbox = call.store.parcels.get(outboxId);
		if (outbox) refreshOutboxStatus(call, outbox);
	}
}

export function cancelInterchange(call: Call, interchange: InterchangeRecord): void {
	setInterchangeStatus(call, interchange, 'Canceled');
	const inbox = call.store.parcels.get(interchange.inboxParcelId);
	if (inbox && inbox.interchangeIds.every((id) => call.store.interchanges.get(id)?.statusCode === 'Canceled')) setParcelStatus(call, inbox, 'InBoxCanceled');
	call.store.changed();
}
