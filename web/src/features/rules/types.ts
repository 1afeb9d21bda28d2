// The shapes of the detection rules API (GET /api/rules, /api/rules/:id, /api/rules/coverage,
// POST /api/rules/:id/enable|disable, POST /api/rules/test).

export interface RuleLogsource { product?: string; category?: string; service?: string }

export interface RuleSummary {
  id: string;
  kind: 'rule' | 'correlation';
  title: string;
  level: string | null;
  /** Sigma maturity: stable, test, experimental, deprecated, unsupported. */
  status: string | null;
  author: string | null;
  tags: string[];
  logsource: RuleLogsource;
  /** The rule set: builtin, sigmahq, imported/<name>. */
  source: string;
  enabled: boolean;
  enabled_by_default: boolean;
  /** Set when someone enabled or disabled it against the default. */
  override: string | null;
  file: string;
  line: number;
  /** Alerts the rule has raised (in the caller's tenants). */
  alert_count: number;
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

export interface RuleDetail extends RuleSummary {
  description: string | null;
  references: string[];
  falsepositives: string[];
  license: string | null;
  yaml: string;
  recent_hits: RuleHit[];
  /** Load or compile problems of the rule's file, as "file:line: message". */
  errors: string[];
}

export interface RuleTestResult {
  events: number;
  matches: { index: number; rule_id: string; rule_title: string; level: string | null; alert: boolean; matched_fields: Record<string, unknown> }[];
  correlations: { rule_id: string; rule_title: string; level: string | null; group: unknown; value: unknown; events: number[] }[];
  errors: { message: string; line: number | null; reason?: string }[];
  /** Rules whose logsource no field mapping covers. */
  unmapped: string[];
}

export interface CoverageEntry {
  technique: string;
  /** ATT&CK tactic short names as Sigma tags write them ("defense-evasion"). */
  tactics: string[];
  rules: number;
  alerts: number;
}

export interface Coverage {
  techniques: CoverageEntry[];
  enabled_rules: number;
  enabled_rules_with_techniques: number;
}

export function logsourceText(logsource: RuleLogsource): string {
  return [logsource.product, logsource.category, logsource.service].filter(Boolean).join('/') || '—';
}
