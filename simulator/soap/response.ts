/**
 * Writes responses by the operation's declared result type, in the WSDL's field order, the way
 * ASP.NET's XmlSerializer does: value-type fields always present (defaults filled in), optional
 * fields left out when absent, nil array items as xsi:nil.
 */
import { catalog, enumValues, INTEGER_RANGES, isEnumType, SERVICE_NAMESPACE, type CatalogField } from '../catalog';
import { isDataSetValue, renderDataSet } from './dataSet';
import { defaultValue } from './defaults';
import { EcgridFault, FrameworkFault, retCodeNumber } from './faults';
import { escapeXmlText, formatDateTime } from './xmlText';

const ENVELOPE_OPEN =
	'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" ' +
	'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>';
const ENVELOPE_CLOSE = '</soap:Body></soap:Envelope>';

export function renderResponse(operationName: string, result: unknown): string {
	const operation = catalog.operations[operationName];
	const parts: string[] = [ENVELOPE_OPEN, `<${operationName}Response xmlns="${SERVICE_NAMESPACE}">`];
	renderField(operation.result, result, parts, `${operationName}Result`);
	parts.push(`</${operationName}Response>`, ENVELOPE_CLOSE);
	return parts.join('');
}

export function renderFault(error: EcgridFault | FrameworkFault, actor: string): string {
	const faultCode = error instanceof EcgridFault ? 'soap:Server' : error.faultCode;
	const detail =
		error instanceof EcgridFault
			? `<detail><ErrorCode>${retCodeNumber(error.code)}</ErrorCode><ErrorString>${escapeXmlText(error.errorString)}</ErrorString>` +
				`<ErrorItem>${escapeXmlText(error.item)}</ErrorItem><ErrorMessage>${escapeXmlText(error.detailMessage)}</ErrorMessage></detail>`
			: '<detail />';
	return (
		ENVELOPE_OPEN +
		`<soap:Fault><faultcode>${faultCode}</faultcode><faultstring>${escapeXmlText(error.message)}</faultstring>` +
		`<faultactor>${escapeXmlText(actor)}</faultactor>${detail}</soap:Fault>` +
		ENVELOPE_CLOSE
	);
}

function renderField(field: CatalogField, value: unknown, parts: string[], elementName = field.name): void {
	if (field.repeated) {
		if (value === undefined || value === null) return;
		if (!Array.isArray(value)) throw new Error(`${elementName} must be an array`);
		for (const item of value) {
			if (item === null || item === undefined) parts.push(`<${elementName} xsi:nil="true" />`);
			else renderSingle(field.type, item, parts, elementName);
		}
		return;
	}
	if (value === undefined || value === null) {
		if (!field.required) return;
		value = defaultValue(field.type);
		if (value === undefined) throw new Error(`No default for required field ${elementName} of type ${field.type}`);
	}
	renderSingle(field.type, value, parts, elementName);
}

function renderSingle(type: string, value: unknown, parts: string[], elementName: string): void {
	const complexType = catalog.types[type];
	if (complexType) {
		if (typeof value !== 'object' || value === null) throw new Error(`${elementName} must be an object of type ${type}`);
		const record = value as Record<string, unknown>;
		const children: string[] = [];
		const arrayWrapper = complexType.fields.length === 1 && complexType.fields[0].repeated;
		for (const child of complexType.fields) {
			renderField(child, arrayWrapper && Array.isArray(value) ? value : record[child.name], children);
		}
		parts.push(children.length > 0 ? `<${elementName}>${children.join('')}</${elementName}>` : `<${elementName} />`);
		return;
	}
	if (type === 'DataSet') {
		if (!isDataSetValue(value)) throw new Error(`${elementName} must be a DataSet value`);
		parts.push(`<${elementName}>${renderDataSet(value)}</${elementName}>`);
		return;
	}
	const text = renderPrimitive(type, value, elementName);
	parts.push(text === '' ? `<${elementName} />` : `<${elementName}>${text}</${elementName}>`);
}

function renderPrimitive(type: string, value: unknown, elementName: string): string {
	const range = INTEGER_RANGES[type];
	if (range) {
		const integer = typeof value === 'bigint' ? value : BigInt(Math.trunc(Number(value)));
		if (integer < range.min || integer > range.max) throw new Error(`${elementName}=${integer} is out of range for ${type}`);
		return integer.toString();
	}
	switch (type) {
		case 'string':
			return escapeXmlText(String(value));
		case 'boolean':
			return value ? 'true' : 'false';
		case 'float':
			return String(Number(value));
		case 'dateTime':
			return formatDateTime(value as Date | string);
		case 'base64Binary':
			return Buffer.isBuffer(value) ? value.toString('base64') : Buffer.from(String(value)).toString('base64');
	}
	if (isEnumType(type)) {
		if (!enumValues(type).includes(String(value))) throw new Error(`${elementName}: '${String(value)}' is not a ${type} value`);
		return String(value);
	}
	throw new Error(`Cannot render ${elementName} of type ${type}`);
}
