/**
 * The committed catalog is the project's statement of the API. It must be exactly what the
 * generator makes from Loren Data's WSDL, and internally whole.
 */
import { existsSync, readFileSync } from 'fs';

import { catalog, isComplexType, isEnumType, PRIMITIVE_TYPES } from '../../nodes/ECGridOS/catalog';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const generator = require('../../scripts/generate-catalog.js') as {
	buildCatalog(text: string, name: string): unknown;
	serialize(catalog: unknown): string;
	DEFAULT_WSDL: string;
	DEFAULT_OUT: string;
};

describe('API catalog', () => {
	it('is what the generator makes from the WSDL in ../shared (drift check)', () => {
		const committed = readFileSync(generator.DEFAULT_OUT, 'utf8');
		if (existsSync(generator.DEFAULT_WSDL)) {
			const regenerated = generator.serialize(generator.buildCatalog(readFileSync(generator.DEFAULT_WSDL, 'utf8'), 'ECGridOS-v4.1.wsdl'));
			expect(committed).toBe(regenerated);
		} else {
			// Without ../shared the drift check has nothing to compare with; the catalog must then at
			// least still say it came from the WSDL this project was built on (Build 472).
			expect(catalog.generatedFrom.sha256).toBe('6aa2a909a734dd3bc614fb4e719a7206cbe8875800cc60533a3bbef2cd4a6139');
		}
	});

	it('holds 221 operations, 74 complex types and 44 enums of ECGridOS v4.1 Build 472', () => {
		expect(Object.keys(catalog.operations)).toHaveLength(221);
		expect(Object.keys(catalog.types)).toHaveLength(74);
		expect(Object.keys(catalog.enums)).toHaveLength(44);
		expect(catalog.service).toMatchObject({ version: 'v4.1', build: 472, namespace: 'https://os.ecgrid.io/' });
	});

	it('gives every operation the SOAPAction https://os.ecgrid.io/<Operation>', () => {
		for (const [name, operation] of Object.entries(catalog.operations)) {
			expect(operation.soapAction).toBe(`https://os.ecgrid.io/${name}`);
		}
	});

	it('refers only to types it defines', () => {
		const known = (type: string) => PRIMITIVE_TYPES.has(type) || isComplexType(type) || isEnumType(type) || type === 'DataSet';
		for (const operation of Object.values(catalog.operations)) {
			for (const parameter of operation.parameters) expect(known(parameter.type)).toBe(true);
			expect(known(operation.result.type)).toBe(true);
		}
		for (const type of Object.values(catalog.types)) for (const field of type.fields) expect(known(field.type)).toBe(true);
	});

	it('keeps the facts the WSDL states about well-known operations', () => {
		expect(catalog.operations.Login.parameters.map((p) => p.name)).toEqual(['LoginName', 'Password']);
		expect(catalog.operations.Logout.result.type).toBe('int');
		expect(catalog.operations.ParcelInBox.result.type).toBe('ParcelIDInfoCollection');
		expect(catalog.operations.ReportMonthly.result.type).toBe('DataSet');
		expect(catalog.operations.ParcelDownload.parameters.find((p) => p.name === 'ParcelID')?.type).toBe('long');
		expect(catalog.types.ArrayOfParcelIDInfo.fields[0]).toMatchObject({ name: 'ParcelIDInfo', repeated: true });
		expect(catalog.enums.ParcelValid).toContain('VallidRouted');
		expect(catalog.operations).not.toHaveProperty('CallBackAdd');
	});

	it('copies no description sentences from the WSDL', () => {
		const text = readFileSync(generator.DEFAULT_OUT, 'utf8');
		expect(text).not.toMatch(/documentation|Required first call|Loren Data Corp/);
	});
});
