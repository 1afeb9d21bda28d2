// The SOC at a glance for a tenant and period: alerts over time by severity, open alerts by
// status, the most frequent rules, hosts and users, and MTTD / MTTA / MTTR. Refreshes itself.
import { useMemo } from 'react';
import { Link } from '@tanstack/react-router';
import { baseOption, Chart, chartColors } from '../../components/Chart.js';
import { ErrorBox, Loading } from '../../components/Feedback.js';
import { TimeRangePicker } from '../../components/TimeRangePicker.js';
import { absoluteRange, apiRange, formatDuration, formatTime, rangeLabel } from '../../lib/time.js';
import { useUrlSearch } from '../../lib/use-url-search.js';
import { SeverityBadge } from '../alerts/badges.js';
import { SEVERITIES, STATUSES, label, type Alert } from '../alerts/types.js';
import { useAlertStream } from '../alerts/useAlerts.js';
import { TenantSelect } from '../tenants/TenantSelect.js';
import { bucketAlerts, countByStatus, topBy } from './aggregate.js';
import { DASHBOARD_ALERT_CAP, durationStats, useAlertsInRange, useOpenAlerts, useSocMetrics } from './useDashboard.js';

type DashboardSearch = { range?: string; from?: string; to?: string; tenant?: string };

function TopList({ title, rows, link }: { title: string; rows: { key: string; count: number }[]; link: (key: string) => Record<string, string> }) {
  const max = rows[0]?.count ?? 1;
  return (
    <div className="panel">
      <div className="panel-header"><h2>{title}</h2></div>
      <div className="panel-body" style={{ display: 'flex', flexDirection: 'column', gap: '0.35rem' }}>
        {rows.length === 0 && <span className="muted">None in this period.</span>}
        {rows.map((row) => (
          <div key={row.key} className="top-value" style={{ gridTemplateColumns: '1fr auto' }}>
            <Link to="/alerts" search={{ ...link(row.key), status: 'all' } as never} className="truncate" title={row.key}>{row.key}</Link>
            <span className="strong">{row.count}</span>
            <div className="bar"><span style={{ width: `${(row.count / max) * 100}%` }} /></div>
          </div>
        ))}
      </div>
    </div>
  );
}

function Metric({ name, title, stats }: { name: string; title: string; stats: ReturnType<typeof durationStats> }) {
  return (
    <div className="panel stat" data-testid={`metric-${name}`}>
      <div className="label">{title}</div>
      <div className="value">{formatDuration(stats?.median_ms)}</div>
      <div className="sub">median · mean {formatDuration(stats?.mean_ms)} · {stats?.count ?? 0} alerts</div>
    </div>
  );
}

export function Dashboard() {
  const [search, setSearch] = useUrlSearch<DashboardSearch>();
  const range = apiRange(search);
  const inRange = useAlertsInRange(range, search.tenant);
  const open = useOpenAlerts(search.tenant);
  const metrics = useSocMetrics(range, search.tenant);
  useAlertStream();
  const alerts: Alert[] = inRange.data?.alerts ?? [];
  const updatedAt = inRange.dataUpdatedAt;

  const overTime = useMemo(() => {
    const { from, to } = absoluteRange(search, updatedAt || Date.now());
    const buckets = bucketAlerts(alerts, from, to);
    const colors = chartColors();
    const base = baseOption();
    return {
      ...base,
      grid: { left: 40, right: 12, top: 30, bottom: 24 },
      legend: { top: 0, right: 0, textStyle: { color: colors.text }, itemWidth: 10, itemHeight: 10 },
      xAxis: { ...(base.xAxis as object), type: 'time' },
      yAxis: { ...(base.yAxis as object), type: 'value' },
      series: [...SEVERITIES].reverse().map((s) => ({
        name: s, type: 'bar', stack: 'alerts', barMaxWidth: 28, itemStyle: { color: colors.severity[s] },
        data: buckets.times.map((t, i) => [t + buckets.intervalMs / 2, buckets.bySeverity[s]![i]]),
      })),
    };
  }, [alerts, search, updatedAt]);

  const byStatus = useMemo(() => {
    const counts = countByStatus(open.data?.alerts ?? []);
    const colors = chartColors();
    const base = baseOption();
    const statuses = STATUSES.filter((s) => s !== 'closed');
    return {
      ...base,
      grid: { left: 96, right: 24, top: 8, bottom: 20 },
      tooltip: { ...(base.tooltip as object), trigger: 'item' },
      xAxis: { ...(base.yAxis as object), type: 'value' },
      yAxis: { ...(base.xAxis as object), type: 'category', data: statuses.map(label), inverse: true },
      series: [{ type: 'bar', barMaxWidth: 22, data: statuses.map((s) => ({ value: counts[s], itemStyle: { color: colors.status[s] } })), label: { show: true, position: 'right', color: colors.strong } }],
    };
  }, [open.data]);

  const critical = (open.data?.alerts ?? []).filter((a) => a.severity === 'critical' || a.severity === 'high').slice(0, 8);

  return (
    <div className="page">
      <div className="page-header">
        <h1>Dashboard</h1>
        <span className="muted">{rangeLabel(search)} · updated {updatedAt ? formatTime(updatedAt) : '…'}</span>
        <TenantSelect value={search.tenant} onChange={(tenant) => setSearch({ tenant })} />
        <TimeRangePicker value={search} onChange={(r) => setSearch(r)} />
      </div>
      {inRange.isError && <ErrorBox error={inRange.error} title="Could not load alerts" />}

      <div className="grid grid-4">
        <div className="panel stat" data-testid="stat-alerts">
          <div className="label">Alerts raised</div>
          <div className="value">{inRange.data ? `${alerts.length}${inRange.data.capped ? '+' : ''}` : '…'}</div>
          <div className="sub">{rangeLabel(search).toLowerCase()}</div>
        </div>
        <Metric name="mttd" title="Time to detect" stats={durationStats(metrics.data, 'mttd')} />
        <Metric name="mtta" title="Time to acknowledge" stats={durationStats(metrics.data, 'mtta')} />
        <Metric name="mttr" title="Time to resolve" stats={durationStats(metrics.data, 'mttr')} />
      </div>

      <div className="grid" style={{ gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr)' }}>
        <div className="panel">
          <div className="panel-header"><h2>Alerts over time by severity</h2>{inRange.data?.capped && <span className="muted">newest {DASHBOARD_ALERT_CAP}</span>}</div>
          <div className="panel-body" style={{ padding: '0.4rem 0.6rem' }}>
            {inRange.isPending ? <Loading /> : <Chart ariaLabel="Alerts over time by severity" option={overTime} height={240} />}
          </div>
        </div>
        <div className="panel">
          <div className="panel-header"><h2>Open alerts by status</h2><Link to="/alerts">Queue →</Link></div>
          <div className="panel-body" style={{ padding: '0.4rem 0.6rem' }}>
            {open.isPending ? <Loading /> : <Chart ariaLabel="Open alerts by status" option={byStatus} height={240} />}
          </div>
        </div>
      </div>

      <div className="grid grid-4">
        <TopList title="Top rules" rows={topBy(alerts, (a) => a.rule.title)} link={(key) => ({ q: key })} />
        <TopList title="Top hosts" rows={topBy(alerts, (a) => a.entities.host)} link={(key) => ({ host: key })} />
        <TopList title="Top users" rows={topBy(alerts, (a) => a.entities.user)} link={(key) => ({ user: key })} />
        <div className="panel">
          <div className="panel-header"><h2>Open critical and high</h2></div>
          <div className="panel-body flush">
            {critical.length === 0 ? <div className="empty">None open.</div> : (
              <table className="data" aria-label="Open critical and high alerts"><tbody>
                {critical.map((a) => (
                  <tr key={a.id}>
                    <td><SeverityBadge severity={a.severity} /></td>
                    <td><Link to="/alerts/$alertId" params={{ alertId: a.id } as never}>{a.rule.title}</Link><div className="faint mono" style={{ fontSize: '0.85em' }}>{a.entities.host ?? a.entities.user ?? ''}</div></td>
                  </tr>
                ))}
              </tbody></table>
            )}
          </div>
        </div>
      </div>

      {metrics.data && metrics.data.false_positive_rate.length > 0 && (
        <div className="panel">
          <div className="panel-header"><h2>False-positive rate by rule</h2></div>
          <div className="panel-body flush">
            <table className="data" aria-label="False-positive rate by rule">
              <thead><tr><th>Rule</th><th className="num">Closed</th><th className="num">False positives</th><th className="num">Rate</th></tr></thead>
              <tbody>
                {metrics.data.false_positive_rate.slice(0, 10).map((r) => (
                  <tr key={r.rule_id}><td>{r.rule_title}</td><td className="num">{r.closed}</td><td className="num">{r.false_positives}</td><td className="num">{Math.round(r.rate * 100)}%</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </div>
  );
}
