// Enabling and disabling rules, for the API and the CLI alike: resolve what is asked (ids or a
// query), apply it through the caller's writer (the running detection service, or the settings
// table directly from the CLI), and leave one audit entry per request.
import { recordAudit, type AuditActor } from '../../audit/audit.js';
import { NotFoundError, VigilError } from '../../errors.js';
import type { StateDb } from '../../store/state/database.js';
import type { CatalogRule, RuleCatalog } from './catalog.js';
import type { RuleState } from './policy.js';
import { selectRules, type RuleQuery } from './query.js';

/** Ids named in an audit entry of a bulk change; the count stays exact beyond it. */
const AUDITED_IDS = 1000;

export type RuleWriter = (ids: readonly string[], enabled: boolean, by: string) => void;

export interface RuleChangeResult {
  /** Rules the request selected. */
  matched: number;
  /** Of those, the ones whose effective state changed. */
  changed: string[];
  enabled: boolean;
}

export function rulesByIds(catalog: Pick<RuleCatalog, 'byKey'>, ids: readonly string[]): CatalogRule[] {
  return ids.map((id) => {
    const rule = catalog.byKey.get(id);
    if (!rule) throw new NotFoundError(`rule ${id}`);
    return rule;
  });
}

export function isEmptyQuery(query: RuleQuery): boolean {
  return Object.values(query).every((v) => v === undefined || (Array.isArray(v) && v.length === 0) || v === '');
}

/**
 * Sets the rules' explicit setting (also on those already in that state, so a later change of
 * the default policy leaves them as the operator said) and audits the request.
 */
export function changeRules(
  db: StateDb,
  write: RuleWriter,
  actor: AuditActor,
  target: { rules: readonly CatalogRule[]; states: ReadonlyMap<string, RuleState>; query?: RuleQuery; bulk?: boolean },
  enabled: boolean,
): RuleChangeResult {
  const ids = target.rules.map((r) => r.key);
  const changed = ids.filter((id) => target.states.get(id)?.enabled !== enabled);
  if (ids.length > 0) write(ids, enabled, actor.name);
  const action = enabled ? 'enable' : 'disable';
  if (!target.bulk && target.query === undefined && ids.length === 1) {
    recordAudit(db, actor, {
      action: `rule.${action}`, entityType: 'rule', entityId: ids[0]!,
      before: { enabled: target.states.get(ids[0]!)?.enabled ?? null }, after: { enabled },
      detail: { title: target.rules[0]!.doc.title },
    });
  } else {
    recordAudit(db, actor, {
      action: `rule.bulk_${action}`, entityType: 'rule',
      detail: { query: target.query ?? null, matched: ids.length, changed: changed.length, ids: ids.slice(0, AUDITED_IDS) },
    });
  }
  return { matched: ids.length, changed, enabled };
}

/** The rules a bulk request selects; an empty query is refused so "disable everything" is never an accident. */
export function rulesForBulk(catalog: Pick<RuleCatalog, 'rules' | 'byKey'>, states: ReadonlyMap<string, RuleState>, ids: readonly string[], query: RuleQuery): CatalogRule[] {
  if (ids.length > 0 && !isEmptyQuery(query)) throw new VigilError('bad_request', 'give rule ids or a filter, not both');
  if (ids.length > 0) return rulesByIds(catalog, ids);
  if (isEmptyQuery(query)) throw new VigilError('bad_request', 'give rule ids or at least one filter (status, level, tag, logsource, source, kind, q, enabled)');
  return selectRules(catalog, states, query);
}
