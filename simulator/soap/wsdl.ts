/**
 * The WSDL served at ?WSDL, generated from the catalog: it describes this server (SOAP 1.1 only,
 * the simulator's own address) and carries no prose from Loren Data's document.
 */
import { catalog, PRIMITIVE_TYPES, SERVICE_NAMESPACE, type CatalogField } from '../catalog';
import { escapeXmlAttribute } from './xmlText';

function typeReference(type: string): string {
	return PRIMITIVE_TYPES.has(type) ? `s:${type}` : `tns:${type}`;
}

function elementDeclaration(field: CatalogField, elementName = field.name): string {
	const minOccurs = field.required ? 1 : 0;
	const maxOccurs = field.repeated ? 'unbounded' : '1';
	if (field.type === 'DataSet') {
		return (
			`<s:element minOccurs="${minOccurs}" maxOccurs="${maxOccurs}" name="${elementName}">` +
			'<s:complexType><s:sequence><s:element ref="s:schema" /><s:any /></s:sequence></s:complexType></s:element>'
		);
	}
	const nillable = field.nillable ? ' nillable="true"' : '';
	return `<s:element minOccurs="${minOccurs}" maxOccurs="${maxOccurs}" name="${elementName}"${nillable} type="${typeReference(field.type)}" />`;
}

function sequence(fields: readonly string[]): string {
	return fields.length === 0 ? '<s:complexType />' : `<s:complexType><s:sequence>${fields.join('')}</s:sequence></s:complexType>`;
}

export function renderWsdl(endpointUrl: string): string {
	const service = catalog.service.name;
	const operationNames = Object.keys(catalog.operations);
	const serviceTypes: string[] = [];
	for (const name of operationNames) {
		const operation = catalog.operations[name];
		serviceTypes.push(`<s:element name="${name}">${sequence(operation.parameters.map((parameter) => elementDeclaration(parameter)))}</s:element>`);
		serviceTypes.push(`<s:element name="${name}Response">${sequence([elementDeclaration(operation.result)])}</s:element>`);
	}
	for (const [name, type] of Object.entries(catalog.types)) {
		// The AbstractTypes (SOAP-encoded arrays) only serve ASP.NET's HTTP GET/POST bindings, which this server does not offer.
		if (type.namespace) continue;
		serviceTypes.push(`<s:complexType name="${name}"><s:sequence>${type.fields.map((field) => elementDeclaration(field)).join('')}</s:sequence></s:complexType>`);
	}
	for (const [name, values] of Object.entries(catalog.enums)) {
		serviceTypes.push(
			`<s:simpleType name="${name}"><s:restriction base="s:string">${values.map((value) => `<s:enumeration value="${value}" />`).join('')}</s:restriction></s:simpleType>`,
		);
	}
	const messages = operationNames
		.map(
			(name) =>
				`<wsdl:message name="${name}SoapIn"><wsdl:part name="parameters" element="tns:${name}" /></wsdl:message>` +
				`<wsdl:message name="${name}SoapOut"><wsdl:part name="parameters" element="tns:${name}Response" /></wsdl:message>`,
		)
		.join('');
	const portOperations = operationNames
		.map((name) => `<wsdl:operation name="${name}"><wsdl:input message="tns:${name}SoapIn" /><wsdl:output message="tns:${name}SoapOut" /></wsdl:operation>`)
		.join('');
	const bindingOperations = operationNames
		.map(
			(name) =>
				`<wsdl:operation name="${name}"><soap:operation soapAction="${catalog.operations[name].soapAction}" style="document" />` +
				'<wsdl:input><soap:body use="literal" /></wsdl:input><wsdl:output><soap:body use="literal" /></wsdl:output></wsdl:operation>',
		)
		.join('');
	return (
		'<?xml version="1.0" encoding="utf-8"?>' +
		'<wsdl:definitions xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" ' +
		`xmlns:tns="${SERVICE_NAMESPACE}" targetNamespace="${SERVICE_NAMESPACE}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">` +
		'<wsdl:types>' +
		`<s:schema elementFormDefault="qualified" targetNamespace="${SERVICE_NAMESPACE}">${serviceTypes.join('')}</s:schema>` +
		'</wsdl:types>' +
		messages +
		`<wsdl:portType name="${service}Soap">${portOperations}</wsdl:portType>` +
		`<wsdl:binding name="${service}Soap" type="tns:${service}Soap"><soap:binding transport="http://schemas.xmlsoap.org/soap/http" />${bindingOperations}</wsdl:binding>` +
		`<wsdl:service name="${service}"><wsdl:port name="${service}Soap" binding="tns:${service}Soap"><soap:address location="${escapeXmlAttribute(endpointUrl)}" /></wsdl:port></wsdl:service>` +
		'</wsdl:definitions>'
	);
}
