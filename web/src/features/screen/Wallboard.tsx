// The SOC room's TV (/screen): today's counters and the open critical and high alerts, in
// large type, refreshing by itself (live stream plus a poll), with a clock. ?tenant= narrows it.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { Icon } from '../../components/Icon.js';
import { formatAgo } from '../../lib/time.js';
import { useMarkFirstRender } from '../../lib/perf.js';
import { useNow } from '../../lib/use-now.js';
import { useUrlSearch } from '../../lib/use-url-search.js';
import type { Alert, AlertPage } from '../alerts/types.js';
import { useAlertStream } from '../alerts/useAlerts.js';

const REFRESH_MS = 15_000;

function startOfToday(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

async function allAlerts(query: Record<string, string | number | undefined>, signal: AbortSignal, cap = 2000): Promise<Alert[]> {
  const out: Alert[] = [];
  let cursor: string | undefined;
  do {
    const page = await api<AlertPage>('/api/alerts', { query: { ...query, limit: 500, cursor }, signal });
    out.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && out.length < cap);
  return out;
}

export function Wallboard() {
  const [search] = useUrlSearch<{ tenant?: string }>();
  const now = useNow(1000);
  useMarkFirstRender();
  useAlertStream();
  const today = startOfToday(now);
  const open = useQuery({
    queryKey: ['alerts', 'list', 'screen-open', search.tenant],
    queryFn: ({ signal }) => allAlerts({ status: 'new,acknowledged,in_progress', severity: 'critical,high', sort: 'severity', order: 'desc', tenant: search.tenant }, signal),
    refetchInterval: REFRESH_MS,
  });
  const raised = useQuery({
    queryKey: ['alerts', 'list', 'screen-today', today, search.tenant],
    queryFn: ({ signal }) => allAlerts({ from: today, tenant: search.tenant }, signal, 10_000),
    refetchInterval: REFRESH_MS,
  });
  const todays = raised.data ?? [];
  const openAlerts = open.data ?? [];
  const counters: { label: string; value: number | string; color: string }[] = [
    { label: 'Open critical', value: openAlerts.filter((a) => a.severity === 'critical').length, color: 'var(--sev-critical)' },
    { label: 'Open high', value: openAlerts.filter((a) => a.severity === 'high').length, color: 'var(--sev-high)' },
    { label: 'Raised today', value: raised.data ? todays.length : '…', color: 'var(--accent)' },
    { label: 'Waiting (new)', value: todays.filter((a) => a.status === 'new').length, color: 'var(--st-new)' },
    { label: 'Closed today', value: todays.filter((a) => a.closed_at !== null && a.closed_at >= today).length, color: 'var(--ok)' },
  ];
  const clock = new Date(now);

  return (
    <div className="screen">
      <div className="screen-header">
        <h1><Icon name="logo" size={32} /> VIGIL SOC{search.tenant ? ` · ${search.tenant}` : ''}</h1>
        <button className="ghost" onClick={() => void document.documentElement.requestFullscreen?.()} title="Full screen" aria-label="Full screen"><Icon name="screen" size={22} /></button>
        <span className="screen-clock">{clock.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })}</span>
      </div>
      <div className="screen-counters">
        {counters.map((c) => (
          <div key={c.label} className="screen-counter" style={{ borderTopColor: c.color }} data-testid={`counter-${c.label}`}>
            <div className="label">{c.label}</div>
            <div className="value">{c.value}</div>
          </div>
        ))}
      </div>
      <div className="screen-list">
        {openAlerts.length === 0 && <div className="empty" style={{ fontSize: '1.4em' }}>No open critical or high alerts.</div>}
        {openAlerts.slice(0, 12).map((a) => (
          <div key={a.id} className={`screen-alert ${a.severity}`}>
            <span className={`sev sev-${a.severity}`}>{a.severity}</span>
            <span className="title">{a.rule.title}</span>
            <span className="entity">{a.entities.host ?? a.entities.user ?? a.entities.source_ip ?? a.tenant}</span>
            <span className="muted">{a.status === 'new' ? 'new · ' : ''}{formatAgo(a.created_at, now)}</span>
          </div>
        ))}
        {openAlerts.length > 12 && <div className="muted" style={{ fontSize: '1.1em' }}>and {openAlerts.length - 12} more</div>}
      </div>
      <div className="screen-footer">Updated continuously · {open.isError || raised.isError ? 'connection problem — retrying' : 'connected'}</div>
    </div>
  );
}
