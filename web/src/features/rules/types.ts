// The shapes of the detection rules API the console is built against (GET /api/rules,
// GET /api/rules/:id, POST /api/rules/:id/enable|disable, POST /api/rules/test).

export interface RuleLogsource { product?: string; category?: string; service?: string }

export interface RuleSummary {
  id: string;
  title: string;
  level: string;
  /** Sigma maturity: stable, test, experimental, deprecated… */
  status?: string;
  enabled: boolean;
  tags: string[];
  logsource: RuleLogsource;
  author?: string;
  /** Where the rule comes from: builtin, sigmahq, imported/<set>. */
  source?: string;
  /** Alerts the rule raised recently, when the API counts them. */
  alert_count?: number;
}

export interface RuleHit { id: string; severity: string; status: string; created_at: number; host?: string | null; user?: string | null; title?: string }

export interface RuleDetail extends RuleSummary {
  description?: string;
  references?: string[];
  falsepositives?: string[];
  yaml: string;
  recent_hits?: RuleHit[];
  errors?: string[];
}

export interface RuleTestResult {
  matches: { index: number; matched_fields?: Record<string, unknown> }[];
  errors?: { message: string; line?: number }[];
}

export function logsourceText(logsource: RuleLogsource): string {
  return [logsource.product, logsource.category, logsource.service].filter(Boolean).join(' / ') || '—';
}
