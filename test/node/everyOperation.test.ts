/**
 * Breadth: every one of the 221 WSDL operations, reached through the node's Resource/Operation
 * selectors in n8n's engine, against a fresh simulator each. A recording proxy proves which SOAP
 * operation the node sent; the answer must come back as items (or, where the simulator refuses
 * generic sample values, as an ECGridOS fault naming the operation, on an error item).
 */
import type { IDataObject } from 'n8n-workflow';

import { catalog } from '../../nodes/ECGridOS/catalog';
import { resolveOperation, type ResolvedCall, type ResolvedParameter } from '../../nodes/ECGridOS/actions/resolution';
import { RESOURCES } from '../../nodes/ECGridOS/actions/resources';
import { startSimulator } from '../../simulator';
import { X12_850, apiKeyCredentials, ecgridos, fileItem, recordingProxy } from './support';

const DAY = 24 * 60 * 60 * 1000;

const SAMPLE_NUMBERS: Record<string, number> = {
	NetworkID: 1,
	NetworkId: 1,
	TargetNetworkId: 1,
	MailboxID: 1001,
	MailboxId: 1001,
	TargetMailboxId: 1002,
	ECGridID: 100001,
	ECGridID1: 100001,
	ECGridID2: 100011,
	ECGridIDFrom: 100001,
	ECGridIDTo: 100011,
	ECGridIDCCFrom: 100002,
	ECGridIDCCTo: 100012,
	UserID: 102,
	OwnerUserID: 101,
	MaxDays: 30,
	MaxRecords: 10,
	Length: 12,
	Minutes: 60,
	DaysToLive: 1,
	MinutesToLive: 60,
};

const SAMPLE_TEXT: Record<string, string> = {
	Qualifier: 'ZZ',
	ID: 'ACMERETAIL',
	Password: 'Breadth-Test-2024',
	NewPassword: 'Breadth-Test-2025',
	OldPassword: 'Demo-Root-2024',
	URL: 'http://127.0.0.1:9/callback',
	EMail: 'breadth@example.invalid',
	InterchangeHeader: X12_850('000000777').split('\n')[0],
};

function sampleValue(parameter: ResolvedParameter, parcelId: number): unknown {
	const { field, wsdlName, editor } = parameter;
	if (editor === 'binary') return 'data';
	if (editor === 'delimiter') return wsdlName === 'SegTerm' ? '~' : wsdlName === 'ElmSep' ? '*' : '>';
	const numeric = wsdlName === 'ParcelID' ? parcelId : SAMPLE_NUMBERS[wsdlName];
	if (editor === 'network' || editor === 'mailbox' || editor === 'tradingPartner' || editor === 'user') {
		return { __rl: true, mode: 'id', value: String(numeric ?? 1) };
	}
	if (catalog.enums[field.type]) return catalog.enums[field.type].find((value) => value !== 'NoChange') ?? catalog.enums[field.type][0];
	switch (field.type) {
		case 'boolean':
			return false;
		case 'dateTime':
			return new Date(Date.now() + (/Begin|Start/.test(wsdlName) ? -30 * DAY : DAY)).toISOString();
		case 'int':
		case 'short':
		case 'long':
		case 'unsignedByte':
			return numeric ?? 1;
		default:
			return SAMPLE_TEXT[wsdlName] ?? `breadth-${wsdlName.toLowerCase()}`;
	}
}

interface Case {
	label: string;
	resource: string;
	operation: string;
	call: ResolvedCall;
}

const cases: Case[] = RESOURCES.flatMap((resource) =>
	resource.operations.flatMap((definition) =>
		resolveOperation(definition).calls.map((call) => ({
			label: `${call.operation} (${resource.value} → ${definition.value})`,
			resource: resource.value,
			operation: definition.value,
			call,
		})),
	),
);

/** WSDL operation → undefined when it answered with items, else the fault message. */
const outcomes = new Map<string, string | undefined>();

describe('every WSDL operation through the node', () => {
	it('has a case for each of the 221 operations', () => {
		expect(new Set(cases.map((testCase) => testCase.call.operation)).size).toBe(221);
	});

	it.each(cases.map((testCase) => [testCase.label, testCase]))('%s', async (_, testCase) => {
		const { resource, operation, call } = testCase;
		const simulator = await startSimulator({ port: 0 });
		const proxy = await recordingProxy(simulator.endpointUrl);
		try {
			const upload = await ecgridos(
				simulator,
				'sim.root',
				{ resource: 'parcel', operation: 'upload', mailboxScope: 'specific', networkId: { __rl: true, mode: 'id', value: '1' }, mailboxId: { __rl: true, mode: 'id', value: '1001' } },
				{ items: [fileItem(X12_850('000000500'), 'breadth.x12')] },
			);
			const parcelId = upload.items[0]?.json.parcelId as number;
			expect(typeof parcelId).toBe('number');

			const parameters: IDataObject = { resource, operation, ...call.when, returnAll: false, limit: 5 };
			for (const parameter of call.parameters) {
				if (parameter.placement === 'top') parameters[parameter.propertyName] = sampleValue(parameter, parcelId) as IDataObject;
			}
			proxy.operations.length = 0;
			const credentials = { ...apiKeyCredentials(simulator, 'sim.root'), customUrl: proxy.endpointUrl };
			const { items, error } = await ecgridos(simulator, 'sim.root', parameters, {
				items: [fileItem(X12_850('000000501'), 'breadth-input.x12')],
				continueOnFail: true,
				credentials,
			});

			expect(error).toBeUndefined();
			expect(proxy.operations).toEqual([call.operation]);
			for (const item of items) {
				expect(item.pairedItem).toEqual({ item: 0 });
				expect(JSON.stringify(item.json)).not.toContain('"SessionID"');
			}
			const failure = items.find((item) => item.json.error !== undefined);
			if (failure) {
				expect(items).toHaveLength(1);
				expect(String(failure.json.error)).toContain(call.operation);
				outcomes.set(call.operation, `${String(failure.json.error)} | ${String(failure.json.details ?? '')}`);
			} else {
				outcomes.set(call.operation, undefined);
			}
		} finally {
			await proxy.stop();
			await simulator.stop();
		}
	});

	it('answers with data, or with an ECGridOS fault the simulator means, never an internal error', () => {
		expect(outcomes.size).toBe(221);
		const faults = [...outcomes].filter(([, message]) => message !== undefined) as Array<[string, string]>;
		// Printed so a change in the simulator's coverage is visible in the test log.
		console.log(faults.map(([name, message]) => `${name}: ${message}`).join('\n'));
		for (const [, message] of faults) {
			if (/InternalError/.test(message)) {
				// Allowed only where the simulator says it cannot do this here (S3 delivery, SMS).
				expect(message).toMatch(/not support/i);
			} else {
				expect(message).toMatch(/NotFound|AccessDenied|InvalidID|Duplicate|IDExistsOnNetwork|DataError|InvalidDataLength/);
			}
			expect(message).not.toMatch(/SQLError|Unknown \(/);
		}
		expect(faults.length).toBeLessThan(60);
	});
});
