/**
 * The credential is a thin adapter over the transport, never the other way round: no module under
 * transport/ imports from credentials/, and the credential reaches the transport only through its
 * session module. Read from the sources, so an import cycle cannot creep back in unnoticed.
 */
import { readFileSync } from 'fs';
import { join, relative } from 'path';

import { ROOT, relativeImports, sourcesUnder } from '../support/sources';

const TRANSPORT = join(ROOT, 'nodes/ECGridOS/transport');
const CREDENTIAL = join(ROOT, 'credentials/ECGridOSApi.credentials.ts');

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
