/**
 * Authorization by AuthLevel and ownership: mailbox users stay in their mailbox, network admins
 * see their network, and the Ex operations honour NetworkID/MailboxID within that reach.
 */
import { startSimulator, type RunningSimulator } from '../../simulator';
import { x12Interchange } from './support/edi';
import { items, RawSoapClient } from './support/rawSoapClient';

let simulator: RunningSimulator;
let client: RawSoapClient;
let globexParcelId: string;

const key = (login: string) => simulator.seed.users.find((user) => user.loginName === login)!.apiKey;

beforeAll(async () => {
	simulator = await startSimulator();
	client = new RawSoapClient(simulator.endpointUrl);
	const content = Buffer.from(x12Interchange({ senderQualifier: 'ZZ', senderId: 'ACMERETAIL', receiverQualifier: 'ZZ', receiverId: 'GLOBEXSUPPLY', control: 1 }));
	await client.ok('ParcelUpload', { SessionID: key('acme.user'), FileName: 'po.x12', Bytes: content.length, Content: content });
	globexParcelId = items((await client.ok('ParcelInBox', { SessionID: key('globex.user') })).ParcelIDInfoList, 'ParcelIDInfo')[0].ParcelID;
});

afterAll(() => simulator.stop());

test("a mailbox user cannot see or touch another mailbox's parcels, partners or users", async () => {
	const acme = key('acme.user');
	for (const [operation, parameters] of [
		['ParcelInfo', { ParcelID: globexParcelId }],
		['ParcelDownload', { ParcelID: globexParcelId }],
		['ParcelDownloadConfirm', { ParcelID: globexParcelId }],
		['TPInfo', { ECGridID: 100011 }],
		['TPUpdateDescription', { ECGridID: 100011, Description: 'mine now' }],
		['UserInfo', { UserID: 112 }],
		['MailboxInfo', { MailboxID: 1002 }],
		['ParcelInBoxEx', { NetworkID: 1, MailboxID: 1002, ECGridIDFrom: 0, ECGridIDTo: 0 }],
		['TPListEx', { NetworkID: 1, MailboxID: 1002, ShowInactive: false }],
		['UserListEx', { NetworkID: 1, MailboxID: 1002 }],
	] as const) {
		const fault = await client.fault(operation, { SessionID: acme, ...parameters });
		expect({ operation, code: fault.ErrorCode, text: fault.ErrorString }).toEqual({ operation, code: '2', text: 'Access denied.' });
	}
	expect((await client.ok('ParcelInfo', { SessionID: key('globex.user'), ParcelID: globexParcelId })).StatusCode).toBe('InBoxReady');
});

test('lists only show what is in reach', async () => {
	const tps = items(await client.ok('TPList', { SessionID: key('acme.user'), ShowInactive: false }), 'ECGridIDInfo');
	expect(new Set(tps.map((tp) => tp.MailboxID))).toEqual(new Set(['1001']));
	const users = items(await client.ok('UserList', { SessionID: key('acme.admin') }), 'UserIDInfo');
	expect(new Set(users.map((user) => user.MailboxID))).toEqual(new Set(['1001']));
	const networkUsers = items(await client.ok('UserList', { SessionID: key('demovan.admin') }), 'UserIDInfo');
	expect(new Set(networkUsers.map((user) => user.NetworkID))).toEqual(new Set(['1']));
	expect(networkUsers.length).toBeGreaterThan(users.length);
});

test('a network admin reaches every mailbox of the network through the Ex operations, and no other network', async () => {
	const admin = key('demovan.admin');
	const inbox = await client.ok('ParcelInBoxEx', { SessionID: admin, NetworkID: 1, MailboxID: 1002, ECGridIDFrom: 0, ECGridIDTo: 0 });
	expect(items(inbox.ParcelIDInfoList, 'ParcelIDInfo').map((parcel) => parcel.ParcelID)).toContain(globexParcelId);
	const allInNetwork = await client.ok('ParcelInBoxEx', { SessionID: admin, NetworkID: 0, MailboxID: 0, ECGridIDFrom: 0, ECGridIDTo: 0 });
	expect(items(allInNetwork.ParcelIDInfoList, 'ParcelIDInfo').map((parcel) => parcel.ParcelID)).toContain(globexParcelId);
	expect((await client.ok('TPInfo', { SessionID: admin, ECGridID: 100011 })).MailboxName).toBe('Globex Supply');
	expect(await client.ok('TPUpdateDescription', { SessionID: admin, ECGridID: 100011, Description: 'Globex (edited by the VAN)' })).toBe('true');

	expect((await client.fault('TPListEx', { SessionID: admin, NetworkID: 2, MailboxID: 2001, ShowInactive: false })).ErrorCode).toBe('2');
	expect((await client.fault('TPInfo', { SessionID: admin, ECGridID: 100021 })).ErrorCode).toBe('2');
	expect((await client.fault('ParcelInfo', { SessionID: key('partnervan.admin'), ParcelID: globexParcelId })).ErrorCode).toBe('2');
	expect((await client.ok('TPInfo', { SessionID: key('sim.root'), ECGridID: 100021 })).NetworkName).toBe('Partner VAN');
});

test('an Ex upload lands in the mailbox it names when the caller may act there', async () => {
	const content = Buffer.from(x12Interchange({ senderQualifier: 'ZZ', senderId: 'GLOBEXSUPPLY', receiverQualifier: 'ZZ', receiverId: 'ACMERETAIL', control: 2 }));
	const parcelId = await client.ok('ParcelUploadEx', { SessionID: key('demovan.admin'), NetworkID: 1, MailboxID: 1002, FileName: 'invoice.x12', Bytes: content.length, Content: content });
	expect(await client.ok('ParcelInfo', { SessionID: key('globex.user'), ParcelID: parcelId })).toMatchObject({ Direction: 'OutBox', MailboxIDFrom: '1002', StatusCode: 'OutBoxRouted' });
	const denied = await client.fault('ParcelUploadEx', { SessionID: key('acme.admin'), NetworkID: 1, MailboxID: 1002, FileName: 'x.x12', Bytes: content.length, Content: content });
	expect(denied.ErrorCode).toBe('2');
});

test('AuthLevel limits what a user may change', async () => {
	const mailboxUser = key('acme.user');
	expect((await client.fault('TPAdd', { SessionID: mailboxUser, Qualifier: 'ZZ', ID: 'ACMEWEST', Description: 'West' })).ErrorCode).toBe('2');
	expect((await client.fault('UserAdd', { SessionID: mailboxUser, MailboxID: 1001, LoginName: 'acme.new', Password: 'Long-Enough-1', CellCarrier: 'NoChange', AuthLevel: 'MailboxUser' })).ErrorCode).toBe('2');
	expect((await client.fault('MailboxAdd', { SessionID: key('acme.admin'), Name: 'Acme West', UserID: 0 })).ErrorCode).toBe('2');
	const grant = await client.fault('UserAdd', { SessionID: key('acme.admin'), MailboxID: 1001, LoginName: 'acme.boss', Password: 'Long-Enough-1', CellCarrier: 'NoChange', AuthLevel: 'NetworkAdmin' });
	expect(grant.ErrorCode).toBe('2');
	const userId = await client.ok('UserAdd', { SessionID: key('acme.admin'), MailboxID: 1001, LoginName: 'acme.new', Password: 'Long-Enough-1', FirstName: 'New', CellCarrier: 'NoChange', AuthLevel: 'MailboxUser' });
	expect(await client.ok('UserInfo', { SessionID: key('acme.admin'), UserID: userId })).toMatchObject({ LoginName: 'acme.new', MailboxID: '1001', AuthLevel: 'MailboxUser', Status: 'Active' });
	expect((await client.fault('UserAdd', { SessionID: key('acme.admin'), MailboxID: 1001, LoginName: 'ACME.NEW', Password: 'Long-Enough-1', CellCarrier: 'NoChange', AuthLevel: 'MailboxUser' })).ErrorCode).toBe('5');
	await client.ok('UserSuspend', { SessionID: key('acme.admin'), UserID: userId });
	expect((await client.fault('Login', { LoginName: 'acme.new', Password: 'Long-Enough-1' })).ErrorCode).toBe('2');
});

test('trading partner IDs are unique across ECGrid', async () => {
	const duplicate = await client.fault('TPAdd', { SessionID: key('acme.admin'), Qualifier: 'ZZ', ID: 'ACMERETAIL', Description: 'again' });
	expect(duplicate).toMatchObject({ ErrorCode: '5', ErrorString: 'Duplicate.' });
	const elsewhere = await client.fault('TPAdd', { SessionID: key('initech.admin'), Qualifier: 'ZZ', ID: 'GLOBEXSUPPLY', Description: 'taken' });
	expect(elsewhere).toMatchObject({ ErrorCode: '6', ErrorString: 'ID exists on network.' });
	const tooLong = await client.fault('TPAdd', { SessionID: key('acme.admin'), Qualifier: 'ZZ', ID: 'X'.repeat(36), Description: 'long' });
	expect(tooLong).toMatchObject({ ErrorCode: '8', ErrorItem: 'ID', ErrorMessage: 'Too long (max=35)' });
	const ecgridId = await client.ok('TPAdd', { SessionID: key('acme.admin'), Qualifier: 'zz', ID: 'ACMEEAST', Description: 'Acme East' });
	const found = items(await client.ok('TPSearch', { SessionID: key('globex.user'), Qualifier: 'ZZ', ID: 'ACMEEAST', ShowInactive: false }), 'ECGridIDInfo');
	expect(found).toEqual([expect.objectContaining({ ECGridID: ecgridId, Qualifier: 'ZZ', MailboxID: '1001' })]);
});
