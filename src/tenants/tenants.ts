// Tenants: the client organisations whose events, alerts and cases are kept apart.
import { DEFAULT_TENANT } from '../event/event.js';
import type { StateDb } from '../store/state/database.js';

export interface Tenant {
  id: string;
  name: string;
  createdAt: number;
}

export function ensureDefaultTenant(db: StateDb): void {
  db.prepare('INSERT OR IGNORE INTO tenants (id, name, created_at) VALUES (?, ?, ?)').run(DEFAULT_TENANT, 'Default', Date.now());
}

export function listTenants(db: StateDb): Tenant[] {
  return db.prepare('SELECT id, name, created_at AS createdAt FROM tenants ORDER BY id').all() as Tenant[];
}

export function tenantExists(db: StateDb, id: string): boolean {
  return db.prepare('SELECT 1 FROM tenants WHERE id = ?').get(id) !== undefined;
}

export function createTenant(db: StateDb, id: string, name: string): Tenant {
  const tenant = { id, name, createdAt: Date.now() };
  db.prepare('INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)').run(id, name, tenant.createdAt);
  return tenant;
}
