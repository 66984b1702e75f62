/** One SOAP call: resolve the session, run the handler, log the event, render result or fault. */
import { catalog } from './catalog';
import { Call, type Services } from './domain/call';
import { handlers } from './domain/registry';
import { recordSessionEvent, resolveSession } from './domain/sessions';
import { EcgridFault, fault, FrameworkFault } from './soap/faults';
import type { ParameterValue } from './soap/request';
import { renderFault, renderResponse } from './soap/response';
import type { Store } from './store';

export interface DispatchResult {
	status: number;
	body: string;
}

export interface DispatchContext {
	store: Store;
	services: Services;
	endpointUrl: string;
	log: (line: string) => void;
	clock: () => number;
}

export function dispatch(context: DispatchContext, operationName: string, values: Record<string, ParameterValue>, ip: string): DispatchResult {
	const started = context.clock();
	const call = new Call(operationName, values, context.store, started, ip, context.services);
	const needsSession = operationName !== 'Login' && catalog.operations[operationName].parameters.some((parameter) => parameter.name === 'SessionID');
	try {
		if (needsSession) resolveSession(call, call.text('SessionID'));
		const handler = handlers[operationName];
		if (!handler) throw fault.notSupported(operationName);
		const body = renderResponse(operationName, handler(call));
		recordSessionEvent(call, 'Success', context.clock() - started, '');
		context.log(`${operationName} ok${call.user ? ` user=${call.user.userId}` : ''}`);
		return { status: 200, body };
	} catch (error) {
		const known = error instanceof EcgridFault || error instanceof FrameworkFault;
		const reported = known ? error : new EcgridFault('InternalError', operationName, 'The simulator failed to process the request.');
		recordSessionEvent(call, error instanceof EcgridFault ? error.code : 'InternalError', context.clock() - started, reported.message.slice(0, 200));
		context.log(`${operationName} fault ${error instanceof EcgridFault ? error.code : known ? 'framework' : 'internal'}${call.user ? ` user=${call.user.userId}` : ''}`);
		if (!known) context.log(`${operationName} internal error: ${(error as Error).stack ?? String(error)}`);
		return { status: 500, body: renderFault(reported, context.endpointUrl) };
	}
}
