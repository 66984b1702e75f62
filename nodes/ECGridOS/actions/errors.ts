/**
 * The n8n error for a failure of one item: bad input names the field the user sees, the
 * transport's errors pass as they are (already naming the operation, the ECGridOS error and what
 * to do, with secrets removed).
 */
import { NodeApiError, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { EcgridosInputError } from '../transport';

export function asNodeError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	operationName: string,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof EcgridosInputError) {
		return new NodeOperationError(context.getNode(), error.message, {
			itemIndex,
			description: `Check the field "${error.parameter}" of ${operationName} (ECGridOS ${error.operation}).`,
		});
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}
