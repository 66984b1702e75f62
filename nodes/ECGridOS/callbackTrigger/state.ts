/**
 * What the Callback Trigger remembers in the node's workflow static data: the callback it
 * registered (with the Basic credentials ECGrid calls with), and which deliveries it has already
 * emitted. n8n stores static data with the workflow, after activation and after each call.
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { CallbackSecret } from './secret';

const STATE_PROPERTY = 'ecgridosCallback';
const STATE_VERSION = 1;
/**
 * Deliveries remembered for deduplication. ECGrid repeats a call only while it retries one queue
 * entry (MaxRetries, minutes apart), so the last few hundred cover every repeat that can still come.
 */
export const DELIVERED_KEYS_KEPT = 500;

export interface Registration extends CallbackSecret {
	callBackEventId: string;
	/** The webhook URL registered; another URL (n8n moved) means another callback is needed. */
	url: string;
	/** SystemObject/Direction/ObjectStatus registered; other settings mean another callback. */
	subscription: string;
	networkId: number;
	mailboxId: number;
}

export interface CallbackState {
	version: number;
	registration?: Registration;
	/** Keys of emitted deliveries, oldest first. */
	delivered: string[];
}

type StaticDataContext = IHookFunctions | IWebhookFunctions;

export function readState(context: StaticDataContext): CallbackState {
	const stored = context.getWorkflowStaticData('node')[STATE_PROPERTY] as CallbackState | undefined;
	if (!stored || stored.version !== STATE_VERSION) return { version: STATE_VERSION, delivered: [] };
	return JSON.parse(JSON.stringify(stored)) as CallbackState;
}

/** Replaces the stored state in one assignment, so that n8n notices the change and saves it. */
export function writeState(context: StaticDataContext, state: CallbackState): void {
	const bounded: CallbackState = { ...state, delivered: state.delivered.slice(-DELIVERED_KEYS_KEPT) };
	context.getWorkflowStaticData('node')[STATE_PROPERTY] = JSON.parse(JSON.stringify(bounded)) as IDataObject;
}
