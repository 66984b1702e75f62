/**
 * The simulator in a process of its own (its command line, as users start it), so that under load
 * it does not share a CPU queue or a heap with the clients. Started with `--quiet`: the banner
 * (which lists the demo credentials on purpose) is read only for the endpoint line.
 */
import { spawn, type ChildProcess } from 'child_process';
import { join } from 'path';

export interface SimulatorProcess {
	endpointUrl: string;
	stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..', '..');

export async function startSimulatorProcess(extraArguments: string[] = []): Promise<SimulatorProcess> {
	const child: ChildProcess = spawn(
		process.execPath,
		['--import', 'tsx', join(ROOT, 'simulator', 'cli.ts'), '--port', '0', '--quiet', ...extraArguments],
		{ cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let errors = '';
	child.stderr?.on('data', (chunk: Buffer) => {
		errors += chunk.toString('utf8');
	});
	const endpointUrl = await new Promise<string>((resolve, reject) => {
		let output = '';
		const onData = (chunk: Buffer) => {
			output += chunk.toString('utf8');
			const match = /Endpoint:\s+(\S+)/.exec(output);
			if (match) {
				child.stdout?.off('data', onData);
				child.stdout?.resume();
				resolve(match[1]);
			}
		};
		child.stdout?.on('data', onData);
		child.once('exit', (code) => reject(new Error(`The simulator exited with code ${code}: ${errors.slice(0, 2000)}`)));
	});
	return {
		endpointUrl,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) {
					resolve();
					return;
				}
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
	};
}
