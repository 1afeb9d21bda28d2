// API keys: random secrets stored only as SHA-256 hashes (they are long and random, so a
// fast hash is enough), each with a role and a tenant. The key itself is shown once.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { StateDb } from '../store/state/database.js';
import type { Principal } from './principal.js';
import type { Role } from './roles.js';

export const API_KEY_PREFIX = 'vgl_';

export interface ApiKeyInfo {
  id: string;
  name: string;
  role: Role;
  tenant: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function createApiKey(db: StateDb, input: { name: string; role: Role; tenant: string | null; createdBy?: string }): { key: string; info: ApiKeyInfo } {
  const key = API_KEY_PREFIX + randomBytes(24).toString('base64url');
  const info: ApiKeyInfo = { id: randomUUID(), name: input.name, role: input.role, tenant: input.tenant, createdAt: Date.now(), lastUsedAt: null, revokedAt: null };
  db.prepare('INSERT INTO api_keys (id, name, key_hash, role, tenant_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(info.id, info.name, hashKey(key), info.role, info.tenant, input.createdBy ?? null, info.createdAt);
  return { key, info };
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** The principal of a key, or null when it is unknown or revoked. */
export function verifyApiKey(db: StateDb, key: string): Principal | null {
  const row = db.prepare('SELECT id, name, role, tenant_id, last_used_at FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL')
    .get(hashKey(key)) as { id: string; name: string; role: Role; tenant_id: string | null; last_used_at: number | null } | undefined;
  if (!row) return null;
  const now = Date.now();
  // Recorded at minute resolution so a busy shipper does not write on every request.
  if (!row.last_used_at || now - row.last_used_at > LAST_USED_RESOLUTION_MS) {
    db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(now, row.id);
  }
  return { kind: 'apikey', id: row.id, name: row.name, role: row.role, tenant: row.tenant_id };
}

export function listApiKeys(db: StateDb, tenants: string[] | null): ApiKeyInfo[] {
  const rows = db.prepare(`SELECT id, name, role, tenant_id AS tenant, created_at AS createdAt, last_used_at AS lastUsedAt, revoked_at AS revokedAt
    FROM api_keys ORDER BY created_at`).all() as ApiKeyInfo[];
  return tenants === null ? rows : rows.filter((k) => k.tenant !== null && tenants.includes(k.tenant));
}

export function revokeApiKey(db: StateDb, id: string): boolean {
  return db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(Date.now(), id).changes > 0;
}
