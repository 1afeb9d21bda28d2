// The alerts table's row shape and its conversion to the Alert the API serves.
import type { Alert, AlertSource, AlertStatus, Disposition, Severity, StoredRule } from './types.js';

export interface AlertRow {
  id: string;
  tenant_id: string;
  source: string;
  rule_id: string;
  rule_title: string;
  rule_level: string;
  rule_json: string;
  severity: string;
  status: string;
  assignee: string | null;
  disposition: string | null;
  host_name: string | null;
  user_name: string | null;
  source_ip: string | null;
  group_key: string | null;
  external_ref: string | null;
  details_json: string | null;
  event_count: number;
  first_seen: number;
  last_seen: number;
  created_at: number;
  updated_at: number;
  acknowledged_at: number | null;
  closed_at: number | null;
  mttd_ms: number;
  version: number;
}

/** "attack.t1059.001" → "T1059.001": the technique ids among a rule's tags. */
export function attackTechniques(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    const m = /^attack\.(t\d{4}(?:\.\d{3})?)$/i.exec(tag);
    if (m) out.push(m[1]!.toUpperCase());
  }
  return out;
}

/** The parts of the rule kept as JSON (the id, title and level have columns of their own). */
export type RuleExtras = Omit<StoredRule, 'id' | 'title' | 'level' | 'source'>;

export function toAlert(row: AlertRow): Alert {
  const extras = JSON.parse(row.rule_json) as RuleExtras;
  return {
    id: row.id,
    tenant: row.tenant_id,
    source: row.source as AlertSource,
    rule: {
      id: row.rule_id,
      title: row.rule_title,
      level: row.rule_level as Severity,
      source: row.source as AlertSource,
      ...extras,
      attack_techniques: attackTechniques(extras.tags),
    },
    severity: row.severity as Severity,
    status: row.status as AlertStatus,
    assignee: row.assignee,
    disposition: row.disposition as Disposition | null,
    entities: { host: row.host_name, user: row.user_name, source_ip: row.source_ip },
    count: row.event_count,
    first_seen: row.first_seen,
    last_seen: row.last_seen,
    created_at: row.created_at,
    updated_at: row.updated_at,
    acknowledged_at: row.acknowledged_at,
    closed_at: row.closed_at,
    mttd_ms: row.mttd_ms,
    external_ref: row.external_ref,
    details: row.details_json === null ? null : (JSON.parse(row.details_json) as Record<string, unknown>),
    version: row.version,
  };
}
