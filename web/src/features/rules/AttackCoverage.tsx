// The ATT&CK matrix of what the enabled rules cover: a cell per technique under each tactic its
// rules name, coloured by the alerts those rules raised.
import { useMemo } from 'react';
import { Link } from '@tanstack/react-router';
import { ErrorBox, Loading } from '../../components/Feedback.js';
import { buildMatrix } from './attack.js';
import { useCoverage } from './useRules.js';

/** Cell background: deeper as alerts grow, on a log scale so one noisy technique does not wash out the rest. */
function heat(alerts: number, max: number): string {
  if (alerts === 0) return 'rgba(63, 185, 127, 0.16)';
  const share = Math.log1p(alerts) / Math.log1p(Math.max(max, 1));
  return `rgba(255, 138, 61, ${0.2 + 0.65 * share})`;
}

export function AttackCoverage() {
  const coverage = useCoverage();
  const matrix = useMemo(() => buildMatrix(coverage.data?.techniques ?? []), [coverage.data]);
  const max = Math.max(0, ...(coverage.data?.techniques ?? []).map((t) => t.alerts));

  return (
    <div className="page">
      <div className="page-header">
        <h1>ATT&amp;CK coverage</h1>
        {coverage.data && (
          <span className="muted">
            {coverage.data.techniques.length} techniques covered by {coverage.data.enabled_rules_with_techniques} of {coverage.data.enabled_rules} enabled rules
          </span>
        )}
        <span className="muted"><span className="matrix-cell" style={{ background: heat(0, 1), display: 'inline-block' }}>no alerts</span> <span className="matrix-cell" style={{ background: heat(max || 1, max || 1), display: 'inline-block' }}>most alerts</span></span>
        <Link to="/rules" className="button">Rules</Link>
      </div>
      {coverage.isError && <ErrorBox error={coverage.error} title="Could not load the coverage" />}
      {coverage.isPending ? <Loading what="Loading the coverage" /> : (
        <div className="matrix" aria-label="ATT&CK coverage matrix">
          {matrix.map((column) => (
            <div key={column.tactic} className="matrix-col">
              <div className="matrix-head">{column.name}<div className="muted">{column.techniques.length} techniques</div></div>
              {column.techniques.map((t) => (
                <Link key={t.technique} to="/rules" search={{ tag: `attack.${t.technique.toLowerCase()}`, enabled: 'true' } as never} className="matrix-cell"
                  style={{ background: heat(t.alerts, max) }} title={`${t.technique}: ${t.rules} enabled rule(s), ${t.alerts} alert(s)`}>
                  <span className="id">{t.technique}</span> <span className="muted">{t.rules} rule{t.rules === 1 ? '' : 's'} · {t.alerts} alert{t.alerts === 1 ? '' : 's'}</span>
                </Link>
              ))}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
