/**
 * Login sessions and API keys. A SessionID is either a live session GUID or a user's API key;
 * sessions expire after the configured inactivity time, API keys do not. Every call made in a
 * session is logged for SessionLog.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { enumValues } from '../catalog';
import { fault } from '../soap/faults';
import type { SessionRecord, Store, UserRecord } from '../store';
import { authRank, canReach, requireLevel } from './access';
import type { Call, HandlerTable } from './call';
import { openSessionCount } from './views';

export const SIMULATOR_VERSION = 'v4.1 (Build 472) ECGridOS simulator';
const MAX_FAILED_LOGINS = 5;
const MAX_EVENTS_PER_SESSION = 500;
const API_CALLS: ReadonlySet<string> = new Set(enumValues('APICall'));
const API_CALL_ALIASES: Record<string, string> = { UserInfobyLogin: 'UserInfoByLogin', KeySet: 'KeySave', KeySetMinutes: 'KeySaveMinutes' };

function apiKeySessionId(userId: number): string {
	return `api-key-session-${userId}`;
}

function requireUsable(user: UserRecord): void {
	if (user.status === 'Suspended' || user.status === 'Terminated') throw fault.accessDenied('UserID', `User ${user.userId} is ${user.status}.`);
}

/** Finds the caller behind a SessionID; unknown, closed and expired sessions are all SessionTimeout. */
export function resolveSession(call: Call, sessionIdText: string): void {
	const { store, now, services } = call;
	const candidate = sessionIdText.trim();
	if (!candidate) throw fault.sessionTimeout();
	const keyUser = store.userByApiKey(candidate);
	let session: SessionRecord | undefined;
	if (keyUser) {
		requireUsable(keyUser);
		session = store.sessions.get(apiKeySessionId(keyUser.userId));
		if (!session) {
			session = newSession(apiKeySessionId(keyUser.userId), keyUser.userId, true, call);
			store.sessions.set(session.sessionId, session);
		}
	} else {
		session = store.sessions.get(candidate);
		// API-key sessions are found through the key only; their internal ID is not a credential.
		if (!session || session.viaApiKey || session.status !== 'Open') throw fault.sessionTimeout();
		if (now - session.lastActivity > services.sessionTimeoutMs) {
			session.status = 'Expired';
			session.ended = session.lastActivity + services.sessionTimeoutMs;
			store.changed();
			throw fault.sessionTimeout();
		}
	}
	const user = store.users.get(session.userId);
	if (!user) throw fault.sessionTimeout();
	requireUsable(user);
	session.lastActivity = now;
	call.session = session;
	call.user = user;
}

function newSession(sessionId: string, userId: number, viaApiKey: boolean, call: Call): SessionRecord {
	return { sessionId, userId, viaApiKey, started: call.now, lastActivity: call.now, status: 'Open', ip: call.ip, eventCount: 0, events: [] };
}

export function recordSessionEvent(call: Call, returnCode: string, milliseconds: number, comment: string): void {
	const { session } = call;
	if (!session) return;
	const apiCall = API_CALL_ALIASES[call.operation] ?? call.operation;
	session.eventCount++;
	if (!API_CALLS.has(apiCall)) return;
	session.events.push({ apiCall, date: call.now, milliseconds, ip: call.ip, returnCode, comment });
	if (session.events.length > MAX_EVENTS_PER_SESSION) session.events.shift();
}

function sessionIsLive(session: SessionRecord, store: Store, timeoutMs: number, now: number): boolean {
	if (session.status !== 'Open') return false;
	if (!session.viaApiKey && now - session.lastActivity > timeoutMs) {
		session.status = 'Expired';
		session.ended = session.lastActivity + timeoutMs;
		store.changed();
		return false;
	}
	return true;
}

/** Who may read or change another user: themselves, or an admin with reach over them and no less power. */
export function requireUserAdministration(call: Call, target: UserRecord, write: boolean): void {
	const me = call.me;
	if (me.userId === target.userId && !write) return;
	requireLevel(call, 'MailboxAdmin');
	if (!canReach(me, target.networkId, target.mailboxId) || authRank(target.authLevel) < authRank(me.authLevel)) {
		throw fault.accessDenied('UserID', `Not authorized for user ${target.userId}.`);
	}
}

function generatedPassword(length: number): string {
	const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!@#$%';
	const bytes = randomBytes(length);
	return [...bytes].map((byte) => alphabet[byte % alphabet.length]).join('');
}

function sessionLogView(session: SessionRecord, store: Store, timeoutMs: number) {
	const user = store.users.get(session.userId);
	return {
		SessionID: session.viaApiKey ? undefined : session.sessionId,
		StartTime: session.started,
		EndTime: session.ended,
		Expires: session.viaApiKey ? undefined : session.lastActivity + timeoutMs,
		NetworkID: user?.networkId ?? 0,
		MailboxID: user?.mailboxId ?? 0,
		UserID: session.userId,
		Status: session.status,
		Version: SIMULATOR_VERSION,
		Events: session.events.map((event) => ({
			APICall: event.apiCall,
			Date: event.date,
			Milliseconds: event.milliseconds,
			ip: event.ip,
			ReturnCode: event.returnCode,
			Comment: event.comment || undefined,
		})),
	};
}

function sessionsOf(call: Call, userId: number, from: number | undefined, to: number | undefined, maxRecords: number) {
	const { store, now, services } = call;
	const sessions = [...store.sessions.values()]
		.filter((session) => session.userId === userId)
		.filter((session) => (from === undefined || session.lastActivity >= from) && (to === undefined || session.started <= to));
	for (const session of sessions) sessionIsLive(session, store, services.sessionTimeoutMs, now);
	sessions.sort((a, b) => b.started - a.started);
	return sessions.slice(0, maxRecords > 0 ? maxRecords : 100).map((session) => sessionLogView(session, store, services.sessionTimeoutMs));
}

export const sessionHandlers: HandlerTable = {
	Login(call) {
		const { store } = call;
		const user = store.userByLogin(call.text('LoginName'));
		const invalid = () => fault.accessDenied('LoginName', 'Invalid login name or password.');
		if (!user) throw invalid();
		if (user.lockedOut) throw fault.accessDenied('LoginName', 'The user is locked out.');
		if (user.password !== call.text('Password')) {
			user.failedLogins++;
			if (user.failedLogins >= MAX_FAILED_LOGINS) user.lockedOut = true;
			store.changed();
			throw invalid();
		}
		requireUsable(user);
		const open = [...store.sessions.values()].filter(
			(session) => session.userId === user.userId && !session.viaApiKey && sessionIsLive(session, store, call.services.sessionTimeoutMs, call.now),
		);
		if (open.length >= user.maxSessions) throw fault.accessDenied('MaxSessions', `User already has ${open.length} open sessions.`);
		const session = newSession(randomUUID(), user.userId, false, call);
		store.sessions.set(session.sessionId, session);
		user.failedLogins = 0;
		user.lastLogin = call.now;
		call.session = session;
		call.user = user;
		store.changed();
		return session.sessionId;
	},
	Logout(call) {
		const session = call.session;
		if (session && !session.viaApiKey) {
			session.status = 'Closed';
			session.ended = call.now;
			call.store.changed();
		}
		return openSessionCount(call.store, call.me.userId);
	},
	WhoAmI(call) {
		const me = call.me;
		const session = call.session!;
		return {
			ECGridOSVersion: SIMULATOR_VERSION,
			SessionID: session.viaApiKey ? undefined : session.sessionId,
			SessionEventID: session.eventCount,
			UserID: me.userId,
			LoginName: me.loginName,
			FirstName: me.firstName,
			LastName: me.lastName,
			Company: me.company,
			EMail: me.email,
			Phone: me.phone,
			TimeZoneOffset: 0,
			AuthLevel: me.authLevel,
			LastLogin: me.lastLogin,
			OpenSessions: openSessionCount(call.store, me.userId),
			TimeOut: Math.min(32767, Math.round(call.services.sessionTimeoutMs / 60000)),
			NetworkID: me.networkId,
			MailboxID: me.mailboxId,
			ip: call.ip,
		};
	},
	GenerateAPIKey(call) {
		const user = call.store.users.get(call.int('UserID') || call.me.userId);
		if (!user) throw fault.notFound('UserID');
		if (user.userId !== call.me.userId) requireUserAdministration(call, user, true);
		user.apiKey = randomUUID();
		user.modified = call.now;
		call.store.changed();
		return user.apiKey;
	},
	UserGetAPIKey(call) {
		const user = call.store.users.get(call.int('UserID') || call.me.userId);
		if (!user) throw fault.notFound('UserID');
		if (user.userId !== call.me.userId) requireUserAdministration(call, user, true);
		return user.apiKey;
	},
	GeneratePassword(call) {
		const length = call.int('Length');
		if (length < 8 || length > 64) throw fault.dataError('Length', 'Length must be between 8 and 64.');
		return generatedPassword(length);
	},
	ChangePassword(call) {
		const me = call.me;
		if (me.password !== call.text('OldPassword')) throw fault.accessDenied('OldPassword', 'The current password is wrong.');
		const next = call.text('NewPassword');
		if (next.length < 8) throw fault.dataError('NewPassword', 'Passwords need at least 8 characters.');
		if (next.length > 64) throw fault.tooLong('NewPassword', 64);
		me.password = next;
		me.modified = call.now;
		call.store.changed();
		return true;
	},
	SessionLogCurrent(call) {
		return sessionLogView(call.session!, call.store, call.services.sessionTimeoutMs);
	},
	SessionLog(call) {
		return sessionsOf(call, call.me.userId, undefined, undefined, call.int('MaxRecords'));
	},
	SessionLogEx(call) {
		const user = call.store.users.get(call.int('UserID') || call.me.userId);
		if (!user) throw fault.notFound('UserID');
		requireUserAdministration(call, user, false);
		return sessionsOf(call, user.userId, call.time('StartTime'), call.time('EndTime'), call.int('MaxRecords'));
	},
};
