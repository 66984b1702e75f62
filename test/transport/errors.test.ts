import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { OPERATION_NAMES } from '../../nodes/ECGridOS/catalog';
import { isReadOnlyOperation } from '../../nodes/ECGridOS/transport';
import { EcgridosEndpointError, resolveEndpoint } from '../../nodes/ECGridOS/transport/endpoint';
import { networkErrorCode, redactDeep, redactSecrets, toNodeError } from '../../nodes/ECGridOS/transport/errors';
import { RET_CODES, isSessionFault, retCodeInfo } from '../../nodes/ECGridOS/transport/retCodes';
import { placeSession } from '../../nodes/ECGridOS/transport/session';
import { sessionIdIn } from './sessionInEnvelope';
import {
	EcgridosFault,
	EcgridosInputError,
	EcgridosResponseError,
	encodeRequest,
} from '../../nodes/ECGridOS/transport/soap';

const node: INode = {
	id: 'node-id',
	name: 'ECGridOS',
	type: 'n8n-nodes-ecgridos.ecGridOs',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const PASSWORD = 'p@ss&<word>"1';
const API_KEY = '1B4E28BA-2FA1-11D2-883F-0016D3CCA427';
const SESSION_ID = 'a3bb189e-8bf9-3888-9912-ace4e6543002';
const SECRETS = [PASSWORD, API_KEY, SESSION_ID];

function everythingOn(error: NodeApiError | NodeOperationError): string {
	return JSON.stringify({
		message: error.message,
		description: error.description,
		messages: (error as NodeApiError).messages,
		errorResponse: (error as NodeApiError).errorResponse,
		context: error.context,
		cause: error.cause,
		stack: error.stack,
	});
}

function expectNoSecrets(text: string): void {
	for (const secret of SECRETS) {
		expect(text).not.toContain(secret);
		expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
	}
	expect(text).not.toContain('p@ss&amp;&lt;word&gt;');
	expect(text).not.toContain(encodeURIComponent(PASSWORD));
}

describe('the RetCode table', () => {
	test('numbers the WSDL RetCode names from Unknown = -1, each with a hint', () => {
		expect(RET_CODES.map((info) => [info.code, info.name])).toEqual([
			[-1, 'Unknown'],
			[0, 'Success'],
			[1, 'SessionTimeout'],
			[2, 'AccessDenied'],
			[3, 'NotFound'],
			[4, 'InvalidID'],
			[5, 'Duplicate'],
			[6, 'IDExistsOnNetwork'],
			[7, 'InvalidDataType'],
			[8, 'InvalidDataLength'],
			[9, 'DataError'],
			[10, 'SQLError'],
			[11, 'InternalError'],
		]);
		for (const info of RET_CODES) expect(info.hint.length).toBeGreaterThan(10);
		expect(retCodeInfo(8)?.name).toBe('InvalidDataLength');
		expect(retCodeInfo(99)).toBeUndefined();
	});

	test('recognises a session fault by code and by text, and nothing else', () => {
		expect(isSessionFault({ faultCode: 's', faultString: 'x', errorCode: 1 })).toBe(true);
		expect(isSessionFault({ faultCode: 's', faultString: 'Session has expired.' })).toBe(true);
		expect(isSessionFault({ faultCode: 's', faultString: 'x', errorString: 'Invalid SessionID' })).toBe(true);
		expect(isSessionFault({ faultCode: 's', faultString: 'x', errorString: 'Invalid session' })).toBe(true);
		expect(isSessionFault({ faultCode: 's', faultString: 'x', errorMessage: 'Session timed out' })).toBe(true);
		expect(isSessionFault({ faultCode: 's', faultString: 'Session closed by Logout' })).toBe(true);
		expect(isSessionFault({ faultCode: 's', faultString: 'Access denied.', errorCode: 2 })).toBe(false);
		expect(isSessionFault({ faultCode: 's', faultString: 'Invalid data length.', errorCode: 8, errorItem: 'SessionID' })).toBe(false);
	});
});

describe('redaction', () => {
	test('removes given secrets in raw, XML-escaped and URL-encoded form', () => {
		const text = `pw=${PASSWORD} xml=p@ss&amp;&lt;word&gt;&quot;1 url=${encodeURIComponent(PASSWORD)} key=${API_KEY.toLowerCase()}`;
		const redacted = redactSecrets(text, [PASSWORD, API_KEY.toLowerCase()]);
		expectNoSecrets(redacted);
		expect(redacted).toContain('[redacted]');
	});

	test('removes GUIDs labelled as SessionID or API key, and SessionID element content, without being told', () => {
		const text =
			`SessionID ${SESSION_ID} expired; APIKey: ${API_KEY}; "sessionId":"${SESSION_ID}"; ` +
			`<SessionID>anything-at-all</SessionID><ns:APIKey>k</ns:APIKey>; order ${'12345678-1234-1234-1234-123456789012'}`;
		const redacted = redactSecrets(text);
		expectNoSecrets(redacted);
		expect(redacted).not.toContain('anything-at-all');
		expect(redacted).toContain('<SessionID>[redacted]</SessionID>');
		expect(redacted).toContain('12345678-1234-1234-1234-123456789012');
	});

	test('redacts deeply and leaves buffers alone', () => {
		const value = { a: [`x ${PASSWORD}`], b: { c: API_KEY }, d: Buffer.from('z'), e: 5 };
		const redacted = redactDeep(value, SECRETS);
		expectNoSecrets(JSON.stringify({ ...redacted, d: undefined }));
		expect(redacted.d).toBe(value.d);
		expect(redacted.e).toBe(5);
	});
});

describe('toNodeError', () => {
	const options = { operation: 'TPAdd', itemIndex: 2, secrets: SECRETS, statusCode: 500 };

	test('maps an ECGridOS fault to a NodeApiError with code, name, details and hint', () => {
		const fault = new EcgridosFault('TPAdd', {
			faultCode: 'soap:Server',
			faultString: 'Server was unable to process request. ---> Invalid data length.',
			errorCode: 8,
			errorString: 'Invalid data length.',
			errorItem: 'Description',
			errorMessage: 'Too long (max=35)',
		});
		const error = toNodeError(node, fault, options) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('ECGridOS TPAdd failed: InvalidDataLength (8): Invalid data length.');
		expect(error.description).toContain('Item: Description.');
		expect(error.description).toContain('Detail: Too long (max=35).');
		expect(error.description).toContain(retCodeInfo(8)?.hint);
		expect(error.httpCode).toBe('500');
		expect(error.context.itemIndex).toBe(2);
		expect(error.errorResponse).toMatchObject({ errorCode: 8, errorName: 'InvalidDataLength', errorItem: 'Description' });
	});

	test('leaves no secret in anything a fault error carries', () => {
		const fault = new EcgridosFault('Login', {
			faultCode: 'soap:Server',
			faultString: `Login failed for password ${PASSWORD} with session ${SESSION_ID}`,
			errorCode: 2,
			errorString: `Access denied for key ${API_KEY}`,
			errorItem: `SessionID=${SESSION_ID}`,
			errorMessage: `<SessionID>${SESSION_ID}</SessionID> p@ss&amp;&lt;word&gt;&quot;1`,
		});
		const error = toNodeError(node, fault, options);
		expectNoSecrets(everythingOn(error));
	});

	test('leaves no secret in errors about odd replies and network failures', () => {
		const odd = new EcgridosResponseError('WhoAmI', 'notSoap', `ECGridOS sent an HTML page`, {
			statusCode: 200,
			excerpt: `echo SessionID=${SESSION_ID} ${PASSWORD}`,
		});
		expectNoSecrets(everythingOn(toNodeError(node, odd, options)));
		const network = Object.assign(new Error(`connect ECONNREFUSED (key ${API_KEY})`), { code: 'ECONNREFUSED' });
		const mapped = toNodeError(node, network, options);
		expectNoSecrets(everythingOn(mapped));
		expect(mapped.message).toMatch(/ECONNREFUSED|refused/);
	});

	test('maps bad input to a NodeOperationError naming the field', () => {
		const error = toNodeError(node, new EcgridosInputError({ operation: 'TPAdd', parameter: 'Qualifier' }, 'notText', 'must be text'), options);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Invalid value for Qualifier: must be text');
		expect(error.description).toContain('"Qualifier"');
	});

	test('rebuilds errors from n8n helpers, dropping their causes', () => {
		const helperError = new NodeApiError(
			node,
			Object.assign(new Error(`socket hang up ${SESSION_ID}`), { code: 'ECONNRESET' }) as unknown as JsonObject,
		);
		const mapped = toNodeError(node, helperError, options);
		expect(mapped).not.toBe(helperError);
		expectNoSecrets(everythingOn(mapped));
		expect(networkErrorCode(helperError)).toBe('ECONNRESET');
	});
});

describe('network error classification', () => {
	test.each([
		[Object.assign(new Error('x'), { code: 'ECONNRESET' }), 'ECONNRESET'],
		[new Error('socket hang up'), 'ECONNRESET'],
		[new Error('connect ECONNREFUSED 127.0.0.1:1'), 'ECONNREFUSED'],
		[new Error('timeout of 1000ms exceeded'), 'ETIMEDOUT'],
		[new Error('wrapped', { cause: Object.assign(new Error('y'), { code: 'EPIPE' }) }), 'EPIPE'],
		[new Error('Invalid data length.'), undefined],
		[new Error('canceled'), undefined],
	])('%p → %p', (error, code) => {
		expect(networkErrorCode(error)).toBe(code);
	});
});

describe('read-only classification', () => {
	test.each([
		'WhoAmI',
		'ParcelInBox',
		'ParcelInBoxArchiveEx',
		'InterchangeOutBoxNoRoute',
		'ParcelInfo',
		'TPSearch',
		'KeyGet',
		'ReportMonthly',
		'ParcelDownloadNoUpdate',
		'ParcelDownloadNoUpdateA',
		'CallBackPendingListExA',
		'UserInfobyLogin',
		'NetworkStatusSummary',
	])('%s is read-only', (operation) => {
		expect(isReadOnlyOperation(operation)).toBe(true);
	});

	test.each([
		'ParcelDownload',
		'ParcelDownloadA',
		'ParcelDownloadS3',
		'ParcelDownloadConfirm',
		'ParcelDownloadReset',
		'ParcelUpload',
		'ParcelUploadExA',
		'TPAdd',
		'InterchangeResend',
		'MailboxInBoxTimeout',
		'GenerateAPIKey',
		'CallBackTest',
		'ParcelTest',
		'Logout',
		'KeySet',
	])('%s changes something', (operation) => {
		expect(isReadOnlyOperation(operation)).toBe(false);
	});

	test('no operation named like a change is classified read-only', () => {
		const changeVerbs =
			/Add|Set|Update|Upload|Confirm|Cancel|Reset|Terminate|Suspend|Activate|Move|Remove|Resend|Send|Create|Renew|Pair|Timeout|Delete|Logout|Login|Password|APIKey/;
		// Named like changes but only read: the no-update downloads, lookups of a user by login name and
		// of a user's API key, and a password generator that stores nothing.
		const readsDespiteTheirNames = [
			'ParcelDownloadNoUpdate',
			'ParcelDownloadNoUpdateA',
			'GeneratePassword',
			'UserInfobyLogin',
			'UserGetAPIKey',
		];
		const suspicious = OPERATION_NAMES.filter(
			(operation) =>
				isReadOnlyOperation(operation) && changeVerbs.test(operation) && !readsDespiteTheirNames.includes(operation),
		);
		expect(suspicious).toEqual([]);
		expect(OPERATION_NAMES.filter(isReadOnlyOperation).length).toBeGreaterThan(80);
	});
});

describe('endpoints', () => {
	test('production by default', () => {
		expect(resolveEndpoint({}).href).toBe('https://os.ecgrid.io/v4.1/prod/ECGridOS.asmx');
		expect(resolveEndpoint({ environment: 'production', customUrl: 'http://evil.example' }).href).toBe(
			'https://os.ecgrid.io/v4.1/prod/ECGridOS.asmx',
		);
	});

	test.each([
		['https://ecgrid.example.com/ECGridOS.asmx', false],
		['http://localhost:8080/ECGridOS.asmx', false],
		['http://127.0.0.1:1/x', false],
		['http://[::1]:9/x', false],
		['http://sim.localhost/x', false],
		['http://ecgrid.example.com/ECGridOS.asmx', true],
		['ftp://ecgrid.example.com/', true],
		['https://user:pw@ecgrid.example.com/', true],
		['not a url', true],
		['', true],
	])('custom %p refused: %p', (customUrl, refused) => {
		const resolve = () => resolveEndpoint({ environment: 'custom', customUrl });
		if (refused) expect(resolve).toThrow(EcgridosEndpointError);
		else expect(resolve().href).toBe(new URL(customUrl).href);
	});

	test('plain http elsewhere only with the explicit opt-in', () => {
		expect(
			resolveEndpoint({ environment: 'custom', customUrl: 'http://10.0.0.5/ECGridOS.asmx', allowInsecureHttp: true }).href,
		).toBe('http://10.0.0.5/ECGridOS.asmx');
		expect(() => resolveEndpoint({ environment: 'custom', customUrl: 'http://10.0.0.5/x', allowInsecureHttp: 'true' })).toThrow(
			/Allow Insecure HTTP/,
		);
	});
});

describe('SessionID substitution', () => {
	test('fills the element, replaces an older session on a retry, and leaves Login alone', () => {
		const envelope = encodeRequest('WhoAmI', { SessionID: '' });
		const first = placeSession(envelope, 'first');
		expect(sessionIdIn(first)).toBe('first');
		const second = placeSession(first, 'second');
		expect(sessionIdIn(second)).toBe('second');
		expect(second).toBe(placeSession(envelope, 'second'));
		const login = encodeRequest('Login', { LoginName: 'a', Password: 'b' });
		expect(placeSession(login, 'x')).toBe(login);
		expect(sessionIdIn(placeSession(envelope, 'a<&>"b'))).toBe('a<&>"b');
	});
});
