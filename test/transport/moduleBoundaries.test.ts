/**
 * The credential is a thin adapter over the transport, never the other way round: no module under
 * transport/ imports from credentials/, and the credential reaches the transport only through its
 * session module. Read from the sources, so an import cycle cannot creep back in unnoticed.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const ROOT = resolve(__dirname, '../..');
const TRANSPORT = join(ROOT, 'nodes/ECGridOS/transport');
const CREDENTIAL = join(ROOT, 'credentials/ECGridOSApi.credentials.ts');

function sourcesUnder(folder: string): string[] {
	return readdirSync(folder).flatMap((name) => {
		const path = join(folder, name);
		if (statSync(path).isDirectory()) return sourcesUnder(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

/** The files a module imports (relative imports only), resolved to paths from the repository root. */
function relativeImports(file: string): string[] {
	const source = readFileSync(file, 'utf8');
	return [...source.matchAll(/(?:import|export)[^'"]*?from\s+'(\.[^']+)'|require\('(\.[^']+)'\)/g)].map((match) =>
		relative(ROOT, resolve(dirname(file), match[1] ?? match[2])),
	);
}

test('no module under transport/ imports from credentials/', () => {
	const files = sourcesUnder(TRANSPORT);
	expect(files.length).toBeGreaterThan(10);
	const offending = files.flatMap((file) =>
		relativeImports(file)
			.filter((target) => target.startsWith('credentials'))
			.map((target) => `${relative(ROOT, file)} -> ${target}`),
	);
	expect(offending).toEqual([]);
});

test('the credential imports only the transport session module (and the catalog)', () => {
	const imports = relativeImports(CREDENTIAL);
	expect(imports).toContain('nodes/ECGridOS/transport/session');
	expect(imports.filter((target) => target.startsWith('nodes/ECGridOS/transport'))).toEqual(['nodes/ECGridOS/transport/session']);
	expect(imports.every((target) => target.startsWith('nodes/ECGridOS/transport') || target === 'nodes/ECGridOS/catalog')).toBe(true);
});

test('no codec file holds module-level mutable variables or runs past about 400 lines', () => {
	for (const file of sourcesUnder(join(TRANSPORT, 'soap'))) {
		const source = readFileSync(file, 'utf8');
		expect({ file: relative(ROOT, file), mutable: /^(let|var)\s/m.test(source) }).toEqual({ file: relative(ROOT, file), mutable: false });
		expect({ file: relative(ROOT, file), tooLong: source.split('\n').length > 420 }).toEqual({ file: relative(ROOT, file), tooLong: false });
	}
});
