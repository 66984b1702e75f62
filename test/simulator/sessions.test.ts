/** Sessions: login/logout, API keys in place of sessions, inactivity timeout, WhoAmI and logs. */
import { startSimulator, type RunningSimulator } from '../../simulator';
import { RawSoapClient, items } from './support/rawSoapClient';

let simulator: RunningSimulator;
let client: RawSoapClient;

beforeAll(async () => {
	simulator = await startSimulator({ sessionTimeoutSeconds: 1 });
	client = new RawSoapClient(simulator.endpointUrl);
});

afterAll(() => simulator.stop());

const acmeUser = () => simulator.seed.users.find((user) => user.loginName === 'acme.user')!;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('Login returns a session GUID that WhoAmI resolves to the user', async () => {
	const session = await client.ok('Login', { LoginName: 'acme.user', Password: acmeUser().password });
	expect(session).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
	const me = await client.ok('WhoAmI', { SessionID: session });
	expect(me).toMatchObject({ UserID: '102', LoginName: 'acme.user', AuthLevel: 'MailboxUser', NetworkID: '1', MailboxID: '1001', SessionID: session, OpenSessions: '1' });
	expect(await client.ok('Logout', { SessionID: session })).toBe('0');
	const fault = await client.fault('WhoAmI', { SessionID: session });
	expect(fault).toMatchObject({ ErrorCode: '1', ErrorString: 'Session timed out.', ErrorItem: 'SessionID' });
	expect(fault.faultstring).toMatch(/session/i);
});

test('a wrong password is AccessDenied, and five in a row lock the user out until UserReset', async () => {
	const login = simulator.seed.users.find((user) => user.loginName === 'globex.user')!;
	const denied = await client.fault('Login', { LoginName: login.loginName, Password: 'wrong' });
	expect(denied).toMatchObject({ ErrorCode: '2', ErrorString: 'Access denied.' });
	expect(denied.faultstring).not.toContain('wrong');
	for (let attempt = 0; attempt < 4; attempt++) await client.fault('Login', { LoginName: login.loginName, Password: 'wrong' });
	expect((await client.fault('Login', { LoginName: login.loginName, Password: login.password })).ErrorMessage).toMatch(/locked out/);
	const globexAdminKey = simulator.seed.users.find((user) => user.loginName === 'globex.admin')!.apiKey;
	const locked = items(await client.ok('UserListLockedOut', { SessionID: globexAdminKey }), 'UserIDInfo');
	expect(locked.map((user) => user.LoginName)).toEqual(['globex.user']);
	await client.ok('UserReset', { SessionID: globexAdminKey, UserID: login.userId });
	expect(await client.ok('Login', { LoginName: login.loginName, Password: login.password })).toMatch(/-/);
});

test('an API key works in place of a session and does not time out', async () => {
	const me = await client.ok('WhoAmI', { SessionID: acmeUser().apiKey });
	expect(me).toMatchObject({ UserID: '102', AuthLevel: 'MailboxUser' });
	expect(me.SessionID).toBeUndefined();
	await wait(1300);
	expect((await client.ok('WhoAmI', { SessionID: acmeUser().apiKey })).UserID).toBe('102');
	expect((await client.fault('WhoAmI', { SessionID: 'api-key-session-102' })).ErrorCode).toBe('1');
});

test('a session expires after the inactivity timeout, and activity keeps it alive', async () => {
	const session = await client.ok('Login', { LoginName: 'acme.user', Password: acmeUser().password });
	for (let step = 0; step < 3; step++) {
		await wait(500);
		await client.ok('WhoAmI', { SessionID: session });
	}
	await wait(1300);
	expect((await client.fault('WhoAmI', { SessionID: session })).ErrorCode).toBe('1');
	const logs = items(await client.ok('SessionLog', { SessionID: acmeUser().apiKey, MaxRecords: 20 }), 'SessionLogInfo');
	const expired = logs.find((log) => log.SessionID === session);
	expect(expired.Status).toBe('Expired');
	expect(items(expired.Events, 'SessionEvents').map((event) => event.APICall)).toEqual(['Login', 'WhoAmI', 'WhoAmI', 'WhoAmI']);
});

test('SessionLogCurrent and SessionLogEx report calls with their return codes', async () => {
	const session = await client.ok('Login', { LoginName: 'acme.user', Password: acmeUser().password });
	await client.ok('TPList', { SessionID: session, ShowInactive: false });
	await client.fault('UserInfo', { SessionID: session, UserID: 111 });
	const current = await client.ok('SessionLogCurrent', { SessionID: session });
	const events = items(current.Events, 'SessionEvents');
	expect(events.map((event) => [event.APICall, event.ReturnCode])).toEqual([
		['Login', 'Success'],
		['TPList', 'Success'],
		['UserInfo', 'AccessDenied'],
	]);
	const acmeAdminKey = simulator.seed.users.find((user) => user.loginName === 'acme.admin')!.apiKey;
	const ex = items(await client.ok('SessionLogEx', { SessionID: acmeAdminKey, UserID: 102, MaxRecords: 50 }), 'SessionLogInfo');
	expect(ex.some((log) => log.SessionID === session)).toBe(true);
	expect((await client.fault('SessionLogEx', { SessionID: session, UserID: 101, MaxRecords: 5 })).ErrorCode).toBe('2');
});

test('GenerateAPIKey replaces the key; the old one stops working', async () => {
	const user = simulator.seed.users.find((candidate) => candidate.loginName === 'initech.user')!;
	const session = await client.ok('Login', { LoginName: user.loginName, Password: user.password });
	const fresh = await client.ok('GenerateAPIKey', { SessionID: session, UserID: 0 });
	expect(fresh).not.toBe(user.apiKey);
	expect((await client.fault('WhoAmI', { SessionID: user.apiKey })).ErrorCode).toBe('1');
	expect((await client.ok('WhoAmI', { SessionID: fresh })).LoginName).toBe('initech.user');
	expect(await client.ok('UserGetAPIKey', { SessionID: session, UserID: 0 })).toBe(fresh);
});

test('ChangePassword needs the current password', async () => {
	const user = simulator.seed.users.find((candidate) => candidate.loginName === 'initech.admin')!;
	const session = await client.ok('Login', { LoginName: user.loginName, Password: user.password });
	expect((await client.fault('ChangePassword', { SessionID: session, OldPassword: 'nope', NewPassword: 'Another-Pass-1' })).ErrorCode).toBe('2');
	await client.ok('ChangePassword', { SessionID: session, OldPassword: user.password, NewPassword: 'Another-Pass-1' });
	await client.fault('Login', { LoginName: user.loginName, Password: user.password });
	expect(await client.ok('Login', { LoginName: user.loginName, Password: 'Another-Pass-1' })).toMatch(/-/);
});
