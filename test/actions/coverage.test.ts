/**
 * What users see is curated per resource, but every WSDL operation must stay reachable, exactly
 * once, and every resource definition must agree with the catalog.
 */
import { NodeHelpers, type INodeProperties } from 'n8n-workflow';

import { catalog } from '../../nodes/ECGridOS/catalog';
import { buildOperationProperties, buildResourceProperties } from '../../nodes/ECGridOS/actions/properties';
import { resolveOperation } from '../../nodes/ECGridOS/actions/resolution';
import { RESOURCES } from '../../nodes/ECGridOS/actions/resources';
import { ECGridOS } from '../../nodes/ECGridOS/ECGridOS.node';

function reachable(): Map<string, string[]> {
	const where = new Map<string, string[]>();
	for (const resource of RESOURCES) {
		for (const operation of resource.operations) {
			for (const call of resolveOperation(operation).calls) {
				where.set(call.operation, [...(where.get(call.operation) ?? []), `${resource.value}.${operation.value}`]);
			}
		}
	}
	return where;
}

describe('operation coverage', () => {
	it('reaches all 221 WSDL operations', () => {
		const where = reachable();
		const missing = Object.keys(catalog.operations).filter((name) => !where.has(name));
		expect(missing).toEqual([]);
	});

	it('reaches each WSDL operation from exactly one place', () => {
		const twice = [...reachable()].filter(([, places]) => places.length > 1);
		expect(twice).toEqual([]);
	});

	it('offers the sixteen resources in the order of the brief', () => {
		expect(RESOURCES.map((resource) => resource.name)).toEqual([
			'System',
			'Session & Auth',
			'Network',
			'Mailbox',
			'Trading Partner',
			'Interconnect',
			'Parcel',
			'Interchange',
			'Callback',
			'Carbon Copy',
			'Certificate',
			'Comm',
			'User',
			'Key',
			'Report',
			'Migration',
		]);
	});

	it.each(RESOURCES.map((resource) => [resource.value, resource]))('builds the %s resource from the catalog', (_, resource) => {
		const properties = buildResourceProperties(resource);
		const operationSelector = properties[0];
		expect(operationSelector.name).toBe('operation');
		for (const option of operationSelector.options as Array<{ action?: string; description?: string }>) {
			expect(option.action).toBeTruthy();
			expect(option.description).toBeTruthy();
		}
		// No SessionID field anywhere: the transport fills it from the credential.
		expect(JSON.stringify(properties)).not.toMatch(/"sessionId"|"SessionID"/);
	});

	describe('properties several operations share', () => {
		const { description } = new ECGridOS();
		const operationsShown = (property: INodeProperties) => (property.displayOptions?.show?.operation ?? []) as string[];

		it.each(RESOURCES.map((resource) => [resource.value, resource]))(
			'show each %s operation exactly its own properties, in its own order',
			(_, resource) => {
				const shared = buildResourceProperties(resource).slice(1);
				for (const operation of resource.operations) {
					const seen = shared
						.filter((property) => operationsShown(property).includes(operation.value))
						.map((property) => ({
							...property,
							displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, operation: [operation.value] } },
						}));
					expect({ operation: operation.value, seen }).toEqual({
						operation: operation.value,
						seen: buildOperationProperties(resource.value, operation),
					});
				}
			},
		);

		it('are given once for all the operations that have them alike', () => {
			const mailboxIds = description.properties.filter(
				(property) => property.name === 'mailboxId' && property.displayOptions?.show?.resource?.[0] === 'mailbox',
			);
			expect(mailboxIds).toHaveLength(1);
			expect(operationsShown(mailboxIds[0])).toEqual(expect.arrayContaining(['get', 'rename', 'suspend', 'terminate']));
			const perOperation = RESOURCES.flatMap((resource) =>
				resource.operations.flatMap((operation) => buildOperationProperties(resource.value, operation)),
			);
			expect(description.properties.length).toBeLessThan(perOperation.length * 0.6);
		});

		it('leave n8n resolving the same parameters for every operation', () => {
			const node = { typeVersion: 1 };
			for (const resource of RESOURCES) {
				for (const operation of resource.operations) {
					const values = { resource: resource.value, operation: operation.value };
					const ownProperties = [
						...description.properties.filter((property) => !property.displayOptions?.show?.operation),
						...buildOperationProperties(resource.value, operation),
					];
					const resolve = (properties: INodeProperties[]) =>
						NodeHelpers.getNodeParameters(properties, values, true, false, node, { ...description, properties });
					expect({ values, resolved: resolve(description.properties) }).toEqual({ values, resolved: resolve(ownProperties) });
				}
			}
		});
	});

	it('describes the node for n8n: tool use, subtitle, icons and credential', () => {
		const { description } = new ECGridOS();
		expect(description.usableAsTool).toBe(true);
		expect(description.subtitle).toContain('operation');
		expect(description.icon).toEqual({ light: 'file:ecgridos.svg', dark: 'file:ecgridos.dark.svg' });
		expect(description.credentials).toEqual([{ name: 'ecgridOsApi', required: true }]);
	});
});
