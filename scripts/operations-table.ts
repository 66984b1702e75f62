/**
 * Writes the README's table of all 221 WSDL operations and where the node offers each, from the
 * resource files themselves, so the table cannot drift from the node.
 *   npx tsx scripts/operations-table.ts          print the table
 *   npx tsx scripts/operations-table.ts --write  replace it in README.md
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

import { isSelectorShown, resolveOperation } from '../nodes/ECGridOS/actions/resolution';
import { RESOURCES } from '../nodes/ECGridOS/actions/resources';

export const TABLE_START = '<!-- operations-table:start -->';
export const TABLE_END = '<!-- operations-table:end -->';

export function operationsTable(): string {
	const rows: string[][] = [];
	for (const resource of RESOURCES) {
		for (const definition of resource.operations) {
			const operation = resolveOperation(definition);
			for (const call of operation.calls) {
				const choices = operation.selectors
					.filter((selector) => isSelectorShown(selector, call.when))
					.map((selector) => {
						const value = call.when[selector.name];
						const label =
							selector.type === 'boolean' ? (value ? 'on' : 'off') : selector.options?.find((option) => option.value === value)?.name;
						return `${selector.displayName}: ${label}`;
					});
				rows.push([call.operation, resource.name, definition.name, choices.join(', ')]);
			}
		}
	}
	rows.sort((a, b) => a[0].localeCompare(b[0]));
	const lines = ['| WSDL operation | Resource | Operation | Option |', '|---|---|---|---|'];
	for (const [wsdl, resource, operation, option] of rows) lines.push(`| \`${wsdl}\` | ${resource} | ${operation} | ${option} |`);
	return lines.join('\n');
}

export function readmeWithTable(readme: string): string {
	const start = readme.indexOf(TABLE_START);
	const end = readme.indexOf(TABLE_END);
	if (start === -1 || end === -1) throw new Error(`README.md lacks the ${TABLE_START} … ${TABLE_END} markers`);
	return `${readme.slice(0, start + TABLE_START.length)}\n${operationsTable()}\n${readme.slice(end)}`;
}

if (require.main === module) {
	const readmePath = join(__dirname, '..', 'README.md');
	if (process.argv.includes('--write')) {
		writeFileSync(readmePath, readmeWithTable(readFileSync(readmePath, 'utf8')));
		console.log('README.md operations table updated.');
	} else {
		console.log(operationsTable());
	}
}
