// ATT&CK coverage of the enabled rules, for the console's matrix: each technique an enabled
// rule is tagged with, its tactics, how many enabled rules cover it, and the alerts raised by
// rules tagged with it.
import { attackTechniques } from '../../alerts/index.js';
import type { RuleCatalog } from './catalog.js';
import type { RuleState } from './policy.js';

export interface CoverageEntry {
  /** "T1059.001". */
  technique: string;
  /** Tactics named by the covering rules' tags ("execution", "credential-access"). */
  tactics: string[];
  /** Enabled rules tagged with the technique. */
  rules: number;
  /** Alerts of any rule tagged with it, in the caller's tenants. */
  alerts: number;
}

/** Tags that name ATT&CK objects other than tactics: techniques, groups, software, data sources. */
const NOT_A_TACTIC = /^attack\.(t\d{4}|g\d{4}|s\d{4}|ds\d{4})/i;

function tacticsOf(tags: readonly string[]): string[] {
  return tags.filter((t) => /^attack\./i.test(t) && !NOT_A_TACTIC.test(t)).map((t) => t.slice('attack.'.length).toLowerCase().replace(/_/g, '-'));
}

export function attackCoverage(
  catalog: Pick<RuleCatalog, 'rules'>,
  states: ReadonlyMap<string, RuleState>,
  alertCounts: ReadonlyMap<string, number>,
): { techniques: CoverageEntry[]; enabled_rules: number; enabled_rules_with_techniques: number } {
  const byTechnique = new Map<string, { tactics: Set<string>; rules: number; alerts: number }>();
  let enabled = 0;
  let tagged = 0;
  for (const rule of catalog.rules) {
    const techniques = attackTechniques(rule.doc.tags);
    const on = states.get(rule.key)?.enabled === true;
    if (on) enabled++;
    if (on && techniques.length > 0) tagged++;
    const alerts = alertCounts.get(rule.key) ?? 0;
    for (const technique of techniques) {
      let entry = byTechnique.get(technique);
      if (!entry) byTechnique.set(technique, (entry = { tactics: new Set(), rules: 0, alerts: 0 }));
      entry.alerts += alerts;
      if (!on) continue;
      entry.rules++;
      for (const tactic of tacticsOf(rule.doc.tags)) entry.tactics.add(tactic);
    }
  }
  const techniques = [...byTechnique]
    .filter(([, e]) => e.rules > 0)
    .map(([technique, e]) => ({ technique, tactics: [...e.tactics].sort(), rules: e.rules, alerts: e.alerts }))
    .sort((a, b) => (a.technique < b.technique ? -1 : a.technique > b.technique ? 1 : 0));
  return { techniques, enabled_rules: enabled, enabled_rules_with_techniques: tagged };
}
