// The audit log: who changed what, when, with the state before and after. Append-only:
// the table refuses updates and deletes (SQLite triggers), and nothing here offers either.
// Read back newest first, filtered, within the reader's tenants.
import type { Principal } from '../auth/principal.js';
import { decodeCursor, pageOf, type Page } from '../auth/page.js';
import type { StateDb } from '../store/state/database.js';

export interface AuditEntry {
  /** "alert.update", "case.create", "user.login", "user.login_failed", "apikey.revoke"… */
  action: string;
  /** Kind and id of what was acted on. */
  entityType: string;
  entityId?: string | null;
  /** The tenant the entity belongs to; null for global entities. */
  tenant?: string | null;
  before?: unknown;
  after?: unknown;
  /** Free detail, e.g. the address a login came from. */
  detail?: Record<string, unknown>;
}

export interface AuditActor {
  kind: Principal['kind'] | 'system' | 'anonymous';
  id: string | null;
  name: string;
}

export function actorOf(principal: Principal | null | undefined): AuditActor {
  return principal ? { kind: principal.kind, id: principal.id, name: principal.name } : { kind: 'system', id: null, name: 'system' };
}

export function recordAudit(db: StateDb, actor: AuditActor, entry: AuditEntry, at = Date.now()): void {
  db.prepare(`INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, action, entity_type, entity_id, tenant_id, before_json, after_json, detail_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    at, actor.kind, actor.id, actor.name, entry.action, entry.entityType, entry.entityId ?? null, entry.tenant ?? null,
    entry.before === undefined ? null : JSON.stringify(entry.before),
    entry.after === undefined ? null : JSON.stringify(entry.after),
    entry.detail === undefined ? null : JSON.stringify(entry.detail),
  );
}

/** An entry as the audit API serves it. */
export interface AuditRecord {
  id: number;
  at: number;
  actor: AuditActor;
  action: string;
  entity_type: string;
  entity_id: string | null;
  tenant: string | null;
  before: unknown;
  after: unknown;
  detail: Record<string, unknown> | null;
}

export interface AuditQuery {
  /** Tenants the reader may see; null: all, global entries included. */
  scope: string[] | null;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** An actor's id or name. */
  actor?: string;
  /** An action ("user.update"), or a family of them ("user.*"). */
  action?: string;
  entityType?: string;
  entityId?: string;
  tenant?: string;
  limit: number;
  cursor?: string;
}

interface AuditRow {
  id: number;
  at: number;
  actor_kind: AuditActor['kind'];
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  tenant_id: string | null;
  before_json: string | null;
  after_json: string | null;
  detail_json: string | null;
}

function toRecord(row: AuditRow): AuditRecord {
  const json = (text: string | null) => (text === null ? null : JSON.parse(text) as unknown);
  return {
    id: row.id,
    at: row.at,
    actor: { kind: row.actor_kind, id: row.actor_id, name: row.actor_name },
    action: row.action,
    entity_type: row.entity_type,
    entity_id: row.entity_id,
    tenant: row.tenant_id,
    before: json(row.before_json),
    after: json(row.after_json),
    detail: json(row.detail_json) as Record<string, unknown> | null,
  };
}

/** Entries matching every filter given, newest first. */
export function queryAudit(db: StateDb, query: AuditQuery): Page<AuditRecord> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (query.scope !== null) add(`tenant_id IN (${query.scope.map(() => '?').join(', ')})`, ...query.scope);
  if (query.tenant !== undefined) add('tenant_id = ?', query.tenant);
  if (query.from !== undefined) add('at >= ?', query.from);
  if (query.to !== undefined) add('at < ?', query.to);
  if (query.actor !== undefined) add('(actor_id = ? OR actor_name = ?)', query.actor, query.actor);
  if (query.action !== undefined) {
    if (query.action.endsWith('.*')) add("action LIKE ? ESCAPE '\\'", `${query.action.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    else add('action = ?', query.action);
  }
  if (query.entityType !== undefined) add('entity_type = ?', query.entityType);
  if (query.entityId !== undefined) add('entity_id = ?', query.entityId);
  if (query.cursor !== undefined) add('id < ?', decodeCursor(query.cursor, ['number'])[0]);
  const rows = db.prepare(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`)
    .all(...params, query.limit + 1) as AuditRow[];
  return pageOf(rows, query.limit, (row) => [row.id], toRecord);
}
