// A case's observables: added by hand or extracted from its alerts, one per (type, value),
// with the analyst's flags (IOC, sighted), tags and TLP.
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/audit.js';
import { NotFoundError, VigilError } from '../errors.js';
import type { StateDb } from '../store/state/database.js';
import { checkVersion, loadCase, loadCaseForChange, visibleTo } from './access.js';
import { canonicalObservable, type HashAlgorithm, type Observable, type ObservableType } from './observable-types.js';
import { pageOf, type PageRequest } from './pagination.js';
import { toObservable, type CaseRow, type ObservableRow } from './rows.js';
import { recordCaseEvent } from './timeline.js';
import { changedFields, uniqueTags } from './values.js';
import type { CaseActor, Page, Tlp } from './types.js';

export interface NewObservable {
  type: ObservableType;
  value: string;
  tags?: string[];
  tlp?: Tlp;
  ioc?: boolean;
  sighted?: boolean;
  description?: string;
}

export interface ObservablePatch {
  tags?: string[];
  tlp?: Tlp;
  ioc?: boolean;
  sighted?: boolean;
  description?: string;
}

export interface ObservableFilter {
  type?: ObservableType;
  ioc?: boolean;
  sighted?: boolean;
  tag?: string;
  /** Part of the value. */
  q?: string;
}

/** Most observables one timeline entry lists by value; the count is always exact. */
const TIMELINE_LIST_MAX = 100;

function insertRow(db: StateDb, row: ObservableRow): void {
  db.prepare(`INSERT INTO case_observables (id, case_id, tenant_id, type, value, hash_algorithm, tags, tlp, ioc, sighted, description, source, created_at, created_by, updated_at, version)
    VALUES (@id, @case_id, @tenant_id, @type, @value, @hash_algorithm, @tags, @tlp, @ioc, @sighted, @description, @source, @created_at, @created_by, @updated_at, @version)`).run(row);
}

/**
 * Adds the observables the case does not have yet (by type and value) and records one
 * timeline entry for them. Values must already be canonical. Returns those added.
 * Runs inside the caller's transaction.
 */
export function addObservablesToCase(
  db: StateDb, who: CaseActor, target: CaseRow,
  items: readonly { type: ObservableType; value: string; hash_algorithm: HashAlgorithm | null }[],
  source: Observable['source'], now: number,
): Observable[] {
  const exists = db.prepare('SELECT 1 FROM case_observables WHERE case_id = ? AND type = ? AND value = ?');
  const added: Observable[] = [];
  for (const item of items) {
    if (exists.get(target.id, item.type, item.value)) continue;
    const row: ObservableRow = {
      id: randomUUID(), case_id: target.id, tenant_id: target.tenant_id, type: item.type, value: item.value, hash_algorithm: item.hash_algorithm,
      tags: '[]', tlp: target.tlp, ioc: 0, sighted: 0, description: '', source, created_at: now, created_by: JSON.stringify(who.actor), updated_at: now, version: 1,
    };
    insertRow(db, row);
    added.push(toObservable(row));
  }
  if (added.length > 0) {
    recordCaseEvent(db, who, target, {
      kind: 'observable.added', entity_type: 'observable', entity_id: added.length === 1 ? added[0]!.id : null,
      data: { count: added.length, source, observables: added.slice(0, TIMELINE_LIST_MAX).map((o) => ({ id: o.id, type: o.type, value: o.value })) },
    }, now);
  }
  return added;
}

function loadObservable(db: StateDb, who: CaseActor, id: string): ObservableRow {
  const row = db.prepare('SELECT * FROM case_observables WHERE id = ?').get(id) as ObservableRow | undefined;
  if (!row || !visibleTo(who, row.tenant_id)) throw new NotFoundError('observable');
  return row;
}

export function getObservable(db: StateDb, who: CaseActor, id: string): Observable {
  return toObservable(loadObservable(db, who, id));
}

export function listObservables(db: StateDb, who: CaseActor, caseId: string, filter: ObservableFilter, page: PageRequest): Page<Observable> {
  loadCase(db, who, caseId);
  const where = ['o.case_id = ?'];
  const params: unknown[] = [caseId];
  if (filter.type) { where.push('o.type = ?'); params.push(filter.type); }
  if (filter.ioc !== undefined) { where.push('o.ioc = ?'); params.push(filter.ioc ? 1 : 0); }
  if (filter.sighted !== undefined) { where.push('o.sighted = ?'); params.push(filter.sighted ? 1 : 0); }
  if (filter.tag) { where.push('EXISTS (SELECT 1 FROM json_each(o.tags) WHERE json_each.value = ?)'); params.push(filter.tag); }
  if (filter.q) { where.push("instr(lower(o.value), lower(?)) > 0"); params.push(filter.q); }
  return pageOf<ObservableRow, Observable>(db, { select: 'SELECT o.* FROM case_observables o', where, params, keys: ['o.rowid'], direction: 'asc' }, page, toObservable);
}

/** Adds one observable by hand; the same (type, value) twice in a case is a conflict. */
export function createObservable(db: StateDb, who: CaseActor, caseId: string, input: NewObservable, now = Date.now()): Observable {
  const canonical = canonicalObservable(input.type, input.value);
  if (!canonical.ok) throw new VigilError('bad_request', `value: ${canonical.reason} (type ${input.type})`);
  return db.transaction(() => {
    const target = loadCaseForChange(db, who, caseId);
    const existing = db.prepare('SELECT id FROM case_observables WHERE case_id = ? AND type = ? AND value = ?').pluck().get(caseId, input.type, canonical.value) as string | undefined;
    if (existing) throw new VigilError('conflict', `the case already has the ${input.type} observable ${canonical.value}`, { details: { id: existing } });
    const row: ObservableRow = {
      id: randomUUID(), case_id: caseId, tenant_id: target.tenant_id, type: input.type, value: canonical.value, hash_algorithm: canonical.hash_algorithm,
      tags: JSON.stringify(uniqueTags(input.tags ?? [])), tlp: input.tlp ?? target.tlp, ioc: input.ioc ? 1 : 0, sighted: input.sighted ? 1 : 0,
      description: input.description ?? '', source: 'manual', created_at: now, created_by: JSON.stringify(who.actor), updated_at: now, version: 1,
    };
    insertRow(db, row);
    const created = toObservable(row);
    recordCaseEvent(db, who, target, { kind: 'observable.added', entity_type: 'observable', entity_id: row.id, data: { count: 1, source: 'manual', observables: [{ id: row.id, type: row.type, value: row.value }] } }, now);
    recordAudit(db, who.actor, { action: 'case_observable.create', entityType: 'case_observable', entityId: row.id, tenant: target.tenant_id, after: created }, now);
    db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?').run(now, caseId);
    return created;
  })();
}

export function updateObservable(db: StateDb, who: CaseActor, id: string, version: number, patch: ObservablePatch, now = Date.now()): Observable {
  return db.transaction(() => {
    const row = loadObservable(db, who, id);
    const target = loadCaseForChange(db, who, row.case_id);
    checkVersion('observable', version, row.version);
    const next: ObservableRow = {
      ...row,
      tags: patch.tags === undefined ? row.tags : JSON.stringify(uniqueTags(patch.tags)),
      tlp: patch.tlp ?? row.tlp,
      ioc: patch.ioc === undefined ? row.ioc : patch.ioc ? 1 : 0,
      sighted: patch.sighted === undefined ? row.sighted : patch.sighted ? 1 : 0,
      description: patch.description ?? row.description,
      updated_at: now,
      version: row.version + 1,
    };
    db.prepare('UPDATE case_observables SET tags = ?, tlp = ?, ioc = ?, sighted = ?, description = ?, updated_at = ?, version = ? WHERE id = ?')
      .run(next.tags, next.tlp, next.ioc, next.sighted, next.description, now, next.version, id);
    const before = toObservable(row);
    const after = toObservable(next);
    recordCaseEvent(db, who, target, { kind: 'observable.updated', entity_type: 'observable', entity_id: id, data: { type: row.type, value: row.value, changes: changedFields(before, after, ['tags', 'tlp', 'ioc', 'sighted', 'description']) } }, now);
    recordAudit(db, who.actor, { action: 'case_observable.update', entityType: 'case_observable', entityId: id, tenant: row.tenant_id, before, after }, now);
    db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?').run(now, row.case_id);
    return after;
  })();
}

export function deleteObservable(db: StateDb, who: CaseActor, id: string, version: number, now = Date.now()): void {
  db.transaction(() => {
    const row = loadObservable(db, who, id);
    const target = loadCaseForChange(db, who, row.case_id);
    checkVersion('observable', version, row.version);
    db.prepare('DELETE FROM case_observables WHERE id = ?').run(id);
    recordCaseEvent(db, who, target, { kind: 'observable.deleted', entity_type: 'observable', entity_id: id, data: { type: row.type, value: row.value } }, now);
    recordAudit(db, who.actor, { action: 'case_observable.delete', entityType: 'case_observable', entityId: id, tenant: row.tenant_id, before: toObservable(row) }, now);
    db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?').run(now, row.case_id);
  })();
}
