// The audit log: who changed what, when, with the state before and after. Append-only:
// the table refuses updates and deletes (SQLite triggers), and nothing here offers either.
import type { Principal } from '../auth/principal.js';
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
