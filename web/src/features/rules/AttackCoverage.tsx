// The ATT&CK matrix of what the enabled rules cover: a cell per technique under each tactic,
// coloured by the alerts raised for it in the last 30 days.
import { useMemo } from 'react';
import { Link } from '@tanstack/react-router';
import { ErrorBox, Loading } from '../../components/Feedback.js';
import { useAlertsInRange } from '../dashboard/useDashboard.js';
import { buildMatrix } from './attack.js';
import { useEnabledRules } from './useRules.js';

/** Cell background: deeper as alerts grow, on a log scale so one noisy technique does not wash out the rest. */
function heat(alerts: number, max: number): string {
  if (alerts === 0) return 'rgba(63, 185, 127, 0.16)';
  const share = Math.log1p(alerts) / Math.log1p(Math.max(max, 1));
  return `rgba(255, 138, 61, ${0.2 + 0.65 * share})`;
}

export function AttackCoverage() {
  const rules = useEnabledRules();
  const alerts = useAlertsInRange({ from: 'now-30d' }, undefined);
  const counts = useMemo(() => {
    const map = new Map<string, number>();
    for (const alert of alerts.data?.alerts ?? []) for (const t of alert.rule.attack_techniques) map.set(t, (map.get(t) ?? 0) + 1);
    return map;
  }, [alerts.data]);
  const matrix = useMemo(() => buildMatrix(rules.data ?? [], counts), [rules.data, counts]);
  const max = Math.max(0, ...counts.values());
  const covered = new Set(matrix.flatMap((c) => c.techniques.map((t) => t.id))).size;

  return (
    <div className="page">
      <div className="page-header">
        <h1>ATT&amp;CK coverage</h1>
        <span className="muted">{covered} techniques covered by {rules.data?.length ?? '…'} enabled rules · colour: alerts in the last 30 days</span>
        <Link to="/rules" className="button">Rules</Link>
      </div>
      {rules.isError && <ErrorBox error={rules.error} title="Could not load rules" />}
      {rules.isPending ? <Loading what="Loading rules" /> : (
        <div className="matrix" aria-label="ATT&CK coverage matrix">
          {matrix.map((column) => (
            <div key={column.tactic} className="matrix-col">
              <div className="matrix-head">{column.name}<div className="muted">{column.techniques.length} techniques</div></div>
              {column.techniques.map((t) => (
                <Link key={t.id} to="/rules" search={{ tag: `attack.${t.id.toLowerCase()}` } as never} className="matrix-cell" style={{ background: heat(t.alerts, max) }}
                  title={`${t.id}: ${t.rules.length} rule(s) — ${t.rules.slice(0, 8).join(', ')}${t.rules.length > 8 ? '…' : ''}\n${t.alerts} alert(s) in 30 days`}>
                  <span className="id">{t.id}</span> <span className="muted">{t.rules.length}r · {t.alerts}a</span>
                </Link>
              ))}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
