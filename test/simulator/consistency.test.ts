/**
 * Create, read, list, update and status operations agree with each other: interconnects,
 * partners, comms and certificates, keys, migrations, users and mailboxes, and reports that count
 * the traffic actually routed.
 */
import { startSimulator, type RunningSimulator } from '../../simulator';
import { TEST_CERTIFICATE_BASE64 } from './support/certificate';
import { x12Interchange } from './support/edi';
import { items, RawSoapClient } from './support/rawSoapClient';

let simulator: RunningSimulator;
let client: RawSoapClient;
const key = (login: string) => simulator.seed.users.find((user) => user.loginName === login)!.apiKey;

beforeAll(async () => {
	simulator = await startSimulator();
	client = new RawSoapClient(simulator.endpointUrl);
});

afterAll(() => simulator.stop());

/** The rows of a DataSet result (diffgram → NewDataSet → Table). */
function rows(result: any): Array<Record<string, string>> {
	return items(result?.diffgram?.NewDataSet, 'Table');
}

test('an interconnect across networks waits for the other side, which accepts it with a note', async () => {
	const acme = key('acme.admin');
	const added = await client.ok('InterconnectAdd', { SessionID: acme, ECGridID1: 100001, ECGridID2: 100021, Reference: 'PO flow', ContactName: 'Ivy', ContactEMail: 'ivy@initech.invalid', NotifyContact: true, Preconfirm: false, Note: 'Please connect' });
	expect(added).toMatchObject({ Status: 'Pending', Reference1: 'PO flow' });
	expect(added.TP1).toMatchObject({ ECGridID: '100001' });
	expect((await client.fault('InterconnectAdd', { SessionID: acme, ECGridID1: 100001, ECGridID2: 100021, NotifyContact: false, Preconfirm: false })).ErrorCode).toBe('5');
	const pending = items(await client.ok('InterconnectListByStatus', { SessionID: key('initech.admin'), Status: 'Pending', ECGridID: 0, MaxDays: 0 }), 'InterconnectIDInfo');
	expect(pending.map((entry) => entry.InterconnectID)).toEqual([added.InterconnectID]);

	await client.ok('InterconnectNote', { SessionID: key('initech.admin'), InterconnectID: added.InterconnectID, AuthLevel: 'NoChange', Note: 'Accepted', EMailTo: 'Requestor' });
	const info = await client.ok('InterconnectInfoGUID', { SessionID: acme, UniqueID: added.UniqueID });
	expect(info.Status).toBe('Completed');
	expect(items(await client.ok('InterconnectNoteList', { SessionID: acme, InterconnectID: added.InterconnectID }), 'InterconnectNote').map((note) => note.Note)).toEqual(['Please connect', 'Accepted']);
	const counts = rows(await client.ok('InterconnectCountEx', { SessionID: acme, NetworkID: 0, MailboxID: 0, ECGridID: 0, MaxDays: 0 }));
	expect(counts).toEqual([{ Status: 'Completed', Count: '1' }]);

	const local = await client.ok('InterconnectAdd', { SessionID: acme, ECGridID1: 100002, ECGridID2: 100012, NotifyContact: false, Preconfirm: false });
	expect(local.Status).toBe('Completed');
	await client.ok('InterconnectCancel', { SessionID: acme, InterconnectID: local.InterconnectID, Note: 'not needed', EMailTo: 'NoEMail' });
	const byPair = items(await client.ok('InterconnectListByECGridID', { SessionID: acme, ECGridID1: 100012, ECGridID2: 0 }), 'InterconnectIDInfo');
	expect(byPair.map((entry) => entry.Status)).toEqual(['Canceled']);
	expect((await client.fault('InterconnectInfo', { SessionID: key('globex.user'), InterconnectID: added.InterconnectID })).ErrorCode).toBe('2');
});

test('trading partner status, description and default show up in info and lists', async () => {
	const acme = key('acme.admin');
	const ecgridId = await client.ok('TPAddEx', { SessionID: acme, NetworkID: 0, MailboxID: 0, Qualifier: '01', ID: '555000111', Description: 'Acme DC', RoutingGroup: 'ProductionB' });
	expect(await client.ok('TPInfo', { SessionID: acme, ECGridID: ecgridId })).toMatchObject({ Status: 'Active', MailboxDefault: 'false', OwnerInfo: expect.objectContaining({ RoutingGroup: 'ProductionB' }) });
	await client.ok('TPUpdateDescription', { SessionID: acme, ECGridID: ecgridId, Description: 'Acme distribution center' });
	await client.ok('TPSetMailboxDefault', { SessionID: acme, ECGridID: ecgridId });
	expect((await client.ok('TPGetMailboxDefault', { SessionID: acme, NetworkID: 0, MailboxID: 0 })).ECGridID).toBe(ecgridId);
	expect((await client.ok('TPInfo', { SessionID: acme, ECGridID: 100001 })).MailboxDefault).toBe('false');
	await client.ok('TPSuspend', { SessionID: acme, ECGridID: ecgridId });
	const active = items(await client.ok('TPListEx', { SessionID: acme, NetworkID: 0, MailboxID: 0, ShowInactive: false }), 'ECGridIDInfo').map((tp) => tp.ECGridID);
	const all = items(await client.ok('TPListEx', { SessionID: acme, NetworkID: 0, MailboxID: 0, ShowInactive: true }), 'ECGridIDInfo').map((tp) => tp.ECGridID);
	expect(active).not.toContain(ecgridId);
	expect(all).toContain(ecgridId);
	expect(items(await client.ok('TPFindEx', { SessionID: acme, NetworkID: 0, MailboxID: 0, Description: 'distribution', ShowInactive: true }), 'ECGridIDInfo').map((tp) => tp.Description)).toEqual(['Acme distribution center']);
	await client.ok('TPTerminate', { SessionID: acme, ECGridID: ecgridId });
	expect((await client.fault('TPActivate', { SessionID: acme, ECGridID: ecgridId })).ErrorCode).toBe('9');
	const again = await client.ok('TPAdd', { SessionID: acme, Qualifier: '01', ID: '555000111', Description: 'reused after termination' });
	expect(again).not.toBe(ecgridId);
});

test('a comm channel keeps its settings and a public certificate is read for real', async () => {
	const acme = key('acme.admin');
	const comm = await client.ok('CommAdd', {
		SessionID: acme, NetworkID: 0, MailboxID: 0, CommType: 'as2', OwnerUserID: 0, ECGridHosted: false, Identifier: 'ACME-AS2', URL: 'https://as2.acme.invalid/receive', Version: '1.2',
		SignData: true, EncryptData: true, CompressData: true, ReceiptType: 'SynchronousSigned', HTTPAuthentication: 'Basic', HTTPUser: 'as2user', HTTPPassword: 'as2-secret', UseType: 'Production', Status: 'Active',
	});
	expect(comm).toMatchObject({ Type: 'as2', Identifier: 'ACME-AS2', Receipt: 'SynchronousSigned', MailboxID: '1001', HTTPAuthentication: { Type: 'Basic', User: 'as2user' } });
	expect(comm.HTTPAuthentication.Password).toBeUndefined();
	const withCert = await client.ok('CertificateAddPublicA', { SessionID: acme, CommID: comm.CommID, CertType: 'X509', Usage: 'Encryption', CertBase64: TEST_CERTIFICATE_BASE64 });
	const [certificate] = items(withCert.Certificates, 'Certificate');
	expect(certificate).toMatchObject({ Subject: 'CN=Simulator Test Partner, O=Example', Type: 'X509', Usage: 'Encryption', HasPrivateKey: 'false', Status: 'Active' });
	expect(certificate.Thumbprint).toMatch(/^[0-9A-F]{40}$/);
	expect((await client.fault('CertificateAddPublicA', { SessionID: acme, CommID: comm.CommID, CertType: 'X509', Usage: 'Encryption', CertBase64: 'bm90IGEgY2VydA==' })).ErrorItem).toBe('Cert');
	await client.ok('CertificateTerminate', { SessionID: acme, CommID: comm.CommID, CertKeyID: certificate.CertKeyID });
	const listed = items(await client.ok('CommListEx', { SessionID: acme, NetworkID: 0, MailboxID: 0, CommType: 'as2', PrivateKeyRequired: false, UseType: 'Undefined', ShowInactive: false, WithCerts: true }), 'CommIDInfo');
	expect(items(listed[0].Certificates, 'Certificate')[0].Status).toBe('Terminated');
	expect(items(await client.ok('CommFind', { SessionID: key('globex.user'), Identifier: 'acme-as2', CommType: 'none', PrivateKeyRequired: false, UseType: 'Undefined', ShowInactive: false }), 'CommIDInfo')).toEqual([]);
	await client.ok('CommSetStatus', { SessionID: acme, CommID: comm.CommID, Status: 'Suspended' });
	expect((await client.ok('CommInfo', { SessionID: acme, CommID: comm.CommID })).Status).toBe('Suspended');
});

test('keys honour visibility and removal', async () => {
	const acmeAdmin = key('acme.admin');
	const acmeUser = key('acme.user');
	const set = (session: string, visibility: string, value: string) =>
		client.ok('KeySet', { SessionID: session, Key: 'cursor', SystemObject: 'Mailbox', ObjectID: 1001, Visibility: visibility, Value: value, DaysToLive: 0 });
	await set(acmeAdmin, 'Private', 'admin-only');
	await set(acmeAdmin, 'Shared', 'mailbox-wide');
	const get = (session: string, visibility: string) => client.call('KeyGet', { SessionID: session, Key: 'cursor', SystemObject: 'Mailbox', ObjectID: 1001, Visibility: visibility });
	expect((await get(acmeUser, 'Shared')).result.Value).toBe('mailbox-wide');
	expect((await get(acmeUser, 'Private')).fault?.ErrorCode).toBe('3');
	expect((await get(key('globex.user'), 'Shared')).fault?.ErrorCode).toBe('3');
	expect(items(await client.ok('KeyList', { SessionID: acmeAdmin, SystemObject: 'Mailbox', ObjectID: 1001 }), 'KeyValue').map((entry) => entry.Value).sort()).toEqual(['admin-only', 'mailbox-wide']);
	await set(acmeUser, 'Shared', 'updated');
	expect((await get(acmeAdmin, 'Shared')).result.Value).toBe('updated');
	await client.ok('KeyRemove', { SessionID: acmeAdmin, Key: 'cursor', SystemObject: 'Mailbox', ObjectID: 1001, Visibility: 'Shared' });
	expect((await get(acmeUser, 'Shared')).fault?.ErrorCode).toBe('3');
});

test('users, mailboxes and migrations read back what was written', async () => {
	const admin = key('demovan.admin');
	const mailboxId = await client.ok('MailboxAddEx', { SessionID: admin, NetworkID: 1, Name: 'Hooli Foods', UserID: '' });
	await client.ok('MailboxDescription', { SessionID: admin, MailboxID: mailboxId, Description: 'Grocery' });
	await client.ok('MailboxX12Delimiters', { SessionID: admin, MailboxID: mailboxId, SegTerm: 10, ElmSep: 124, SubElmSep: 94 });
	expect(await client.ok('MailboxInfo', { SessionID: admin, MailboxID: mailboxId })).toMatchObject({ Name: 'Hooli Foods', Description: 'Grocery', Status: 'Active', Config: expect.objectContaining({ SegTerm: '10', ElmSep: '124' }) });
	expect(items(await client.ok('MailboxList', { SessionID: admin, Name: 'hooli' }), 'MailboxIDInfo').map((mailbox) => mailbox.MailboxID)).toEqual([mailboxId]);
	const userId = await client.ok('UserAddEx', { SessionID: admin, NetworkID: 1, MailboxID: mailboxId, LoginName: 'hooli.admin', Password: 'Hooli-Pass-1', FirstName: 'Gavin', CellCarrier: 'NoChange', AuthLevel: 'MailboxAdmin' });
	await client.ok('MailboxSetContact', { SessionID: admin, MailboxID: mailboxId, UserID: userId, ContactType: 'Owner' });
	expect((await client.ok('MailboxInfo', { SessionID: admin, MailboxID: mailboxId })).OwnerUserID).toMatchObject({ UserID: userId, LoginName: 'hooli.admin' });
	await client.ok('UserUpdate', { SessionID: admin, UserID: userId, LastName: 'Belson', EMail: 'gavin@hooli.invalid', CellCarrier: 'NoChange', AuthLevel: 'NoChange' });
	expect(await client.ok('UserInfobyLogin', { SessionID: admin, LoginName: 'HOOLI.ADMIN' })).toMatchObject({ FirstName: 'Gavin', LastName: 'Belson', EMail: 'gavin@hooli.invalid', MailboxID: mailboxId });
	await client.ok('MailboxSuspend', { SessionID: admin, MailboxID: mailboxId });
	expect((await client.ok('MailboxInfo', { SessionID: admin, MailboxID: mailboxId })).Status).toBe('Suspended');

	const migrationId = await client.ok('MigrationAddEx', { SessionID: key('acme.admin'), NetworkId: 0, MailboxId: 0, Name: 'Move to Partner VAN', Scheduled: new Date('2030-01-01T00:00:00Z'), TargetNetworkId: 2, TargetMailboxId: 2001, Status: 'Planned' });
	await client.ok('MigrationAddTP', { SessionID: key('acme.admin'), MigrationID: migrationId, MigrationBatchID: 0, ECGridID: 100002 });
	const migration = await client.ok('MigrationInfo', { SessionID: key('acme.admin'), MigrationID: migrationId, MigrationBatchID: 0 });
	expect(migration).toMatchObject({ Name: 'Move to Partner VAN', Status: 'Planned', ECSPMailbox: expect.objectContaining({ MailboxID: '2001' }) });
	const [batch] = items(migration.Batches, 'MigrationBatch');
	expect(items(batch.TPs, 'MigrationTP')[0].ECGridID).toMatchObject({ ECGridID: '100002' });
	expect(items(await client.ok('MigrationListEx', { SessionID: key('acme.admin'), NetworkID: 0, MailboxID: 0, Status: 'All', ShowCanceled: false }), 'MigrationIDInfo')).toHaveLength(1);
});

test('reports count the traffic that was routed', async () => {
	const acme = key('acme.user');
	for (const control of [1, 2, 3]) {
		const content = Buffer.from(x12Interchange({ senderQualifier: 'ZZ', senderId: 'ACMERETAIL', receiverQualifier: 'ZZ', receiverId: 'GLOBEXSUPPLY', control }));
		await client.ok('ParcelUpload', { SessionID: acme, FileName: `po-${control}.x12`, Bytes: content.length, Content: content });
	}
	const monthly = rows(await client.ok('ReportMonthlyEx', { SessionID: key('demovan.admin'), NetworkID: 1, MailboxID: 0, Report: 1, Month: new Date() }));
	expect(monthly.find((row) => row.MailboxID === '1001')).toMatchObject({ InterchangesOut: '3', InterchangesIn: '0' });
	expect(monthly.find((row) => row.MailboxID === '1002')).toMatchObject({ InterchangesOut: '0', InterchangesIn: '3' });
	const byDocument = rows(await client.ok('ReportInterchangeStats', { SessionID: acme, Direction: 'OutBox' }));
	expect(byDocument).toEqual([expect.objectContaining({ Standard: 'X12', DocumentType: '850', Interchanges: '3' })]);
	const mailboxStats = rows(await client.ok('ReportMailboxStats', { SessionID: key('globex.user') }));
	expect(mailboxStats).toEqual([expect.objectContaining({ MailboxID: '1002', InBoxReady: '3' })]);
	const traffic = rows(await client.ok('ReportTrafficStatsPublic', {}));
	expect(traffic).toHaveLength(24);
	expect(traffic.reduce((sum, row) => sum + Number(row.Interchanges), 0)).toBe(3);
	expect((await client.fault('ReportMonthly', { SessionID: acme, Report: 9, Month: new Date() })).ErrorItem).toBe('Report');
});
