/**
 * Runs the ECGridOS node in n8n's engine (the test harness) against any endpoint, with a
 * credential built from a few settings. Failures are returned, not thrown, with everything a user
 * could see of them: the message, the description and the serialized error.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ECGridOS } from '../../../nodes/ECGridOS/ECGridOS.node';
import {
	createCredentialsHelper,
	runNode,
	type InMemoryCredentialsHelper,
	type RunNodeResult,
	type StoredCredential,
} from '../../harness';

export { X12_850, fileItem } from '../../support/edi';

/** A made-up API key: a GUID like ECGridOS keys, so redaction by shape is exercised too. */
export const TEST_API_KEY = '5E1F7C2A-93B4-4D6E-8F01-A2B3C4D5E6F7';

export function apiKeyCredential(endpointUrl: string, settings: IDataObject = {}): IDataObject {
	return { authentication: 'apiKey', apiKey: TEST_API_KEY, environment: 'custom', customUrl: endpointUrl, ...settings };
}

export interface NodeRun extends RunNodeResult {
	/** The error message, description and JSON serialization, joined: what a user could read. */
	errorText: string;
}

export async function runEcgridos(
	parameters: IDataObject,
	credential: IDataObject | StoredCredential,
	options: {
		items?: INodeExecutionData[];
		continueOnFail?: boolean;
		credentialsHelper?: InMemoryCredentialsHelper;
		cancelWhen?: Promise<unknown>;
	} = {},
): Promise<NodeRun> {
	const credentialsHelper = options.credentialsHelper ?? createCredentialsHelper();
	const run = await runNode({
		nodeType: ECGridOS,
		parameters: parameters as never,
		items: options.items,
		continueOnFail: options.continueOnFail,
		cancelWhen: options.cancelWhen,
		credentials: { ecgridOsApi: credential },
		credentialsHelper,
	});
	const { error } = run;
	const errorText = error
		? [error.message, (error as { description?: string }).description ?? '', JSON.stringify(error)].join('\n')
		: '';
	return { ...run, errorText };
}


