// User accounts: creation, password checks, and the first admin of a fresh install.
import { randomUUID } from 'node:crypto';
import type { StateDb } from '../store/state/database.js';
import type { Principal } from './principal.js';
import { generatePassword, hashPassword, verifyPassword } from './passwords.js';
import type { Role } from './roles.js';

export interface User {
  id: string;
  username: string;
  role: Role;
  tenant: string | null;
  disabled: boolean;
}

interface UserRow {
  id: string;
  username: string;
  password_hash: string | null;
  role: Role;
  tenant_id: string | null;
  disabled: number;
}

export async function createUser(db: StateDb, input: { username: string; password: string; role: Role; tenant?: string | null }): Promise<User> {
  const user: User = { id: randomUUID(), username: input.username, role: input.role, tenant: input.tenant ?? null, disabled: false };
  db.prepare('INSERT INTO users (id, username, password_hash, role, tenant_id, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(user.id, user.username, await hashPassword(input.password), user.role, user.tenant, Date.now());
  return user;
}

/** The principal for a username and password, or null. Unknown users cost as much as wrong passwords. */
export async function verifyLogin(db: StateDb, username: string, password: string): Promise<Principal | null> {
  const row = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !ok || row.disabled) return null;
  return { kind: 'user', id: row.id, name: row.username, role: row.role, tenant: row.tenant_id };
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
  await createUser(db, { username: 'admin', password: chosen, role: 'admin', tenant: null });
  return { username: 'admin', generatedPassword: password ? null : chosen };
}
