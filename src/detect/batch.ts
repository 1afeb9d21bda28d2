// One batch through detection: Sigma matches of the enabled rules become alert candidates, and
// the matches correlations consume go to the batch's tenants' correlators (so a brute force
// spread over two tenants never correlates); completed correlations become candidates too.
import type { AlertCandidate } from '../alerts/index.js';
import type { VigilEvent } from '../event/event.js';
import { correlationCandidate, matchCandidate } from './candidates.js';
import type { CompiledRules } from './compile.js';
import type { Correlator } from './correlate/index.js';
import type { RuleMatch } from './sigma/index.js';

export function candidatesOf(
  compiled: CompiledRules,
  events: readonly VigilEvent[],
  correlatorFor: (tenant: string) => Correlator,
  /** Told after each correlator ran, with the matches it failed on (counted as detection errors). */
  onCorrelated: (failed: number) => void,
): AlertCandidate[] {
  const matches = compiled.engine.matchBatch(events);
  if (matches.length === 0) return [];
  const candidates: AlertCandidate[] = [];
  let byTenant: Map<string, RuleMatch[]> | undefined;
  for (const m of matches) {
    if (m.alert && compiled.alerting.has(m.rule.key)) candidates.push(matchCandidate(m));
    if (!compiled.correlated.has(m.rule.key)) continue;
    byTenant ??= new Map();
    const list = byTenant.get(m.event.tenant);
    if (list) list.push(m);
    else byTenant.set(m.event.tenant, [m]);
  }
  if (!byTenant) return candidates;
  let byId: Map<string, VigilEvent> | undefined;
  for (const [tenant, list] of byTenant) {
    const correlator = correlatorFor(tenant);
    const failedBefore = correlator.stats().failed;
    const found = correlator.process(list);
    onCorrelated(correlator.stats().failed - failedBefore);
    for (const c of found) {
      if (!c.alert || !compiled.alerting.has(c.rule.key)) continue;
      byId ??= new Map(events.map((e) => [e.id, e]));
      candidates.push(correlationCandidate(tenant, c, byId.get(c.events[c.events.length - 1] ?? '')));
    }
  }
  return candidates;
}
