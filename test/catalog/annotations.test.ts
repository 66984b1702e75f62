/**
 * The facts the WSDL does not state come from one curated file and land in the catalog as
 * annotations. The generator refuses a name the WSDL lacks; the audit below reads the whole WSDL
 * (through the catalog) for fields whose names say they hold a secret and requires a decision on
 * each, so a secret cannot slip through unannotated.
 */
import { readFileSync } from 'fs';

import {
	canCarrySecret,
	catalog,
	isReadOnly,
	listResultOf,
	pagingOf,
	resultCanCarrySecret,
	withholdResultSecrets,
	withholdSecrets,
} from '../../nodes/ECGridOS/catalog';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const generator = require('../../scripts/generate-catalog.js') as {
	buildCatalog(text: string, name: string, annotations?: unknown): unknown;
	DEFAULT_WSDL: string;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const annotations = require('../../scripts/catalog-annotations.js') as {
	readOnly: string[];
	paging: Record<string, { pageNumber: string; pageSize: string }>;
	pagedResults: Record<string, { records: string; totalPages: string }>;
	idParameters: Record<string, string>;
	secretParameters: string[];
	secretResults: string[];
	secretFields: string[];
};

/** Names that say "secret": passwords, secrets, PFX files, private keys, sessions, API keys, recovery answers. */
const SOUNDS_SECRET = /password|secret|pfx|private|session|apikey|recoveryanswer/i;

/** Names that sound secret but hold none, and why. */
const NOT_SECRETS: Record<string, string> = {
	'UserIDInfo.OpenSessions': 'a count of sessions',
	'SessionInfo.OpenSessions': 'a count of sessions',
	'SessionInfo.SessionEventID': 'the ID of a log entry',
	'ArrayOfSessionEvents.SessionEvents': 'a list of log entries',
	'ArrayOfSessionLogInfo.SessionLogInfo': 'a list of log records (their SessionID is annotated)',
	'Certificate.HasPrivateKey': 'a flag',
	'CertificateInfo.HasPrivateKey': 'a flag',
	'MailboxConfig.LowPassFilter': 'a flag',
	'MailboxConfig.MailbagPassThrough': 'a flag',
	'CommList.PrivateKeyRequired': 'a filter flag',
	'CommListEx.PrivateKeyRequired': 'a filter flag',
	'CommFind.PrivateKeyRequired': 'a filter flag',
	'UserSetMaxSessions.MaxSessions': 'a number of sessions',
	'ChangePassword result': 'whether the change worked',
	'UserPassword result': 'whether the change worked',
	'UserSetMaxSessions result': 'whether the change worked',
	'SessionLogCurrent result': 'a log record (its SessionID is annotated)',
	'SessionLog result': 'log records (their SessionID is annotated)',
	'SessionLogEx result': 'log records (their SessionID is annotated)',
	'CertAddPrivate result': 'the comm profile (its secret fields are annotated)',
	'CertAddPrivateA result': 'the comm profile (its secret fields are annotated)',
	'CertificateCreatePrivate result': 'the comm profile (its secret fields are annotated)',
	'CertificateRenewPrivate result': 'the comm profile (its secret fields are annotated)',
};

const wsdlText = readFileSync(generator.DEFAULT_WSDL, 'utf8');

describe('the secret annotations', () => {
	it('decide every field, parameter and result of the WSDL whose name says it holds a secret', () => {
		const undecided: string[] = [];
		for (const [typeName, type] of Object.entries(catalog.types)) {
			for (const field of type.fields) {
				const name = `${typeName}.${field.name}`;
				if (SOUNDS_SECRET.test(field.name) && !field.secret && !NOT_SECRETS[name]) undecided.push(name);
			}
		}
		for (const [operationName, operation] of Object.entries(catalog.operations)) {
			for (const parameter of operation.parameters) {
				const name = `${operationName}.${parameter.name}`;
				if (SOUNDS_SECRET.test(parameter.name) && !parameter.secret && !NOT_SECRETS[name]) undecided.push(name);
			}
			const result = `${operationName} result`;
			if (SOUNDS_SECRET.test(operationName) && !operation.result.secret && !NOT_SECRETS[result]) undecided.push(result);
		}
		expect(undecided).toEqual([]);
	});

	it('name, among others, the secrets the output used to pass in clear', () => {
		const secretFields = (type: string) => catalog.types[type].fields.filter((field) => field.secret).map((field) => field.name);
		expect(secretFields('NetworkVPN')).toEqual(['SharedSecret']);
		expect(secretFields('NetworkOwnerInfo')).toEqual(['LegacyPassword']);
		expect(secretFields('x1256mailbag')).toEqual(['passwordFrom', 'passwordTo']);
		expect(secretFields('CertificateRootInfo')).toEqual(['Password', 'PrivatePFX']);
		expect(catalog.operations.Login.parameters.find((parameter) => parameter.name === 'Password')?.secret).toBe(true);
		expect(catalog.operations.GenerateAPIKey.result.secret).toBe(true);
	});

	it('leave no exemption for a name that no longer exists', () => {
		const names = new Set<string>();
		for (const [typeName, type] of Object.entries(catalog.types)) for (const field of type.fields) names.add(`${typeName}.${field.name}`);
		for (const [operationName, operation] of Object.entries(catalog.operations)) {
			names.add(`${operationName} result`);
			for (const parameter of operation.parameters) names.add(`${operationName}.${parameter.name}`);
		}
		expect(Object.keys(NOT_SECRETS).filter((name) => !names.has(name))).toEqual([]);
	});
});

describe('withholding secrets by declared type', () => {
	it('drops secret fields at any depth, in arrays too, and keeps every other field', () => {
		const comm = {
			CommID: 7,
			HTTPAuthentication: { Type: 'Basic', User: 'edi', Password: 'hunter2' },
			Certificates: [{ CertKeyID: 1, RootInfo: { Password: 'pfx-pass', PrivatePFX: Buffer.from('key'), Subject: 'CN=x' } }],
		};
		const commType = catalog.operations.CommInfo.result.type;
		const withheld = withholdSecrets(comm, commType) as typeof comm;
		expect(withheld.HTTPAuthentication).toEqual({ Type: 'Basic', User: 'edi' });
		expect(JSON.stringify(withholdSecrets([comm], 'ArrayOfCommIDInfo'))).not.toMatch(/hunter2/);
		// The input is left as it was: callers may still need it.
		expect(comm.HTTPAuthentication.Password).toBe('hunter2');
	});

	it('does not touch a field whose name sounds secret but is not annotated', () => {
		const user = { UserID: 5, OpenSessions: 2, Password: 'not a field of UserIDInfo' };
		expect(withholdSecrets(user, 'UserIDInfo')).toEqual(user);
	});

	it('withholds a result that is itself a secret', () => {
		expect(withholdResultSecrets('GenerateAPIKey', 'A-KEY')).toBeUndefined();
		expect(withholdResultSecrets('WhoAmI', { LoginName: 'x', SessionID: 'S' })).toEqual({ LoginName: 'x' });
		expect(withholdResultSecrets('NowUTC', '2024-01-01T00:00:00Z')).toBe('2024-01-01T00:00:00Z');
		expect(resultCanCarrySecret('NetworkInfo')).toBe(true);
		expect(resultCanCarrySecret('ParcelInfo')).toBe(false);
	});

	it('knows which types carry a secret through types that refer back to each other', () => {
		// CallBackQueueIDInfo → CallBackEventIDInfo → ArrayOfCallBackQueueIDInfo → … and the event's HTTP password.
		for (const type of ['ArrayOfCallBackQueueIDInfo', 'CallBackQueueIDInfo', 'CallBackEventIDInfo']) expect(canCarrySecret(type)).toBe(true);
		// ParcelIDInfo → ArrayOfInterchangeIDInfo → InterchangeIDInfo → ArrayOfParcelIDInfo → …, none secret.
		for (const type of ['ParcelIDInfo', 'InterchangeIDInfo', 'ArrayOfParcelIDInfo']) expect(canCarrySecret(type)).toBe(false);
	});
});

describe('the other annotations', () => {
	it('mark reads as read-only and downloads that mark a parcel as changes', () => {
		expect(isReadOnly('ParcelDownloadNoUpdate')).toBe(true);
		expect(isReadOnly('ParcelDownload')).toBe(false);
		expect(Object.values(catalog.operations).filter((operation) => operation.readOnly)).toHaveLength(annotations.readOnly.length);
	});

	it('give paged listings their page parameters and page results their records', () => {
		expect(pagingOf('TPListExPaged')).toEqual({ pageNumber: 'PageNumber', pageSize: 'PageSize' });
		expect(pagingOf('ParcelInBox')).toBeUndefined();
		expect(listResultOf('ParcelInBoxArchive')).toEqual({ records: 'ParcelIDInfoList', totalPages: 'TotalPages' });
		expect(listResultOf('ParcelInBox')).toEqual({ records: 'ParcelIDInfoList', totalPages: 'TotalPages' });
		expect(listResultOf('TPList')).toEqual({});
		expect(listResultOf('ReportMonthly')).toEqual({});
		expect(listResultOf('ParcelInfo')).toBeUndefined();
	});

	it('give ID parameters their kind', () => {
		const kindOf = (operation: string, parameter: string) =>
			catalog.operations[operation].parameters.find((candidate) => candidate.name === parameter)?.idKind;
		expect(kindOf('ParcelInBoxEx', 'NetworkID')).toBe('network');
		expect(kindOf('MigrationAddEx', 'TargetMailboxId')).toBe('mailbox');
		expect(kindOf('TPInfo', 'ECGridID')).toBe('tradingPartner');
		expect(kindOf('UserInfo', 'UserID')).toBe('user');
		expect(kindOf('CertAddPrivate', 'UserId')).toBeUndefined();
	});
});

describe('the generator', () => {
	const withOne = (change: Record<string, unknown>) => ({ ...annotations, ...change });

	it.each([
		['an operation', { readOnly: ['NoSuchOperation'] }, /readOnly: no operation NoSuchOperation/],
		['a type field', { secretFields: ['NetworkVPN.NoSuchField'] }, /secretFields: no field NetworkVPN.NoSuchField/],
		['a parameter', { secretParameters: ['NoSuchParameter'] }, /no operation has a parameter NoSuchParameter/],
		['a page parameter', { paging: { ParcelInBox: { pageNumber: 'PageNo', pageSize: 'RecordsPerPage' } } }, /ParcelInBox has no short parameter PageNo/],
		['an ID kind', { idParameters: { NetworkID: 'planet' } }, /unknown kind planet/],
	])('fails on %s the WSDL lacks', (_what, change, message) => {
		expect(() => generator.buildCatalog(wsdlText, 'ECGridOS-v4.1.wsdl', withOne(change))).toThrow(message);
	});
});
