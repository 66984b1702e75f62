/**
 * The repository's TypeScript sources and the relative imports each makes, read as text: for tests
 * that keep the layout's rules (which folder may import which), so that a forbidden import fails a
 * test instead of waiting for a reviewer.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, relative, resolve } from 'path';

export const ROOT = resolve(__dirname, '../..');

/** Every .ts file below `folder`, as absolute paths. */
export function sourcesUnder(folder: string): string[] {
	return readdirSync(folder).flatMap((name) => {
		const path = resolve(folder, name);
		if (statSync(path).isDirectory()) return sourcesUnder(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

/** The files a module imports (relative imports only), resolved to paths from the repository root. */
export function relativeImports(file: string): string[] {
	const source = readFileSync(file, 'utf8');
	return [...source.matchAll(/(?:import|export)[^'"]*?from\s+'(\.[^']+)'|require\('(\.[^']+)'\)/g)].map((match) =>
		relative(ROOT, resolve(dirname(file), match[1] ?? match[2])),
	);
}

/** `file -> target` for every relative import of the sources below `folder` that `forbidden` matches. */
export function importsMatching(folder: string, forbidden: (target: string) => boolean): string[] {
	return sourcesUnder(resolve(ROOT, folder)).flatMap((file) =>
		relativeImports(file)
			.filter(forbidden)
			.map((target) => `${relative(ROOT, file)} -> ${target}`),
	);
}
