/** The command line starts the simulator, prints how to connect, and stops cleanly on Ctrl-C. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { RawSoapClient } from './support/rawSoapClient';

const ROOT = join(__dirname, '../..');
const TSX_CLI = require.resolve('tsx/cli');

function runCli(args: string[]): ChildProcessWithoutNullStreams {
	return spawn(process.execPath, [TSX_CLI, join(ROOT, 'simulator/cli.ts'), ...args], { cwd: ROOT });
}

function collect(child: ChildProcessWithoutNullStreams): { output: () => string; exited: Promise<number | null> } {
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	return { output: () => output, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

async function waitFor(text: () => string, pattern: RegExp): Promise<RegExpExecArray> {
	for (;;) {
		const match = pattern.exec(text());
		if (match) return match;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

test('--help lists the options', async () => {
	const child = runCli(['--help']);
	const { output, exited } = collect(child);
	expect(await exited).toBe(0);
	for (const option of ['--port', '--host', '--seed', '--data-file', '--session-timeout', '--help']) expect(output()).toContain(option);
});

test('it serves the demo seed, prints the endpoint and demo credentials, and stops on SIGINT', async () => {
	const child = runCli(['--port', '0', '--session-timeout', '60']);
	const { output, exited } = collect(child);
	const [, endpoint] = await waitFor(output, /Endpoint: (http:\/\/127\.0\.0\.1:\d+\/v4\.1\/prod\/ECGridOS\.asmx)/);
	expect(output()).toMatch(/acme\.admin\s+MailboxAdmin\s+Demo-Acme-2024\s+00000000-0000-4000-8000-000000000101/);
	const me = await new RawSoapClient(endpoint).ok('WhoAmI', { SessionID: '00000000-0000-4000-8000-000000000101' });
	expect(me.LoginName).toBe('acme.admin');
	await waitFor(output, /WhoAmI ok user=101/);
	const logLines = output().split('\n').filter((line) => / (ok|fault) /.test(line));
	expect(logLines.join('\n')).not.toMatch(/00000000-0000-4000-8000|Demo-Acme-2024/);
	child.kill('SIGINT');
	expect(await exited).toBe(0);
	expect(output()).toContain('Simulator stopped.');
});

test('a bad option value fails with a message', async () => {
	const child = runCli(['--port', 'eighty']);
	const { output, exited } = collect(child);
	expect(await exited).toBe(1);
	expect(output()).toMatch(/--port needs a non-negative number/);
});
