/**
 * The ADO.NET DataSet, as .NET web services return it: an inline xs:schema naming tables and their
 * column types, then the rows (usually inside a diffgram). Read into an array of row objects:
 * column types come from the schema where it gives them (otherwise strings); a column the schema
 * declares but a row omits (.NET omits nulls) is null. When the DataSet holds more than one table,
 * rows of all tables come in document order and each row carries `_table` with its table name.
 */
import { decodePrimitiveAt, within, type DecodeScope } from './decodeScope';
import { attribute, isNil, splitName, textOf, type XmlElement } from './xmlReader';
import { primitiveKind } from './xsd';

const XSD_NAMESPACE = 'http://www.w3.org/2001/XMLSchema';
const MSDATA_NAMESPACE = 'urn:schemas-microsoft-com:xml-msdata';
const DIFFGRAM_NAMESPACE = 'urn:schemas-microsoft-com:xml-diffgram-v1';

interface DataSetTable {
	name: string;
	columns: Map<string, string>;
}

function readDataSetSchema(schema: XmlElement | undefined): { dataSetName?: string; tables: DataSetTable[] } {
	if (!schema) return { tables: [] };
	const dataSetElement =
		schema.elements.find(
			(element) => element.local === 'element' && attribute(element, MSDATA_NAMESPACE, 'IsDataSet') === 'true',
		) ?? schema.elements.find((element) => element.local === 'element');
	if (!dataSetElement) return { tables: [] };
	const tables: DataSetTable[] = [];
	for (const tableElement of descendants(dataSetElement, 'element', 3)) {
		const name = attribute(tableElement, '', 'name');
		if (!name) continue;
		const columns = new Map<string, string>();
		for (const column of descendants(tableElement, 'element', 3)) {
			const columnName = attribute(column, '', 'name');
			if (columnName) columns.set(columnName, splitName(attribute(column, '', 'type') ?? 'string')[1]);
		}
		tables.push({ name, columns });
	}
	return { dataSetName: attribute(dataSetElement, '', 'name'), tables };
}

/** xs:element children reached through complexType/choice/sequence wrappers, not deeper tables. */
function descendants(element: XmlElement, local: string, depth: number): XmlElement[] {
	const found: XmlElement[] = [];
	for (const child of element.elements) {
		if (child.namespace !== XSD_NAMESPACE) continue;
		if (child.local === local) found.push(child);
		else if (depth > 0) found.push(...descendants(child, local, depth - 1));
	}
	return found;
}

function decodeDataSetColumn(type: string | undefined, element: XmlElement, row: DecodeScope, column: string): unknown {
	if (isNil(element)) return null;
	const kind = primitiveKind(type);
	if (kind !== undefined) return decodePrimitiveAt(kind, type as string, element, row, column, -1);
	if (element.elements.length > 0) return untypedObject(element);
	return textOf(element);
}

function untypedObject(element: XmlElement): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const child of element.elements) {
		result[child.local] = child.elements.length > 0 ? untypedObject(child) : textOf(child);
	}
	return result;
}

export function decodeDataSet(element: XmlElement, scope: DecodeScope): Array<Record<string, unknown>> {
	const schema = element.elements.find((child) => child.local === 'schema' && child.namespace === XSD_NAMESPACE);
	const { tables } = readDataSetSchema(schema);
	const diffgram = element.elements.find((child) => child.local === 'diffgram' && child.namespace === DIFFGRAM_NAMESPACE);
	const dataRoot = diffgram
		? diffgram.elements.find((child) => child.namespace !== DIFFGRAM_NAMESPACE)
		: element.elements.find((child) => child !== schema);
	if (!dataRoot) return [];
	const tableNames = new Set([...tables.map((table) => table.name), ...dataRoot.elements.map((row) => row.local)]);
	const labelRows = tableNames.size > 1;
	return dataRoot.elements.map((row, rowIndex) => {
		const table = tables.find((candidate) => candidate.name === row.local);
		const record: Record<string, unknown> = labelRows ? { _table: row.local } : {};
		for (const columnName of table?.columns.keys() ?? []) record[columnName] = null;
		const rowScope = within(scope, row.local, rowIndex);
		for (const cell of row.elements) {
			record[cell.local] = decodeDataSetColumn(table?.columns.get(cell.local), cell, rowScope, cell.local);
		}
		return record;
	});
}
