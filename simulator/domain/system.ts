/** Operations about the service itself: time, version, status vocabulary, X.400 addresses. */
import type { HandlerTable } from './call';
import { SIMULATOR_VERSION } from './sessions';
import { STATUSES } from './statusCodes';

const X400_FIELDS: ReadonlyArray<[parameter: string, key: string]> = [
	['Country', 'C'],
	['ADMD', 'A'],
	['PRMD', 'P'],
	['Organization', 'O'],
	['OrganizationalUnit1', 'OU1'],
	['OrganizationalUnit2', 'OU2'],
	['OrganizationalUnit3', 'OU3'],
	['OrganizationalUnit4', 'OU4'],
	['Surname', 'S'],
	['GivenName', 'G'],
	['Initials', 'I'],
	['Generation', 'Q'],
	['CommonName', 'CN'],
	['DDA', 'DDA'],
	['X_121', 'X121'],
	['N_ID', 'N-ID'],
	['T_TY', 'T-TY'],
	['T_ID', 'T-ID'],
];

export const systemHandlers: HandlerTable = {
	NowUTC: (call) => call.now,
	Version: () => SIMULATOR_VERSION,
	X400Format: (call) =>
		X400_FIELDS.filter(([parameter]) => call.text(parameter).trim() !== '')
			.map(([parameter, key]) => `${key}=${call.text(parameter).trim()};`)
			.join(''),
	StatusList: () => STATUSES.map((status) => ({ Code: status.code, Qualifier: status.name, Message: status.message, Level: status.level })),
};
