/**
 * Registering the callback with ECGrid: n8n calls checkExists and, when it answers false, create
 * when the workflow is activated (and checkExists again at every start of n8n's main instance);
 * delete when it is deactivated. ECGridOS has no delete: a callback ends with status Terminated.
 *
 * A callback belongs to this node when it calls this node's webhook URL, which n8n makes unique
 * per workflow and node. checkExists keeps the registered callback when ECGrid still lists it
 * active with the same URL and settings, and terminates any other callback calling this URL (left
 * by a lost static data or changed settings): one callback per node, however often it runs.
 */
import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { redactSecrets } from '../transport';
import { callEcgridos, faultName, mailboxAddress, readSettings, subscriptionKey } from './api';
import { newCallbackSecret } from './secret';
import { readState, writeState, type Registration } from './state';
import { unreachableReason, WEBHOOK_URL_ADVICE } from './webhookUrl';

const WEBHOOK_NAME = 'default';

function webhookUrl(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl(WEBHOOK_NAME);
	if (!url) throw new NodeOperationError(context.getNode(), 'n8n gave this trigger no webhook URL');
	return url;
}

function idText(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}

async function terminate(context: IHookFunctions, callBackEventId: string): Promise<void> {
	await callEcgridos(context, 'CallBackEventSetStatus', { CallBackEventID: callBackEventId, Status: 'Terminated' }).catch(
		(error: unknown) => {
			// Already gone from ECGrid: nothing left to end. Other failures are the transport's n8n errors.
			if (faultName(error) !== 'NotFound') throw error;
		},
	);
}

export async function callbackExists(this: IHookFunctions): Promise<boolean> {
	const url = webhookUrl(this);
	const settings = readSettings(this);
	const address = await mailboxAddress(this);
	const state = readState(this);
	const listed = ((await callEcgridos(this, 'CallBackEventListEx', {
		NetworkID: address.networkId,
		MailboxID: address.mailboxId,
		ShowInactive: false,
	})) ?? []) as Array<Record<string, unknown>>;
	const ours = listed.filter((event) => event.URL === url && (event.Status === undefined || event.Status === 'Active'));
	const registration = state.registration;
	const kept =
		registration &&
		registration.url === url &&
		registration.subscription === subscriptionKey(settings) &&
		registration.networkId === address.networkId &&
		registration.mailboxId === address.mailboxId
			? ours.find((event) => idText(event.CallBackEventID) === registration.callBackEventId)
			: undefined;
	for (const event of ours) {
		if (event !== kept) await terminate(this, idText(event.CallBackEventID));
	}
	if (!kept && registration) {
		// Registered for other settings or another mailbox: that callback calls with credentials this
		// node no longer accepts, so it is ended too.
		if (!ours.some((event) => idText(event.CallBackEventID) === registration.callBackEventId)) {
			await terminate(this, registration.callBackEventId).catch((error: Error) => {
				this.logger.warn(`ECGridOS Callback Trigger: could not terminate callback ${registration.callBackEventId}: ${error.message}`);
			});
		}
		delete state.registration;
		writeState(this, state);
	}
	return kept !== undefined;
}

export async function createCallback(this: IHookFunctions): Promise<boolean> {
	const url = webhookUrl(this);
	const unreachable = unreachableReason(url);
	if (unreachable) {
		throw new NodeOperationError(this.getNode(), `ECGrid cannot call this workflow. ${unreachable}`, {
			description: WEBHOOK_URL_ADVICE,
		});
	}
	const settings = readSettings(this);
	const address = await mailboxAddress(this);
	const secret = newCallbackSecret();
	let created: Record<string, unknown>;
	try {
		created = (await callEcgridos(this, 'CallBackAddEx', {
			NetworkID: address.networkId,
			MailboxID: address.mailboxId,
			UserID: 0,
			SystemObject: settings.subscription.systemObject,
			ObjectStatus: settings.objectStatus,
			Direction: settings.subscription.direction,
			Frequency: settings.frequency,
			MaxRetries: settings.maxRetries,
			URL: url,
			HTTPAuthentication: 'Basic',
			HTTPUser: secret.user,
			HTTPPassword: secret.password,
			Status: 'Active',
		})) as Record<string, unknown>;
	} catch (error) {
		// The transport removes the credential's secrets; the callback's own are removed here.
		const secrets = [secret.user, secret.password];
		const { message, description } = error as { message?: string; description?: string | null };
		throw new NodeOperationError(this.getNode(), redactSecrets(message ?? 'CallBackAddEx failed', secrets), {
			description: redactSecrets(description ?? '', secrets) || undefined,
		});
	}
	const registration: Registration = {
		callBackEventId: idText(created.CallBackEventID),
		url,
		subscription: subscriptionKey(settings),
		networkId: address.networkId,
		mailboxId: address.mailboxId,
		...secret,
	};
	if (!registration.callBackEventId) {
		throw new NodeOperationError(this.getNode(), 'ECGridOS CallBackAddEx answered without a CallBackEventID');
	}
	writeState(this, { ...readState(this), registration, delivered: [] });
	return true;
}

export async function deleteCallback(this: IHookFunctions): Promise<boolean> {
	const state = readState(this);
	if (!state.registration) return true;
	try {
		await terminate(this, state.registration.callBackEventId);
	} catch (error) {
		// Kept, so that the next activation (checkExists) finds and ends it.
		this.logger.warn(`ECGridOS Callback Trigger: could not terminate callback ${state.registration.callBackEventId}: ${(error as Error).message}`);
		return false;
	}
	writeState(this, { version: state.version, delivered: [] });
	return true;
}
