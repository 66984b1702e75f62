/** Users: create, read, list, update, lifecycle, passwords and placement. */
import { randomUUID } from 'node:crypto';
import { fault } from '../soap/faults';
import type { UserRecord } from '../store';
import { authRank, canReach, exScope, listable, ownScope, requireLevel, type Scope } from './access';
import type { Call, HandlerTable } from './call';
import { checkLength, lifecycleHandlers, nameMatches } from './lifecycle';
import { requireUserAdministration } from './sessions';
import { openSessionCount, userView } from './views';

function findUser(call: Call, write: boolean): UserRecord {
	const user = call.store.users.get(call.int('UserID'));
	if (!user) throw fault.notFound('UserID', `User ${call.int('UserID')} does not exist.`);
	requireUserAdministration(call, user, write);
	return user;
}

function viewOf(call: Call, user: UserRecord) {
	return userView(user, openSessionCount(call.store, user.userId));
}

/** A new user's AuthLevel may not exceed the creator's, nor exceed what the target mailbox allows. */
function checkGrantedLevel(call: Call, level: string, mailboxId: number): void {
	if (level === 'NoChange') throw fault.invalidId('AuthLevel', 'An AuthLevel is required.');
	if (authRank(level) < authRank(call.me.authLevel)) throw fault.accessDenied('AuthLevel', 'Cannot grant more authority than you hold.');
	if (mailboxId !== 0 && authRank(level) < authRank('MailboxAdmin')) throw fault.dataError('AuthLevel', 'Mailbox users are MailboxAdmin or lower.');
}

function addUser(call: Call, networkId: number, mailboxId: number): number {
	requireLevel(call, 'MailboxAdmin');
	if (!canReach(call.me, networkId, mailboxId)) throw fault.accessDenied('MailboxID');
	if (mailboxId !== 0 && call.store.mailboxes.get(mailboxId)?.networkId !== networkId) throw fault.notFound('MailboxID');
	const loginName = checkLength('LoginName', call.text('LoginName').trim(), 64);
	if (loginName.length < 3) throw fault.dataError('LoginName', 'Login names need at least 3 characters.');
	if (call.store.userByLogin(loginName)) throw fault.duplicate('LoginName', `Login name ${loginName} is taken.`);
	const password = call.text('Password');
	if (password.length < 8) throw fault.dataError('Password', 'Passwords need at least 8 characters.');
	const authLevel = call.enumText('AuthLevel');
	checkGrantedLevel(call, authLevel, mailboxId);
	const user: UserRecord = {
		userId: call.store.nextId('user'),
		loginName,
		password,
		apiKey: randomUUID(),
		authLevel,
		networkId,
		mailboxId,
		firstName: checkLength('FirstName', call.text('FirstName'), 64),
		lastName: checkLength('LastName', call.text('LastName'), 64),
		company: checkLength('Company', call.text('Company'), 64),
		email: checkLength('EMail', call.text('EMail'), 128),
		phone: checkLength('Phone', call.text('Phone'), 32),
		cellPhone: checkLength('CellPhone', call.text('CellPhone'), 32),
		cellCarrier: call.enumText('CellCarrier') === 'NoChange' ? 'Undefined' : call.enumText('CellCarrier'),
		recoveryQuestion: call.text('RecoveryQuestion'),
		recoveryAnswer: call.text('RecoveryAnswer'),
		status: 'Active',
		lockedOut: false,
		failedLogins: 0,
		maxSessions: 10,
		created: call.now,
		modified: call.now,
	};
	call.store.users.set(user.userId, user);
	call.store.changed();
	return user.userId;
}

function listUsers(call: Call, scope: Scope, filter: (user: UserRecord) => boolean) {
	return [...call.store.users.values()]
		.filter((user) => listable(call, scope, user) && filter(user))
		.sort((a, b) => a.userId - b.userId)
		.map((user) => viewOf(call, user));
}

function changed(call: Call, user: UserRecord): true {
	user.modified = call.now;
	call.store.changed();
	return true;
}

export const userHandlers: HandlerTable = {
	UserAdd: (call) => addUser(call, call.me.networkId, call.int('MailboxID') || call.me.mailboxId),
	UserAddEx(call) {
		const networkId = call.int('NetworkID') || call.me.networkId;
		return addUser(call, networkId, call.int('MailboxID'));
	},
	UserInfo: (call) => viewOf(call, call.int('UserID') ? findUser(call, false) : call.me),
	UserInfobyLogin(call) {
		const user = call.store.userByLogin(call.text('LoginName'));
		if (!user) throw fault.notFound('LoginName', 'No user has this login name.');
		requireUserAdministration(call, user, false);
		return viewOf(call, user);
	},
	UserUpdate(call) {
		const user = findUser(call, isSomeoneElse(call));
		const update = (field: 'firstName' | 'lastName' | 'company' | 'email' | 'phone' | 'cellPhone', parameter: string, max: number) => {
			const value = call.optionalText(parameter);
			if (value !== undefined) user[field] = checkLength(parameter, value, max);
		};
		update('firstName', 'FirstName', 64);
		update('lastName', 'LastName', 64);
		update('company', 'Company', 64);
		update('email', 'EMail', 128);
		update('phone', 'Phone', 32);
		update('cellPhone', 'CellPhone', 32);
		if (call.enumText('CellCarrier') !== 'NoChange') user.cellCarrier = call.enumText('CellCarrier');
		const level = call.enumText('AuthLevel');
		if (level !== 'NoChange' && level !== user.authLevel) {
			requireUserAdministration(call, user, true);
			checkGrantedLevel(call, level, user.mailboxId);
			user.authLevel = level;
		}
		return changed(call, user);
	},
	UserPassword(call) {
		const user = call.int('UserID') ? findUser(call, call.int('UserID') !== call.me.userId) : call.me;
		if (user.userId === call.me.userId && user.recoveryAnswer && user.recoveryAnswer !== call.text('CurrentRecoveryAnswer')) {
			throw fault.accessDenied('CurrentRecoveryAnswer', 'The recovery answer does not match.');
		}
		const password = call.text('Password');
		if (password.length < 8) throw fault.dataError('Password', 'Passwords need at least 8 characters.');
		user.password = password;
		if (call.optionalText('RecoveryQuestion') !== undefined) user.recoveryQuestion = call.text('RecoveryQuestion');
		if (call.optionalText('RecoveryAnswer') !== undefined) user.recoveryAnswer = call.text('RecoveryAnswer');
		return changed(call, user);
	},
	...lifecycleHandlers('User', 'UserID', (call) => {
		const user = findUser(call, true);
		if (user.userId === call.me.userId) throw fault.accessDenied('UserID', 'Users cannot change their own status.');
		return user;
	}),
	UserSendSMS: (call) => {
		throw fault.notSupported(call.operation);
	},
	UserReset(call) {
		const user = findUser(call, true);
		user.lockedOut = false;
		user.failedLogins = 0;
		return changed(call, user);
	},
	UserList: (call) => listUsers(call, ownScope(call), (user) => nameMatches(call.text('Name'), user.loginName, user.firstName, user.lastName)),
	UserListEx: (call) => listUsers(call, exScope(call), (user) => nameMatches(call.text('Name'), user.loginName, user.firstName, user.lastName)),
	UserListLockedOut: (call) => listUsers(call, ownScope(call), (user) => user.lockedOut),
	UserListLockedOutEx: (call) => listUsers(call, exScope(call), (user) => user.lockedOut),
	UserSetNetworkMailbox(call) {
		const user = findUser(call, true);
		const networkId = call.int('NetworkID');
		const mailboxId = call.int('MailboxID');
		if (!call.store.networks.has(networkId)) throw fault.notFound('NetworkID');
		if (mailboxId !== 0 && call.store.mailboxes.get(mailboxId)?.networkId !== networkId) throw fault.notFound('MailboxID');
		if (!canReach(call.me, networkId, mailboxId)) throw fault.accessDenied('MailboxID');
		user.networkId = networkId;
		user.mailboxId = mailboxId;
		return changed(call, user);
	},
	UserSetAuthLevel(call) {
		const user = findUser(call, true);
		checkGrantedLevel(call, call.enumText('AuthLevel'), user.mailboxId);
		user.authLevel = call.enumText('AuthLevel');
		return changed(call, user);
	},
	UserSetMaxSessions(call) {
		const user = findUser(call, true);
		const maxSessions = call.int('MaxSessions');
		if (maxSessions < 1 || maxSessions > 100) throw fault.dataError('MaxSessions', 'MaxSessions must be between 1 and 100.');
		user.maxSessions = maxSessions;
		return changed(call, user);
	},
};

/** Updating one's own contact details needs no admin rights; anyone else's does. */
function isSomeoneElse(call: Call): boolean {
	return call.int('UserID') !== call.me.userId;
}
