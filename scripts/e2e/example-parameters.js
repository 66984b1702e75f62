// n8n ignores parameters a node does not define, so a misspelt or renamed field in an example
// would silently fall back to its default. This checks every parameter the examples set on this
// package's nodes against the built node descriptions.
'use strict';

const path = require('node:path');
const { REPOSITORY_ROOT } = require('../n8n/community-package');

const PACKAGE_NAME = require(path.join(REPOSITORY_ROOT, 'package.json')).name;
// Added by n8n itself: poll times on polling triggers, tool descriptions on nodes used as tools.
const N8N_ADDED = { poll: ['pollTimes'], tool: ['descriptionType', 'toolDescription'] };

function loadDescriptions() {
	const manifest = require(path.join(REPOSITORY_ROOT, 'package.json'));
	const descriptions = new Map();
	for (const file of manifest.n8n.nodes) {
		const exported = require(path.join(REPOSITORY_ROOT, file));
		for (const NodeClass of Object.values(exported)) {
			if (typeof NodeClass !== 'function') continue;
			const { description } = new NodeClass();
			descriptions.set(`${PACKAGE_NAME}.${description.name}`, description);
			if (description.usableAsTool) descriptions.set(`${PACKAGE_NAME}.${description.name}Tool`, { ...description, isTool: true });
		}
	}
	return descriptions;
}

/** Whether a property applies to a node with these resource and operation values. */
function appliesTo(property, parameters) {
	const show = property.displayOptions?.show ?? {};
	return ['resource', 'operation'].every((key) => !show[key] || show[key].includes(parameters[key]));
}

/** Problems with the parameters of one node of this package in a workflow, as sentences. */
function checkNode(node, description) {
	const properties = description.properties.filter((property) => appliesTo(property, node.parameters));
	const known = new Set(properties.map((property) => property.name));
	if (description.polling) N8N_ADDED.poll.forEach((name) => known.add(name));
	if (description.isTool) N8N_ADDED.tool.forEach((name) => known.add(name));
	const problems = [];
	for (const [name, value] of Object.entries(node.parameters)) {
		if (!known.has(name)) {
			problems.push(`"${node.name}" sets "${name}", which ${description.displayName} does not have here`);
			continue;
		}
		const collection = properties.find((property) => property.name === name && property.type === 'collection');
		if (!collection || typeof value !== 'object' || value === null) continue;
		const fields = new Set(collection.options.map((option) => option.name));
		for (const field of Object.keys(value)) {
			if (!fields.has(field)) problems.push(`"${node.name}" sets "${name}.${field}", which is not one of its fields`);
		}
	}
	return problems;
}

/** Throws, listing every problem, when an example sets a parameter the package's nodes lack. */
function checkExampleParameters(examples) {
	const descriptions = loadDescriptions();
	const problems = [];
	for (const { file, workflow } of examples) {
		for (const node of workflow.nodes) {
			if (!node.type.startsWith(`${PACKAGE_NAME}.`)) continue;
			const description = descriptions.get(node.type);
			if (!description) {
				problems.push(`${file}: "${node.name}" has type ${node.type}, which the package does not define`);
				continue;
			}
			problems.push(...checkNode(node, description).map((problem) => `${file}: ${problem}`));
		}
	}
	if (problems.length > 0) throw new Error(problems.join('\n'));
}

module.exports = { checkExampleParameters };
