/**
 * The field builder turns catalog facts into n8n properties. These tests pin the rules users rely
 * on: types, ranges, enum options, required fields, pickers, and variant-dependent visibility.
 */
import type { INodeProperties } from 'n8n-workflow';

import { catalog } from '../../nodes/ECGridOS/catalog';
import { compareDisplayNames, toDisplayName, toPropertyName } from '../../nodes/ECGridOS/actions/naming';
import { ECGridOS } from '../../nodes/ECGridOS/ECGridOS.node';
import { buildOperationProperties } from '../../nodes/ECGridOS/actions/properties';
import { chooseCall, resolveOperation } from '../../nodes/ECGridOS/actions/resolution';
import { parcelResource } from '../../nodes/ECGridOS/actions/parcel.resource';
import type { OperationDefinition } from '../../nodes/ECGridOS/actions/types';
import { scoped } from '../../nodes/ECGridOS/actions/variants';

function byName(properties: INodeProperties[], name: string): INodeProperties[] {
	return properties.filter((property) => property.name === name);
}

const parcelOperation = (value: string) => parcelResource.operations.find((operation) => operation.value === value)!;

describe('property names', () => {
	it('are camelCase forms of the WSDL names', () => {
		expect(toPropertyName('ECGridIDFrom')).toBe('ecgridIdFrom');
		expect(toPropertyName('NetworkID')).toBe('networkId');
		expect(toPropertyName('X_121')).toBe('x121');
		expect(toPropertyName('DataEMail')).toBe('dataEmail');
		expect(toPropertyName('HTTPAuthentication')).toBe('httpAuthentication');
		expect(toDisplayName('ECGridIDFrom')).toBe('ECGrid ID From');
		expect(toDisplayName('MaxRecords')).toBe('Max Records');
	});

	it('never map two parameters of one operation to the same name', () => {
		for (const [name, operation] of Object.entries(catalog.operations)) {
			const propertyNames = operation.parameters.map((parameter) => toPropertyName(parameter.name));
			expect({ name, unique: new Set(propertyNames).size }).toEqual({ name, unique: propertyNames.length });
		}
	});
});

describe('field types from the catalog', () => {
	const definition: OperationDefinition = {
		value: 'probe',
		name: 'Probe',
		action: 'Probe',
		description: 'Probe',
		wsdl: 'UserAddEx',
	};
	const properties = buildOperationProperties('user', definition);

	it('shows enums as options with the catalog values', () => {
		const [authLevel] = byName(properties, 'authLevel');
		expect(authLevel.type).toBe('options');
		expect((authLevel.options as Array<{ value: string }>).map((option) => option.value)).toEqual(catalog.enums.AuthLevel);
	});

	it('puts optional strings under Additional Fields and required values on top', () => {
		const [additional] = byName(properties, 'additionalFields');
		expect((additional.options as INodeProperties[]).map((option) => option.name)).toEqual(
			expect.arrayContaining(['loginName', 'email', 'firstName']),
		);
		expect(byName(properties, 'networkId')[0]).toMatchObject({ type: 'resourceLocator', required: true });
		expect(byName(properties, 'mailboxId')[0]).toMatchObject({ type: 'resourceLocator', required: true });
	});

	it('masks passwords', () => {
		const [additional] = byName(properties, 'additionalFields');
		const password = (additional.options as INodeProperties[]).find((option) => option.name === 'password');
		expect(password?.typeOptions).toMatchObject({ password: true });
	});

	it('bounds integers by their XSD type', () => {
		const sessionLog = buildOperationProperties('session', { ...definition, wsdl: 'SessionLog' });
		expect(byName(sessionLog, 'maxRecords')[0]).toMatchObject({
			type: 'number',
			typeOptions: { minValue: -32768, maxValue: 32767, numberPrecision: 0 },
		});
	});
});

describe('variants', () => {
	it('shows network and mailbox only for the specific-mailbox form', () => {
		const properties = buildOperationProperties('parcel', parcelOperation('upload'));
		expect(byName(properties, 'networkId')[0].displayOptions?.show).toEqual({
			resource: ['parcel'],
			operation: ['upload'],
			mailboxScope: ['specific'],
		});
		// One input-file field whichever encoding is chosen, and no Bytes field: it is measured.
		expect(byName(properties, 'binaryPropertyName')).toHaveLength(1);
		expect(byName(properties, 'bytes')).toHaveLength(0);
	});

	it('chooses the WSDL operation from the selectors, hidden selectors keeping their default', () => {
		const inbox = resolveOperation(parcelOperation('getInbox'));
		const pick = (values: Record<string, unknown>) => chooseCall(inbox, (selector) => values[selector.name] ?? selector.default).operation;
		expect(pick({ mailboxScope: 'own' })).toBe('ParcelInBox');
		expect(pick({ mailboxScope: 'own', inboxListing: 'byStatus' })).toBe('ParcelInBox');
		expect(pick({ mailboxScope: 'specific' })).toBe('ParcelInBoxEx');
		expect(pick({ mailboxScope: 'specific', inboxListing: 'byStatus' })).toBe('ParcelInBoxExShort');
		const download = resolveOperation(parcelOperation('download'));
		expect(chooseCall(download, (selector) => (selector.name === 'markDownloaded' ? false : 'base64Text')).operation).toBe(
			'ParcelDownloadNoUpdateA',
		);
	});

	it('replaces paging parameters by Return All and Limit', () => {
		const properties = buildOperationProperties('parcel', parcelOperation('getInboxArchive'));
		expect(byName(properties, 'returnAll')).toHaveLength(1);
		expect(byName(properties, 'limit')[0].displayOptions?.show).toMatchObject({ returnAll: [false] });
		expect(byName(properties, 'pageNo')).toHaveLength(0);
		expect(byName(properties, 'recordsPerPage')).toHaveLength(0);
	});

	it('rejects a resource file that names a parameter no variant has', () => {
		expect(() =>
			resolveOperation({
				value: 'broken',
				name: 'Broken',
				action: 'Broken',
				description: 'Broken',
				wsdl: scoped('TPList', 'TPListEx'),
				parameters: { NoSuchParameter: { displayName: 'Nope' } },
			}),
		).toThrow(/NoSuchParameter/);
	});

	it('rejects an unknown WSDL operation', () => {
		expect(() =>
			resolveOperation({ value: 'ghost', name: 'Ghost', action: 'Ghost', description: 'Ghost', wsdl: 'CallBackAdd' }),
		).toThrow(/CallBackAdd/);
	});
});

describe('the order of operations and fields', () => {
	const localeOrder = (names: string[]) => [...names].sort((a, b) => a.localeCompare(b));

	it('compares names as localeCompare does, case-insensitive first', () => {
		const names = ['Get Many', 'get many', 'Get', 'Get Info', 'Get info', 'Get 2', 'Get (Legacy)', 'Get-Many', 'Z', 'a', 'AS2 URL', 'As2', 'X.400 Address', 'X 400'];
		expect([...names].sort(compareDisplayNames)).toEqual(localeOrder(names));
	});

	it('lists the operations of every resource and every Additional Fields collection in localeCompare order', () => {
		const lists: Array<{ property: string; names: string[] }> = [];
		const collect = (properties: INodeProperties[]) => {
			for (const property of properties) {
				if (property.name === 'operation' || property.name === 'additionalFields') {
					const names = (property.options ?? []).map((option) => ('displayName' in option ? option.displayName : option.name));
					lists.push({ property: `${property.name} ${JSON.stringify(property.displayOptions?.show ?? {})}`, names });
				}
			}
		};
		collect(new ECGridOS().description.properties);
		expect(lists.length).toBeGreaterThan(20);
		for (const list of lists) expect({ property: list.property, names: list.names }).toEqual({ property: list.property, names: localeOrder(list.names) });
	});
});
