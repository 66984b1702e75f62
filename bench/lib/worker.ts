/** The worker side of `runWorker`: read the input, measure, report over IPC, exit. */
import type { WorkerMessage } from './processes';

export function serveWorker<Input, Result>(measure: (input: Input) => Promise<Result>): void {
	const input = JSON.parse(process.argv[2] ?? '{}') as Input;
	const report = (message: WorkerMessage<Result>) =>
		new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));
	measure(input)
		.then(async (result) => {
			await report({ type: 'result', result });
			process.exit(0);
		})
		.catch(async (error: Error) => {
			await report({ type: 'error', message: error.stack ?? error.message });
			process.exit(1);
		});
}
