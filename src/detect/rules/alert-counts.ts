// What each rule has raised: alert counts per rule and a rule's latest alerts, within the
// caller's tenants (rules are shared, their alerts are not).
import { listAlerts, type TenantScope } from '../../alerts/index.js';
import type { StateDb } from '../../store/state/database.js';

/** Alerts raised by detection (Sigma rules and correlations), per rule id; of the given rules only, when given. */
export function alertCountsByRule(db: StateDb, scope: TenantScope, ruleIds?: readonly string[]): Map<string, number> {
  if ((scope !== null && scope.length === 0) || ruleIds?.length === 0) return new Map();
  const params: string[] = [];
  let where = "source IN ('sigma', 'correlation')";
  if (scope !== null) {
    where += ` AND tenant_id IN (${scope.map(() => '?').join(', ')})`;
    params.push(...scope);
  }
  if (ruleIds !== undefined) {
    where += ` AND rule_id IN (${ruleIds.map(() => '?').join(', ')})`;
    params.push(...ruleIds);
  }
  const rows = db.prepare(`SELECT rule_id, COUNT(*) AS n FROM alerts WHERE ${where} GROUP BY rule_id`).all(...params) as { rule_id: string; n: number }[];
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
