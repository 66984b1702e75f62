/**
 * A stateful ECGridOS v4.1 SOAP server for demos, tests and workflow development. Programmatic
 * entry point; `cli.ts` wraps it for the command line.
 */
import type { AddressInfo } from 'node:net';
import { CallbackDispatcher, type CallbackPayloadFormat } from './callbacks/dispatcher';
import type { DispatchContext } from './dispatch';
import { loadSeed, type SimulatorSeed } from './seed';
import { createSimulatorServer, SERVICE_PATH } from './server';
import { loadStateFile, saveStateFile, Store } from './store';

export { demoSeed } from './seed';
export { CALLBACK_PAYLOAD_FORMATS, type CallbackPayloadFormat } from './callbacks/dispatcher';
export type { SimulatorSeed, SeedNetwork, SeedMailbox, SeedUser, SeedTradingPartner } from './seed';

export interface SimulatorOptions {
	/** 0 = a free port (the default programmatically; the CLI defaults to 8090). */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** A seed object or the path of a seed JSON file; default the demo seed. */
	seed?: SimulatorSeed | string;
	/** Keeps state across restarts: loaded at start when present, saved after changes and on stop. */
	dataFile?: string;
	/** Inactivity timeout of login sessions; default 1200 (20 minutes). */
	sessionTimeoutSeconds?: number;
	/** Fixed interval between callback retries; default the callback's Frequency in minutes. */
	callbackRetrySeconds?: number;
	/**
	 * The inbox archive calls (ParcelInBoxArchive…) leave out parcels still waiting in the inbox, as a
	 * real ECGrid may: Loren Data does not document that the archive lists them. Default off.
	 */
	strictArchive?: boolean;
	/** The body of each callback call: `form` (default) or `id-only` (README.md, "Callbacks"). */
	callbackPayload?: CallbackPayloadFormat;
	/** Receives one line per call (operation, outcome, IDs; never secrets). Default silent. */
	log?: (line: string) => void;
}

export interface RunningSimulator {
	/** http://HOST:PORT/v4.1/prod/ECGridOS.asmx */
	endpointUrl: string;
	port: number;
	stop(): Promise<void>;
	/** The seed in use, so tests know the demo logins, passwords, API keys and IDs. */
	seed: SimulatorSeed;
}

const SAVE_DEBOUNCE_MS = 200;

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
	const host = options.host ?? '127.0.0.1';
	const log = options.log ?? (() => undefined);
	const seed = loadSeed(options.seed);
	const clock = () => Date.now();
	const store = (options.dataFile ? loadStateFile(options.dataFile) : undefined) ?? Store.fromSeed(seed, clock());

	let saveTimer: NodeJS.Timeout | undefined;
	const saveNow = () => {
		if (saveTimer) clearTimeout(saveTimer);
		saveTimer = undefined;
		if (options.dataFile) saveStateFile(options.dataFile, store);
	};
	if (options.dataFile) {
		store.onChange(() => {
			if (!saveTimer) saveTimer = setTimeout(saveNow, SAVE_DEBOUNCE_MS);
		});
	}

	const callbacks = new CallbackDispatcher({ store, clock, log, retrySeconds: options.callbackRetrySeconds, payload: options.callbackPayload });
	const context: DispatchContext = {
		store,
		clock,
		log,
		endpointUrl: '',
		services: { sessionTimeoutMs: (options.sessionTimeoutSeconds ?? 1200) * 1000, callbacks, strictArchive: options.strictArchive === true },
	};
	const server = createSimulatorServer(context, () => context.endpointUrl);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
	context.endpointUrl = `http://${urlHost}:${port}${SERVICE_PATH}`;
	callbacks.resume();
	if (options.dataFile) saveNow();

	let stopping: Promise<void> | undefined;
	return {
		endpointUrl: context.endpointUrl,
		port,
		seed,
		stop() {
			stopping ??= (async () => {
				await new Promise<void>((resolve) => {
					server.close(() => resolve());
					server.closeAllConnections();
				});
				await callbacks.stop();
				saveNow();
			})();
			return stopping;
		},
	};
}
