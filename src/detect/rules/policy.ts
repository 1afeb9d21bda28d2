// Which rules run: an explicit enable/disable (rule_settings) wins; otherwise the default policy
// decides. Built-in rules run by default; SigmaHQ and imported rules run by default when their
// status and level are among the policy's (stable or test, medium and above, out of the box),
// never when deprecated or unsupported.
import type { Level, Status } from '../sigma/index.js';
import type { CatalogRule, RuleCatalog } from './catalog.js';

export const RULE_LEVELS: readonly Level[] = ['informational', 'low', 'medium', 'high', 'critical'];
export const RULE_STATUSES: readonly Status[] = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'];

export interface EnablePolicy {
  statuses: readonly Status[];
  minLevel: Level;
}

export const DEFAULT_ENABLE_POLICY: EnablePolicy = { statuses: ['stable', 'test'], minLevel: 'medium' };

/** The level a rule without one is treated as (alerts use the same default). */
const LEVEL_WHEN_NONE: Level = 'medium';

export function enabledByDefault(rule: CatalogRule, policy: EnablePolicy): boolean {
  const status = rule.doc.status;
  if (status === 'deprecated' || status === 'unsupported') return false;
  if (rule.set === 'builtin') return true;
  if (status === undefined || !policy.statuses.includes(status)) return false;
  return RULE_LEVELS.indexOf(rule.doc.level ?? LEVEL_WHEN_NONE) >= RULE_LEVELS.indexOf(policy.minLevel);
}

export interface RuleState {
  enabled: boolean;
  /** What the policy alone says. */
  byDefault: boolean;
  /** The explicit setting, null when the rule follows the policy. */
  override: boolean | null;
}

/** Every catalog rule's state under the given overrides and policy. */
export function ruleStates(catalog: Pick<RuleCatalog, 'rules'>, overrides: ReadonlyMap<string, boolean>, policy: EnablePolicy): Map<string, RuleState> {
  const states = new Map<string, RuleState>();
  for (const rule of catalog.rules) {
    const byDefault = enabledByDefault(rule, policy);
    const override = overrides.get(rule.key) ?? null;
    states.set(rule.key, { enabled: override ?? byDefault, byDefault, override });
  }
  return states;
}

/** Keys of the rules that run. */
export function enabledKeys(states: ReadonlyMap<string, RuleState>): Set<string> {
  const keys = new Set<string>();
  for (const [key, state] of states) if (state.enabled) keys.add(key);
  return keys;
}
