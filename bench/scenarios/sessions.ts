/**
 * Scenario 6, sessions, in one process as one n8n instance: executions of Session → Who Am I with a
 * Login credential, either one after another with the same stored credential, or many started at
 * once with a credential that holds no session yet. The driver counts the Logins the simulator saw.
 */
// `.node.js`, not `.node`: under tsx a bare `X.node` resolves to the codex file X.node.json first.
import { ECGridOS } from '../../nodes/ECGridOS/ECGridOS.node.js';
import { ECGRIDOS_CREDENTIAL_TYPE } from '../../nodes/ECGridOS/transport';
import { createCredentialsHelper, runNode } from '../../test/harness';
import { timed } from '../lib/measure';
import { loginCredential } from '../lib/transportContext';
import { serveWorker } from '../lib/worker';

// One instance for the whole process, as n8n's node loader keeps one per node type.
const ecgridosNode = new ECGridOS();

export interface SessionsInput {
	endpointUrl: string;
	loginName: string;
	password: string;
	executions: number;
	mode: 'sequential' | 'concurrent';
}

export interface SessionsResult {
	executions: number;
	totalMs: number;
}

async function measure(input: SessionsInput): Promise<SessionsResult> {
	const credentialsHelper = createCredentialsHelper();
	const credential = credentialsHelper.add(
		ECGRIDOS_CREDENTIAL_TYPE,
		loginCredential(input.endpointUrl, input.loginName, input.password),
	);
	const execute = async () => {
		const { items, error } = await runNode({
			nodeType: ecgridosNode,
			parameters: { resource: 'session', operation: 'whoAmI' },
			credentials: { [ECGRIDOS_CREDENTIAL_TYPE]: credential },
			credentialsHelper,
		});
		if (error) throw new Error(`An execution failed: ${error.message}`);
		if (items[0]?.json.LoginName !== input.loginName) throw new Error('WhoAmI answered for someone else');
	};
	const totalMs = await timed(async () => {
		if (input.mode === 'sequential') {
			for (let execution = 0; execution < input.executions; execution++) await execute();
		} else {
			await Promise.all(Array.from({ length: input.executions }, execute));
		}
	});
	return { executions: input.executions, totalMs };
}

serveWorker(measure);
