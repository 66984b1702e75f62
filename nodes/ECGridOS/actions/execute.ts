/**
 * Runs one operation for one input item: picks the WSDL call from the selectors, collects and
 * validates its input, calls ECGridOS through the transport (page by page for a paged listing),
 * withholds the secrets of the result unless the user asked for them, and shapes the items.
 * Nothing here knows a particular operation.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { withholdResultSecrets } from '../catalog';
import { ecgridosRequest } from '../transport';
import { parameterValue, readInputFile, type InputFile } from './input';
import { recordItems, resultContentFile, resultItems } from './output';
import { fetchRecords } from './paging';
import { INCLUDE_SECRETS, OPTIONS } from './propertyNames';
import { chooseCall, resolveOperation } from './resolution';
import type { OperationDefinition } from './types';

export async function executeOperation(
	context: IExecuteFunctions,
	itemIndex: number,
	definition: OperationDefinition,
): Promise<INodeExecutionData[]> {
	const operation = resolveOperation(definition);
	const call = chooseCall(operation, (selector) => context.getNodeParameter(selector.name, itemIndex, selector.default));
	const binaryParameter = call.parameters.find((parameter) => parameter.editor === 'binary');
	let inputFile: Promise<InputFile | undefined> | undefined;
	const readFile = () => (inputFile ??= readInputFile(context, itemIndex, call.operation, binaryParameter));

	const values: Record<string, unknown> = {};
	for (const parameter of call.parameters) {
		if (parameter.placement === 'pageNumber' || parameter.placement === 'pageSize') continue;
		const value = await parameterValue(context, itemIndex, call.operation, parameter, readFile);
		if (value !== undefined) values[parameter.wsdlName] = value;
	}

	const includeSecrets = (context.getNodeParameter(OPTIONS, itemIndex, {}) as IDataObject)[INCLUDE_SECRETS] === true;
	const contentFile = operation.returnsList ? undefined : resultContentFile(context, itemIndex, definition);
	const send = async (callValues: Record<string, unknown>) => {
		const result = await ecgridosRequest.call(context, call.operation, callValues, { itemIndex, contentFile });
		return includeSecrets ? result : withholdResultSecrets(call.operation, result);
	};
	if (operation.returnsList) {
		return recordItems(context, itemIndex, definition, await fetchRecords(context, itemIndex, call.operation, values, send));
	}
	try {
		return await resultItems(context, itemIndex, definition, call.operation, values, await send(values), contentFile);
	} finally {
		await contentFile?.discard();
	}
}
