/** With a data file, state survives a restart; sessions do not (a restart ends them). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../simulator';
import { x12Interchange } from './support/edi';
import { items, RawSoapClient } from './support/rawSoapClient';

let directory: string;

beforeAll(() => {
	directory = mkdtempSync(join(tmpdir(), 'ecgridos-simulator-'));
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

test('parcels, partners, users and keys survive a restart with the same data file', async () => {
	const dataFile = join(directory, 'state.json');
	const first = await startSimulator({ dataFile });
	const client = new RawSoapClient(first.endpointUrl);
	const acmeKey = first.seed.users.find((user) => user.loginName === 'acme.admin')!.apiKey;
	const content = Buffer.from(x12Interchange({ senderQualifier: 'ZZ', senderId: 'ACMERETAIL', receiverQualifier: 'ZZ', receiverId: 'GLOBEXSUPPLY', control: 7 }));
	const outboxId = await client.ok('ParcelUpload', { SessionID: acmeKey, FileName: 'po.x12', Bytes: content.length, Content: content });
	const ecgridId = await client.ok('TPAdd', { SessionID: acmeKey, Qualifier: 'ZZ', ID: 'ACMENORTH', Description: 'North' });
	const userId = await client.ok('UserAdd', { SessionID: acmeKey, MailboxID: 1001, LoginName: 'acme.persisted', Password: 'Persisted-Pass-1', CellCarrier: 'NoChange', AuthLevel: 'MailboxUser' });
	await client.ok('KeySet', { SessionID: acmeKey, Key: 'cursor', SystemObject: 'Mailbox', ObjectID: 1001, Visibility: 'Shared', Value: '42', DaysToLive: 1 });
	const session = await client.ok('Login', { LoginName: 'acme.admin', Password: 'Demo-Acme-2024' });
	await first.stop();
	expect(JSON.parse(readFileSync(dataFile, 'utf8')).format).toBe('ecgridos-simulator-state');

	const second = await startSimulator({ dataFile });
	const again = new RawSoapClient(second.endpointUrl);
	expect((await again.ok('ParcelInfo', { SessionID: acmeKey, ParcelID: outboxId })).StatusCode).toBe('OutBoxRouted');
	const globexKey = second.seed.users.find((user) => user.loginName === 'globex.user')!.apiKey;
	const inbox = items((await again.ok('ParcelInBox', { SessionID: globexKey })).ParcelIDInfoList, 'ParcelIDInfo');
	expect(inbox).toHaveLength(1);
	const file = await again.ok('ParcelDownload', { SessionID: globexKey, ParcelID: inbox[0].ParcelID });
	expect(Buffer.from(file.Content, 'base64').equals(content)).toBe(true);
	expect((await again.ok('TPInfo', { SessionID: acmeKey, ECGridID: ecgridId })).ID).toBe('ACMENORTH');
	expect((await again.ok('UserInfo', { SessionID: acmeKey, UserID: userId })).LoginName).toBe('acme.persisted');
	expect((await again.ok('KeyGet', { SessionID: acmeKey, Key: 'cursor', SystemObject: 'Mailbox', ObjectID: 1001, Visibility: 'Shared' })).Value).toBe('42');
	expect(await again.ok('Login', { LoginName: 'acme.persisted', Password: 'Persisted-Pass-1' })).toMatch(/-/);
	expect((await again.fault('WhoAmI', { SessionID: session })).ErrorCode).toBe('1');
	const nextParcel = await again.ok('ParcelUpload', { SessionID: acmeKey, FileName: 'po2.x12', Bytes: content.length, Content: content });
	expect(Number(nextParcel)).toBeGreaterThan(Number(inbox[0].ParcelID));
	await second.stop();
});

test('without a data file every start begins from the seed', async () => {
	const first = await startSimulator();
	const client = new RawSoapClient(first.endpointUrl);
	const key = first.seed.users.find((user) => user.loginName === 'acme.admin')!.apiKey;
	await client.ok('TPAdd', { SessionID: key, Qualifier: 'ZZ', ID: 'ACMESOUTH', Description: 'South' });
	await first.stop();
	const second = await startSimulator();
	const found = await new RawSoapClient(second.endpointUrl).ok('TPSearch', { SessionID: key, Qualifier: 'ZZ', ID: 'ACMESOUTH', ShowInactive: true });
	expect(items(found, 'ECGridIDInfo')).toEqual([]);
	await second.stop();
});

test('a seed file given by path replaces the demo seed', async () => {
	const seedFile = join(directory, 'seed.json');
	const seed = {
		networks: [{ networkId: 7, name: 'Test VAN' }],
		mailboxes: [{ mailboxId: 70, networkId: 7, name: 'Only Mailbox' }],
		users: [{ userId: 700, loginName: 'only.user', password: 'Only-Pass-1', apiKey: '11111111-2222-4333-8444-555555555555', authLevel: 'MailboxAdmin', networkId: 7, mailboxId: 70 }],
		tradingPartners: [{ ecgridId: 7000, networkId: 7, mailboxId: 70, qualifier: 'ZZ', id: 'ONLY' }],
	};
	writeFileSync(seedFile, JSON.stringify(seed));
	const simulator = await startSimulator({ seed: seedFile });
	expect(simulator.seed.users[0].loginName).toBe('only.user');
	const me = await new RawSoapClient(simulator.endpointUrl).ok('WhoAmI', { SessionID: '11111111-2222-4333-8444-555555555555' });
	expect(me).toMatchObject({ UserID: '700', NetworkID: '7', MailboxID: '70' });
	await simulator.stop();
	await expect(startSimulator({ seed: { ...seed, users: [{ ...seed.users[0], mailboxId: 99 }] } })).rejects.toThrow(/mailbox outside its network/);
});
