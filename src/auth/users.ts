// User accounts in the state database: rows to users, password checks, and the first admin of
// a fresh install. The rules about who may change whom live in accounts.ts.
import { randomUUID } from 'node:crypto';
import type { StateDb } from '../store/state/database.js';
import { recordAudit } from '../audit/audit.js';
import { decodeCursor, pageOf, type Page } from './page.js';
import type { Principal } from './principal.js';
import { generatePassword, hashPassword, verifyPassword } from './passwords.js';
import type { Role } from './roles.js';

/** A user as the API shows it (snake_case, times as epoch ms); never the password hash. */
export interface User {
  id: string;
  username: string;
  role: Role;
  /** null: SOC staff, who work across tenants. */
  tenant: string | null;
  disabled: boolean;
  email: string | null;
  /** Signs in through the identity provider (OIDC); may have no password. */
  sso: boolean;
  version: number;
  created_at: number;
  updated_at: number | null;
}

/** Letters, digits and . _ @ + -: fits an email address or a directory login. */
export const USERNAME_PATTERN = /^[A-Za-z0-9._@+-]{1,100}$/;

interface UserRow {
  id: string;
  username: string;
  password_hash: string | null;
  role: Role;
  tenant_id: string | null;
  disabled: number;
  email: string | null;
  oidc_subject: string | null;
  version: number;
  created_at: number;
  updated_at: number | null;
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    tenant: row.tenant_id,
    disabled: row.disabled !== 0,
    email: row.email,
    sso: row.oidc_subject !== null,
    version: row.version,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export interface NewUser {
  username: string;
  /** null for accounts that only sign in through the identity provider. */
  passwordHash: string | null;
  role: Role;
  tenant: string | null;
  email?: string | null;
  oidc?: { issuer: string; subject: string };
}

export function insertUser(db: StateDb, input: NewUser, now = Date.now()): User {
  const id = randomUUID();
  db.prepare(`INSERT INTO users (id, username, password_hash, role, tenant_id, email, oidc_issuer, oidc_subject, created_at, version)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`)
    .run(id, input.username, input.passwordHash, input.role, input.tenant, input.email ?? null, input.oidc?.issuer ?? null, input.oidc?.subject ?? null, now);
  return getUser(db, id, null)!;
}

export async function createUser(db: StateDb, input: { username: string; password: string; role: Role; tenant?: string | null }): Promise<User> {
  return insertUser(db, { username: input.username, passwordHash: await hashPassword(input.password), role: input.role, tenant: input.tenant ?? null });
}

/** The user, if it exists and lies in the scope (null scope: every tenant and the staff). */
export function getUser(db: StateDb, id: string, scope: string[] | null): User | null {
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  if (!row) return null;
  if (scope !== null && (row.tenant_id === null || !scope.includes(row.tenant_id))) return null;
  return toUser(row);
}

export function findUserByUsername(db: StateDb, username: string): User | null {
  const row = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  return row ? toUser(row) : null;
}

export function findUserByOidcSubject(db: StateDb, issuer: string, subject: string): User | null {
  const row = db.prepare('SELECT * FROM users WHERE oidc_issuer = ? AND oidc_subject = ?').get(issuer, subject) as UserRow | undefined;
  return row ? toUser(row) : null;
}

/** Whether the account is linked to an identity provider subject, and to which. */
export function oidcLinkOf(db: StateDb, id: string): { issuer: string; subject: string } | null {
  const row = db.prepare('SELECT oidc_issuer AS issuer, oidc_subject AS subject FROM users WHERE id = ?').get(id) as { issuer: string | null; subject: string | null } | undefined;
  return row?.issuer && row.subject ? { issuer: row.issuer, subject: row.subject } : null;
}

/** Users in the scope, by username. */
export function listUsers(db: StateDb, scope: string[] | null, page: { limit: number; cursor?: string }): Page<User> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (scope !== null) {
    where.push(`tenant_id IN (${scope.map(() => '?').join(', ')})`);
    params.push(...scope);
  }
  if (page.cursor !== undefined) {
    where.push('username > ?');
    params.push(decodeCursor(page.cursor, ['string'])[0]);
  }
  const rows = db.prepare(`SELECT * FROM users ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY username LIMIT ?`)
    .all(...params, page.limit + 1) as UserRow[];
  return pageOf(rows, page.limit, (row) => [row.username], toUser);
}

export interface UserChanges {
  role?: Role;
  tenant?: string | null;
  disabled?: boolean;
  email?: string | null;
  passwordHash?: string;
  oidc?: { issuer: string; subject: string };
}

/**
 * Applies changes when the stored version is the one given (null: whatever it is) and returns
 * the user after; null when the version moved on, so the caller can answer 409.
 */
export function updateUserRow(db: StateDb, id: string, version: number | null, changes: UserChanges, now = Date.now()): User | null {
  const sets: string[] = [];
  const params: unknown[] = [];
  const set = (column: string, value: unknown) => {
    sets.push(`${column} = ?`);
    params.push(value);
  };
  if (changes.role !== undefined) set('role', changes.role);
  if (changes.tenant !== undefined) set('tenant_id', changes.tenant);
  if (changes.disabled !== undefined) set('disabled', changes.disabled ? 1 : 0);
  if (changes.email !== undefined) set('email', changes.email);
  if (changes.passwordHash !== undefined) set('password_hash', changes.passwordHash);
  if (changes.oidc !== undefined) {
    set('oidc_issuer', changes.oidc.issuer);
    set('oidc_subject', changes.oidc.subject);
  }
  set('updated_at', now);
  const result = db.prepare(`UPDATE users SET ${sets.join(', ')}, version = version + 1 WHERE id = ?${version === null ? '' : ' AND version = ?'}`)
    .run(...params, id, ...(version === null ? [] : [version]));
  return result.changes > 0 ? getUser(db, id, null) : null;
}

/** Enabled admins who work across tenants: the ones who can repair anything. */
export function countGlobalAdmins(db: StateDb): number {
  return db.prepare("SELECT COUNT(*) FROM users WHERE role = 'admin' AND tenant_id IS NULL AND disabled = 0").pluck().get() as number;
}

export type LoginCheck =
  | { ok: true; user: User }
  /** userId is set when the name was known: for the audit log, never for the caller. */
  | { ok: false; userId: string | null; reason: 'unknown_user' | 'bad_password' | 'disabled' };

/** Checks a username and password. Unknown users cost as much as wrong passwords. */
export async function checkLogin(db: StateDb, username: string, password: string): Promise<LoginCheck> {
  const row = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  if (!row) return { ok: false, userId: null, reason: 'unknown_user' };
  if (!ok || row.password_hash === null) return { ok: false, userId: row.id, reason: 'bad_password' };
  if (row.disabled) return { ok: false, userId: row.id, reason: 'disabled' };
  return { ok: true, user: toUser(row) };
}

export function principalOf(user: User): Principal {
  return { kind: 'user', id: user.id, name: user.username, role: user.role, tenant: user.tenant };
}

/** The principal for a username and password, or null. */
export async function verifyLogin(db: StateDb, username: string, password: string): Promise<Principal | null> {
  const check = await checkLogin(db, username, password);
  return check.ok ? principalOf(check.user) : null;
}

// A valid hash of a random password, checked against when the user does not exist.
const DUMMY_HASH = await hashPassword(generatePassword());

/**
 * Creates the admin account on first start. Returns the password when it was generated
 * here (to print once), null when the account existed or the password came from the caller.
 */
export async function ensureAdmin(db: StateDb, password: string | undefined): Promise<{ username: string; generatedPassword: string | null } | null> {
  const existing = db.prepare("SELECT COUNT(*) FROM users WHERE role = 'admin'").pluck().get() as number;
  if (existing > 0) return null;
  const chosen = password ?? generatePassword();
  const passwordHash = await hashPassword(chosen);
  db.transaction(() => {
    const user = insertUser(db, { username: 'admin', passwordHash, role: 'admin', tenant: null });
    recordAudit(db, { kind: 'system', id: null, name: 'system' }, { action: 'user.create', entityType: 'user', entityId: user.id, tenant: null, after: user });
  })();
  return { username: 'admin', generatedPassword: password ? null : chosen };
}
