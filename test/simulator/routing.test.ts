/**
 * The scenario users run first: Acme uploads an X12 850 for Globex; Globex finds, downloads and
 * confirms it; Acme watches its outbox parcel move. Plus EDIFACT, no-route, bad envelopes,
 * carbon copies, blocked receivers, resets and cancels.
 */
import { startSimulator, type RunningSimulator } from '../../simulator';
import { edifactInterchange, x12Interchange } from './support/edi';
import { items, RawSoapClient } from './support/rawSoapClient';

let simulator: RunningSimulator;
let client: RawSoapClient;
let acme: string;
let globex: string;
let initech: string;
let control = 100;

const ACME_KEY = '00000000-0000-4000-8000-000000000101';
const GLOBEX_ADMIN_KEY = '00000000-0000-4000-8000-000000000111';
const INITECH_ADMIN_KEY = '00000000-0000-4000-8000-000000000201';
const ROOT_KEY = '00000000-0000-4000-8000-000000000001';

beforeAll(async () => {
	simulator = await startSimulator();
	client = new RawSoapClient(simulator.endpointUrl);
	acme = await client.ok('Login', { LoginName: 'acme.admin', Password: 'Demo-Acme-2024' });
	globex = await client.ok('Login', { LoginName: 'globex.user', Password: 'Demo-Globex-User-2024' });
	initech = await client.ok('Login', { LoginName: 'initech.user', Password: 'Demo-Initech-User-2024' });
});

afterAll(() => simulator.stop());

function acmeToGlobex850(): Buffer {
	return Buffer.from(x12Interchange({ senderQualifier: 'ZZ', senderId: 'ACMERETAIL', receiverQualifier: 'ZZ', receiverId: 'GLOBEXSUPPLY', control: control++ }), 'latin1');
}

async function upload(session: string, content: Buffer, fileName = 'order.x12'): Promise<string> {
	return client.ok('ParcelUpload', { SessionID: session, FileName: fileName, Bytes: content.length, Content: content });
}

async function inboxIds(session: string): Promise<string[]> {
	const inbox = await client.ok('ParcelInBox', { SessionID: session });
	return items(inbox.ParcelIDInfoList, 'ParcelIDInfo').map((parcel) => parcel.ParcelID);
}

test('an 850 from Acme reaches Globex, is downloaded and confirmed, and Acme sees its outbox status follow', async () => {
	const content = acmeToGlobex850();
	const outboxId = await upload(acme, content);
	const sent = await client.ok('ParcelInfo', { SessionID: acme, ParcelID: outboxId });
	expect(sent).toMatchObject({ Direction: 'OutBox', StatusCode: 'OutBoxRouted', Valid: 'VallidRouted', MailboxIDFrom: '1001', MailboxIDTo: '1002' });

	const inbox = await client.ok('ParcelInBox', { SessionID: globex });
	const delivered = items(inbox.ParcelIDInfoList, 'ParcelIDInfo').find((parcel) => parcel.MailboxIDFrom === '1001');
	expect(delivered).toMatchObject({ Direction: 'InBox', StatusCode: 'InBoxReady', MailboxNameFrom: 'Acme Retail', MailboxIDTo: '1002' });
	const interchange = items(delivered.Interchanges, 'InterchangeIDInfo')[0];
	expect(interchange).toMatchObject({ Standard: 'X12', DocumentType: '850', StatusCode: 'Routed', InterchangeControlID: String(control - 1).padStart(9, '0') });
	expect(interchange.TPFrom).toMatchObject({ Qualifier: 'ZZ', ID: 'ACMERETAIL' });

	const file = await client.ok('ParcelDownload', { SessionID: globex, ParcelID: delivered.ParcelID });
	expect(Buffer.from(file.Content, 'base64').equals(content)).toBe(true);
	expect(file).toMatchObject({ Standard: 'X12', Bytes: String(content.length) });
	expect(await inboxIds(globex)).not.toContain(delivered.ParcelID);
	expect((await client.ok('ParcelInfo', { SessionID: globex, ParcelID: delivered.ParcelID })).StatusCode).toBe('InBoxTransferred');
	expect((await client.ok('ParcelInfo', { SessionID: acme, ParcelID: outboxId })).StatusCode).toBe('OutBoxDelivered');

	expect(await client.ok('ParcelDownloadConfirm', { SessionID: globex, ParcelID: delivered.ParcelID })).toBe('true');
	expect((await client.ok('ParcelInfo', { SessionID: globex, ParcelID: delivered.ParcelID })).StatusCode).toBe('InBoxConfirmed');
	const outbox = await client.ok('ParcelOutBoxArchiveEx', { SessionID: acme, NetworkID: 0, MailboxID: 0, PageNo: 1, RecordsPerPage: 50 });
	expect(items(outbox.ParcelIDInfoList, 'ParcelIDInfo').find((parcel) => parcel.ParcelID === outboxId)?.StatusCode).toBe('OutBoxConfirmed');

	const manifest = items(await client.ok('ParcelManifest', { SessionID: acme, ParcelID: outboxId }), 'ManifestInfo').map((entry) => entry.StatusCode);
	expect(manifest).toEqual(['OutBoxReceived', 'OutBoxRouted', 'OutBoxDelivered', 'OutBoxConfirmed']);
	const received = items(await client.ok('InterchangeInBox', { SessionID: globex }), 'InterchangeIDInfo');
	expect(received.map((entry) => entry.InterchangeID)).toContain(interchange.InterchangeID);
	expect(received.find((entry) => entry.InterchangeID === interchange.InterchangeID)?.StatusCode).toBe('Confirmed');
});

test('download without update, reset and cancel move the inbox parcel as declared', async () => {
	await upload(acme, acmeToGlobex850());
	const [parcelId] = (await inboxIds(globex)).slice(-1);
	await client.ok('ParcelDownloadNoUpdate', { SessionID: globex, ParcelID: parcelId });
	expect(await inboxIds(globex)).toContain(parcelId);
	await client.ok('ParcelDownloadA', { SessionID: globex, ParcelID: parcelId });
	expect(await inboxIds(globex)).not.toContain(parcelId);
	expect(await client.ok('ParcelDownloadCancel', { SessionID: globex, ParcelID: parcelId })).toBe('true');
	expect(await inboxIds(globex)).toContain(parcelId);
	await client.ok('ParcelDownload', { SessionID: globex, ParcelID: parcelId });
	await client.ok('ParcelDownloadConfirm', { SessionID: globex, ParcelID: parcelId });
	expect((await client.fault('ParcelDownloadCancel', { SessionID: globex, ParcelID: parcelId })).ErrorString).toBe('Data error.');
	expect(await client.ok('ParcelDownloadReset', { SessionID: globex, ParcelID: parcelId })).toBe('true');
	expect(await inboxIds(globex)).toContain(parcelId);
	const short = await client.ok('ParcelInBoxExShort', { SessionID: globex, NetworkID: 0, MailboxID: 0, ECGridIDFrom: 0, ECGridIDTo: 0, Status: 'InBoxReady' });
	const listed = items(short.ParcelIDInfoList, 'ParcelIDInfo').find((parcel) => parcel.ParcelID === parcelId);
	expect(listed.Interchanges).toBeUndefined();
});

test('EDIFACT interchanges route by UNB receiver and qualifier, across networks', async () => {
	const content = Buffer.from(edifactInterchange({ senderQualifier: '14', senderId: '5412345000013', receiverQualifier: 'ZZZ', receiverId: 'INITECHLOG', control: 'EF0001' }), 'latin1');
	const outboxId = await client.ok('ParcelUploadA', { SessionID: ACME_KEY, FileName: 'orders.edi', ContentBase64: content.toString('base64') });
	expect((await client.ok('ParcelInfo', { SessionID: acme, ParcelID: outboxId })).StatusCode).toBe('OutBoxRouted');
	const inbox = await client.ok('ParcelInBox', { SessionID: initech });
	const parcel = items(inbox.ParcelIDInfoList, 'ParcelIDInfo').find((candidate) => candidate.MailboxIDFrom === '1001');
	expect(parcel).toMatchObject({ NetworkIDFrom: '1', NetworkIDTo: '2', NetworkNameTo: 'Partner VAN' });
	const interchange = items(parcel.Interchanges, 'InterchangeIDInfo')[0];
	expect(interchange).toMatchObject({ Standard: 'EDIFACT', DocumentType: 'ORDERS', InterchangeControlID: 'EF0001' });
	const file = await client.ok('ParcelDownloadA', { SessionID: initech, ParcelID: parcel.ParcelID });
	expect(Buffer.from(file.ContentBase64String, 'base64').equals(content)).toBe(true);
});

test('an unknown receiver ends in the no-route state and a parcel without envelopes in the error state', async () => {
	const noRoute = Buffer.from(x12Interchange({ senderQualifier: 'ZZ', senderId: 'ACMERETAIL', receiverQualifier: 'ZZ', receiverId: 'NOBODYHERE', control: control++ }), 'latin1');
	const noRouteId = await upload(acme, noRoute);
	expect(await client.ok('ParcelInfo', { SessionID: acme, ParcelID: noRouteId })).toMatchObject({ StatusCode: 'OutBoxNoRoute', Valid: 'ValidNoneRouted' });
	const noRouteList = items(await client.ok('InterchangeOutBoxNoRoute', { SessionID: acme }), 'InterchangeIDInfo');
	const lost = noRouteList.find((interchange) => interchange.InterchangeControlID === String(control - 1).padStart(9, '0'));
	expect(lost.StatusCode).toBe('NoRoute');
	// Once the receiver registers the ID, a resend delivers what had no route.
	await client.ok('TPAdd', { SessionID: GLOBEX_ADMIN_KEY, Qualifier: 'ZZ', ID: 'NOBODYHERE', Description: 'now registered' });
	expect(await client.ok('InterchangeResend', { SessionID: acme, InterchangeID: lost.InterchangeID })).toMatchObject({ StatusCode: 'Routed', MailboxIDTo: '1002' });
	expect(await client.ok('ParcelInfo', { SessionID: acme, ParcelID: noRouteId })).toMatchObject({ StatusCode: 'OutBoxRouted', Valid: 'VallidRouted' });

	const garbageId = await upload(acme, Buffer.from('this is not EDI at all'), 'notes.txt');
	expect(await client.ok('ParcelInfo', { SessionID: acme, ParcelID: garbageId })).toMatchObject({ StatusCode: 'OutBoxError', Valid: 'Invalid' });
	const errors = await client.ok('ParcelOutBoxError', { SessionID: acme });
	const errorIds = items(errors.ParcelIDInfoList, 'ParcelIDInfo').map((parcel) => parcel.ParcelID);
	expect(errorIds).toContain(garbageId);
	expect(errorIds).not.toContain(noRouteId);
	const notes = items(await client.ok('ParcelNoteList', { SessionID: acme, ParcelID: garbageId }), 'ParcelNote');
	expect(notes[0].Note).toMatch(/No ISA or UNB envelope/);

	const truncated = x12Interchange({ senderQualifier: 'ZZ', senderId: 'ACMERETAIL', receiverQualifier: 'ZZ', receiverId: 'GLOBEXSUPPLY', control: control++ }).replace(/IEA.*\n$/, '');
	const truncatedId = await upload(acme, Buffer.from(truncated));
	expect((await client.ok('ParcelInfo', { SessionID: acme, ParcelID: truncatedId })).StatusCode).toBe('OutBoxError');

	const spoofed = Buffer.from(x12Interchange({ senderQualifier: 'ZZ', senderId: 'GLOBEXSUPPLY', receiverQualifier: 'ZZ', receiverId: 'ACMERETAIL', control: control++ }));
	const spoofedId = await upload(acme, spoofed);
	const spoofedInfo = await client.ok('ParcelInfo', { SessionID: acme, ParcelID: spoofedId });
	expect(spoofedInfo.StatusCode).toBe('OutBoxError');
	expect(items(spoofedInfo.Interchanges, 'InterchangeIDInfo')[0].StatusCode).toBe('SenderUnknown');
});

test('a suspended receiver blocks delivery until it is active and the interchange is resent', async () => {
	await client.ok('TPSuspend', { SessionID: GLOBEX_ADMIN_KEY, ECGridID: 100012 });
	const content = Buffer.from(x12Interchange({ senderQualifier: '01', senderId: '123456789', receiverQualifier: '12', receiverId: '5551234567', control: control++ }));
	const outboxId = await upload(acme, content);
	const blocked = items(await client.ok('InterchangeOutBoxBlocked', { SessionID: acme }), 'InterchangeIDInfo');
	const interchange = blocked.find((candidate) => candidate.InterchangeControlID === String(control - 1).padStart(9, '0'));
	expect(interchange.StatusCode).toBe('Blocked');
	expect(items(await client.ok('InterchangeInBoxBlocked', { SessionID: globex }), 'InterchangeIDInfo').map((entry) => entry.InterchangeID)).toContain(interchange.InterchangeID);
	const before = await inboxIds(globex);

	await client.ok('TPActivate', { SessionID: GLOBEX_ADMIN_KEY, ECGridID: 100012 });
	const resent = await client.ok('InterchangeResend', { SessionID: acme, InterchangeID: interchange.InterchangeID });
	expect(resent).toMatchObject({ StatusCode: 'Routed', ECGridIDTo: '100012' });
	const after = await inboxIds(globex);
	expect(after.length).toBe(before.length + 1);
	expect(after).toContain(resent.ParcelIDInbox);
	expect((await client.ok('ParcelInfo', { SessionID: acme, ParcelID: outboxId })).StatusCode).toBe('OutBoxRouted');
});

test('a carbon copy delivers the traffic to a third mailbox as configured', async () => {
	const ccId = await client.ok('CarbonCopyAddEx', {
		SessionID: ROOT_KEY,
		NetworkID: 2,
		MailboxID: 2001,
		ECGridIDFrom: 100001,
		ECGridIDTo: 100011,
		ECGridIDCCFrom: 100001,
		ECGridIDCCTo: 100021,
		TransactionSet: '850',
	});
	expect((await client.ok('CarbonCopyInfo', { SessionID: initech, CarbonCopyID: ccId })).CCTo).toMatchObject({ ECGridID: '100021' });
	const before = await inboxIds(initech);
	const outboxId = await upload(acme, acmeToGlobex850());
	const after = await inboxIds(initech);
	expect(after.length).toBe(before.length + 1);
	const copy = await client.ok('ParcelInfo', { SessionID: initech, ParcelID: after[after.length - 1] });
	expect(items(copy.Interchanges, 'InterchangeIDInfo')[0]).toMatchObject({ DocumentType: '850', MailboxIDTo: '2001' });
	const [original] = (await inboxIds(globex)).slice(-1);
	await client.ok('ParcelDownloadConfirm', { SessionID: globex, ParcelID: original });
	// The copy is still unread at Initech; the sender's status follows the real recipient only.
	expect((await client.ok('ParcelInfo', { SessionID: acme, ParcelID: outboxId })).StatusCode).toBe('OutBoxConfirmed');

	await client.ok('CarbonCopySuspend', { SessionID: INITECH_ADMIN_KEY, CarbonCopyID: ccId });
	await upload(acme, acmeToGlobex850());
	expect((await inboxIds(initech)).length).toBe(after.length);
});

test('an MFT upload is delivered whole to the ECGridID it names', async () => {
	const content = Buffer.from([0, 1, 2, 3, 254, 255]);
	const outboxId = await client.ok('ParcelUploadMft', { SessionID: acme, FileName: 'drawing.bin', Bytes: content.length, Content: content, ECGridIDFrom: 100001, ECGridIDTo: 100021 });
	expect((await client.ok('ParcelInfo', { SessionID: acme, ParcelID: outboxId })).StatusCode).toBe('OutBoxRouted');
	const parcel = items((await client.ok('ParcelInBox', { SessionID: initech })).ParcelIDInfoList, 'ParcelIDInfo').find((candidate) => candidate.FileName === 'drawing.bin');
	const file = await client.ok('ParcelDownload', { SessionID: initech, ParcelID: parcel.ParcelID });
	expect(Buffer.from(file.Content, 'base64').equals(content)).toBe(true);
	expect(file.Standard).toBe('Binary');
});

test('the upload checks Bytes against the content', async () => {
	const fault = await client.fault('ParcelUpload', { SessionID: acme, FileName: 'x.edi', Bytes: 5, Content: Buffer.from('ISA') });
	expect(fault).toMatchObject({ ErrorItem: 'Bytes', ErrorCode: '9' });
});
