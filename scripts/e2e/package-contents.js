// What the `npm pack` tarball must and must not hold: n8n needs the compiled nodes and credential
// listed in package.json, their light and dark icons and the nodes' codex files; nothing else
// from the repository belongs in it.
'use strict';

const path = require('node:path');
const { REPOSITORY_ROOT } = require('../n8n/community-package');

const TOP_LEVEL_FILES = new Set(['package.json', 'README.md', 'LICENSE', 'LICENSE.md', 'CHANGELOG.md']);
const FORBIDDEN = [
	[/^dist\/(test|simulator|bench|scripts|examples)\//, 'test, simulator, bench, script or example output'],
	[/\.(test|spec)\.[cm]?[jt]s(\.map)?$/, 'a test file'],
	[/\.tsbuildinfo$/, "TypeScript's incremental build state"],
	[/(^|\/)seeds\//, 'simulator seed data'],
	[/\.ts$/, 'TypeScript source (only .d.ts and .js belong in dist)'],
];

/** The icon files a node or credential description points at, relative to the package root. */
function iconFiles(description, compiledFile) {
	const icon = description.icon;
	const references = typeof icon === 'string' ? [icon] : icon ? [icon.light, icon.dark] : [];
	return references
		.filter((reference) => typeof reference === 'string' && reference.startsWith('file:'))
		.map((reference) => path.posix.join(path.posix.dirname(compiledFile), reference.slice('file:'.length)));
}

function loadExport(compiledFile) {
	const exported = require(path.join(REPOSITORY_ROOT, compiledFile));
	const [constructor] = Object.values(exported).filter((value) => typeof value === 'function');
	if (!constructor) throw new Error(`${compiledFile} exports no class`);
	return new constructor();
}

/** Throws, listing every problem, when the packed file list is not what n8n needs. */
function checkPackedFiles(files) {
	const packed = new Set(files);
	const problems = [];
	for (const file of files) {
		if (!file.startsWith('dist/') && !TOP_LEVEL_FILES.has(file)) problems.push(`${file} is outside dist/`);
		for (const [pattern, what] of FORBIDDEN) {
			if (pattern.test(file) && !file.endsWith('.d.ts')) problems.push(`${file} is ${what}`);
		}
	}

	const manifest = require(path.join(REPOSITORY_ROOT, 'package.json'));
	const nodes = manifest.n8n?.nodes ?? [];
	const credentials = manifest.n8n?.credentials ?? [];
	if (nodes.length === 0) problems.push('package.json lists no n8n nodes');
	for (const file of [...nodes, ...credentials]) {
		if (!packed.has(file)) {
			problems.push(`${file} (listed in package.json "n8n") is missing`);
			continue;
		}
		const instance = loadExport(file);
		const description = file.endsWith('.node.js') ? instance.description : instance;
		const icons = iconFiles(description, file);
		if (icons.length < 2 || icons[0] === icons[1]) problems.push(`${file} does not declare distinct light and dark icons`);
		for (const icon of icons) if (!packed.has(icon)) problems.push(`${icon} (icon of ${file}) is missing`);
		if (file.endsWith('.node.js')) {
			const codex = file.replace(/\.js$/, '.json');
			if (!packed.has(codex)) problems.push(`${codex} (codex of ${file}) is missing`);
		}
	}
	if (problems.length > 0) throw new Error(problems.join('\n'));
}

module.exports = { checkPackedFiles };
