// Reading alerts: one alert (tenant-scoped; other tenants' alerts do not exist for the caller),
// the one-page view, and the filtered, sorted, paged queue.
import { NotFoundError } from '../errors.js';
import type { Fields, FieldValue } from '../event/event.js';
import type { StateDb } from '../store/state/database.js';
import { decodeCursor, encodeCursor, DEFAULT_PAGE } from './cursor.js';
import { toAlert, type AlertRow } from './rows.js';
import { SEVERITIES, type Alert, type AlertComment, type AlertSample, type AlertStatus, type AlertView, type RelatedAlert, type Severity, type TenantScope } from './types.js';

/** Related alerts shown on an alert's page. */
export const MAX_RELATED = 20;

function inScope(scope: TenantScope, tenant: string): boolean {
  return scope === null || scope.includes(tenant);
}

export function getAlertRow(db: StateDb, scope: TenantScope, id: string): AlertRow {
  const row = db.prepare('SELECT * FROM alerts WHERE id = ?').get(id) as AlertRow | undefined;
  if (!row || !inScope(scope, row.tenant_id)) throw new NotFoundError('alert');
  return row;
}

export function getAlert(db: StateDb, scope: TenantScope, id: string): Alert {
  return toAlert(getAlertRow(db, scope, id));
}

export function getAlertView(db: StateDb, scope: TenantScope, id: string): AlertView {
  const alert = getAlert(db, scope, id);
  const eventIds = db.prepare('SELECT event_id FROM alert_events WHERE alert_id = ? ORDER BY seq').pluck().all(id) as string[];
  const samples = (db.prepare('SELECT event_id, event_time, fields_json, matched_json FROM alert_samples WHERE alert_id = ? ORDER BY seq').all(id) as
    { event_id: string; event_time: number; fields_json: string; matched_json: string }[])
    .map((s): AlertSample => ({
      event_id: s.event_id,
      timestamp: s.event_time,
      fields: JSON.parse(s.fields_json) as Fields,
      matched_fields: JSON.parse(s.matched_json) as Record<string, FieldValue>,
    }));
  return { ...alert, event_ids: eventIds, samples, comments: listComments(db, id), related: relatedAlerts(db, alert) };
}

export function listComments(db: StateDb, alertId: string): AlertComment[] {
  const rows = db.prepare(`SELECT id, alert_id, author_kind, author_id, author_name, body, created_at FROM alert_comments
    WHERE alert_id = ? ORDER BY created_at, id`).all(alertId) as
    { id: string; alert_id: string; author_kind: string; author_id: string | null; author_name: string; body: string; created_at: number }[];
  return rows.map((r) => ({
    id: r.id, alert_id: r.alert_id, body: r.body, created_at: r.created_at,
    author: { kind: r.author_kind, id: r.author_id, name: r.author_name },
  }));
}

function relatedAlerts(db: StateDb, alert: Alert): RelatedAlert[] {
  const { host, user } = alert.entities;
  type Row = { id: string; rule_title: string; severity: Severity; status: AlertStatus; host_name: string | null; user_name: string | null; last_seen: number; created_at: number };
  // One indexed lookup per entity, merged here: an OR across the two columns would scan the table.
  const lookup = (column: 'host_name' | 'user_name', value: string | null): Row[] => (value === null ? [] : db.prepare(
    `SELECT id, rule_title, severity, status, host_name, user_name, last_seen, created_at FROM alerts
      WHERE tenant_id = ? AND ${column} = ? COLLATE NOCASE AND id <> ? ORDER BY last_seen DESC, id DESC LIMIT ?`,
  ).all(alert.tenant, value, alert.id, MAX_RELATED) as Row[]);
  const rows = new Map<string, Row>();
  for (const row of [...lookup('host_name', host), ...lookup('user_name', user)]) rows.set(row.id, row);
  const same = (a: string | null, b: string | null) => a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
  return [...rows.values()]
    .sort((a, b) => b.last_seen - a.last_seen || (a.id < b.id ? 1 : -1))
    .slice(0, MAX_RELATED)
    .map((r) => ({
      id: r.id, rule_title: r.rule_title, severity: r.severity, status: r.status,
      host: r.host_name, user: r.user_name, last_seen: r.last_seen, created_at: r.created_at,
      shared: [...(same(r.host_name, host) ? ['host' as const] : []), ...(same(r.user_name, user) ? ['user' as const] : [])],
    }));
}

export const ALERT_SORTS = ['created_at', 'last_seen', 'severity', 'count'] as const;
export type AlertSort = (typeof ALERT_SORTS)[number];

const SEVERITY_RANK = `CASE severity ${SEVERITIES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} ELSE -1 END`;
const SORT_EXPRESSION: Record<AlertSort, string> = {
  created_at: 'created_at',
  last_seen: 'last_seen',
  severity: SEVERITY_RANK,
  count: 'event_count',
};

export interface AlertListQuery {
  /** Tenants to list (already intersected with the caller's scope); null = all. */
  tenants: TenantScope;
  /** Time range, epoch ms, [from, to), on `timeField`. */
  from?: number;
  to?: number;
  timeField?: 'created_at' | 'last_seen';
  ruleId?: string;
  source?: string;
  /** Current severity, any of. */
  severity?: Severity[];
  /** The rule's own level, any of. */
  level?: Severity[];
  status?: AlertStatus[];
  assignee?: string;
  unassigned?: boolean;
  host?: string;
  user?: string;
  sourceIp?: string;
  /** Words in the title. */
  text?: string;
  sort?: AlertSort;
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

function anyOf(column: string, values: readonly string[], where: string[], params: (string | number)[]): void {
  where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
  params.push(...values);
}

export function listAlerts(db: StateDb, query: AlertListQuery): { items: Alert[]; next_cursor?: string } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (query.tenants !== null) {
    if (query.tenants.length === 0) return { items: [] };
    anyOf('tenant_id', query.tenants, where, params);
  }
  const timeColumn = query.timeField ?? 'created_at';
  if (query.from !== undefined) { where.push(`${timeColumn} >= ?`); params.push(query.from); }
  if (query.to !== undefined) { where.push(`${timeColumn} < ?`); params.push(query.to); }
  if (query.ruleId !== undefined) { where.push('rule_id = ?'); params.push(query.ruleId); }
  if (query.source !== undefined) { where.push('source = ?'); params.push(query.source); }
  if (query.severity?.length) anyOf('severity', query.severity, where, params);
  if (query.level?.length) anyOf('rule_level', query.level, where, params);
  if (query.status?.length) anyOf('status', query.status, where, params);
  if (query.assignee !== undefined) { where.push('assignee = ?'); params.push(query.assignee); }
  if (query.unassigned) where.push('assignee IS NULL');
  if (query.host !== undefined) { where.push('host_name = ? COLLATE NOCASE'); params.push(query.host); }
  if (query.user !== undefined) { where.push('user_name = ? COLLATE NOCASE'); params.push(query.user); }
  if (query.sourceIp !== undefined) { where.push('source_ip = ?'); params.push(query.sourceIp); }
  if (query.text) {
    // LIKE is case-insensitive for ASCII; the user's % and _ are taken literally.
    where.push("rule_title LIKE ? ESCAPE '\\'");
    params.push(`%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  const sort = SORT_EXPRESSION[query.sort ?? 'created_at'];
  const desc = (query.order ?? 'desc') === 'desc';
  if (query.cursor !== undefined) {
    const [value, id] = decodeCursor(query.cursor);
    const cmp = desc ? '<' : '>';
    where.push(`((${sort}) ${cmp} ? OR ((${sort}) = ? AND id ${cmp} ?))`);
    params.push(Number(value), Number(value), id);
  }
  const limit = query.limit ?? DEFAULT_PAGE;
  const direction = desc ? 'DESC' : 'ASC';
  // With an entity or rule filter, its index finds a few rows to sort; without statistics SQLite
  // would rather walk the whole time index in order. A unary + makes the sort key unindexable.
  const selective = query.host !== undefined || query.user !== undefined || query.sourceIp !== undefined || query.ruleId !== undefined;
  const rows = db.prepare(`SELECT *, (${selective ? `+(${sort})` : sort}) AS sort_value FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY sort_value ${direction}, id ${direction} LIMIT ?`).all(...params, limit + 1) as (AlertRow & { sort_value: number })[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toAlert),
    ...(rows.length > limit && last ? { next_cursor: encodeCursor([last.sort_value, last.id]) } : {}),
  };
}
