// The credentials and workflows the queue-mode test imports: webhook-started ECGridOS calls (one
// workflow per way of authenticating) and an inbox workflow started by the ECGridOS Trigger that
// confirms each parcel at its end.
'use strict';

const CREDENTIAL_TYPE = 'ecgridOsApi';
const PACKAGE = 'n8n-nodes-ecgridos';

/** Who calls WhoAmI from the webhooks, and whose inbox the trigger watches. */
const CALLER = 'acme.admin';
const RECEIVER = 'globex.admin';

const CREDENTIALS = {
	login: { id: 'queueAcmeLogin', name: 'Queue test: Acme (login)', user: CALLER, authentication: 'login' },
	apiKey: { id: 'queueAcmeKey', name: 'Queue test: Acme (API key)', user: CALLER, authentication: 'apiKey' },
	receiver: { id: 'queueGlobexKey', name: 'Queue test: Globex (API key)', user: RECEIVER, authentication: 'apiKey' },
};

/**
 * The trigger option that emits a parcel again when it is still unconfirmed this many minutes after
 * it was emitted (the inbox trigger's redelivery). The test checks that the installed trigger has it.
 */
const REDELIVERY_OPTION = 'redeliverAfterMinutes';
const REDELIVERY_MINUTES = 1;

/**
 * Poll times for every 5 seconds. n8n refuses a poll time that fires more than once a minute, but
 * accepts several once-a-minute times in one trigger.
 */
const POLL_EVERY_SECONDS = 5;
const POLL_TIMES = {
	item: Array.from({ length: 60 / POLL_EVERY_SECONDS }, (_, index) => ({ mode: 'custom', cronExpression: `${index * POLL_EVERY_SECONDS} * * * * *` })),
};

/** Credentials as `n8n import:credentials` takes them; `relayUrl` is where the processes reach ECGridOS. */
function queueCredentials(seed, relayUrl) {
	return Object.values(CREDENTIALS).map(({ id, name, user: loginName, authentication }) => {
		const user = seed.users.find((candidate) => candidate.loginName === loginName);
		if (!user) throw new Error(`The simulator seed has no user ${loginName}`);
		const secrets = authentication === 'apiKey' ? { apiKey: user.apiKey } : { loginName: user.loginName, password: user.password };
		return { id, name, type: CREDENTIAL_TYPE, data: { authentication, ...secrets, environment: 'custom', customUrl: relayUrl } };
	});
}

function credentialReference(credential) {
	return { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } };
}

/** Webhook → ECGridOS WhoAmI, answered with WhoAmI's output when the execution ends. */
function whoAmIWorkflow(id, webhookPath, credential) {
	return {
		id,
		name: `Queue test: WhoAmI (${credential.authentication})`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-hook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `${id}-hook`,
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
			},
			{
				id: `${id}-whoami`,
				name: 'Who am I',
				type: `${PACKAGE}.ecgridOs`,
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'session', operation: 'whoAmI' },
				credentials: credentialReference(credential),
			},
		],
		connections: { Webhook: { main: [[{ node: 'Who am I', type: 'main', index: 0 }]] } },
	};
}

const TRIGGER_NODE = 'New parcel';
const READ_NODE = 'Read file';

/**
 * ECGridOS Trigger (New Inbox Parcel with its content, Confirm Download off) → the content read as
 * text on the worker → Parcel → Confirm. Reading the file proves that what the trigger downloaded on
 * main reaches the worker (n8n keeps binary data in the database in queue mode).
 */
function inboxWorkflow(id, { redelivery }) {
	const options = { maxParcelsPerPoll: 100 };
	if (redelivery) options[REDELIVERY_OPTION] = REDELIVERY_MINUTES;
	return {
		id,
		name: 'Queue test: receive and confirm',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-trigger`,
				name: TRIGGER_NODE,
				type: `${PACKAGE}.ecgridOsTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: POLL_TIMES,
					event: 'newInboxParcel',
					mailboxScope: 'own',
					downloadContent: true,
					binaryPropertyName: 'data',
					confirmDownload: false,
					options,
				},
				credentials: credentialReference(CREDENTIALS.receiver),
			},
			{
				id: `${id}-read`,
				name: READ_NODE,
				type: 'n8n-nodes-base.extractFromFile',
				typeVersion: 1,
				position: [220, 0],
				parameters: { operation: 'text', binaryPropertyName: 'data', destinationKey: 'content', options: {} },
			},
			{
				id: `${id}-confirm`,
				name: 'Confirm',
				type: `${PACKAGE}.ecgridOs`,
				typeVersion: 1,
				position: [440, 0],
				parameters: { resource: 'parcel', operation: 'confirm', parcelId: `={{ $('${TRIGGER_NODE}').item.json.ParcelID }}` },
				credentials: credentialReference(CREDENTIALS.receiver),
			},
		],
		connections: {
			[TRIGGER_NODE]: { main: [[{ node: READ_NODE, type: 'main', index: 0 }]] },
			[READ_NODE]: { main: [[{ node: 'Confirm', type: 'main', index: 0 }]] },
		},
	};
}

module.exports = {
	CALLER,
	RECEIVER,
	CREDENTIALS,
	REDELIVERY_OPTION,
	REDELIVERY_MINUTES,
	POLL_EVERY_SECONDS,
	TRIGGER_NODE,
	READ_NODE,
	queueCredentials,
	whoAmIWorkflow,
	inboxWorkflow,
};
