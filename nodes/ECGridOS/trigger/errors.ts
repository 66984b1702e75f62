/**
 * How the trigger reports trouble. A poll that throws is reported by n8n (error execution, error
 * workflow) and the next poll runs as scheduled; at activation a throw fails the activation.
 */
import { NodeApiError, NodeOperationError, type IPollFunctions } from 'n8n-workflow';

import { ecgridosErrorKind, type EcgridosErrorKind } from '../transport';

/** Failures that mean ECGridOS (or its Login) refused the credential. */
const AUTHORIZATION_KINDS: ReadonlySet<EcgridosErrorKind> = new Set(['sessionRejected', 'accessDenied', 'loginFailed']);

/** Whether ECGridOS (or the login) refused the credential, as opposed to any other failure. */
function isAuthorizationFailure(error: unknown): boolean {
	const httpCode = (error as { httpCode?: unknown })?.httpCode;
	if (httpCode === '401' || httpCode === '403') return true;
	const kind = ecgridosErrorKind(error);
	return kind !== undefined && AUTHORIZATION_KINDS.has(kind);
}

/**
 * The error a poll fails with when it cannot read ECGridOS. A refused credential says so plainly
 * (the message starts with "Authorization failed", which also keeps n8n from retrying the
 * activation endlessly at start-up); other failures keep their message plus what the trigger did.
 */
export function pollFailure(context: IPollFunctions, error: unknown, doing: string): Error {
	const node = context.getNode();
	const original = error instanceof Error ? error.message : String(error);
	if (isAuthorizationFailure(error)) {
		const detail = original.replace(/[.\s]+$/, '');
		return new NodeOperationError(node, `Authorization failed: ECGridOS refused the credential while ${doing}`, {
			description: `${detail}. Check the API key or login in the ECGridOS credential, and that its user may read ${doing.replace(/^\w+ /, '')}.`,
		});
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.message = `${original} (while ${doing})`;
		return error;
	}
	return new NodeOperationError(node, `${original} (while ${doing})`);
}

/** Trouble with single items that did not stop the poll: kept for the log, or thrown when nothing was emitted. */
export class PollProblems {
	private readonly messages: string[] = [];

	add(message: string): void {
		this.messages.push(message);
	}

	/**
	 * With items to emit, the problems are logged and the items go out (the failed ones are retried
	 * next poll). With nothing to emit, they fail the poll so that n8n reports them.
	 */
	settle(context: IPollFunctions, emitted: number): void {
		if (this.messages.length === 0) return;
		const summary = this.messages.slice(0, 5).join('; ') + (this.messages.length > 5 ? `; and ${this.messages.length - 5} more` : '');
		if (emitted > 0) {
			context.logger.warn(`ECGridOS Trigger: ${summary}`, { node: context.getNode().name });
			return;
		}
		throw new NodeOperationError(context.getNode(), `ECGridOS Trigger: ${summary}`, {
			description: 'Nothing was lost: the items concerned stay due and are tried again at the next poll.',
		});
	}
}
