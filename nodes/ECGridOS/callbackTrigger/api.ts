/**
 * The Callback Trigger's ECGridOS calls, all through the package's one transport, and what it reads
 * from its settings in both of n8n's contexts: the hook context (checkExists, create, delete, on
 * activation) and the webhook context (each call ECGrid makes).
 */
import { NodeOperationError, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

import { MAILBOX_SCOPE } from '../actions/variants';
import { ecgridosRequest } from '../transport';
import {
	CALLBACK_EVENTS,
	DEFAULT_MAX_RETRIES,
	DEFAULT_RETRY_FREQUENCY,
	subscriptionFor,
	type CallbackEvent,
	type CallbackSubscription,
} from './description';

export type CallbackContext = IHookFunctions | IWebhookFunctions;

/** Calls ECGridOS through the one transport, from the hook or the webhook context. */
export async function callEcgridos(context: CallbackContext, operation: string, values: Record<string, unknown>): Promise<unknown> {
	return await ecgridosRequest.call(context, operation, values);
}

export interface CallbackSettings {
	event: CallbackEvent;
	subscription: CallbackSubscription;
	objectStatus: number;
	maxRetries: number;
	frequency: number;
	download: boolean;
	binaryPropertyName: string;
	ediSummary: boolean;
}

function wholeNumber(value: unknown, fallback: number, min: number, max: number): number {
	const number = Math.floor(Number(value ?? fallback));
	return Number.isFinite(number) ? Math.min(max, Math.max(min, number)) : fallback;
}

export function readSettings(context: CallbackContext): CallbackSettings {
	const event = context.getNodeParameter('event', CALLBACK_EVENTS.newInboxParcel) as CallbackEvent;
	if (!Object.values(CALLBACK_EVENTS).includes(event)) {
		throw new NodeOperationError(context.getNode(), `Unknown event "${String(event)}"`);
	}
	const interchangeDirection =
		event === CALLBACK_EVENTS.interchange ? (context.getNodeParameter('interchangeDirection', 'inbound') as string) : '';
	const isParcelEvent = event !== CALLBACK_EVENTS.interchange;
	const download = isParcelEvent && (context.getNodeParameter('downloadContent', true) as boolean);
	const options = context.getNodeParameter('options', {}) as Record<string, unknown>;
	return {
		event,
		subscription: subscriptionFor(event, interchangeDirection),
		objectStatus: wholeNumber(options.objectStatus, 0, 0, 32767),
		maxRetries: wholeNumber(options.maxRetries, DEFAULT_MAX_RETRIES, 0, 100),
		frequency: wholeNumber(options.frequency, DEFAULT_RETRY_FREQUENCY, 1, 32767),
		download,
		binaryPropertyName: download ? (context.getNodeParameter('binaryPropertyName', 'data') as string) : '',
		ediSummary: download && options.ediSummary === true,
	};
}

/** The registration-relevant settings as one comparable text. */
export function subscriptionKey(settings: CallbackSettings): string {
	const { systemObject, direction } = settings.subscription;
	return `${systemObject}/${direction}/${settings.objectStatus}`;
}

export interface MailboxAddress {
	networkId: number;
	mailboxId: number;
}

function idParameter(context: CallbackContext, name: string): number {
	const text = String(context.getNodeParameter(name, '', { extractValue: true }) ?? '').trim();
	if (!/^\d+$/.test(text) || Number(text) === 0) {
		throw new NodeOperationError(context.getNode(), `Choose the ${name === 'networkId' ? 'network' : 'mailbox'} to watch`, {
			description: 'Pick it from the list or type its numeric ID, or set Mailbox to Watch to "Credential\'s Mailbox".',
		});
	}
	return Number(text);
}

/**
 * The mailbox the callback is for. For the credential's own, its network and mailbox are asked of
 * ECGridOS (WhoAmI), so that a network administrator's credential registers for one mailbox and
 * not, through CallBackAddEx's MailboxID 0, for every mailbox of the network.
 */
export async function mailboxAddress(context: CallbackContext): Promise<MailboxAddress> {
	if (context.getNodeParameter(MAILBOX_SCOPE.name, MAILBOX_SCOPE.default) === 'specific') {
		return { networkId: idParameter(context, 'networkId'), mailboxId: idParameter(context, 'mailboxId') };
	}
	const session = (await callEcgridos(context, 'WhoAmI', {})) as Record<string, unknown>;
	return { networkId: Number(session.NetworkID ?? 0), mailboxId: Number(session.MailboxID ?? 0) };
}

/**
 * The name of the ECGridOS error behind a failed call (NotFound, AccessDenied, …), read from the
 * fault data the transport puts on the error; undefined for other failures.
 */
export function faultName(error: unknown): string | undefined {
	const fault = (error as { errorResponse?: unknown } | undefined)?.errorResponse;
	const name = fault && typeof fault === 'object' ? (fault as { errorName?: unknown }).errorName : undefined;
	return typeof name === 'string' ? name : undefined;
}
