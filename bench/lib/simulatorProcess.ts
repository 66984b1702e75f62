/**
 * The simulator as the benchmark runs it: in a process of its own, so that its work never shares an
 * event loop or a heap with the code being measured (it does share the machine's CPUs). Started by
 * `SimulatorProcess.start` with `fork`; it reports its endpoint over IPC and answers requests for
 * per-operation call counts, read from the simulator's own call log (this is how Logins are counted).
 */
import { startSimulator } from '../../simulator';

export type SimulatorRequest = { type: 'counts'; requestId: number } | { type: 'stop' };
export type SimulatorMessage =
	| { type: 'ready'; endpointUrl: string }
	| { type: 'counts'; requestId: number; counts: Record<string, number> };

const callCounts: Record<string, number> = {};

async function main(): Promise<void> {
	const seed = process.argv[2];
	const simulator = await startSimulator({
		port: 0,
		seed: seed || undefined,
		// Each call logs "<Operation> ok …" or "<Operation> fault …"; only the operation is kept.
		log: (line) => {
			const operation = line.slice(0, line.indexOf(' '));
			callCounts[operation] = (callCounts[operation] ?? 0) + 1;
		},
	});
	const send = (message: SimulatorMessage) => process.send?.(message);
	process.on('message', (request: SimulatorRequest) => {
		if (request.type === 'counts') send({ type: 'counts', requestId: request.requestId, counts: { ...callCounts } });
		if (request.type === 'stop') void simulator.stop().then(() => process.exit(0));
	});
	process.on('disconnect', () => void simulator.stop().then(() => process.exit(0)));
	send({ type: 'ready', endpointUrl: simulator.endpointUrl });
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
