// Detection rules: filters in the URL (enabled, level, maturity, tag, logsource, set, text), and a
// switch per rule to enable or disable it.
import { useMemo } from 'react';
import { Link, useNavigate } from '@tanstack/react-router';
import type { ColumnDef } from '@tanstack/react-table';
import { errorMessage } from '../../api/client.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorBox, Loading } from '../../components/Feedback.js';
import { useToast } from '../../components/Toasts.js';
import { listParam, toggled } from '../../lib/search-params.js';
import { useUrlSearch } from '../../lib/use-url-search.js';
import { SeverityBadge } from '../alerts/badges.js';
import { useCan } from '../session/useSession.js';
import { logsourceText, type RuleSummary } from './types.js';
import { useRuleList, useSetRuleEnabled } from './useRules.js';
import { techniqueOf } from './attack.js';

type RuleSearch = { enabled?: string; level?: string; status?: string; tag?: string; logsource?: string; source?: string; q?: string };

const LEVELS = ['critical', 'high', 'medium', 'low', 'informational'];
const MATURITY = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'];

export function RuleList() {
  const [search, setSearch] = useUrlSearch<RuleSearch>();
  const can = useCan();
  const navigate = useNavigate();
  const toast = useToast();
  const levels = listParam(search.level);
  const list = useRuleList({ enabled: search.enabled, level: levels, status: search.status, tag: search.tag, logsource: search.logsource, source: search.source, q: search.q, limit: 200 });
  const total = list.data?.pages[0]?.total;
  const rules = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const setEnabled = useSetRuleEnabled();
  const canWrite = can('rules:write');

  const columns = useMemo<ColumnDef<RuleSummary, unknown>[]>(() => [
    {
      id: 'enabled', header: 'On',
      cell: ({ row }) => (
        <input type="checkbox" aria-label={`${row.original.enabled ? 'Disable' : 'Enable'} ${row.original.title}`} checked={row.original.enabled} disabled={!canWrite}
          onClick={(e) => e.stopPropagation()}
          onChange={(e) => setEnabled.mutate({ id: row.original.id, enabled: e.target.checked }, {
            onSuccess: (r) => toast(`${r.title} ${r.enabled ? 'enabled' : 'disabled'}`, 'ok'),
            onError: (error) => toast(errorMessage(error), 'error'),
          })} />
      ),
    },
    { id: 'level', header: 'Level', cell: ({ row }) => (row.original.level ? <SeverityBadge severity={row.original.level} /> : <span className="faint">—</span>) },
    {
      id: 'title', header: 'Rule',
      cell: ({ row }) => (
        <div>
          <Link to="/rules/$ruleId" params={{ ruleId: row.original.id } as never} className="strong" onClick={(e) => e.stopPropagation()}>{row.original.title}</Link>
          {row.original.kind === 'correlation' && <span className="badge neutral" style={{ marginLeft: 6 }}>correlation</span>}
          <div>{row.original.tags.filter((t) => techniqueOf(t) !== null).slice(0, 4).map((t) => <span key={t} className="tag technique" style={{ marginRight: 4 }}>{techniqueOf(t)}</span>)}</div>
        </div>
      ),
    },
    { id: 'logsource', header: 'Log source', cell: ({ row }) => <button className="ghost small mono" onClick={(e) => { e.stopPropagation(); setSearch({ logsource: logsourceText(row.original.logsource) }); }}>{logsourceText(row.original.logsource)}</button> },
    { id: 'status', header: 'Maturity', cell: ({ row }) => <span className="muted">{row.original.status ?? '—'}</span> },
    { id: 'source', header: 'Set', cell: ({ row }) => <button className="ghost small" onClick={(e) => { e.stopPropagation(); setSearch({ source: row.original.source }); }}>{row.original.source}</button> },
    { id: 'alerts', header: 'Alerts', meta: { className: 'num' }, cell: ({ row }) => row.original.alert_count },
  ], [canWrite, setEnabled, setSearch, toast]);

  return (
    <div className="page">
      <div className="page-header">
        <h1>Detection rules</h1>
        {total !== undefined && <span className="muted">{total} match</span>}
        <Link to="/rules/coverage" className="button">ATT&amp;CK coverage</Link>
        <Link to="/rules/test" className="button">Test a rule</Link>
      </div>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Enabled">
          {[['', 'All'], ['true', 'Enabled'], ['false', 'Disabled']].map(([value, text]) => (
            <button key={text} className={(search.enabled ?? '') === value ? 'pressed' : ''} onClick={() => setSearch({ enabled: value || undefined })}>{text}</button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label="Level">
          {LEVELS.map((l) => <button key={l} className={levels.includes(l) ? 'pressed' : ''} onClick={() => setSearch({ level: toggled(levels, l).join(',') || undefined })}><span className={`sev sev-${l}`}>{l === 'informational' ? 'info' : l}</span></button>)}
        </div>
        <select aria-label="Maturity" value={search.status ?? ''} onChange={(e) => setSearch({ status: e.target.value || undefined })}>
          <option value="">Any maturity</option>{MATURITY.map((m) => <option key={m}>{m}</option>)}
        </select>
        <input type="search" placeholder="Tag (attack.t1059)" defaultValue={search.tag} onKeyDown={(e) => { if (e.key === 'Enter') setSearch({ tag: (e.target as HTMLInputElement).value || undefined }); }} />
        <input type="search" placeholder="Words of the title" defaultValue={search.q} onKeyDown={(e) => { if (e.key === 'Enter') setSearch({ q: (e.target as HTMLInputElement).value || undefined }); }} />
        {search.logsource && <button className="small pressed" onClick={() => setSearch({ logsource: undefined })}>logsource: {search.logsource} ✕</button>}
        {search.source && <button className="small pressed" onClick={() => setSearch({ source: undefined })}>set: {search.source} ✕</button>}
      </div>
      <div className="panel">
        {list.isError ? <div className="panel-body"><ErrorBox error={list.error} title="Could not load rules" /></div>
          : list.isPending ? <Loading what="Loading rules" />
            : <DataTable label="Rules" data={rules} columns={columns} rowId={(r) => r.id}
              onRowClick={(r) => void navigate({ to: '/rules/$ruleId', params: { ruleId: r.id } } as never)} empty={<div className="empty">No rules match.</div>} />}
        {list.hasNextPage && <div className="panel-body" style={{ textAlign: 'center' }}><button onClick={() => void list.fetchNextPage()}>Load more</button></div>}
      </div>
    </div>
  );
}
