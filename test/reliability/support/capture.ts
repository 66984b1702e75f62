/**
 * Collects everything a set of executions produced, as text, so that it can be searched for
 * secrets: node outputs and run data, errors with every property (also non-enumerable ones such as
 * `message`, `stack` and `cause`), console and stdout/stderr output, and what n8n logged through
 * LoggerProxy and n8n-core's Logger (at every level, whatever level is configured).
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy } from 'n8n-workflow';

export interface Produced {
	where: string;
	text: string;
}

/** A deep text dump of any value: objects, arrays, errors (own properties), buffers (as UTF-8). */
export function dump(value: unknown): string {
	const seen = new WeakSet<object>();
	const parts: string[] = [];
	const visit = (item: unknown, depth: number) => {
		if (item === null || item === undefined) return;
		if (typeof item === 'string') {
			parts.push(item);
			return;
		}
		if (typeof item !== 'object') {
			if (typeof item !== 'function') parts.push(String(item));
			return;
		}
		if (seen.has(item) || depth > 12) return;
		seen.add(item);
		if (Buffer.isBuffer(item)) {
			parts.push(item.toString('utf8'));
			return;
		}
		const keys = item instanceof Error ? Object.getOwnPropertyNames(item) : Object.keys(item);
		for (const key of keys) {
			parts.push(key);
			visit((item as Record<string, unknown>)[key], depth + 1);
		}
		if (item instanceof Error) {
			try {
				parts.push(JSON.stringify(item));
			} catch {
				// Circular structures are covered by the walk above.
			}
		}
	};
	visit(value, 0);
	return parts.join('\n');
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class OutputCapture {
	readonly produced: Produced[] = [];

	private readonly restorers: Array<() => void> = [];

	add(where: string, value: unknown): void {
		this.produced.push({ where, text: dump(value) });
	}

	/** Starts recording console, stdout/stderr and n8n's loggers. */
	start(): void {
		for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
			const spy = jest.spyOn(console, level).mockImplementation((...args: unknown[]) => this.add(`console.${level}`, args));
			this.restorers.push(() => spy.mockRestore());
		}
		for (const stream of [process.stdout, process.stderr]) {
			const original = stream.write.bind(stream);
			const name = stream === process.stdout ? 'stdout' : 'stderr';
			stream.write = ((chunk: unknown, ...rest: unknown[]) => {
				this.add(name, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array));
				return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
			}) as typeof stream.write;
			this.restorers.push(() => {
				stream.write = original as typeof stream.write;
			});
		}
		const record = (level: string) => (message: string, meta?: object) => this.add(`LoggerProxy.${level}`, [message, meta]);
		LoggerProxy.init({
			error: record('error'),
			warn: record('warn'),
			info: record('info'),
			debug: record('debug'),
		} as never);
		this.restorers.push(() => {
			const silent = () => undefined;
			LoggerProxy.init({ error: silent, warn: silent, info: silent, debug: silent } as never);
		});
		// n8n-core's Logger replaces levels below the configured one by fixed no-ops, so a recording
		// logger takes its place in the container for the duration (execution contexts look it up).
		const original = Container.get(Logger);
		const recording = {
			error: record('error'),
			warn: record('warn'),
			info: record('info'),
			debug: record('debug'),
			scoped: () => recording,
		};
		Container.set(Logger, recording as unknown as Logger);
		this.restorers.push(() => Container.set(Logger, original));
	}

	stop(): void {
		for (const restore of this.restorers.splice(0)) restore();
	}

	/** Where each secret was found: [] when none appears anywhere. */
	findSecrets(secrets: Iterable<string>): Array<{ secret: string; where: string; context: string }> {
		const found: Array<{ secret: string; where: string; context: string }> = [];
		for (const secret of secrets) {
			if (!secret) continue;
			const needle = secret.toLowerCase();
			for (const { where, text } of this.produced) {
				const index = text.toLowerCase().indexOf(needle);
				if (index !== -1) {
					const around = text.slice(Math.max(0, index - 80), index + secret.length + 40);
					found.push({ secret: `${secret.slice(0, 4)}…`, where, context: around.split(new RegExp(escapeRegExp(secret), 'i')).join('«secret»') });
				}
			}
		}
		return found;
	}
}
