// What `npm start` and the end-to-end test put into n8n: credentials for the simulator's demo
// users and the example workflows from examples/.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { REPOSITORY_ROOT } = require('./community-package');

const EXAMPLES_DIR = path.join(REPOSITORY_ROOT, 'examples');
const CREDENTIAL_TYPE = 'ecgridOsApi';

/**
 * The credentials the examples refer to, by id. Each acts as one demo user of the simulator's
 * demo seed; one logs in with login name and password so that path runs in real n8n too.
 */
const DEMO_CREDENTIALS = [
	{ id: 'ecgridosSimAcme01', name: 'ECGridOS Simulator: Acme Retail', loginName: 'acme.admin', authentication: 'apiKey' },
	{ id: 'ecgridosSimGlobex1', name: 'ECGridOS Simulator: Globex Supply', loginName: 'globex.admin', authentication: 'apiKey' },
	{ id: 'ecgridosSimNetwork', name: 'ECGridOS Simulator: Demo VAN admin (login)', loginName: 'demovan.admin', authentication: 'login' },
];

/** The chat-model credential the AI-agent example refers to; users pick their own in n8n. */
const EXAMPLE_OPENAI_CREDENTIAL = { id: 'ecgridosExOpenAi', name: 'OpenAI account', type: 'openAiApi' };

/** Credentials in the shape `n8n import:credentials` takes (plain data; n8n encrypts it). */
function demoCredentials(simulator) {
	return DEMO_CREDENTIALS.map((credential) => {
		const user = simulator.seed.users.find((candidate) => candidate.loginName === credential.loginName);
		if (!user) throw new Error(`The simulator seed has no user ${credential.loginName}`);
		const secrets =
			credential.authentication === 'apiKey'
				? { authentication: 'apiKey', apiKey: user.apiKey }
				: { authentication: 'login', loginName: user.loginName, password: user.password };
		return {
			id: credential.id,
			name: credential.name,
			type: CREDENTIAL_TYPE,
			data: { ...secrets, environment: 'custom', customUrl: simulator.endpointUrl },
		};
	});
}

/** The example workflows, each with the file it came from. */
function loadExampleWorkflows() {
	if (!fs.existsSync(EXAMPLES_DIR)) return [];
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const workflow = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
			if (typeof workflow.id !== 'string' || workflow.id.length === 0 || workflow.id.length > 21) {
				throw new Error(`examples/${file} needs an "id" of 1 to 21 characters`);
			}
			return { file, workflow: { active: false, settings: {}, ...workflow } };
		});
}

module.exports = { DEMO_CREDENTIALS, EXAMPLE_OPENAI_CREDENTIAL, demoCredentials, loadExampleWorkflows, EXAMPLES_DIR };
