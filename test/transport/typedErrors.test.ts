/**
 * Errors carry typed kinds, and callers check those, never message text: the codec's input,
 * response and fault errors; the n8n errors the transport makes of them; and `validateValue`, the
 * one input check the router shares with the request encoder.
 */
import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import { ecgridosErrorKind, toNodeError } from '../../nodes/ECGridOS/transport/errors';
import { EcgridosLoginError } from '../../nodes/ECGridOS/transport/session';
import {
	EcgridosFault,
	EcgridosInputError,
	EcgridosResponseError,
	base64Text,
	decodeResponse,
	encodeRequest,
	validateValue,
	type ValuePlace,
} from '../../nodes/ECGridOS/transport/soap';
import { EcgridosTransferError } from '../../nodes/ECGridOS/transport/http';
import { sampleFault } from '../support/catalogSamples';

const node: INode = {
	id: 'node-1',
	name: 'ECGridOS',
	type: 'n8n-nodes-ecgridos.ecgridos',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const options = { operation: 'TPInfo', secrets: [] };
const place: ValuePlace = { operation: 'TPInfo', parameter: 'ECGridID' };

function thrown(run: () => unknown): unknown {
	try {
		run();
	} catch (error) {
		return error;
	}
	throw new Error('nothing was thrown');
}

describe('validateValue', () => {
	test.each([
		['int', 12, 12],
		['int', ' 12 ', 12],
		['int', '+7', 7],
		['long', '9223372036854775807', 9223372036854775807n],
		['long', 5n, 5],
		['float', '1.5', 1.5],
		['boolean', 'TRUE', true],
		['boolean', false, false],
		['dateTime', '2024-05-01', '2024-05-01T00:00:00'],
		['dateTime', new Date('2024-05-01T13:00:00Z'), '2024-05-01T13:00:00.000Z'],
		['dateTime', '2024-05-01T13:00:00+02:00', '2024-05-01T13:00:00+02:00'],
		['RoutingGroup', 'productiona', 'ProductionA'],
		['string', 42, '42'],
		['string', 'a & b', 'a & b'],
	])('gives a %s given %p as %p', (type, value, canonical) => {
		expect(validateValue(type, value, place)).toEqual(canonical);
	});

	test('gives binary values back as they were given, checked', () => {
		const bytes = Buffer.from('ISA*00');
		expect(validateValue('base64Binary', bytes, place)).toBe(bytes);
		const text = base64Text('SVNBKjAw');
		expect(validateValue('base64Binary', text, place)).toBe(text);
	});

	test.each([
		['int', 1.5, 'notInteger', /must be a whole number, got number 1.5/],
		['int', 'twelve', 'notInteger', /must be a whole number, got "twelve"/],
		['int', undefined, 'notInteger', /must be a whole number, got nothing/],
		['short', 40000, 'outOfRange', /40000 is outside the range of short \(-32768 to 32767\)/],
		['float', 'x', 'notNumber', /must be a number/],
		['boolean', 'yes', 'notBoolean', /must be true or false, got "yes"/],
		['dateTime', '2024-02-31', 'notDateTime', /must be a date and time \(ISO-8601/],
		['dateTime', 'May 1, 2024', 'notDateTime', /must be a date and time/],
		['RoutingGroup', 'Nope', 'notEnumValue', /must be one of ProductionA, ProductionB/],
		['string', 'a\u0000b', 'illegalCharacter', /U\+0000 at position 1/],
		['string', {}, 'notText', /must be text, got an object/],
		['base64Binary', 'plain text', 'notBinary', /must be binary data/],
		['HTTPAuthInfo', 'x', 'notObject', /must be an object of type HTTPAuthInfo/],
	])('refuses a %s given %p with the kind %s, naming the place', (type, value, kind, message) => {
		const error = thrown(() => validateValue(type, value, place));
		expect(error).toBeInstanceOf(EcgridosInputError);
		expect(error).toMatchObject({ kind, operation: 'TPInfo', parameter: 'ECGridID' });
		expect((error as Error).message).toMatch(/^ECGridID: /);
		expect((error as Error).message).toMatch(message);
	});

	test('never shows the value of a secret field', () => {
		const secret: ValuePlace = { operation: 'Login', parameter: 'Password', secret: true };
		for (const [type, value] of [
			['string', { password: 'hunter2-secret' }],
			['int', 'hunter2-secret'],
			['int', 123456789012],
			['boolean', 'hunter2-secret'],
			['dateTime', 'hunter2-secret'],
		] as const) {
			const error = thrown(() => validateValue(type, value, secret)) as EcgridosInputError;
			expect(error).toBeInstanceOf(EcgridosInputError);
			expect(error.message).not.toMatch(/hunter2|123456789012/);
			expect(error.message).toMatch(/^Password: /);
		}
	});

	test('judges a value as the request encoder does', () => {
		const encoded = thrown(() => encodeRequest('TPInfo', { SessionID: 's', ECGridID: 'twelve' })) as EcgridosInputError;
		const validated = thrown(() => validateValue('int', 'twelve', place)) as EcgridosInputError;
		expect([encoded.kind, encoded.message]).toEqual([validated.kind, validated.message]);
	});
});

describe('the codec errors carry kinds', () => {
	test('a fault carries what it means, with ECGridOS error name and code', () => {
		const fault = (code: number, text: string) => thrown(() => decodeResponse('TPInfo', sampleFault(code, text))) as EcgridosFault;
		expect(fault(1, 'Session timeout')).toMatchObject({ kind: 'sessionRejected', errorName: 'SessionTimeout', errorCode: 1 });
		expect(fault(2, 'Access denied')).toMatchObject({ kind: 'accessDenied', errorName: 'AccessDenied', errorCode: 2 });
		expect(fault(3, 'Not found')).toMatchObject({ kind: 'refused', errorName: 'NotFound', errorCode: 3 });
	});

	test('a reply that is not usable says why by its kind', () => {
		expect(thrown(() => decodeResponse('WhoAmI', '<html><body>Sign in</body></html>'))).toMatchObject({ kind: 'notSoap' });
		expect(thrown(() => decodeResponse('WhoAmI', 'not xml'))).toMatchObject({ kind: 'notXml' });
		expect(thrown(() => decodeResponse('WhoAmI', '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><Other/></soap:Body></soap:Envelope>'))).toMatchObject({
			kind: 'unexpectedElement',
		});
	});
});

describe('the n8n errors of the transport carry an EcgridosErrorKind', () => {
	const faultOf = (code: number, text: string) => thrown(() => decodeResponse('TPInfo', sampleFault(code, text)));

	test.each([
		['a rejected session', () => faultOf(1, 'Session timeout'), NodeApiError, 'sessionRejected'],
		['a refused permission', () => faultOf(2, 'Access denied'), NodeApiError, 'accessDenied'],
		['another fault', () => faultOf(3, 'Not found'), NodeApiError, 'fault'],
		['a failed Login', () => new EcgridosLoginError('ECGridOS login as "a" failed (AccessDenied): denied'), NodeApiError, 'loginFailed'],
		['bad input', () => new EcgridosInputError(place, 'notInteger', 'must be a whole number'), NodeOperationError, 'input'],
		['an odd reply', () => new EcgridosResponseError('TPInfo', 'notSoap', 'an HTML page', {}), NodeApiError, 'badReply'],
		['a refused connection', () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), NodeApiError, 'network'],
		['a timeout', () => new EcgridosTransferError('timeout', 'no reply within the timeout'), NodeApiError, 'timeout'],
		['a cancelled call', () => new EcgridosTransferError('cancelled', 'stopped'), NodeApiError, 'cancelled'],
	])('%s', (_what, failure, type, kind) => {
		const error = toNodeError(node, failure(), options);
		expect(error).toBeInstanceOf(type);
		expect(ecgridosErrorKind(error)).toBe(kind);
	});

	test('a fault keeps ECGridOS error name and code in its error response', () => {
		const error = toNodeError(node, faultOf(2, 'Access denied'), options) as NodeApiError;
		expect(error.errorResponse).toMatchObject({ errorName: 'AccessDenied', errorCode: 2 });
	});

	test('errors made elsewhere have no kind', () => {
		expect(ecgridosErrorKind(new Error('ECGridOS login as "a" failed'))).toBeUndefined();
		expect(ecgridosErrorKind(new NodeOperationError(node, 'AccessDenied'))).toBeUndefined();
	});
});
