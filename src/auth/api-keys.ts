// API keys: random secrets stored only as SHA-256 hashes (they are long and random, so a
// fast hash is enough), each with a role and a tenant. The key itself is shown once. A
// personal key belongs to a user and never outranks them: it stops working when its owner is
// disabled, demoted below its role or moved to another tenant.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { StateDb } from '../store/state/database.js';
import { decodeCursor, pageOf, type Page } from './page.js';
import type { Principal } from './principal.js';
import { roleWithin, type Role } from './roles.js';

export const API_KEY_PREFIX = 'vgl_';

export interface ApiKeyInfo {
  id: string;
  name: string;
  role: Role;
  tenant: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
  /** The owner of a personal key; null for keys an admin made for a shipper or a service. */
  userId: string | null;
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function createApiKey(db: StateDb, input: { name: string; role: Role; tenant: string | null; createdBy?: string; userId?: string | null }): { key: string; info: ApiKeyInfo } {
  const key = API_KEY_PREFIX + randomBytes(24).toString('base64url');
  const info: ApiKeyInfo = { id: randomUUID(), name: input.name, role: input.role, tenant: input.tenant, createdAt: Date.now(), lastUsedAt: null, revokedAt: null, userId: input.userId ?? null };
  db.prepare('INSERT INTO api_keys (id, name, key_hash, role, tenant_id, created_by, created_at, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(info.id, info.name, hashKey(key), info.role, info.tenant, input.createdBy ?? null, info.createdAt, info.userId);
  return { key, info };
}

const LAST_USED_RESOLUTION_MS = 60_000;

interface KeyRow {
  id: string;
  name: string;
  role: Role;
  tenant_id: string | null;
  last_used_at: number | null;
  user_id: string | null;
  owner_role: Role | null;
  owner_tenant: string | null;
  owner_disabled: number | null;
}

/** A personal key is good only while its owner is enabled, in its tenant, and at or above its role. */
function ownerStillVouches(row: KeyRow): boolean {
  if (row.user_id === null) return true;
  if (row.owner_role === null || row.owner_disabled !== 0) return false;
  return row.owner_tenant === row.tenant_id && roleWithin(row.role, row.owner_role);
}

/** The principal of a key, or null when it is unknown or revoked. */
export function verifyApiKey(db: StateDb, key: string): Principal | null {
  const row = db.prepare(`SELECT k.id, k.name, k.role, k.tenant_id, k.last_used_at, k.user_id,
      u.role AS owner_role, u.tenant_id AS owner_tenant, u.disabled AS owner_disabled
    FROM api_keys k LEFT JOIN users u ON u.id = k.user_id WHERE k.key_hash = ? AND k.revoked_at IS NULL`)
    .get(hashKey(key)) as KeyRow | undefined;
  if (!row || !ownerStillVouches(row)) return null;
  const now = Date.now();
  // Recorded at minute resolution so a busy shipper does not write on every request.
  if (!row.last_used_at || now - row.last_used_at > LAST_USED_RESOLUTION_MS) {
    db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(now, row.id);
  }
  return { kind: 'apikey', id: row.id, name: row.name, role: row.role, tenant: row.tenant_id };
}

const INFO_COLUMNS = 'id, name, role, tenant_id AS tenant, created_at AS createdAt, last_used_at AS lastUsedAt, revoked_at AS revokedAt, user_id AS userId';

export function getApiKey(db: StateDb, id: string): ApiKeyInfo | null {
  return (db.prepare(`SELECT ${INFO_COLUMNS} FROM api_keys WHERE id = ?`).get(id) as ApiKeyInfo | undefined) ?? null;
}

/** A user's personal keys, revoked ones included, oldest first. */
export function listUserApiKeys(db: StateDb, userId: string, page: { limit: number; cursor?: string }): Page<ApiKeyInfo> {
  const after = page.cursor === undefined ? null : decodeCursor(page.cursor, ['number', 'string']);
  const rows = db.prepare(`SELECT ${INFO_COLUMNS} FROM api_keys WHERE user_id = ?
      ${after ? 'AND (created_at > ? OR (created_at = ? AND id > ?))' : ''} ORDER BY created_at, id LIMIT ?`)
    .all(userId, ...(after ? [after[0], after[0], after[1]] : []), page.limit + 1) as ApiKeyInfo[];
  return pageOf(rows, page.limit, (k) => [k.createdAt, k.id], (k) => k);
}

export function listApiKeys(db: StateDb, tenants: string[] | null): ApiKeyInfo[] {
  const rows = db.prepare(`SELECT ${INFO_COLUMNS} FROM api_keys ORDER BY created_at`).all() as ApiKeyInfo[];
  return tenants === null ? rows : rows.filter((k) => k.tenant !== null && tenants.includes(k.tenant));
}

export function revokeApiKey(db: StateDb, id: string): boolean {
  return db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(Date.now(), id).changes > 0;
}
