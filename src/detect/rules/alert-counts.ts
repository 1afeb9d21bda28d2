// What each rule has raised: alert counts per rule and a rule's latest alerts, within the
// caller's tenants (rules are shared, their alerts are not).
import { listAlerts, type TenantScope } from '../../alerts/index.js';
import type { StateDb } from '../../store/state/database.js';

/** Alerts raised by detection (Sigma rules and correlations), per rule id. */
export function alertCountsByRule(db: StateDb, scope: TenantScope): Map<string, number> {
  if (scope !== null && scope.length === 0) return new Map();
  const where = scope === null ? '' : `AND tenant_id IN (${scope.map(() => '?').join(', ')})`;
  const rows = db.prepare(`SELECT rule_id, COUNT(*) AS n FROM alerts WHERE source IN ('sigma', 'correlation') ${where} GROUP BY rule_id`)
    .all(...(scope ?? [])) as { rule_id: string; n: number }[];
  return new Map(rows.map((r) => [r.rule_id, r.n]));
}

export interface RuleHit {
  id: string;
  title: string;
  severity: string;
  status: string;
  created_at: number;
  last_seen: number;
  count: number;
  tenant: string;
  host: string | null;
  user: string | null;
}

/** The rule's newest alerts. */
export function recentRuleAlerts(db: StateDb, scope: TenantScope, ruleId: string, limit = 10): RuleHit[] {
  return listAlerts(db, { tenants: scope, ruleId, limit, sort: 'created_at', order: 'desc' }).items.map((a) => ({
    id: a.id, title: a.rule.title, severity: a.severity, status: a.status, created_at: a.created_at, last_seen: a.last_seen,
    count: a.count, tenant: a.tenant, host: a.entities.host, user: a.entities.user,
  }));
}
