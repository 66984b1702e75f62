/**
 * Breadth: every one of the 221 catalog operations has a handler, answers a valid call, and every
 * response (results and faults alike) validates against the schema in Loren Data's WSDL.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { catalog } from '../../nodes/ECGridOS/catalog';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { handlers } from '../../simulator/domain/registry';
import { describeWithWsdl, validateAllAgainstWsdlSchema } from '../support/wsdlSchema';
import { TEST_CERTIFICATE_BASE64 } from './support/certificate';
import { x12Interchange } from './support/edi';
import { items, RawSoapClient, type SoapReply, type SoapValue } from './support/rawSoapClient';

/** The operations the simulator answers with an explicit "not supported" fault (see simulator/README.md). */
const UNSUPPORTED = ['ParcelDownloadS3', 'UserSendSMS'];

const ROOT = '00000000-0000-4000-8000-000000000001';
const ACME_ADMIN = '00000000-0000-4000-8000-000000000101';
const GLOBEX_USER = '00000000-0000-4000-8000-000000000112';

/** Defaults by enum type where the first enum value is not a meaningful choice. */
const ENUM_CHOICES: Record<string, string> = {
	Status: 'Active',
	ParcelStatus: 'InBoxReady',
	MigrationStatus: 'Planned',
	StatusInterconnect: 'Pending',
	AuthLevel: 'MailboxUser',
	CellCarrier: 'NoChange',
	NetworkGatewayCommChannel: 'as2',
	Objects: 'Mailbox',
	Direction: 'InBox',
	KeyVisibility: 'Public',
	UseType: 'Production',
};

/** Defaults by parameter name: the demo seed's IDs. */
const BY_NAME: Record<string, SoapValue> = {
	SessionID: ROOT,
	NetworkID: 1,
	MailboxID: 1001,
	NetworkId: 1,
	MailboxId: 1001,
	TargetNetworkId: 2,
	TargetMailboxId: 2001,
	UserID: 102,
	OwnerUserID: 101,
	ECGridID: 100001,
	ECGridIDFrom: 100001,
	ECGridIDTo: 100011,
	ECGridIDCCFrom: 100001,
	ECGridIDCCTo: 100021,
	PageNo: 1,
	RecordsPerPage: 10,
	PageSize: 10,
	PageNumber: 1,
	MaxRecords: 10,
	MaxDays: 30,
	Report: 1,
	NumPeriods: 3,
	Minutes1: 5,
	Minutes2: 60,
	Length: 12,
	SegTerm: 126,
	ElmSep: 42,
	SubElmSep: 62,
	Frequency: 1,
	MaxRetries: 1,
	MaxSessions: 5,
	Years: 1,
	OverlapDays: 10,
	QueueCount: 5,
	DaysToLive: 1,
	MinutesToLive: 30,
	Month: new Date(),
	TargetTime: new Date(),
	Scheduled: new Date(),
	MoveDateTime: new Date(),
	BeginUsage: new Date(),
	EndUsage: new Date(Date.now() + 365 * 86400000),
	Expires: new Date(Date.now() + 365 * 86400000),
	Key: 'shared-key',
	ObjectID: 1001,
	Description: 'Described by the breadth test',
	Name: 'Demo',
	Note: 'A note',
	FileName: 'breadth.x12',
};

let simulator: RunningSimulator;
let receiver: Server;
const replies = new Map<string, SoapReply>();

function x12(control: number, receiverId = 'GLOBEXSUPPLY'): Buffer {
	return Buffer.from(x12Interchange({ senderQualifier: 'ZZ', senderId: 'ACMERETAIL', receiverQualifier: 'ZZ', receiverId, control }));
}

beforeAll(async () => {
	receiver = createServer((_request, response) => response.writeHead(200).end());
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
	simulator = await startSimulator({ callbackRetrySeconds: 0.1 });
	const client = new RawSoapClient(simulator.endpointUrl);
	const ok = (operation: string, parameters: Record<string, SoapValue>) => client.ok(operation, parameters);

	// Objects for the operations to act on; throwaway ones for the destructive operations.
	const upload = async (control: number) => {
		const content = x12(control);
		await ok('ParcelUpload', { SessionID: ACME_ADMIN, FileName: `fixture-${control}.x12`, Bytes: content.length, Content: content });
		const inbox = items((await ok('ParcelInBox', { SessionID: GLOBEX_USER })).ParcelIDInfoList, 'ParcelIDInfo');
		return inbox[inbox.length - 1];
	};
	const downloaded = await upload(1);
	const transferred = await upload(2);
	await ok('ParcelDownload', { SessionID: GLOBEX_USER, ParcelID: transferred.ParcelID });
	const pendingAck = await upload(3);
	const cancelable = await upload(4);
	const outbox = items((await ok('ParcelOutBoxArchive', { SessionID: ACME_ADMIN, PageNo: 1, RecordsPerPage: 1 })).ParcelIDInfoList, 'ParcelIDInfo')[0];
	const interchangeId = items(downloaded.Interchanges, 'InterchangeIDInfo')[0].InterchangeID;
	const cancelableInterchangeId = items(cancelable.Interchanges, 'InterchangeIDInfo')[0].InterchangeID;
	const throwawayUser = await ok('UserAdd', { SessionID: ACME_ADMIN, MailboxID: 1001, LoginName: 'breadth.user', Password: 'Breadth-Pass-1', CellCarrier: 'NoChange', AuthLevel: 'MailboxUser' });
	await ok('UserAdd', { SessionID: ACME_ADMIN, MailboxID: 1001, LoginName: 'breadth.password', Password: 'Breadth-Pass-2', CellCarrier: 'NoChange', AuthLevel: 'MailboxUser' });
	const passwordSession = await ok('Login', { LoginName: 'breadth.password', Password: 'Breadth-Pass-2' });
	const logoutSession = await ok('Login', { LoginName: 'acme.user', Password: 'Demo-Acme-User-2024' });
	const throwawayMailbox = await ok('MailboxAdd', { SessionID: ROOT, Name: 'Breadth Mailbox', UserID: 0 });
	const throwawayPartner = await ok('TPAdd', { SessionID: ACME_ADMIN, Qualifier: 'ZZ', ID: 'BREADTHLIFE', Description: 'lifecycle' });
	const movingPartner = await ok('TPAdd', { SessionID: ACME_ADMIN, Qualifier: 'ZZ', ID: 'BREADTHMOVE', Description: 'moves' });
	const carbonCopy = await ok('CarbonCopyAdd', { SessionID: ROOT, ECGridIDFrom: 100002, ECGridIDTo: 100012, ECGridIDCCFrom: 100002, ECGridIDCCTo: 100022 });
	const interconnect = await ok('InterconnectAdd', { SessionID: ACME_ADMIN, ECGridID1: 100003, ECGridID2: 100023, Reference: 'keep', NotifyContact: false, Preconfirm: false });
	const cancelInterconnect = await ok('InterconnectAdd', { SessionID: ACME_ADMIN, ECGridID1: 100001, ECGridID2: 100021, Reference: 'cancel', NotifyContact: false, Preconfirm: false });
	const commDefaults = { SessionID: ACME_ADMIN, NetworkID: 1, MailboxID: 1001, CommType: 'as2', OwnerUserID: 101, ECGridHosted: true, SignData: true, EncryptData: true, CompressData: false, ReceiptType: 'None', HTTPAuthentication: 'None', UseType: 'Production', Status: 'Active' };
	const comm = await ok('CommAdd', { ...commDefaults, Identifier: 'BREADTH-AS2-A', URL: 'https://as2.example.invalid/a' });
	await ok('CommAdd', { ...commDefaults, Identifier: 'BREADTH-AS2-B', URL: 'https://as2.example.invalid/b' });
	const certificate = await ok('CertificateCreatePrivate', { SessionID: ACME_ADMIN, CommID: comm.CommID, Usage: 'EncryptionAndSignature', SecureHashAlgorithm: 'sha2', Expires: new Date(Date.now() + 86400000) });
	const certKeyId = items(certificate.Certificates, 'Certificate')[0].CertKeyID;
	const migration = await ok('MigrationAddEx', { SessionID: ACME_ADMIN, NetworkId: 1, MailboxId: 1001, Name: 'Breadth move', TargetNetworkId: 2, TargetMailboxId: 2001, Status: 'Planned' });
	await ok('KeySet', { SessionID: ROOT, Key: 'shared-key', SystemObject: 'Mailbox', ObjectID: 1001, Visibility: 'Public', Value: 'v', DaysToLive: 1 });
	const callback = await ok('CallBackAddEx', { SessionID: ACME_ADMIN, NetworkID: 1, MailboxID: 1001, UserID: 101, SystemObject: 'Parcel', Direction: 'InBox', Frequency: 1, MaxRetries: 1, URL: callbackUrl, HTTPAuthentication: 'None', Status: 'Active' });
	const queued = await ok('CallBackTest', { SessionID: ACME_ADMIN, CallBackEventID: callback.CallBackEventID, ParcelID: 1, InterchangeID: 0, UserID: 0 });
	const header = x12(9).toString('latin1').slice(0, 106);
	const uploadContent = x12(10);

	const overrides: Record<string, Record<string, SoapValue>> = {
		Login: { LoginName: 'sim.root', Password: 'Demo-Root-2024' },
		Logout: { SessionID: logoutSession },
		ChangePassword: { SessionID: passwordSession, OldPassword: 'Breadth-Pass-2', NewPassword: 'Breadth-Pass-3' },
		GenerateAPIKey: { UserID: throwawayUser },
		UserAdd: { SessionID: ACME_ADMIN, LoginName: 'breadth.added', Password: 'Breadth-Pass-4' },
		UserAddEx: { LoginName: 'breadth.addedex', Password: 'Breadth-Pass-5' },
		UserInfobyLogin: { LoginName: 'acme.user' },
		UserPassword: { UserID: throwawayUser, Password: 'Breadth-Pass-6' },
		UserActivate: { UserID: throwawayUser },
		UserSuspend: { UserID: throwawayUser },
		UserTerminate: { UserID: throwawayUser },
		UserReset: { UserID: throwawayUser },
		UserSetNetworkMailbox: { UserID: throwawayUser, MailboxID: 1002 },
		UserSetAuthLevel: { UserID: throwawayUser },
		UserSetMaxSessions: { UserID: throwawayUser },
		UserUpdate: { UserID: throwawayUser, FirstName: 'Changed', AuthLevel: 'NoChange' },
		SessionLogEx: { UserID: 102 },
		X400Format: { Country: 'US', ADMD: 'ATTMAIL', Organization: 'Acme', Surname: 'Doe' },
		InterchangeDate: { InterchangeHeader: header },
		InterchangeHeaderInfo: { InterchangeHeader: header },
		InterchangeHeaderInfoB: { InterchangeHeader: Buffer.from(header, 'latin1') },
		NetworkUpdate: { Name: 'Demo VAN', Location: 'Simulated' },
		NetworkSetContact: { UserID: 10, ContactType: 'Errors' },
		NetworkSetWebsite: { URL: 'https://demovan.example.invalid' },
		MailboxAdd: { Name: 'Breadth Added', UserID: 0 },
		MailboxAddEx: { Name: 'Breadth Added Ex', UserID: '101' },
		MailboxActivate: { MailboxID: throwawayMailbox },
		MailboxSuspend: { MailboxID: throwawayMailbox },
		MailboxTerminate: { MailboxID: throwawayMailbox },
		MailboxName: { Name: 'Acme Retail' },
		MailboxSetContact: { UserID: 101, ContactType: 'Errors' },
		MailboxInBoxTimeout: { Minutes: 0 },
		MailboxList: { Name: '' },
		MailboxListEx: { Name: '' },
		NetworkList: { Name: '' },
		UserList: { Name: '' },
		UserListEx: { Name: '' },
		TPAdd: { SessionID: ACME_ADMIN, Qualifier: 'ZZ', ID: 'BREADTHADD' },
		TPAddVAN: { Qualifier: 'ZZ', ID: 'BREADTHVAN' },
		TPAddEx: { Qualifier: 'ZZ', ID: 'BREADTHADDEX' },
		TPMove: { ECGridID: movingPartner },
		TPMoveMailbox: { ECGridID: movingPartner, MailboxID: 1002 },
		TPMoveEx: { ECGridID: movingPartner },
		TPActivate: { ECGridID: throwawayPartner },
		TPSuspend: { ECGridID: throwawayPartner },
		TPTerminate: { ECGridID: throwawayPartner },
		TPUpdateDataEMail: { DataEMail: 'edi@acme.example.invalid' },
		TPSearch: { Qualifier: 'ZZ', ID: 'ACME' },
		TPSearchEx: { Qualifier: 'ZZ', ID: '' },
		TPFindEx: { Description: 'Acme' },
		InterconnectAdd: { SessionID: ACME_ADMIN, ECGridID1: 100002, ECGridID2: 100022, Reference: 'breadth' },
		InterconnectNote: { InterconnectID: interconnect.InterconnectID, AttachmentName: 'note.txt', AttachmentContent: Buffer.from('attached') },
		InterconnectCancel: { InterconnectID: cancelInterconnect.InterconnectID },
		InterconnectInfo: { InterconnectID: interconnect.InterconnectID },
		InterconnectInfoGUID: { UniqueID: interconnect.UniqueID },
		InterconnectNoteList: { InterconnectID: interconnect.InterconnectID },
		InterconnectListByECGridID: { ECGridID1: 100003, ECGridID2: 0 },
		MigrationAdd: { Name: 'Breadth migration' },
		MigrationAddEx: { Name: 'Breadth migration ex' },
		MigrationInfo: { MigrationID: migration, MigrationBatchID: 0 },
		MigrationAddTP: { MigrationID: migration, MigrationBatchID: 0 },
		CarbonCopyAdd: { ECGridIDFrom: 100003, ECGridIDTo: 100013, ECGridIDCCFrom: 100003, ECGridIDCCTo: 100023 },
		CarbonCopyAddEx: { ECGridIDFrom: 100001, ECGridIDTo: 100012, TransactionSet: '810' },
		CarbonCopyActivate: { CarbonCopyID: carbonCopy },
		CarbonCopySuspend: { CarbonCopyID: carbonCopy },
		CarbonCopyTerminate: { CarbonCopyID: carbonCopy },
		CarbonCopyInfo: { CarbonCopyID: carbonCopy },
		CommAdd: { ...commDefaults, Identifier: 'BREADTH-AS2-C', URL: 'https://as2.example.invalid/c' },
		CommSetPair: { Identifier1: 'BREADTH-AS2-A', Identifier2: 'BREADTH-AS2-B', ECGridIDTo: 100002 },
		CommPair: { CommType: 'as2' },
		CommUpdate: { CommID: comm.CommID, Identifier: 'BREADTH-AS2-A', URL: 'https://as2.example.invalid/a2' },
		CommList: { CommType: 'none', UseType: 'Undefined' },
		CommListEx: { CommType: 'none', UseType: 'Undefined' },
		CommFind: { Identifier: 'BREADTH', CommType: 'none', UseType: 'Undefined' },
		CommInfo: { CommID: comm.CommID },
		CommSetStatus: { CommID: comm.CommID },
		CommDefaultMailbox: { CommID: comm.CommID },
		CertificateAddPublic: { CommID: comm.CommID, Cert: Buffer.from(TEST_CERTIFICATE_BASE64, 'base64') },
		CertificateAddPublicA: { CommID: comm.CommID, CertBase64: TEST_CERTIFICATE_BASE64 },
		CertAddPrivate: { CommID: comm.CommID, Cert: Buffer.from('not a real pfx'), Password: 'pfx-pass' },
		CertAddPrivateA: { CommID: comm.CommID, CertBase64: Buffer.from('not a real pfx').toString('base64'), Password: 'pfx-pass' },
		CertificateCreatePrivate: { CommID: comm.CommID },
		CertificateRenewPrivate: { CommID: comm.CommID, CertKeyID: certKeyId },
		CertificateTerminate: { CommID: comm.CommID, CertKeyID: certKeyId },
		ParcelUpload: { SessionID: ACME_ADMIN, Bytes: uploadContent.length, Content: uploadContent },
		ParcelUploadA: { SessionID: ACME_ADMIN, ContentBase64: uploadContent.toString('base64') },
		ParcelUploadEx: { Bytes: uploadContent.length, Content: uploadContent },
		ParcelUploadExA: { ContentBase64: uploadContent.toString('base64') },
		ParcelUploadMft: { Bytes: 3, Content: Buffer.from('MFT'), ECGridIDTo: 100021 },
		ParcelUploadMftA: { ContentBase64: Buffer.from('MFT').toString('base64'), ECGridIDTo: 100021 },
		ParcelTest: { DocumentType: 'X12' },
		ParcelInBox: { SessionID: GLOBEX_USER },
		ParcelInBoxEx: { MailboxID: 1002, ECGridIDFrom: 0, ECGridIDTo: 0 },
		ParcelInBoxExShort: { MailboxID: 1002, ECGridIDFrom: 0, ECGridIDTo: 0 },
		ParcelInfo: { ParcelID: downloaded.ParcelID },
		ParcelDownload: { ParcelID: downloaded.ParcelID },
		ParcelDownloadA: { ParcelID: downloaded.ParcelID },
		ParcelDownloadS3: { ParcelID: downloaded.ParcelID, AccessKey: 'not-used', SecretKey: 'not-used', Bucket: 'bucket', Region: 'us-east-1' },
		ParcelDownloadNoUpdate: { ParcelID: downloaded.ParcelID },
		ParcelDownloadNoUpdateA: { ParcelID: downloaded.ParcelID },
		ParcelDownloadConfirm: { ParcelID: downloaded.ParcelID },
		ParcelAcknowledgmentNote: { ParcelID: downloaded.ParcelID, Subject: '997 sent' },
		ParcelDownloadCancel: { ParcelID: transferred.ParcelID },
		ParcelDownloadConfirmPendingAck: { ParcelID: pendingAck.ParcelID },
		ParcelDownloadReset: { ParcelID: downloaded.ParcelID },
		ParcelResend: { ParcelID: outbox.ParcelID },
		ParcelUpdateStatus: { ParcelID: downloaded.ParcelID, TransLogOnly: true },
		ParcelUpdateLocalStatus: { ParcelID: downloaded.ParcelID, Status: 3 },
		ParcelSetMailbagControlID: { ParcelID: outbox.ParcelID, MailbagControlID: 'MB-1' },
		ParcelFindMailbagControlID: { MailbagControlID: 'MB-1' },
		ParcelFindMailbagControlIDTo: { MailbagControlID: 'MB-1' },
		ParcelManifest: { ParcelID: outbox.ParcelID },
		ParcelNoteList: { ParcelID: downloaded.ParcelID },
		InterchangeManifest: { InterchangeID: interchangeId },
		InterchangeInfo: { InterchangeID: interchangeId },
		InterchangeResend: { InterchangeID: interchangeId },
		InterchangeCancel: { InterchangeID: cancelableInterchangeId },
		CallBackEventInfo: { CallBackEventID: callback.CallBackEventID },
		CallBackEventSetStatus: { CallBackEventID: callback.CallBackEventID },
		CallBackQueueInfo: { CallBackQueueID: queued.CallBackQueueID },
		CallBackTest: { CallBackEventID: callback.CallBackEventID, ParcelID: downloaded.ParcelID },
		CallBackAddEx: { URL: callbackUrl },
		CallBackPendingListExA: { NetworkExclude: '2' },
		KeySet: { Value: 'value', Meta: 'meta' },
		KeySetMinutes: { Key: 'minute-key', Value: 'value' },
		ReportInstantStatsEx: { ECGridID: 0 },
		ReportInterchangeStats: { Direction: 'NoDir' },
		ReportInterchangeStatsEx: { Direction: 'NoDir' },
	};

	for (const [operation, declared] of Object.entries(catalog.operations)) {
		const parameters: Record<string, SoapValue> = {};
		for (const parameter of declared.parameters) {
			if (parameter.name in BY_NAME) parameters[parameter.name] = BY_NAME[parameter.name];
			else if (catalog.enums[parameter.type]) parameters[parameter.name] = ENUM_CHOICES[parameter.type] ?? catalog.enums[parameter.type][0];
			else if (parameter.type === 'boolean') parameters[parameter.name] = false;
			else if (['int', 'short', 'long', 'unsignedByte'].includes(parameter.type)) parameters[parameter.name] = 0;
		}
		replies.set(operation, await client.call(operation, { ...parameters, ...overrides[operation] }));
	}
}, 60000);

afterAll(async () => {
	await simulator.stop();
	await new Promise((resolve) => receiver.close(resolve));
});

test('every catalog operation has a handler, and nothing else does', () => {
	expect(Object.keys(handlers).sort()).toEqual(Object.keys(catalog.operations).sort());
	expect(Object.keys(handlers)).toHaveLength(221);
});

test('every operation answers a valid call; only the documented ones say they are not supported', () => {
	const failures = [...replies].filter(([, reply]) => reply.fault).map(([operation, reply]) => `${operation}: ${reply.fault?.faultstring}`);
	expect(failures).toEqual(UNSUPPORTED.map((operation) => `${operation}: Internal error. ${operation}: The ECGridOS simulator does not support this operation.`));
	expect(replies.size).toBe(221);
	for (const [operation, reply] of replies) expect({ operation, status: reply.status }).toEqual({ operation, status: reply.fault ? 500 : 200 });
});

describeWithWsdl('schema validity', () => {
	test("every response validates against the original WSDL's schema", async () => {
		const operations = [...replies.keys()];
		const results = await validateAllAgainstWsdlSchema(operations.map((operation) => replies.get(operation)!.xml));
		const invalid = results.map((result, index) => ({ operation: operations[index], errors: result.errors })).filter((entry) => entry.errors.length > 0);
		expect(invalid).toEqual([]);
	});
});
