// Triage: status, assignee, severity and disposition changes (with optimistic locking), bulk
// changes with a result per alert, and comments. Every change writes one audit entry in its transaction.
import { randomUUID } from 'node:crypto';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import { VigilError } from '../errors.js';
import type { StateDb } from '../store/state/database.js';
import { getAlertRow } from './query.js';
import { toAlert, type AlertRow } from './rows.js';
import { DISPOSITIONS, type Alert, type AlertComment, type AlertStatus, type Disposition, type Severity, type TenantScope } from './types.js';

export interface AlertChange {
  status?: AlertStatus;
  /** A user name or id; null unassigns. */
  assignee?: string | null;
  severity?: Severity;
  /** Required when closing; only allowed on a closed (or closing) alert. */
  disposition?: Disposition;
}

/** The fields triage changes, as recorded in the audit log. */
type TriageState = Pick<AlertRow, 'status' | 'assignee' | 'severity' | 'disposition' | 'acknowledged_at' | 'closed_at' | 'version'>;

function triageState(row: AlertRow): TriageState {
  const { status, assignee, severity, disposition, acknowledged_at, closed_at, version } = row;
  return { status, assignee, severity, disposition, acknowledged_at, closed_at, version };
}

/**
 * The alert's triage fields after the change, or null when it changes nothing. Leaving `new`
 * the first time stamps acknowledged_at (closing a new alert acknowledges it too, so MTTA is
 * defined for every closed alert); closing stamps closed_at; reopening clears both the
 * disposition and closed_at.
 */
export function applyChange(row: AlertRow, change: AlertChange, now: number): TriageState | null {
  const status = change.status ?? (row.status as AlertStatus);
  let disposition = row.disposition;
  if (status === 'closed') {
    disposition = change.disposition ?? row.disposition;
    if (disposition === null) {
      throw new VigilError('bad_request', `closing an alert requires a disposition (${DISPOSITIONS.join(', ')})`);
    }
  } else {
    if (change.disposition !== undefined) throw new VigilError('bad_request', 'a disposition is given only when closing an alert');
    disposition = null;
  }
  const next: TriageState = {
    status,
    assignee: change.assignee !== undefined ? change.assignee : row.assignee,
    severity: change.severity ?? row.severity,
    disposition,
    acknowledged_at: row.acknowledged_at ?? (status !== 'new' ? now : null),
    closed_at: status === 'closed' ? (row.status === 'closed' ? row.closed_at : now) : null,
    version: row.version + 1,
  };
  const same = next.status === row.status && next.assignee === row.assignee && next.severity === row.severity
    && next.disposition === row.disposition;
  return same ? null : next;
}

/** Applies a change if the caller read the current version; a stale version is a 409 and changes nothing. */
export function updateAlert(
  db: StateDb, actor: AuditActor, scope: TenantScope, id: string, change: AlertChange, expectedVersion: number | undefined, now = Date.now(),
): Alert {
  return db.transaction(() => {
    const row = getAlertRow(db, scope, id);
    if (expectedVersion !== undefined && expectedVersion !== row.version) {
      throw new VigilError('conflict', `alert ${id} was changed by someone else: it is at version ${row.version}, not ${expectedVersion}`, {
        details: { current_version: row.version },
      });
    }
    const next = applyChange(row, change, now);
    if (next === null) return toAlert(row);
    db.prepare(`UPDATE alerts SET status = @status, assignee = @assignee, severity = @severity, disposition = @disposition,
        acknowledged_at = @acknowledged_at, closed_at = @closed_at, version = @version, updated_at = @updated_at
      WHERE id = @id`).run({ ...next, updated_at: now, id });
    recordAudit(db, actor, { action: 'alert.update', entityType: 'alert', entityId: id, tenant: row.tenant_id, before: triageState(row), after: next }, now);
    return toAlert({ ...row, ...next, updated_at: now });
  })();
}

export type BulkResult =
  | { id: string; ok: true; version: number; status: AlertStatus }
  | { id: string; ok: false; error: { code: string; message: string } };

export const MAX_BULK = 500;

/**
 * The same change on many alerts, each on its own: one failing (not found, stale version, a
 * rule broken) does not stop the others. `versions` optionally gives the version read per id.
 */
export function bulkUpdate(
  db: StateDb, actor: AuditActor, scope: TenantScope, ids: readonly string[], change: AlertChange,
  versions: Readonly<Record<string, number>> = {}, now = Date.now(),
): { results: BulkResult[]; updated: number; failed: number } {
  if (ids.length > MAX_BULK) throw new VigilError('bad_request', `at most ${MAX_BULK} alerts per bulk request`);
  const results: BulkResult[] = [];
  for (const id of new Set(ids)) {
    try {
      const alert = updateAlert(db, actor, scope, id, change, versions[id], now);
      results.push({ id, ok: true, version: alert.version, status: alert.status });
    } catch (error) {
      if (!(error instanceof VigilError)) throw error;
      results.push({ id, ok: false, error: { code: error.code, message: error.message } });
    }
  }
  const updated = results.filter((r) => r.ok).length;
  return { results, updated, failed: results.length - updated };
}

export const MAX_COMMENT_CHARS = 20_000;

export function addComment(db: StateDb, actor: AuditActor, scope: TenantScope, alertId: string, body: string, now = Date.now()): AlertComment {
  if (body.trim() === '') throw new VigilError('bad_request', 'a comment needs text');
  if (body.length > MAX_COMMENT_CHARS) throw new VigilError('bad_request', `a comment is at most ${MAX_COMMENT_CHARS} characters`);
  return db.transaction(() => {
    const alert = getAlertRow(db, scope, alertId);
    const comment: AlertComment = { id: randomUUID(), alert_id: alertId, author: { kind: actor.kind, id: actor.id, name: actor.name }, body, created_at: now };
    db.prepare(`INSERT INTO alert_comments (id, alert_id, tenant_id, author_kind, author_id, author_name, body, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(comment.id, alertId, alert.tenant_id, actor.kind, actor.id, actor.name, body, now);
    recordAudit(db, actor, { action: 'alert.comment', entityType: 'alert', entityId: alertId, tenant: alert.tenant_id, after: comment }, now);
    return comment;
  })();
}
