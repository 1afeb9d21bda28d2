// Managing accounts on someone's behalf: who may create or change whom, the guard that keeps
// one admin able to repair everything, and an audit entry in the same transaction as each change.
import { actorOf, recordAudit } from '../audit/audit.js';
import { NotFoundError, VigilError } from '../errors.js';
import type { StateDb } from '../store/state/database.js';
import { tenantExists } from '../tenants/tenants.js';
import { hashPassword } from './passwords.js';
import { tenantScope, type Principal } from './principal.js';
import { roleWithin, type Role } from './roles.js';
import { deleteUserSessions } from './sessions.js';
import { checkLogin, countGlobalAdmins, findUserByUsername, getUser, insertUser, updateUserRow, type User, type UserChanges } from './users.js';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

export interface NewAccount {
  username: string;
  password: string;
  role: Role;
  /** Ignored in favour of their own tenant when the actor belongs to one (and refused if different). */
  tenant?: string | null;
  email?: string | null;
}

export interface AccountChanges {
  /** The version the change was made on; a stale one is refused with 409. */
  version: number;
  role?: Role;
  tenant?: string | null;
  disabled?: boolean;
  email?: string | null;
  /** A new password set by an administrator. */
  password?: string;
}

function checkPasswordPolicy(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) throw new VigilError('bad_request', `password: at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) throw new VigilError('bad_request', `password: at most ${PASSWORD_MAX_LENGTH} characters`);
}

/** The tenant an account will belong to, checked against what the actor may grant. */
function grantedTenant(db: StateDb, actor: Principal, asked: string | null | undefined): string | null {
  if (actor.tenant !== null) {
    if (asked !== undefined && asked !== actor.tenant) throw new VigilError('forbidden', 'accounts can only be placed in your own tenant');
    return actor.tenant;
  }
  const tenant = asked ?? null;
  if (tenant !== null && !tenantExists(db, tenant)) throw new VigilError('bad_request', `tenant: unknown tenant ${tenant}`);
  return tenant;
}

function checkGrantableRole(actor: Principal, role: Role): void {
  if (!roleWithin(role, actor.role)) throw new VigilError('forbidden', `the ${actor.role} role may not grant the ${role} role`);
}

function isGlobalAdmin(user: Pick<User, 'role' | 'tenant' | 'disabled'>): boolean {
  return user.role === 'admin' && user.tenant === null && !user.disabled;
}

export async function createAccount(db: StateDb, actor: Principal, input: NewAccount): Promise<User> {
  checkPasswordPolicy(input.password);
  checkGrantableRole(actor, input.role);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(() => {
    const tenant = grantedTenant(db, actor, input.tenant);
    if (findUserByUsername(db, input.username)) throw new VigilError('conflict', `username ${input.username} is taken`);
    const user = insertUser(db, { username: input.username, passwordHash, role: input.role, tenant, email: input.email ?? null });
    recordAudit(db, actorOf(actor), { action: 'user.create', entityType: 'user', entityId: user.id, tenant: user.tenant, after: user });
    return user;
  })();
}

/** The user the actor may change: visible to them (else 404) and not above their role (else 403). */
function changeableUser(db: StateDb, actor: Principal, id: string): User {
  const target = getUser(db, id, tenantScope(actor));
  if (!target) throw new NotFoundError('user');
  if (!roleWithin(target.role, actor.role)) throw new VigilError('forbidden', `the ${actor.role} role may not change an account with the ${target.role} role`);
  return target;
}

function checkVersion(target: User, version: number): void {
  if (target.version !== version) {
    throw new VigilError('conflict', `user ${target.username} changed since version ${version}; read it again (current version ${target.version})`, { details: { current_version: target.version } });
  }
}

/** Refuses a change that would leave no enabled admin working across tenants. */
function keepLastAdmin(db: StateDb, before: User, after: Pick<User, 'role' | 'tenant' | 'disabled'>): void {
  if (isGlobalAdmin(before) && !isGlobalAdmin(after) && countGlobalAdmins(db) <= 1) {
    throw new VigilError('conflict', `${before.username} is the last enabled admin: make another admin first`);
  }
}

function applyChange(db: StateDb, actor: Principal, target: User, version: number | null, changes: UserChanges, action: string, detail?: Record<string, unknown>): User {
  const after = updateUserRow(db, target.id, version, changes);
  if (!after) throw new VigilError('conflict', `user ${target.username} changed meanwhile; read it again`);
  // A disabled account or a new password ends every session the old state had opened.
  if (changes.disabled === true || changes.passwordHash !== undefined) deleteUserSessions(db, target.id);
  recordAudit(db, actorOf(actor), { action, entityType: 'user', entityId: target.id, tenant: after.tenant, before: target, after, detail });
  return after;
}

export async function updateAccount(db: StateDb, actor: Principal, id: string, input: AccountChanges): Promise<User> {
  if (input.password !== undefined) checkPasswordPolicy(input.password);
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  return db.transaction(() => {
    const target = changeableUser(db, actor, id);
    checkVersion(target, input.version);
    const self = actor.kind === 'user' && actor.id === target.id;
    if (input.role !== undefined && input.role !== target.role) {
      if (self) throw new VigilError('bad_request', 'you cannot change your own role');
      checkGrantableRole(actor, input.role);
    }
    const tenant = input.tenant === undefined ? undefined : grantedTenant(db, actor, input.tenant);
    if (self && tenant !== undefined && tenant !== target.tenant) throw new VigilError('bad_request', 'you cannot move your own account to another tenant');
    if (self && input.disabled === true) throw new VigilError('bad_request', 'you cannot disable your own account');
    const changes: UserChanges = { role: input.role, tenant, disabled: input.disabled, email: input.email, passwordHash };
    keepLastAdmin(db, target, { role: input.role ?? target.role, tenant: tenant === undefined ? target.tenant : tenant, disabled: input.disabled ?? target.disabled });
    return applyChange(db, actor, target, input.version, changes, 'user.update', passwordHash ? { password_reset: true } : undefined);
  })();
}

/** Disables an account (accounts are never deleted: the audit log and cases refer to them). */
export function disableAccount(db: StateDb, actor: Principal, id: string): User {
  return db.transaction(() => {
    const target = changeableUser(db, actor, id);
    if (actor.kind === 'user' && actor.id === target.id) throw new VigilError('bad_request', 'you cannot disable your own account');
    if (target.disabled) return target;
    keepLastAdmin(db, target, { ...target, disabled: true });
    return applyChange(db, actor, target, null, { disabled: true }, 'user.disable');
  })();
}

/**
 * A signed-in user's own password change, checked against the current one. Ends their other
 * sessions, keeping the one the change came from. False when the current password is wrong.
 */
export async function changeOwnPassword(db: StateDb, principal: Principal, current: string, next: string, keepSessionToken?: string): Promise<boolean> {
  if (principal.kind !== 'user') throw new VigilError('forbidden', 'API keys have no password: sign in as the user');
  checkPasswordPolicy(next);
  const user = getUser(db, principal.id, null);
  if (!user) throw new NotFoundError('user');
  const check = await checkLogin(db, user.username, current);
  if (!check.ok) return false;
  const passwordHash = await hashPassword(next);
  db.transaction(() => {
    const after = updateUserRow(db, user.id, null, { passwordHash });
    deleteUserSessions(db, user.id, keepSessionToken);
    recordAudit(db, actorOf(principal), { action: 'user.password_change', entityType: 'user', entityId: user.id, tenant: user.tenant, before: user, after });
  })();
  return true;
}
