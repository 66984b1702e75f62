/**
 * The records of a list operation, up to Return All / Limit: one call for a plain list, page after
 * page for a paged listing (its page parameters and page results as the catalog annotates them).
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { listResultOf, pagingOf } from '../catalog';
import { LIMIT, RETURN_ALL } from './propertyNames';

/** Records per page when walking a paged listing for Return All. */
const PAGE_SIZE = 500;

/** Sends the call with these values and returns its decoded result. */
export type Send = (values: Record<string, unknown>) => Promise<unknown>;

/** The records of a decoded list result, and the number of pages when it is one page of many. */
export function recordsOf(operation: string, result: unknown): { records: unknown[]; totalPages?: number } {
	if (Array.isArray(result)) return { records: result };
	const listResult = listResultOf(operation);
	const page = (result ?? {}) as Record<string, unknown>;
	const records = listResult?.records !== undefined ? page[listResult.records] : undefined;
	const totalPages = listResult?.totalPages !== undefined ? page[listResult.totalPages] : undefined;
	return {
		records: Array.isArray(records) ? records : [],
		totalPages: typeof totalPages === 'number' ? totalPages : undefined,
	};
}

export async function fetchRecords(
	context: IExecuteFunctions,
	itemIndex: number,
	operation: string,
	values: Record<string, unknown>,
	send: Send,
): Promise<unknown[]> {
	const returnAll = context.getNodeParameter(RETURN_ALL, itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (context.getNodeParameter(LIMIT, itemIndex, 50) as number);
	const paging = pagingOf(operation);
	if (!paging) return recordsOf(operation, await send(values)).records.slice(0, limit);
	const records: unknown[] = [];
	const pageSize = Math.min(PAGE_SIZE, limit);
	for (let page = 1; records.length < limit; page++) {
		const result = await send({ ...values, [paging.pageNumber]: page, [paging.pageSize]: pageSize });
		const { records: pageRecords, totalPages } = recordsOf(operation, result);
		records.push(...pageRecords);
		if (pageRecords.length === 0 || pageRecords.length < pageSize || (totalPages !== undefined && page >= totalPages)) break;
	}
	return records.slice(0, limit);
}
