/**
 * ADO.NET DataSet results as ASP.NET writes them: an inline xs:schema flagged msdata:IsDataSet,
 * then a diffgr:diffgram holding NewDataSet with one element per row.
 */
import { escapeXmlAttribute, escapeXmlText, formatDateTime } from './xmlText';

export type DataSetColumnType = 'string' | 'int' | 'long' | 'boolean' | 'dateTime' | 'decimal';

export interface DataTable {
	name: string;
	columns: ReadonlyArray<{ name: string; type: DataSetColumnType }>;
	rows: ReadonlyArray<Record<string, string | number | boolean | Date | null | undefined>>;
}

export interface DataSetValue {
	dataSet: true;
	tables: DataTable[];
}

export function dataSet(...tables: DataTable[]): DataSetValue {
	return { dataSet: true, tables };
}

export function isDataSetValue(value: unknown): value is DataSetValue {
	return typeof value === 'object' && value !== null && (value as DataSetValue).dataSet === true;
}

function renderCell(value: string | number | boolean | Date, type: DataSetColumnType): string {
	if (type === 'dateTime') return formatDateTime(value as Date);
	if (type === 'boolean') return value ? 'true' : 'false';
	return escapeXmlText(String(value));
}

export function renderDataSet(value: DataSetValue): string {
	const schemaTables = value.tables
		.map(
			(table) =>
				`<xs:element name="${escapeXmlAttribute(table.name)}"><xs:complexType><xs:sequence>` +
				table.columns.map((column) => `<xs:element name="${escapeXmlAttribute(column.name)}" type="xs:${column.type}" minOccurs="0" />`).join('') +
				'</xs:sequence></xs:complexType></xs:element>',
		)
		.join('');
	const schema =
		'<xs:schema id="NewDataSet" xmlns="" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:msdata="urn:schemas-microsoft-com:xml-msdata">' +
		'<xs:element name="NewDataSet" msdata:IsDataSet="true" msdata:UseCurrentLocale="true"><xs:complexType>' +
		`<xs:choice minOccurs="0" maxOccurs="unbounded">${schemaTables}</xs:choice>` +
		'</xs:complexType></xs:element></xs:schema>';
	const rows: string[] = [];
	for (const table of value.tables) {
		table.rows.forEach((row, index) => {
			const cells = table.columns
				.filter((column) => row[column.name] !== undefined && row[column.name] !== null)
				.map((column) => `<${column.name}>${renderCell(row[column.name] as string, column.type)}</${column.name}>`)
				.join('');
			rows.push(`<${table.name} diffgr:id="${table.name}${index + 1}" msdata:rowOrder="${index}">${cells}</${table.name}>`);
		});
	}
	const body = rows.length > 0 ? `<NewDataSet xmlns="">${rows.join('')}</NewDataSet>` : '';
	return (
		schema +
		`<diffgr:diffgram xmlns:msdata="urn:schemas-microsoft-com:xml-msdata" xmlns:diffgr="urn:schemas-microsoft-com:xml-diffgram-v1">${body}</diffgr:diffgram>`
	);
}
