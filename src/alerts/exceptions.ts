// Exceptions (suppressions): "this rule, with these field values, is not an alert until <expiry>".
// Created from scratch or from an alert's event, listed with hit counts, deleted. Per tenant.
import { randomUUID } from 'node:crypto';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import { NotFoundError, VigilError } from '../errors.js';
import type { FieldValue } from '../event/event.js';
import type { StateDb } from '../store/state/database.js';
import { decodeCursor, encodeCursor, DEFAULT_PAGE } from './cursor.js';
import { ENTITY_ECS_FIELD } from './entities.js';
import { getAlertView } from './query.js';
import type { TenantScope } from './types.js';

/** The event field must hold this value (compared as text, ignoring case; any element of an array). */
export interface ExceptionCondition {
  field: string;
  value: string;
}

export interface AlertException {
  id: string;
  tenant: string;
  /** The rule it silences; null silences every rule (then conditions are required). */
  rule_id: string | null;
  conditions: ExceptionCondition[];
  reason: string;
  created_by: AuditActor;
  created_at: number;
  expires_at: number;
  /** The alert it was made from, if any. */
  source_alert_id: string | null;
  hit_count: number;
  last_hit_at: number | null;
  expired: boolean;
}

export interface NewException {
  tenant: string;
  ruleId: string | null;
  conditions: ExceptionCondition[];
  reason: string;
  /** Epoch ms; defaults to now + DEFAULT_EXCEPTION_TTL_MS, at most now + MAX_EXCEPTION_TTL_MS. */
  expiresAt?: number;
  sourceAlertId?: string | null;
}

const DAY = 86_400_000;
/** Suppressions are meant to be revisited: they expire after 30 days unless told otherwise... */
export const DEFAULT_EXCEPTION_TTL_MS = 30 * DAY;
/** ...and never live longer than a year. */
export const MAX_EXCEPTION_TTL_MS = 365 * DAY;
export const MAX_CONDITIONS = 20;

interface ExceptionRow {
  id: string;
  tenant_id: string;
  rule_id: string | null;
  conditions_json: string;
  reason: string;
  created_by_kind: string;
  created_by_id: string | null;
  created_by_name: string;
  created_at: number;
  expires_at: number;
  source_alert_id: string | null;
  hit_count: number;
  last_hit_at: number | null;
}

function toException(row: ExceptionRow, now: number): AlertException {
  return {
    id: row.id,
    tenant: row.tenant_id,
    rule_id: row.rule_id,
    conditions: JSON.parse(row.conditions_json) as ExceptionCondition[],
    reason: row.reason,
    created_by: { kind: row.created_by_kind as AuditActor['kind'], id: row.created_by_id, name: row.created_by_name },
    created_at: row.created_at,
    expires_at: row.expires_at,
    source_alert_id: row.source_alert_id,
    hit_count: row.hit_count,
    last_hit_at: row.last_hit_at,
    expired: row.expires_at <= now,
  };
}

export function createException(db: StateDb, actor: AuditActor, input: NewException, now = Date.now()): AlertException {
  if (input.ruleId === null && input.conditions.length === 0) {
    throw new VigilError('bad_request', 'an exception needs a rule, field conditions, or both: one with neither would silence everything');
  }
  if (input.conditions.length > MAX_CONDITIONS) throw new VigilError('bad_request', `at most ${MAX_CONDITIONS} conditions`);
  const expiresAt = input.expiresAt ?? now + DEFAULT_EXCEPTION_TTL_MS;
  if (expiresAt <= now) throw new VigilError('bad_request', 'expires_at must be in the future');
  if (expiresAt > now + MAX_EXCEPTION_TTL_MS) throw new VigilError('bad_request', `expires_at may be at most ${MAX_EXCEPTION_TTL_MS / DAY} days ahead`);
  const row: ExceptionRow = {
    id: randomUUID(),
    tenant_id: input.tenant,
    rule_id: input.ruleId,
    conditions_json: JSON.stringify(input.conditions),
    reason: input.reason,
    created_by_kind: actor.kind,
    created_by_id: actor.id,
    created_by_name: actor.name,
    created_at: now,
    expires_at: expiresAt,
    source_alert_id: input.sourceAlertId ?? null,
    hit_count: 0,
    last_hit_at: null,
  };
  const created = toException(row, now);
  db.transaction(() => {
    db.prepare(`INSERT INTO alert_exceptions (id, tenant_id, rule_id, conditions_json, reason, created_by_kind, created_by_id, created_by_name,
        created_at, expires_at, source_alert_id, hit_count, last_hit_at)
      VALUES (@id, @tenant_id, @rule_id, @conditions_json, @reason, @created_by_kind, @created_by_id, @created_by_name,
        @created_at, @expires_at, @source_alert_id, @hit_count, @last_hit_at)`).run(row);
    recordAudit(db, actor, { action: 'exception.create', entityType: 'alert_exception', entityId: row.id, tenant: row.tenant_id, after: created }, now);
  })();
  return created;
}

/**
 * An exception for the alert's rule whose conditions are the given fields with the values they
 * have in the alert's first event (or its entities for host.name, user.name, source.ip).
 */
export function createExceptionFromAlert(
  db: StateDb, actor: AuditActor, scope: TenantScope, alertId: string,
  input: { fields: string[]; reason: string; expiresAt?: number; anyRule?: boolean }, now = Date.now(),
): AlertException {
  const alert = getAlertView(db, scope, alertId);
  const sample = alert.samples[0];
  const entityValues: Record<string, string | null> = {
    [ENTITY_ECS_FIELD.host]: alert.entities.host,
    [ENTITY_ECS_FIELD.user]: alert.entities.user,
    [ENTITY_ECS_FIELD.sourceIp]: alert.entities.source_ip,
  };
  const conditions: ExceptionCondition[] = [];
  const missing: string[] = [];
  for (const field of new Set(input.fields)) {
    const value: FieldValue | undefined = sample?.fields[field] ?? sample?.matched_fields[field] ?? entityValues[field] ?? undefined;
    const text = conditionText(value);
    if (text === null) missing.push(field);
    else conditions.push({ field, value: text });
  }
  if (missing.length > 0) {
    throw new VigilError('bad_request', `the alert's event has no single value for ${missing.join(', ')}`, { details: { missing } });
  }
  return createException(db, actor, {
    tenant: alert.tenant,
    ruleId: input.anyRule ? null : alert.rule.id,
    conditions,
    reason: input.reason,
    expiresAt: input.expiresAt,
    sourceAlertId: alert.id,
  }, now);
}

/** A value an exception can hold: a scalar, or a one-element array of one. */
function conditionText(value: FieldValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.length === 1 ? conditionText(value[0]) : null;
  if (typeof value === 'object') return null;
  return String(value);
}

export function getException(db: StateDb, scope: TenantScope, id: string, now = Date.now()): AlertException {
  const row = db.prepare('SELECT * FROM alert_exceptions WHERE id = ?').get(id) as ExceptionRow | undefined;
  if (!row || (scope !== null && !scope.includes(row.tenant_id))) throw new NotFoundError('exception');
  return toException(row, now);
}

export interface ExceptionListQuery {
  /** Only these tenants (already intersected with the caller's scope); null = all. */
  tenants: TenantScope;
  ruleId?: string;
  /** Expired exceptions are listed too unless false. */
  includeExpired?: boolean;
  limit?: number;
  cursor?: string;
}

/** Newest first. */
export function listExceptions(db: StateDb, query: ExceptionListQuery, now = Date.now()): { items: AlertException[]; next_cursor?: string } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (query.tenants !== null) {
    if (query.tenants.length === 0) return { items: [] };
    where.push(`tenant_id IN (${query.tenants.map(() => '?').join(', ')})`);
    params.push(...query.tenants);
  }
  if (query.ruleId !== undefined) {
    where.push('rule_id = ?');
    params.push(query.ruleId);
  }
  if (query.includeExpired === false) {
    where.push('expires_at > ?');
    params.push(now);
  }
  if (query.cursor !== undefined) {
    const [createdAt, id] = decodeCursor(query.cursor);
    where.push('(created_at < ? OR (created_at = ? AND id < ?))');
    params.push(Number(createdAt), Number(createdAt), id);
  }
  const limit = query.limit ?? DEFAULT_PAGE;
  const rows = db.prepare(`SELECT * FROM alert_exceptions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY created_at DESC, id DESC LIMIT ?`).all(...params, limit + 1) as ExceptionRow[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => toException(row, now)),
    ...(rows.length > limit && last ? { next_cursor: encodeCursor([last.created_at, last.id]) } : {}),
  };
}

export function deleteException(db: StateDb, actor: AuditActor, scope: TenantScope, id: string, now = Date.now()): void {
  db.transaction(() => {
    const before = getException(db, scope, id, now);
    db.prepare('DELETE FROM alert_exceptions WHERE id = ?').run(id);
    recordAudit(db, actor, { action: 'exception.delete', entityType: 'alert_exception', entityId: id, tenant: before.tenant, before }, now);
  })();
}
