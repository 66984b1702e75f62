/** What a handler receives: typed arguments, the caller, the store and the runtime services. */
import type { ParameterValue } from '../soap/request';
import { fault } from '../soap/faults';
import { isMinDate } from '../soap/xmlText';
import type { SessionRecord, Store, UserRecord } from '../store';

export interface CallbackNotifier {
	/** Queues callbacks for an event on a system object (a parcel arriving, an interchange routed…). */
	notify(event: { systemObject: string; direction: string; objectId: number; objectStatus: number; networkId: number; mailboxId: number }): void;
	/** Queues one test call for a callback event and returns its queue ID. */
	queueTest(callbackEventId: number, objectId: number, userId: number): number;
}

export interface Services {
	sessionTimeoutMs: number;
	callbacks: CallbackNotifier;
	/** The inbox archive leaves out parcels still waiting in the inbox (see SimulatorOptions.strictArchive). */
	strictArchive?: boolean;
}

export class Call {
	session: SessionRecord | undefined;
	user: UserRecord | undefined;

	constructor(
		readonly operation: string,
		readonly args: Record<string, ParameterValue>,
		readonly store: Store,
		readonly now: number,
		readonly ip: string,
		readonly services: Services,
	) {}

	/** The caller; every operation with a SessionID has one once the dispatcher resolved it. */
	get me(): UserRecord {
		if (!this.user) throw fault.sessionTimeout();
		return this.user;
	}

	/** An integer parameter; a long beyond the safe range becomes the nearest number, which names no record. */
	int(name: string): number {
		return Number(this.args[name] ?? 0);
	}

	text(name: string): string {
		const value = this.args[name];
		return typeof value === 'string' ? value : '';
	}

	/** An optional string parameter: undefined when absent or nil, as opposed to empty. */
	optionalText(name: string): string | undefined {
		const value = this.args[name];
		return typeof value === 'string' ? value : undefined;
	}

	flag(name: string): boolean {
		return this.args[name] === true;
	}

	/** A dateTime parameter in epoch ms, or undefined for .NET's MinValue ("not given"). */
	time(name: string): number | undefined {
		const value = this.args[name];
		if (!(value instanceof Date) || isMinDate(value)) return undefined;
		return value.getTime();
	}

	bytes(name: string): Buffer | undefined {
		const value = this.args[name];
		return Buffer.isBuffer(value) ? value : undefined;
	}

	enumText(name: string): string {
		return String(this.args[name] ?? '');
	}
}

export type Handler = (call: Call) => unknown;
export type HandlerTable = Record<string, Handler>;
