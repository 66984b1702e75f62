#!/usr/bin/env node
/*
 * Generates the ECGridOS API catalog (nodes/ECGridOS/catalog/ecgridos-v4.1.catalog.json)
 * from Loren Data's WSDL.
 *
 * The catalog is the single statement of the API's facts in this project: operations
 * (SOAPAction, ordered parameters, result), complex types (ordered fields) and enums, plus the
 * facts the WSDL does not state (read-only operations, paging, list results, ID kinds, secrets),
 * annotated from the curated scripts/catalog-annotations.js.
 * It deliberately keeps facts only: the WSDL's documentation sentences are Loren Data's
 * prose and are not copied; the words users see are written in the resource files.
 *
 * Usage:
 *   node scripts/generate-catalog.js [wsdl path or URL] [--out file] [--check]
 * Default input: ../shared/ecgridos/ECGridOS-v4.1.wsdl (beside the repository).
 * --check compares with the committed catalog, annotations included, instead of writing it
 * (exit 1 on drift).
 */
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { XMLParser } = require('fast-xml-parser');

const ANNOTATIONS = require('./catalog-annotations');

const REPOSITORY_ROOT = path.resolve(__dirname, '..');
const DEFAULT_WSDL = path.resolve(REPOSITORY_ROOT, '..', 'shared', 'ecgridos', 'ECGridOS-v4.1.wsdl');
const DEFAULT_OUT = path.join(REPOSITORY_ROOT, 'nodes', 'ECGridOS', 'catalog', 'ecgridos-v4.1.catalog.json');
const XSD_NS_PREFIXES = ['s:', 'xs:', 'xsd:'];
/** Production endpoint. The WSDL's port says http:// because it was fetched over http; ECGrid serves https. */
const PRODUCTION_ENDPOINT = 'https://os.ecgrid.io/v4.1/prod/ECGridOS.asmx';

const ARRAY_ELEMENTS = new Set([
	'wsdl:operation', 'wsdl:message', 'wsdl:part', 'wsdl:binding', 'wsdl:port', 'wsdl:portType',
	's:schema', 's:element', 's:complexType', 's:simpleType', 's:enumeration',
]);

async function readWsdl(source) {
	if (/^https?:\/\//i.test(source)) {
		const response = await fetch(source);
		if (!response.ok) throw new Error(`Fetching ${source} failed: HTTP ${response.status}`);
		return { text: await response.text(), name: source };
	}
	return { text: fs.readFileSync(source, 'utf8'), name: path.basename(source) };
}

function stripPrefix(qname) {
	const colon = qname.indexOf(':');
	return colon === -1 ? qname : qname.slice(colon + 1);
}

/** Maps an XSD type reference to the catalog's type name: primitives by their XSD local name, named types by name. */
function typeName(qname) {
	for (const prefix of XSD_NS_PREFIXES) if (qname.startsWith(prefix)) return qname.slice(prefix.length);
	return stripPrefix(qname);
}

/** Reads one <s:element> of a sequence into a catalog field. Inline xs:schema + xs:any (ADO.NET DataSet) becomes type DataSet. */
function readField(element) {
	let type;
	if (element['@_type']) {
		type = typeName(element['@_type']);
	} else if (element['s:complexType']) {
		const inner = element['s:complexType'][0]['s:sequence'];
		const refersToSchema = inner && (inner['s:element'] || []).some((e) => e['@_ref'] === 's:schema');
		if (!refersToSchema || !('s:any' in inner)) throw new Error(`Unsupported inline type for element ${element['@_name']}`);
		type = 'DataSet';
	} else {
		throw new Error(`Element ${element['@_name']} has no type`);
	}
	const field = {
		name: element['@_name'],
		type,
		required: element['@_minOccurs'] !== '0',
	};
	if (element['@_maxOccurs'] === 'unbounded') field.repeated = true;
	if (element['@_nillable'] === 'true') field.nillable = true;
	return field;
}

function sequenceFields(complexType) {
	if (!complexType) return [];
	const sequence = complexType['s:sequence'];
	if (!sequence) {
		// soapenc-style restriction (AbstractTypes StringArray)
		const restriction = complexType['s:complexContent']?.['s:restriction'];
		if (restriction?.['s:sequence']) return (restriction['s:sequence']['s:element'] || []).map(readField);
		return [];
	}
	return (sequence['s:element'] || []).map(readField);
}

const ID_KINDS = new Set(['network', 'mailbox', 'tradingPartner', 'user']);

/**
 * Writes the curated annotations into `catalog` (operations and types as the WSDL gives them).
 * Every name must exist in the WSDL: an annotation that no longer applies is an error, not a no-op.
 */
function annotate(catalog, annotations) {
	const { operations, types } = catalog;
	const problems = [];
	const operationNamed = (name, what) => {
		if (!Object.prototype.hasOwnProperty.call(operations, name)) problems.push(`${what}: no operation ${name}`);
		return operations[name];
	};
	const allParameters = Object.values(operations).flatMap((operation) => operation.parameters);
	const parametersNamed = (name, what) => {
		const found = allParameters.filter((parameter) => parameter.name === name);
		if (found.length === 0) problems.push(`${what}: no operation has a parameter ${name}`);
		return found;
	};

	for (const name of annotations.readOnly) {
		const operation = operationNamed(name, 'readOnly');
		if (operation) operation.readOnly = true;
	}
	for (const [name, paging] of Object.entries(annotations.paging)) {
		const operation = operationNamed(name, 'paging');
		if (!operation) continue;
		for (const role of ['pageNumber', 'pageSize']) {
			const parameter = operation.parameters.find((candidate) => candidate.name === paging[role]);
			if (!parameter || parameter.type !== 'short') problems.push(`paging: ${name} has no short parameter ${paging[role]}`);
		}
		operation.paging = { pageNumber: paging.pageNumber, pageSize: paging.pageSize };
	}
	for (const [typeName, paged] of Object.entries(annotations.pagedResults)) {
		const fields = types[typeName]?.fields ?? [];
		if (!types[typeName]) problems.push(`pagedResults: no type ${typeName}`);
		for (const role of ['records', 'totalPages']) {
			if (!fields.some((field) => field.name === paged[role])) problems.push(`pagedResults: ${typeName} has no field ${paged[role]}`);
		}
	}
	for (const operation of Object.values(operations)) {
		const type = operation.result.type;
		const paged = annotations.pagedResults[type];
		const itemFields = types[type]?.fields;
		const isArray = itemFields?.length === 1 && itemFields[0].repeated === true;
		if (paged) operation.listResult = { records: paged.records, totalPages: paged.totalPages };
		else if (type === 'DataSet' || isArray) operation.listResult = {};
	}
	for (const [name, kind] of Object.entries(annotations.idParameters)) {
		if (!ID_KINDS.has(kind)) problems.push(`idParameters: ${name} has unknown kind ${kind}`);
		for (const parameter of parametersNamed(name, 'idParameters')) parameter.idKind = kind;
	}
	for (const name of annotations.secretParameters) {
		for (const parameter of parametersNamed(name, 'secretParameters')) parameter.secret = true;
	}
	for (const name of annotations.secretResults) {
		const operation = operationNamed(name, 'secretResults');
		if (operation) operation.result.secret = true;
	}
	for (const qualified of annotations.secretFields) {
		const [typeName, fieldName] = qualified.split('.');
		const field = types[typeName]?.fields.find((candidate) => candidate.name === fieldName);
		if (field) field.secret = true;
		else problems.push(`secretFields: no field ${qualified}`);
	}
	if (problems.length) throw new Error(`scripts/catalog-annotations.js names what the WSDL lacks:\n  ${problems.join('\n  ')}`);
	return catalog;
}

function buildCatalog(wsdlText, sourceName, annotations = ANNOTATIONS) {
	const parser = new XMLParser({
		ignoreAttributes: false,
		attributeNamePrefix: '@_',
		isArray: (name) => ARRAY_ELEMENTS.has(name),
		processEntities: false,
	});
	const document = parser.parse(wsdlText);
	const definitions = document['wsdl:definitions'];
	const namespace = definitions['@_targetNamespace'];
	const schemas = definitions['wsdl:types']['s:schema'];

	const elements = new Map();
	const types = {};
	const enums = {};
	for (const schema of schemas) {
		const schemaNamespace = schema['@_targetNamespace'];
		for (const element of schema['s:element'] || []) elements.set(element['@_name'], element);
		for (const complexType of schema['s:complexType'] || []) {
			const entry = { fields: sequenceFields(complexType) };
			if (schemaNamespace !== namespace) entry.namespace = schemaNamespace;
			types[complexType['@_name']] = entry;
		}
		for (const simpleType of schema['s:simpleType'] || []) {
			const restriction = simpleType['s:restriction'];
			enums[simpleType['@_name']] = (restriction['s:enumeration'] || []).map((e) => e['@_value']);
		}
	}

	const soapBinding = definitions['wsdl:binding'].find((binding) => binding['soap:binding']);
	const soapActions = new Map(
		soapBinding['wsdl:operation'].map((operation) => [
			operation['@_name'],
			operation['soap:operation']['@_soapAction'],
		]),
	);

	const messages = new Map(definitions['wsdl:message'].map((message) => [message['@_name'], message]));
	const soapPortType = definitions['wsdl:portType'].find((portType) => portType['@_name'] === stripPrefix(soapBinding['@_type']));

	const operations = {};
	for (const operation of soapPortType['wsdl:operation']) {
		const name = operation['@_name'];
		const inputMessage = messages.get(stripPrefix(operation['wsdl:input']['@_message']));
		const outputMessage = messages.get(stripPrefix(operation['wsdl:output']['@_message']));
		const requestElement = elements.get(stripPrefix(inputMessage['wsdl:part'][0]['@_element']));
		const responseElement = elements.get(stripPrefix(outputMessage['wsdl:part'][0]['@_element']));
		const parameters = sequenceFields(requestElement['s:complexType']?.[0]);
		const resultFields = sequenceFields(responseElement['s:complexType']?.[0]);
		if (resultFields.length !== 1) throw new Error(`Operation ${name} does not follow the wrapped result pattern`);
		const result = resultFields[0];
		operations[name] = {
			soapAction: soapActions.get(name),
			parameters,
			result: { name: result.name, type: result.type, required: result.required },
		};
	}

	const documentation = String(definitions['wsdl:documentation']?.['#text'] ?? definitions['wsdl:documentation'] ?? '');
	const versionMatch = /Version (v[\d.]+) \(Build (\d+)\)/.exec(documentation);
	const service = definitions['wsdl:service'];

	return annotate({
		generatedFrom: {
			file: sourceName,
			sha256: crypto.createHash('sha256').update(wsdlText).digest('hex'),
			generator: 'scripts/generate-catalog.js',
			annotations: 'scripts/catalog-annotations.js',
		},
		service: {
			name: service['@_name'],
			version: versionMatch ? versionMatch[1] : null,
			build: versionMatch ? Number(versionMatch[2]) : null,
			namespace,
			productionEndpoint: PRODUCTION_ENDPOINT,
			soapVersion: '1.1',
			style: 'document/literal wrapped',
			elementFormDefault: schemas[0]['@_elementFormDefault'],
		},
		operations,
		types,
		enums,
	}, annotations);
}

function serialize(catalog) {
	return `${JSON.stringify(catalog, null, '\t')}\n`;
}

async function main(argv) {
	const args = argv.slice(2);
	const check = args.includes('--check');
	const outIndex = args.indexOf('--out');
	const out = outIndex === -1 ? DEFAULT_OUT : path.resolve(args[outIndex + 1]);
	const source = args.find((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--out') ?? DEFAULT_WSDL;
	const { text, name } = await readWsdl(source);
	const catalog = serialize(buildCatalog(text, name));
	const counts = JSON.parse(catalog);
	const summary = `${Object.keys(counts.operations).length} operations, ${Object.keys(counts.types).length} types, ${Object.keys(counts.enums).length} enums`;
	if (check) {
		const committed = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
		if (committed !== catalog) {
			console.error(`The committed catalog differs from ${source} (${summary}). Run: npm run catalog`);
			return 1;
		}
		console.log(`Catalog matches ${source} (${summary}).`);
		return 0;
	}
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, catalog);
	console.log(`Wrote ${path.relative(process.cwd(), out)} from ${source}: ${summary}.`);
	return 0;
}

module.exports = { buildCatalog, serialize, DEFAULT_WSDL, DEFAULT_OUT };

if (require.main === module) {
	main(process.argv).then(
		(code) => process.exit(code),
		(error) => {
			console.error(error.message);
			process.exit(1);
		},
	);
}
