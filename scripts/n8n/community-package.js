// Packs this repository with `npm pack` and installs the tarball into an n8n user folder exactly
// where n8n's own community-package installer puts packages (`<user folder>/.n8n/nodes`), so the
// node types load as `n8n-nodes-ecgridos.<node>`, as in users' workflow files.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { run } = require('./runtime');

const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Runs `npm pack` on a package folder (the repository by default; it must be built) and returns
 * the tarball's path, the package name and the packed file list.
 */
function packPackage(destinationDir, packageDir = REPOSITORY_ROOT) {
	fs.mkdirSync(destinationDir, { recursive: true });
	const output = execFileSync('npm', ['pack', '--json', `--pack-destination=${destinationDir}`], {
		cwd: packageDir,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		shell: process.platform === 'win32',
	});
	const [packed] = JSON.parse(output);
	return {
		tarball: path.join(destinationDir, packed.filename),
		name: packed.name,
		version: packed.version,
		integrity: packed.integrity,
		files: packed.files.map((file) => file.path),
	};
}

/**
 * Installs a packed package (from packPackage) into `<userFolder>/.n8n/nodes`, replacing any earlier install.
 * Flags follow n8n's own installer: no lifecycle scripts, no peer installs (n8n-workflow comes
 * from n8n itself at run time), no lock file.
 */
async function installIntoUserFolder(userFolder, { tarball, name }) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const manifestPath = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifestPath)) {
		fs.writeFileSync(manifestPath, `${JSON.stringify({ name: 'installed-nodes', private: true }, null, 2)}\n`);
	}
	fs.rmSync(path.join(nodesDir, 'node_modules', name), { recursive: true, force: true });
	await run(
		'npm',
		[
			'install',
			tarball,
			'--ignore-scripts',
			'--legacy-peer-deps',
			'--omit=dev',
			'--no-audit',
			'--no-fund',
			'--no-package-lock',
			'--bin-links=false',
		],
		{ cwd: nodesDir, onLine: () => {} },
	);
	return path.join(nodesDir, 'node_modules', name);
}

module.exports = { REPOSITORY_ROOT, packPackage, installIntoUserFolder };
