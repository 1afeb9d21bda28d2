// Tenants: the client organisations whose events, alerts and cases are kept apart.
import { DEFAULT_TENANT } from '../event/event.js';
import type { StateDb } from '../store/state/database.js';
import { decodeCursor, pageOf, type Page } from '../auth/page.js';

export interface Tenant {
  id: string;
  name: string;
  version: number;
  created_at: number;
  updated_at: number | null;
}

/** Tenant ids appear in URLs, queries and file names: lower-case letters, digits, - and _. */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

const COLUMNS = 'id, name, version, created_at, updated_at';

export function ensureDefaultTenant(db: StateDb): void {
  db.prepare('INSERT OR IGNORE INTO tenants (id, name, created_at) VALUES (?, ?, ?)').run(DEFAULT_TENANT, 'Default', Date.now());
}

/** The tenants in a scope (null: all), by id. */
export function listTenantsPage(db: StateDb, scope: string[] | null, page: { limit: number; cursor?: string }): Page<Tenant> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (scope !== null) {
    where.push(`id IN (${scope.map(() => '?').join(', ')})`);
    params.push(...scope);
  }
  if (page.cursor !== undefined) {
    where.push('id > ?');
    params.push(decodeCursor(page.cursor, ['string'])[0]);
  }
  const rows = db.prepare(`SELECT ${COLUMNS} FROM tenants ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`)
    .all(...params, page.limit + 1) as Tenant[];
  return pageOf(rows, page.limit, (t) => [t.id], (t) => t);
}

/** The tenant, if it exists and lies in the scope. */
export function getTenant(db: StateDb, id: string, scope: string[] | null = null): Tenant | null {
  if (scope !== null && !scope.includes(id)) return null;
  return (db.prepare(`SELECT ${COLUMNS} FROM tenants WHERE id = ?`).get(id) as Tenant | undefined) ?? null;
}

export function tenantExists(db: StateDb, id: string): boolean {
  return db.prepare('SELECT 1 FROM tenants WHERE id = ?').get(id) !== undefined;
}

export function createTenant(db: StateDb, id: string, name: string): Tenant {
  db.prepare('INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)').run(id, name, Date.now());
  return getTenant(db, id)!;
}

/** Renames a tenant if it is still at the version given; null when the version moved on. */
export function renameTenant(db: StateDb, id: string, version: number, name: string, now = Date.now()): Tenant | null {
  const changed = db.prepare('UPDATE tenants SET name = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?').run(name, now, id, version).changes;
  return changed > 0 ? getTenant(db, id) : null;
}
