// One rule: what it detects, its YAML, its recent hits, and the switch to enable or disable it.
import { Link, useParams } from '@tanstack/react-router';
import { errorMessage } from '../../api/client.js';
import { ErrorBox, Loading } from '../../components/Feedback.js';
import { Markdown } from '../../components/Markdown.js';
import { useToast } from '../../components/Toasts.js';
import { formatTime } from '../../lib/time.js';
import { SeverityBadge, StatusBadge } from '../alerts/badges.js';
import { useCan } from '../session/useSession.js';
import { techniqueOf } from './attack.js';
import { logsourceText } from './types.js';
import { useRule, useSetRuleEnabled } from './useRules.js';

export function RulePage() {
  const { ruleId } = useParams({ strict: false }) as { ruleId: string };
  const rule = useRule(ruleId);
  const setEnabled = useSetRuleEnabled();
  const can = useCan();
  const toast = useToast();
  if (rule.isPending) return <div className="page"><Loading what="Loading the rule" /></div>;
  if (rule.isError) return <div className="page"><ErrorBox error={rule.error} title="Could not load the rule" /></div>;
  const r = rule.data;
  return (
    <div className="page">
      <div className="page-header" style={{ alignItems: 'flex-start' }}>
        <div style={{ marginRight: 'auto', display: 'flex', flexDirection: 'column', gap: '0.35rem' }}>
          <div className="muted"><Link to="/rules">Rules</Link> / <span className="mono">{r.id}</span></div>
          <div className="title-line">
            {r.level && <SeverityBadge severity={r.level} />}<h1>{r.title}</h1>
            <span className={`badge ${r.enabled ? 'ok' : 'neutral'}`} data-testid="rule-state">{r.enabled ? 'enabled' : 'disabled'}</span>
            {r.override && <span className="badge warn" title={`Default: ${r.enabled_by_default ? 'enabled' : 'disabled'}`}>changed by hand</span>}
            {r.kind === 'correlation' && <span className="badge neutral">correlation</span>}
          </div>
          <div className="muted">{logsourceText(r.logsource)} · {r.status ?? 'no maturity'} · by {r.author ?? 'unknown'} · {r.source} · {r.alert_count} alert{r.alert_count === 1 ? '' : 's'}{r.license ? ` · ${r.license}` : ''}</div>
        </div>
        {can('rules:write') && (
          <div className="toolbar">
            <button onClick={() => setEnabled.mutate({ id: r.id, enabled: !r.enabled }, { onSuccess: (x) => toast(`${x.title} ${x.enabled ? 'enabled' : 'disabled'}`, 'ok'), onError: (e) => toast(errorMessage(e), 'error') })}>
              {r.enabled ? 'Disable' : 'Enable'}
            </button>
            <Link to="/rules/test" search={{ rule: r.id } as never} className="button">Test…</Link>
          </div>
        )}
      </div>
      {r.errors && r.errors.length > 0 && <div className="error-box"><strong>Problems:</strong> {r.errors.join('; ')}</div>}
      <div className="alert-layout">
        <div className="grid">
          <div className="panel">
            <div className="panel-header"><h2>Description</h2></div>
            <div className="panel-body grid" style={{ gap: '0.6rem' }}>
              {r.description ? <Markdown source={r.description} /> : <span className="muted">No description.</span>}
              <dl className="props">
                <dt>Tags</dt><dd>{r.tags.map((t) => <span key={t} className={`tag${techniqueOf(t) ? ' technique' : ''}`} style={{ marginRight: 4 }}>{t}</span>)}</dd>
                {r.references.length > 0 && <><dt>References</dt><dd>{r.references.map((ref) => <div key={ref}>{/^https?:\/\//.test(ref) ? <a href={ref} target="_blank" rel="noopener noreferrer nofollow">{ref}</a> : ref}</div>)}</dd></>}
                {r.falsepositives.length > 0 && <><dt>False positives</dt><dd>{r.falsepositives.join('; ')}</dd></>}
              </dl>
            </div>
          </div>
          <div className="panel">
            <div className="panel-header"><h2>YAML</h2><span className="muted mono">{r.file}:{r.line}</span></div>
            <div className="panel-body"><pre className="code" data-testid="rule-yaml">{r.yaml}</pre></div>
          </div>
        </div>
        <div className="panel">
          <div className="panel-header"><h2>Recent hits</h2><Link to="/alerts" search={{ rule: r.id, status: 'all' } as never}>All →</Link></div>
          <div className="panel-body flush">
            {r.recent_hits.length === 0 ? <div className="empty">No recent alerts.</div> : (
              <table className="data" aria-label="Recent hits"><tbody>
                {r.recent_hits.map((hit) => (
                  <tr key={hit.id}>
                    <td><SeverityBadge severity={hit.severity} /></td>
                    <td><Link to="/alerts/$alertId" params={{ alertId: hit.id } as never} className="mono">{hit.host ?? hit.user ?? hit.id.slice(0, 8)}</Link><div className="faint">{formatTime(hit.created_at)}</div></td>
                    <td><StatusBadge status={hit.status} /></td>
                  </tr>
                ))}
              </tbody></table>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
