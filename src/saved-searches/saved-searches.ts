// Saved event searches: a name, a query, a time range and columns, owned by one user (or API
// key) in their tenant. Only the owner sees and changes them; every change is audited.
import { randomUUID } from 'node:crypto';
import { actorOf, recordAudit } from '../audit/audit.js';
import type { Principal } from '../auth/principal.js';
import { NotFoundError, VigilError } from '../errors.js';
import type { StateDb } from '../store/state/database.js';

export const MAX_SAVED_SEARCHES = 500;

export interface SavedSearch {
  id: string;
  name: string;
  query: string;
  /** As the search page takes them: "now-24h", epoch ms or ISO 8601; null: the page's default. */
  from: string | null;
  to: string | null;
  /** Fields shown as columns, in order; empty: the default columns. */
  columns: string[];
  tenant: string | null;
  created_at: number;
  updated_at: number;
  version: number;
}

export interface SavedSearchInput {
  name: string;
  query: string;
  from?: string | null;
  to?: string | null;
  columns?: string[];
}

interface Row {
  id: string;
  owner_kind: string;
  owner_id: string;
  tenant_id: string | null;
  name: string;
  query: string;
  time_from: string | null;
  time_to: string | null;
  columns: string;
  created_at: number;
  updated_at: number;
  version: number;
}

function toSavedSearch(row: Row): SavedSearch {
  return {
    id: row.id, name: row.name, query: row.query, from: row.time_from, to: row.time_to,
    columns: JSON.parse(row.columns) as string[], tenant: row.tenant_id,
    created_at: row.created_at, updated_at: row.updated_at, version: row.version,
  };
}

function ownRow(db: StateDb, owner: Principal, id: string): Row {
  const row = db.prepare('SELECT * FROM saved_searches WHERE id = ? AND owner_kind = ? AND owner_id = ?').get(id, owner.kind, owner.id) as Row | undefined;
  if (!row) throw new NotFoundError('saved search');
  return row;
}

function nameTaken(db: StateDb, owner: Principal, name: string, exceptId: string | null): boolean {
  return db.prepare('SELECT 1 FROM saved_searches WHERE owner_kind = ? AND owner_id = ? AND name = ? AND id IS NOT ?')
    .get(owner.kind, owner.id, name, exceptId) !== undefined;
}

export function listSavedSearches(db: StateDb, owner: Principal): SavedSearch[] {
  return (db.prepare('SELECT * FROM saved_searches WHERE owner_kind = ? AND owner_id = ? ORDER BY name COLLATE NOCASE, id')
    .all(owner.kind, owner.id) as Row[]).map(toSavedSearch);
}

export function getSavedSearch(db: StateDb, owner: Principal, id: string): SavedSearch {
  return toSavedSearch(ownRow(db, owner, id));
}

export function createSavedSearch(db: StateDb, owner: Principal, input: SavedSearchInput, now = Date.now()): SavedSearch {
  return db.transaction(() => {
    const count = db.prepare('SELECT COUNT(*) FROM saved_searches WHERE owner_kind = ? AND owner_id = ?').pluck().get(owner.kind, owner.id) as number;
    if (count >= MAX_SAVED_SEARCHES) throw new VigilError('bad_request', `at most ${MAX_SAVED_SEARCHES} saved searches each`);
    if (nameTaken(db, owner, input.name, null)) throw new VigilError('conflict', `you already have a saved search named "${input.name}"`);
    const row: Row = {
      id: randomUUID(), owner_kind: owner.kind, owner_id: owner.id, tenant_id: owner.tenant,
      name: input.name, query: input.query, time_from: input.from ?? null, time_to: input.to ?? null,
      columns: JSON.stringify(input.columns ?? []), created_at: now, updated_at: now, version: 1,
    };
    db.prepare(`INSERT INTO saved_searches (id, owner_kind, owner_id, tenant_id, name, query, time_from, time_to, columns, created_at, updated_at, version)
      VALUES (@id, @owner_kind, @owner_id, @tenant_id, @name, @query, @time_from, @time_to, @columns, @created_at, @updated_at, @version)`).run(row);
    const saved = toSavedSearch(row);
    recordAudit(db, actorOf(owner), { action: 'saved_search.create', entityType: 'saved_search', entityId: row.id, tenant: owner.tenant, after: saved }, now);
    return saved;
  })();
}

/** Changes the fields given if `version` is the one stored (409 otherwise). */
export function updateSavedSearch(db: StateDb, owner: Principal, id: string, version: number, changes: Partial<SavedSearchInput>, now = Date.now()): SavedSearch {
  return db.transaction(() => {
    const row = ownRow(db, owner, id);
    if (row.version !== version) {
      throw new VigilError('conflict', `saved search ${id} is at version ${row.version}, not ${version}`, { details: { current_version: row.version } });
    }
    if (changes.name !== undefined && nameTaken(db, owner, changes.name, id)) throw new VigilError('conflict', `you already have a saved search named "${changes.name}"`);
    const next: Row = {
      ...row,
      name: changes.name ?? row.name,
      query: changes.query ?? row.query,
      time_from: changes.from !== undefined ? changes.from : row.time_from,
      time_to: changes.to !== undefined ? changes.to : row.time_to,
      columns: changes.columns !== undefined ? JSON.stringify(changes.columns) : row.columns,
      updated_at: now,
      version: row.version + 1,
    };
    db.prepare(`UPDATE saved_searches SET name = @name, query = @query, time_from = @time_from, time_to = @time_to, columns = @columns,
      updated_at = @updated_at, version = @version WHERE id = @id`).run(next);
    const saved = toSavedSearch(next);
    recordAudit(db, actorOf(owner), { action: 'saved_search.update', entityType: 'saved_search', entityId: id, tenant: row.tenant_id, before: toSavedSearch(row), after: saved }, now);
    return saved;
  })();
}

export function deleteSavedSearch(db: StateDb, owner: Principal, id: string, now = Date.now()): void {
  db.transaction(() => {
    const row = ownRow(db, owner, id);
    db.prepare('DELETE FROM saved_searches WHERE id = ?').run(id);
    recordAudit(db, actorOf(owner), { action: 'saved_search.delete', entityType: 'saved_search', entityId: id, tenant: row.tenant_id, before: toSavedSearch(row) }, now);
  })();
}
