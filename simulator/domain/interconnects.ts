/**
 * Interconnects: a request that two ECGridIDs exchange traffic. Within one network it completes at
 * once; across networks it stays Pending until someone who can reach the second ECGridID answers
 * with InterconnectNote (the acceptance), or it is canceled.
 */
import { randomUUID } from 'node:crypto';
import { fault } from '../soap/faults';
import type { InterconnectRecord } from '../store';
import { canReach, exScope, getOrNotFound, listable, ownScope, type Scope } from './access';
import type { Call, HandlerTable } from './call';
import { dataSet } from '../soap/dataSet';
import { checkLength } from './lifecycle';
import { findPartner } from './tradingPartners';
import { interconnectView, noteAttachment } from './views';

const OPEN_STATUSES = new Set(['Pending', 'Delayed', 'Problem', 'AuthorizationRequired']);

function reachable(call: Call, interconnect: InterconnectRecord): boolean {
	return [interconnect.ecgridId1, interconnect.ecgridId2].some((ecgridId) => {
		const partner = call.store.tradingPartners.get(ecgridId);
		return partner !== undefined && canReach(call.me, partner.networkId, partner.mailboxId);
	});
}

function findInterconnect(call: Call, interconnect: InterconnectRecord | undefined, item: string): InterconnectRecord {
	if (!interconnect) throw fault.notFound(item, 'No such interconnect.');
	if (!reachable(call, interconnect)) throw fault.accessDenied(item);
	return interconnect;
}

function byId(call: Call): InterconnectRecord {
	return findInterconnect(call, call.store.interconnects.get(call.int('InterconnectID')), 'InterconnectID');
}

function addNote(call: Call, interconnect: InterconnectRecord, note: string, mailTo: string, attachment?: { name: string; content?: Buffer }): void {
	interconnect.notes.push({
		noteId: call.store.nextId('note'),
		date: call.now,
		status: interconnect.status,
		userId: call.me.userId,
		postedBy: call.me.loginName,
		mailTo,
		note,
		attachmentName: attachment?.name || undefined,
		attachmentBase64: attachment?.content?.toString('base64'),
	});
	interconnect.modified = call.now;
	call.store.changed();
}

function inScopeOf(call: Call, interconnect: InterconnectRecord, scope: Scope): boolean {
	return [interconnect.ecgridId1, interconnect.ecgridId2].some((ecgridId) => {
		const partner = call.store.tradingPartners.get(ecgridId);
		return partner !== undefined && listable(call, scope, partner);
	});
}

function listByStatus(call: Call, scope: Scope, statusParameter: string) {
	const status = call.enumText(statusParameter);
	const ecgridId = call.int('ECGridID');
	const maxDays = call.int('MaxDays');
	return [...call.store.interconnects.values()]
		.filter((interconnect) => inScopeOf(call, interconnect, scope))
		.filter((interconnect) => status === 'NoStatusChange' || interconnect.status === status)
		.filter((interconnect) => !ecgridId || interconnect.ecgridId1 === ecgridId || interconnect.ecgridId2 === ecgridId)
		.filter((interconnect) => maxDays <= 0 || interconnect.modified >= call.now - maxDays * 86400000)
		.map((interconnect) => interconnectView(call.store, interconnect));
}

function count(call: Call, scope: Scope) {
	const ecgridId = call.int('ECGridID');
	const maxDays = call.int('MaxDays');
	const counts = new Map<string, number>();
	for (const interconnect of call.store.interconnects.values()) {
		if (!inScopeOf(call, interconnect, scope)) continue;
		if (ecgridId && interconnect.ecgridId1 !== ecgridId && interconnect.ecgridId2 !== ecgridId) continue;
		if (maxDays > 0 && interconnect.modified < call.now - maxDays * 86400000) continue;
		counts.set(interconnect.status, (counts.get(interconnect.status) ?? 0) + 1);
	}
	return dataSet({
		name: 'Table',
		columns: [
			{ name: 'Status', type: 'string' },
			{ name: 'Count', type: 'int' },
		],
		rows: [...counts].map(([status, total]) => ({ Status: status, Count: total })),
	});
}

export const interconnectHandlers: HandlerTable = {
	InterconnectAdd(call) {
		const tp1 = findPartner(call, 'ECGridID1', false);
		const tp2 = getOrNotFound(call.store.tradingPartners, call.int('ECGridID2'), 'ECGridID2');
		if (tp1.ecgridId === tp2.ecgridId) throw fault.dataError('ECGridID2', 'An interconnect joins two different ECGridIDs.');
		const existing = [...call.store.interconnects.values()].find(
			(other) =>
				other.status !== 'Canceled' &&
				((other.ecgridId1 === tp1.ecgridId && other.ecgridId2 === tp2.ecgridId) || (other.ecgridId1 === tp2.ecgridId && other.ecgridId2 === tp1.ecgridId)),
		);
		if (existing) throw fault.duplicate('ECGridID2', `Interconnect ${existing.interconnectId} already joins these ECGridIDs.`);
		const completes = call.flag('Preconfirm') || tp1.networkId === tp2.networkId;
		const interconnect: InterconnectRecord = {
			interconnectId: call.store.nextId('interconnect'),
			uniqueId: randomUUID(),
			ecgridId1: tp1.ecgridId,
			ecgridId2: tp2.ecgridId,
			reference1: checkLength('Reference', call.text('Reference'), 64),
			reference2: '',
			contactName: checkLength('ContactName', call.text('ContactName'), 64),
			contactEmail: checkLength('ContactEMail', call.text('ContactEMail'), 128),
			status: completes ? 'Completed' : 'Pending',
			requestorUserId: call.me.userId,
			created: call.now,
			modified: call.now,
			completed: completes ? call.now : undefined,
			notes: [],
		};
		call.store.interconnects.set(interconnect.interconnectId, interconnect);
		if (call.text('Note')) addNote(call, interconnect, call.text('Note'), call.flag('NotifyContact') ? interconnect.contactEmail : '');
		call.store.changed();
		return interconnectView(call.store, interconnect);
	},
	InterconnectNote(call) {
		const interconnect = byId(call);
		const tp2 = call.store.tradingPartners.get(interconnect.ecgridId2);
		const accepting = OPEN_STATUSES.has(interconnect.status) && tp2 !== undefined && canReach(call.me, tp2.networkId, tp2.mailboxId) && call.me.userId !== interconnect.requestorUserId;
		if (accepting) {
			interconnect.status = 'Completed';
			interconnect.completed = call.now;
		}
		addNote(call, interconnect, checkLength('Note', call.text('Note'), 4000), call.text('OtherEMailAddress'), {
			name: call.text('AttachmentName'),
			content: call.bytes('AttachmentContent'),
		});
		return true;
	},
	InterconnectCancel(call) {
		const interconnect = byId(call);
		if (interconnect.status === 'Canceled') throw fault.dataError('InterconnectID', 'The interconnect is already canceled.');
		interconnect.status = 'Canceled';
		addNote(call, interconnect, call.text('Note') || 'Canceled.', call.text('OtherEMailAddress'));
		return true;
	},
	InterconnectInfo: (call) => interconnectView(call.store, byId(call)),
	InterconnectInfoGUID(call) {
		const wanted = call.text('UniqueID').trim().toLowerCase();
		const interconnect = [...call.store.interconnects.values()].find((candidate) => candidate.uniqueId === wanted);
		return interconnectView(call.store, findInterconnect(call, interconnect, 'UniqueID'));
	},
	InterconnectNoteList: (call) =>
		byId(call).notes.map((note) => ({
			InterconnectID: call.int('InterconnectID'),
			InterconnectNoteID: note.noteId,
			NoteDate: note.date,
			Status: note.status,
			PostedBy: note.postedBy,
			UserID: note.userId,
			MailTo: note.mailTo || undefined,
			Note: note.note,
			Attachment: noteAttachment(note),
		})),
	InterconnectListByECGridID(call) {
		const first = call.int('ECGridID1');
		const second = call.int('ECGridID2');
		return [...call.store.interconnects.values()]
			.filter((interconnect) => reachable(call, interconnect))
			.filter((interconnect) => {
				const ids = [interconnect.ecgridId1, interconnect.ecgridId2];
				return (!first || ids.includes(first)) && (!second || ids.includes(second));
			})
			.map((interconnect) => interconnectView(call.store, interconnect));
	},
	InterconnectListByStatus: (call) => listByStatus(call, ownScope(call), 'Status'),
	InterconnectListByStatusEx: (call) => listByStatus(call, exScope(call), 'IntStatus'),
	InterconnectCount: (call) => count(call, ownScope(call)),
	InterconnectCountEx: (call) => count(call, exScope(call)),
};
