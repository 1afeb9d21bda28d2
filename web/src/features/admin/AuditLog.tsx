// The audit log: who changed what and when, newest first, filtered by actor, action and time;
// each entry opens to show the state before and after.
import { Fragment, useMemo, useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { ErrorBox, Loading } from '../../components/Feedback.js';
import { TimeRangePicker } from '../../components/TimeRangePicker.js';
import { apiRange, formatTime } from '../../lib/time.js';
import { useUrlSearch } from '../../lib/use-url-search.js';
import { AdminPage } from './AdminPage.js';

interface AuditRecord {
  id: number; at: number; actor: { kind: string; id: string | null; name: string }; action: string;
  entity_type: string; entity_id: string | null; tenant: string | null; before: unknown; after: unknown; detail: Record<string, unknown> | null;
}

type AuditSearch = { actor?: string; action?: string; range?: string; from?: string; to?: string };

export function AuditLog() {
  const [search, setSearch] = useUrlSearch<AuditSearch>();
  const [open, setOpen] = useState<number | null>(null);
  const filters = { actor: search.actor, action: search.action, ...apiRange(search, '7d') };
  const log = useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam, signal }) => api<{ items: AuditRecord[]; next_cursor?: string }>('/api/audit', { query: { ...filters, limit: 200, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.next_cursor,
  });
  const entries = useMemo(() => log.data?.pages.flatMap((p) => p.items) ?? [], [log.data]);
  return (
    <AdminPage title="Audit log" actions={<TimeRangePicker value={search} fallback="7d" onChange={(r) => setSearch(r)} />}>
      <div className="toolbar">
        <input type="search" placeholder="Actor (name or id)" defaultValue={search.actor} onKeyDown={(e) => { if (e.key === 'Enter') setSearch({ actor: (e.target as HTMLInputElement).value || undefined }); }} />
        <input type="search" placeholder="Action (user.login, alert.*)" defaultValue={search.action} onKeyDown={(e) => { if (e.key === 'Enter') setSearch({ action: (e.target as HTMLInputElement).value || undefined }); }} />
      </div>
      <div className="panel">
        {log.isError ? <div className="panel-body"><ErrorBox error={log.error} /></div> : log.isPending ? <Loading /> : (
          <table className="data" aria-label="Audit log">
            <thead><tr><th>Time</th><th>Actor</th><th>Action</th><th>Entity</th><th>Tenant</th></tr></thead>
            <tbody>{entries.map((e) => (
              <Fragment key={e.id}>
                <tr className="clickable" onClick={() => setOpen(open === e.id ? null : e.id)}>
                  <td className="cell-mono nowrap">{formatTime(e.at)}</td>
                  <td>{e.actor.name} <span className="faint">({e.actor.kind})</span></td>
                  <td><button className="ghost small mono" onClick={(ev) => { ev.stopPropagation(); setSearch({ action: e.action }); }}>{e.action}</button></td>
                  <td className="cell-mono muted">{e.entity_type}{e.entity_id ? ` ${e.entity_id}` : ''}</td>
                  <td className="mono muted">{e.tenant ?? '—'}</td>
                </tr>
                {open === e.id && (
                  <tr><td colSpan={5}>
                    <div className="grid grid-3">
                      {(['before', 'after', 'detail'] as const).map((k) => (
                        <div key={k}><div className="muted">{k}</div><pre className="code">{e[k] === null || e[k] === undefined ? '—' : JSON.stringify(e[k], null, 2)}</pre></div>
                      ))}
                    </div>
                  </td></tr>
                )}
              </Fragment>
            ))}</tbody>
          </table>
        )}
        {entries.length === 0 && !log.isPending && <div className="empty">No entries.</div>}
        {log.hasNextPage && <div className="panel-body" style={{ textAlign: 'center' }}><button onClick={() => void log.fetchNextPage()}>Load more</button></div>}
      </div>
    </AdminPage>
  );
}
