// The alert queue: filters and sort in the URL, bulk triage, alerts arriving live over the
// stream, and keyboard triage (j/k move, x select, a acknowledge, c close, Enter open, ? help).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from '@tanstack/react-router';
import type { ColumnDef, RowSelectionState } from '@tanstack/react-table';
import { errorMessage } from '../../api/client.js';
import { DataTable, type ColumnMeta } from '../../components/DataTable.js';
import { ErrorBox, Loading } from '../../components/Feedback.js';
import { ShortcutHelp } from '../../components/ShortcutHelp.js';
import { TimeRangePicker } from '../../components/TimeRangePicker.js';
import { useToast } from '../../components/Toasts.js';
import { listParam, toggled } from '../../lib/search-params.js';
import { apiRange, formatAgo, formatTime } from '../../lib/time.js';
import { useNow } from '../../lib/use-now.js';
import { useUrlSearch } from '../../lib/use-url-search.js';
import { typingIn } from '../../lib/keys.js';
import { CaseDialog } from '../cases/CaseDialog.js';
import { useCan, useSignedIn } from '../session/useSession.js';
import { TenantSelect } from '../tenants/TenantSelect.js';
import { SeverityBadge, StatusBadge, Techniques } from './badges.js';
import { CloseDialog } from './CloseDialog.js';
import { SEVERITIES, STATUSES, label, type Alert, type AlertChange, type Disposition } from './types.js';
import { useAlertQueue, useAlertStream, useBulkUpdate, type AlertFilters } from './useAlerts.js';

type QueueSearch = {
  status?: string; severity?: string; q?: string; host?: string; user?: string; assignee?: string; rule?: string;
  tenant?: string; sort?: string; order?: string; range?: string; from?: string; to?: string; sel?: string;
};

const OPEN = 'new,acknowledged,in_progress';

const SHORTCUTS: [string, string][] = [
  ['j', 'Next alert'], ['k', 'Previous alert'], ['x', 'Select or unselect the alert'], ['Enter', 'Open the alert'],
  ['a', 'Acknowledge (the selected alerts, or the one under the cursor)'], ['i', 'Mark in progress'], ['m', 'Assign to me'],
  ['c', 'Close with a disposition'], ['Esc', 'Clear the selection'], ['/', 'Filter by title'], ['g a', 'Go to the alert queue (g d, g e, g c, g r: other sections)'], ['?', 'This help'],
];

export function AlertQueue() {
  const [search, setSearch] = useUrlSearch<QueueSearch>();
  const session = useSignedIn();
  const can = useCan();
  const canWrite = can('alerts:write');
  const navigate = useNavigate();
  const toast = useToast();
  const status = search.status === undefined ? listParam(OPEN) : search.status === 'all' ? [] : listParam(search.status);
  const severity = listParam(search.severity);
  const sort = { key: search.sort ?? 'created_at', desc: (search.order ?? 'desc') === 'desc' };
  const timed = search.range !== undefined || search.from !== undefined;

  const filters: AlertFilters = {
    status, severity, q: search.q, host: search.host, user: search.user, tenant: search.tenant, rule_id: search.rule,
    ...(search.assignee === 'none' ? { unassigned: 'true' } : { assignee: search.assignee }),
    ...(timed ? apiRange(search) : {}),
    sort: sort.key, order: sort.desc ? 'desc' : 'asc', limit: 100,
  };
  const queue = useAlertQueue(filters);
  const alerts = useMemo(() => queue.data?.pages.flatMap((p) => p.items) ?? [], [queue.data]);
  const stream = useAlertStream();
  const fresh = useMemo(() => new Set(stream.created), [stream.created]);

  const [selection, setSelection] = useState<RowSelectionState>({});
  const [closing, setClosing] = useState<Alert[] | null>(null);
  const [casing, setCasing] = useState<Alert[] | null>(null);
  const [help, setHelp] = useState(false);
  const filterInput = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(search.q ?? '');
  const bulk = useBulkUpdate();

  const focusedId = search.sel && alerts.some((a) => a.id === search.sel) ? search.sel : alerts[0]?.id ?? null;
  const selected = alerts.filter((a) => selection[a.id]);
  const targets = useCallback((): Alert[] => {
    if (selected.length > 0) return selected;
    const focused = alerts.find((a) => a.id === focusedId);
    return focused ? [focused] : [];
  }, [alerts, focusedId, selected]);

  const apply = useCallback((list: Alert[], change: AlertChange, verb: string) => {
    if (list.length === 0 || !canWrite) return;
    bulk.mutate({ alerts: list, change }, {
      onSuccess: (result) => {
        if (result.failed === 0) toast(`${result.updated === 1 ? '1 alert' : `${result.updated} alerts`} ${verb}`, 'ok');
        else {
          const first = result.results.find((r) => !r.ok);
          toast(`${result.updated} ${verb}, ${result.failed} failed: ${first && !first.ok ? first.error.message : ''}`, 'error');
        }
        setSelection({});
      },
      onError: (error) => toast(errorMessage(error), 'error'),
    });
  }, [bulk, canWrite, toast]);

  const close = (list: Alert[], disposition: Disposition) => {
    apply(list, { status: 'closed', disposition }, 'closed');
    setClosing(null);
  };

  // Keyboard triage; a dialog open above the queue has the keys to itself.
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (typingIn(event.target) || event.metaKey || event.ctrlKey || event.altKey || closing || casing || help) return;
      // Enter on a focused button or link is that control's own click.
      if (event.key === 'Enter' && (event.target as HTMLElement | null)?.closest?.('button, a')) return;
      const index = alerts.findIndex((a) => a.id === focusedId);
      const move = (to: number) => {
        const next = alerts[Math.max(0, Math.min(alerts.length - 1, to))];
        if (!next) return;
        setSearch({ sel: next.id }, { replace: true });
        document.querySelector(`[data-row-id="${CSS.escape(next.id)}"]`)?.scrollIntoView({ block: 'nearest' });
      };
      const handled = (() => {
        switch (event.key) {
          case 'j': case 'ArrowDown': move(index + 1); return true;
          case 'k': case 'ArrowUp': move(index - 1); return true;
          case 'x': if (focusedId) setSelection((s) => ({ ...s, [focusedId]: !s[focusedId] })); return true;
          case 'Enter': case 'o': if (focusedId) void navigate({ to: '/alerts/$alertId', params: { alertId: focusedId } } as never); return true;
          case 'a': apply(targets(), { status: 'acknowledged' }, 'acknowledged'); return true;
          case 'i': apply(targets(), { status: 'in_progress' }, 'in progress'); return true;
          case 'm': apply(targets(), { assignee: session.user.username }, `assigned to ${session.user.username}`); return true;
          case 'c': if (canWrite && targets().length > 0) setClosing(targets()); return true;
          case 'Escape': setSelection({}); return true;
          case '/': filterInput.current?.focus(); return true;
          case '?': setHelp(true); return true;
          default: return false;
        }
      })();
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [alerts, focusedId, targets, apply, closing, casing, help, navigate, setSearch, session.user.username, canWrite]);

  // The title filter goes to the URL once typing pauses.
  useEffect(() => {
    if (text === (search.q ?? '')) return;
    const timer = setTimeout(() => setSearch({ q: text || undefined, sel: undefined }, { replace: true }), 300);
    return () => clearTimeout(timer);
  }, [text]); // eslint-disable-line react-hooks/exhaustive-deps

  const now = useNow();
  const columns = useMemo<ColumnDef<Alert, unknown>[]>(() => [
    { id: 'severity', header: 'Severity', meta: { sortKey: 'severity', className: 'nowrap' } satisfies ColumnMeta, cell: ({ row }) => <SeverityBadge severity={row.original.severity} /> },
    {
      id: 'title', header: 'Alert',
      cell: ({ row }) => (
        <div style={{ display: 'flex', gap: '0.4rem', alignItems: 'center', flexWrap: 'wrap' }}>
          <Link to="/alerts/$alertId" params={{ alertId: row.original.id } as never} className="strong" onClick={(e) => e.stopPropagation()}>{row.original.rule.title}</Link>
          <Techniques ids={row.original.rule.attack_techniques} max={2} />
        </div>
      ),
    },
    {
      id: 'entities', header: 'Host / user / source',
      cell: ({ row }) => {
        const e = row.original.entities;
        return (
          <span className="cell-mono">
            {e.host && <button className="ghost small" title="Only this host" onClick={(ev) => { ev.stopPropagation(); setSearch({ host: e.host! }); }}>{e.host}</button>}
            {e.user && <button className="ghost small" title="Only this user" onClick={(ev) => { ev.stopPropagation(); setSearch({ user: e.user! }); }}>{e.user}</button>}
            {e.source_ip && <span className="muted"> {e.source_ip}</span>}
          </span>
        );
      },
    },
    { id: 'status', header: 'Status', meta: { className: 'nowrap' } satisfies ColumnMeta, cell: ({ row }) => <StatusBadge status={row.original.status} /> },
    { id: 'assignee', header: 'Assignee', cell: ({ row }) => <span className={row.original.assignee ? '' : 'faint'}>{row.original.assignee ?? '—'}</span> },
    { id: 'count', header: 'Events', meta: { sortKey: 'count', className: 'num' } satisfies ColumnMeta, cell: ({ row }) => row.original.count },
    ...(session.user.tenant === null ? [{ id: 'tenant', header: 'Tenant', cell: ({ row }: { row: { original: Alert } }) => <span className="cell-mono muted">{row.original.tenant}</span> }] : []),
    {
      id: 'created', header: 'Created', meta: { sortKey: 'created_at', className: 'nowrap' } satisfies ColumnMeta,
      cell: ({ row }) => <span title={formatTime(row.original.created_at)}>{formatAgo(row.original.created_at, now)}</span>,
    },
    {
      id: 'last', header: 'Last seen', meta: { sortKey: 'last_seen', className: 'nowrap' } satisfies ColumnMeta,
      cell: ({ row }) => <span className="cell-mono muted">{formatTime(row.original.last_seen)}</span>,
    },
  ], [session.user.tenant, setSearch, now]);

  const chip = (key: 'host' | 'user' | 'rule', value: string | undefined) => value && (
    <button className="small pressed" onClick={() => setSearch({ [key]: undefined })} title="Remove this filter">{key}: <span className="mono">{value}</span> ✕</button>
  );

  return (
    <div className="page">
      <div className="page-header">
        <h1>Alerts</h1>
        <span className={`badge ${stream.state === 'live' ? 'ok' : 'warn'}`} data-testid="stream-state" title="New alerts appear here as they are raised">
          {stream.state === 'live' ? '● live' : stream.state === 'connecting' ? 'connecting…' : 'offline'}
        </span>
        <TenantSelect value={search.tenant} onChange={(tenant) => setSearch({ tenant, sel: undefined })} />
        <TimeRangePicker value={search} allowAll onChange={(range) => setSearch({ ...range, sel: undefined })} />
        <button className="ghost" onClick={() => setHelp(true)} title="Keyboard shortcuts (?)">?</button>
      </div>

      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Status">
          {STATUSES.map((s) => (
            <button key={s} className={status.includes(s) ? 'pressed' : ''} aria-pressed={status.includes(s)}
              onClick={() => { const next = toggled(status, s); setSearch({ status: next.length ? next.join(',') : 'all', sel: undefined }); }}>{label(s)}</button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label="Severity">
          {SEVERITIES.map((s) => (
            <button key={s} className={severity.includes(s) ? 'pressed' : ''} aria-pressed={severity.includes(s)}
              onClick={() => setSearch({ severity: toggled(severity, s).join(',') || undefined, sel: undefined })}><span className={`sev sev-${s}`}>{s === 'informational' ? 'info' : s}</span></button>
          ))}
        </div>
        <input ref={filterInput} type="search" placeholder="Filter by title  ( / )" value={text} onChange={(e) => setText(e.target.value)} style={{ minWidth: '16rem' }}
          onKeyDown={(e) => { if (e.key === 'Escape' || e.key === 'Enter') (e.target as HTMLInputElement).blur(); }} />
        <select aria-label="Assignee" value={search.assignee ?? ''} onChange={(e) => setSearch({ assignee: e.target.value || undefined })}>
          <option value="">Anyone</option>
          <option value={session.user.username}>Me</option>
          <option value="none">Unassigned</option>
        </select>
        {chip('host', search.host)}
        {chip('user', search.user)}
        {chip('rule', search.rule)}
      </div>

      {selected.length > 0 && canWrite && (
        <div className="panel" style={{ padding: '0.45rem 0.7rem' }}>
          <div className="toolbar" data-testid="bulk-bar">
            <strong>{selected.length} selected</strong>
            <button onClick={() => apply(selected, { status: 'acknowledged' }, 'acknowledged')}>Acknowledge <kbd>a</kbd></button>
            <button onClick={() => apply(selected, { status: 'in_progress' }, 'in progress')}>In progress <kbd>i</kbd></button>
            <button onClick={() => apply(selected, { assignee: session.user.username }, `assigned to ${session.user.username}`)}>Assign to me <kbd>m</kbd></button>
            <button onClick={() => setClosing(selected)}>Close… <kbd>c</kbd></button>
            {can('cases:write') && <button onClick={() => setCasing(selected)}>Case…</button>}
            <span className="spacer" />
            <button className="ghost" onClick={() => setSelection({})}>Clear <kbd>Esc</kbd></button>
          </div>
        </div>
      )}

      <div className="panel">
        {queue.isError ? <div className="panel-body"><ErrorBox error={queue.error} title="Could not load alerts" /></div>
          : queue.isPending ? <Loading what="Loading alerts" />
            : (
              <DataTable label="Alert queue" data={alerts} columns={columns} rowId={(a) => a.id}
                selection={canWrite ? selection : undefined} onSelectionChange={canWrite ? setSelection : undefined}
                focusedId={focusedId} freshIds={fresh}
                onRowClick={(a, e) => (e.detail > 1 ? void navigate({ to: '/alerts/$alertId', params: { alertId: a.id } } as never) : setSearch({ sel: a.id }, { replace: true }))}
                sort={sort} onSortChange={(s) => setSearch({ sort: s.key, order: s.desc ? 'desc' : 'asc' })}
                empty={<div className="empty">No alerts match these filters.</div>} />
            )}
        {queue.hasNextPage && (
          <div className="panel-body" style={{ textAlign: 'center' }}>
            <button onClick={() => void queue.fetchNextPage()} disabled={queue.isFetchingNextPage}>{queue.isFetchingNextPage ? 'Loading…' : 'Load more'}</button>
          </div>
        )}
      </div>
      <p className="faint" style={{ margin: 0 }}>{alerts.length} shown · <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>x</kbd> select · <kbd>a</kbd> acknowledge · <kbd>c</kbd> close · <kbd>?</kbd> all shortcuts</p>

      {closing && <CloseDialog count={closing.length} busy={bulk.isPending} onClose={() => setClosing(null)} onConfirm={(d) => close(closing, d)} />}
      {casing && <CaseDialog alertIds={casing.map((a) => a.id)} suggestedTitle={casing[0]!.rule.title} onClose={() => { setCasing(null); setSelection({}); }} />}
      {help && <ShortcutHelp shortcuts={SHORTCUTS} onClose={() => setHelp(false)} />}
    </div>
  );
}
