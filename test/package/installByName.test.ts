/**
 * The package as users and other packages get it: the packed tarball, installed the way n8n's
 * community-package installer installs it, answers `require('n8n-nodes-ecgridos')` with its node
 * and credential classes. `npm test` builds dist/ before jest runs.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { packPackage, installIntoUserFolder, REPOSITORY_ROOT } = require('../../scripts/n8n/community-package');

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecgridos-install-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

const NODE_CLASSES = ['ECGridOS', 'ECGridOSTrigger', 'ECGridOSCallbackTrigger', 'Edi'];

interface RequiredPackage {
	exports: string[];
	nodeNames: Record<string, string>;
	credentialName: string;
	operationCount: number;
}

function requireInstalled(nodesDir: string): RequiredPackage {
	const probe = `
		const pkg = require('n8n-nodes-ecgridos');
		const nodeNames = {};
		for (const key of ${JSON.stringify(NODE_CLASSES)}) nodeNames[key] = pkg[key] && new pkg[key]().description.name;
		process.stdout.write(JSON.stringify({
			exports: Object.keys(pkg).sort(),
			nodeNames,
			credentialName: new pkg.ECGridOSApi().name,
			operationCount: pkg.OPERATION_NAMES.length,
		}));`;
	const output = execFileSync(process.execPath, ['-e', probe], {
		cwd: nodesDir,
		encoding: 'utf8',
		// n8n provides n8n-workflow to community packages at run time; here the repository's copy does.
		env: { ...process.env, NODE_PATH: path.join(REPOSITORY_ROOT, 'node_modules') },
	});
	return JSON.parse(output) as RequiredPackage;
}

test('the packed tarball, installed as a community package, is required by name', async () => {
	const packed = packPackage(path.join(workDir, 'pack'));
	expect(packed.files).toContain('dist/index.js');
	expect(packed.files).toContain('dist/index.d.ts');

	const userFolder = path.join(workDir, 'user');
	await installIntoUserFolder(userFolder, packed);
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const required = requireInstalled(nodesDir);

	expect(required.exports).toEqual(expect.arrayContaining(['ECGridOS', 'ECGridOSTrigger', 'ECGridOSApi', 'catalog', 'ecgridosRequest']));
	expect(required.nodeNames).toEqual({
		ECGridOS: 'ecgridOs',
		ECGridOSTrigger: 'ecgridOsTrigger',
		ECGridOSCallbackTrigger: 'ecgridOsCallbackTrigger',
		Edi: 'edi',
	});
	expect(required.credentialName).toBe('ecgridOsApi');
	expect(required.operationCount).toBe(221);
}, 180_000);
