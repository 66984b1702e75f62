/** The README's operation table is generated from the resource files; it must be current. */
import { readFileSync } from 'fs';
import { join } from 'path';

import { operationsTable, readmeWithTable } from '../../scripts/operations-table';

describe('README operations table', () => {
	const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

	it('lists all 221 WSDL operations', () => {
		const rows = operationsTable().split('\n').slice(2);
		expect(rows).toHaveLength(221);
	});

	it('is what the resource files say (run: npx tsx scripts/operations-table.ts --write)', () => {
		expect(readme).toBe(readmeWithTable(readme));
	});
});
