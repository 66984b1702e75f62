/**
 * Which webhook URLs the Callback Trigger registers with ECGrid: by default only public HTTPS
 * addresses; everything on the machine or a private network only with the documented opt-in.
 */
import { ALLOW_PRIVATE_CALLBACK_URL_ENV, isPrivateHost, unreachableReason } from '../../nodes/ECGridOS/callbackTrigger/webhookUrl';

afterEach(() => {
	delete process.env[ALLOW_PRIVATE_CALLBACK_URL_ENV];
});

test.each([
	'localhost', 'app.localhost', '127.0.0.1', '127.8.9.10', '0.0.0.0', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.20',
	'169.254.169.254', '100.64.0.1', '[::1]', '[::]', '[fd12:3456::1]', '[fe80::1]', '[::ffff:192.168.0.1]', 'n8n', 'n8n.local',
	'host.docker.internal', 'nas.lan', 'printer.home.arpa',
])('%s is not reachable from the Internet', (host) => {
	expect(isPrivateHost(host)).toBe(true);
});

test.each(['n8n.example.com', '8.8.8.8', '172.32.0.1', '192.169.0.1', '100.128.0.1', '[2001:db8::1]', '[::ffff:8.8.8.8]', 'localhost.example.com'])(
	'%s is a public host',
	(host) => {
		expect(isPrivateHost(host)).toBe(false);
	},
);

test('by default only a public https:// URL is accepted; the opt-in accepts local ones', () => {
	expect(unreachableReason('https://n8n.example.com/webhook/abc/ecgrid-callback')).toBeUndefined();
	expect(unreachableReason('http://localhost:5678/webhook/abc/ecgrid-callback')).toMatch(/localhost or private address/);
	expect(unreachableReason('http://n8n.example.com/webhook/abc/ecgrid-callback')).toMatch(/plain http:\/\//);
	process.env[ALLOW_PRIVATE_CALLBACK_URL_ENV] = 'true';
	expect(unreachableReason('http://localhost:5678/webhook/abc/ecgrid-callback')).toBeUndefined();
	process.env[ALLOW_PRIVATE_CALLBACK_URL_ENV] = 'no';
	expect(unreachableReason('http://127.0.0.1:5678/webhook/abc/ecgrid-callback')).toBeDefined();
});
