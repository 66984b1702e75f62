/**
 * Command line: `npm run simulator -- [options]`. Serves the simulator until Ctrl-C and prints how
 * to connect (demo logins and API keys are public demo values, printed on purpose).
 */
import { parseArgs } from 'node:util';
import { CALLBACK_PAYLOAD_FORMATS, startSimulator, type CallbackPayloadFormat } from './index';

const HELP = `ECGridOS v4.1 simulator: a local, stateful ECGridOS SOAP server.

Usage: npm run simulator -- [options]

Options:
  --port <n>               Port to listen on (default 8090; 0 picks a free port)
  --host <address>         Address to bind (default 127.0.0.1)
  --seed <file.json>       Seed file with networks, mailboxes, users and trading partners
                           (default: the built-in demo seed)
  --data-file <file.json>  Keep state in this file across restarts
  --session-timeout <s>    Session inactivity timeout in seconds (default 1200)
  --callback-retry <s>     Seconds between callback retries (default: each callback's Frequency)
  --strict-archive         The inbox archive (ParcelInBoxArchive...) leaves out parcels still
                           waiting in the inbox, which a real ECGrid may do
  --callback-payload <f>   Body of callback calls: form (default) or id-only (JSON with only the ID)
  --quiet                  Do not log each call
  --help                   Show this help
`;

function positiveNumber(name: string, text: string | undefined, fallback: number): number {
	if (text === undefined) return fallback;
	const value = Number(text);
	if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a non-negative number`);
	return value;
}

function callbackPayload(text: string | undefined): CallbackPayloadFormat | undefined {
	if (text === undefined) return undefined;
	const format = CALLBACK_PAYLOAD_FORMATS.find((known) => known === text);
	if (!format) throw new Error(`--callback-payload must be one of: ${CALLBACK_PAYLOAD_FORMATS.join(', ')}`);
	return format;
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			host: { type: 'string' },
			seed: { type: 'string' },
			'data-file': { type: 'string' },
			'session-timeout': { type: 'string' },
			'callback-retry': { type: 'string' },
			'strict-archive': { type: 'boolean' },
			'callback-payload': { type: 'string' },
			quiet: { type: 'boolean' },
			help: { type: 'boolean' },
		},
	});
	if (values.help) {
		process.stdout.write(HELP);
		return;
	}
	const quiet = values.quiet === true;
	const simulator = await startSimulator({
		port: positiveNumber('port', values.port, 8090),
		host: values.host,
		seed: values.seed,
		dataFile: values['data-file'],
		sessionTimeoutSeconds: positiveNumber('session-timeout', values['session-timeout'], 1200),
		callbackRetrySeconds: values['callback-retry'] === undefined ? undefined : positiveNumber('callback-retry', values['callback-retry'], 60),
		strictArchive: values['strict-archive'] === true,
		callbackPayload: callbackPayload(values['callback-payload']),
		log: quiet ? undefined : (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
	});
	const lines = [
		'ECGridOS v4.1 simulator is running.',
		`  Endpoint: ${simulator.endpointUrl}`,
		`  WSDL:     ${simulator.endpointUrl}?WSDL`,
		values['data-file'] ? `  State:    ${values['data-file']}` : '  State:    in memory (use --data-file to keep it)',
		'',
		'Demo users (login / password / API key):',
		...simulator.seed.users.map((user) => `  ${user.loginName.padEnd(18)} ${user.authLevel.padEnd(13)} ${user.password.padEnd(24)} ${user.apiKey}`),
		'',
		'Stop with Ctrl-C.',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		void simulator.stop().then(() => {
			process.stdout.write('Simulator stopped.\n');
			process.exit(0);
		});
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
	process.stderr.write(`${error.message}\n`);
	process.exit(1);
});
