// Cases: filters in the URL (status, severity, assignee, text), newest first, and a new case.
import { useMemo, useState } from 'react';
import { Link, useNavigate } from '@tanstack/react-router';
import type { ColumnDef } from '@tanstack/react-table';
import { DataTable } from '../../components/DataTable.js';
import { ErrorBox, Loading } from '../../components/Feedback.js';
import { Modal } from '../../components/Overlay.js';
import { listParam, toggled } from '../../lib/search-params.js';
import { formatAgo, formatTime } from '../../lib/time.js';
import { useNow } from '../../lib/use-now.js';
import { useUrlSearch } from '../../lib/use-url-search.js';
import { SeverityBadge, StatusBadge } from '../alerts/badges.js';
import { label } from '../alerts/types.js';
import { useCan, useSignedIn } from '../session/useSession.js';
import { TenantSelect } from '../tenants/TenantSelect.js';
import { CASE_SEVERITIES, CASE_STATUSES, type Case } from './types.js';
import { useCaseList, useCreateCase } from './useCases.js';

type CaseSearch = { status?: string; severity?: string; q?: string; assignee?: string; tenant?: string };

export function CaseList() {
  const [search, setSearch] = useUrlSearch<CaseSearch>();
  const can = useCan();
  const session = useSignedIn();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const status = search.status === undefined ? ['new', 'in_progress'] : search.status === 'all' ? [] : listParam(search.status);
  const severity = listParam(search.severity);
  const list = useCaseList({ status, severity, q: search.q, assignee: search.assignee, tenant: search.tenant, limit: 100 });
  const cases = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const now = useNow();

  const columns = useMemo<ColumnDef<Case, unknown>[]>(() => [
    { id: 'number', header: '#', meta: { className: 'num' }, cell: ({ row }) => <span className="mono">#{row.original.number}</span> },
    { id: 'severity', header: 'Severity', cell: ({ row }) => <SeverityBadge severity={row.original.severity} /> },
    {
      id: 'title', header: 'Title',
      cell: ({ row }) => (
        <div>
          <Link to="/cases/$caseId" params={{ caseId: row.original.id } as never} className="strong">{row.original.title}</Link>
          {row.original.tags.length > 0 && <div>{row.original.tags.slice(0, 5).map((t) => <span key={t} className="tag" style={{ marginRight: 4 }}>{t}</span>)}</div>}
        </div>
      ),
    },
    { id: 'status', header: 'Status', cell: ({ row }) => <><StatusBadge status={row.original.status} />{row.original.resolution_status && <span className="muted"> {label(row.original.resolution_status)}</span>}</> },
    { id: 'tlp', header: 'TLP', cell: ({ row }) => <span className={`tag tlp-${row.original.tlp}`}>TLP:{row.original.tlp.toUpperCase()}</span> },
    { id: 'alerts', header: 'Alerts', meta: { className: 'num' }, cell: ({ row }) => row.original.alert_count },
    { id: 'assignee', header: 'Assignee', cell: ({ row }) => row.original.assignee ?? <span className="faint">—</span> },
    ...(session.user.tenant === null ? [{ id: 'tenant', header: 'Tenant', cell: ({ row }: { row: { original: Case } }) => <span className="mono muted">{row.original.tenant}</span> }] : []),
    { id: 'updated', header: 'Updated', meta: { className: 'nowrap' }, cell: ({ row }) => <span title={formatTime(row.original.updated_at)}>{formatAgo(row.original.updated_at, now)}</span> },
  ], [now, session.user.tenant]);

  return (
    <div className="page">
      <div className="page-header">
        <h1>Cases</h1>
        <TenantSelect value={search.tenant} onChange={(tenant) => setSearch({ tenant })} />
        {can('cases:write') && <button className="primary" onClick={() => setCreating(true)}>New case</button>}
      </div>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Status">
          {CASE_STATUSES.map((s) => (
            <button key={s} className={status.includes(s) ? 'pressed' : ''} aria-pressed={status.includes(s)}
              onClick={() => { const next = toggled(status, s); setSearch({ status: next.length ? next.join(',') : 'all' }); }}>{label(s)}</button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label="Severity">
          {CASE_SEVERITIES.map((s) => (
            <button key={s} className={severity.includes(s) ? 'pressed' : ''} onClick={() => setSearch({ severity: toggled(severity, s).join(',') || undefined })}><span className={`sev sev-${s}`}>{s}</span></button>
          ))}
        </div>
        <input type="search" placeholder="Title, description or #number" defaultValue={search.q} style={{ minWidth: '16rem' }}
          onKeyDown={(e) => { if (e.key === 'Enter') setSearch({ q: (e.target as HTMLInputElement).value || undefined }); }} />
        <select aria-label="Assignee" value={search.assignee ?? ''} onChange={(e) => setSearch({ assignee: e.target.value || undefined })}>
          <option value="">Anyone</option><option value="me">Me</option><option value="none">Unassigned</option>
        </select>
      </div>
      <div className="panel">
        {list.isError ? <div className="panel-body"><ErrorBox error={list.error} title="Could not load cases" /></div>
          : list.isPending ? <Loading what="Loading cases" />
            : <DataTable label="Cases" data={cases} columns={columns} rowId={(c) => c.id}
              onRowClick={(c) => void navigate({ to: '/cases/$caseId', params: { caseId: c.id } } as never)}
              empty={<div className="empty">No cases match.</div>} />}
        {list.hasNextPage && <div className="panel-body" style={{ textAlign: 'center' }}><button onClick={() => void list.fetchNextPage()}>Load more</button></div>}
      </div>
      {creating && <NewCaseDialog onClose={() => setCreating(false)} />}
    </div>
  );
}

function NewCaseDialog({ onClose }: { onClose: () => void }) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [severity, setSeverity] = useState('medium');
  const [tenant, setTenant] = useState<string | undefined>();
  const create = useCreateCase();
  const navigate = useNavigate();
  const session = useSignedIn();
  return (
    <Modal title="New case" onClose={onClose}
      footer={<><button onClick={onClose}>Cancel</button><button className="primary" type="submit" form="new-case" disabled={!title.trim() || create.isPending}>Open case</button></>}>
      <form id="new-case" className="form" onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ title: title.trim(), description, severity, ...(tenant ? { tenant } : {}) }, {
          onSuccess: (c) => { onClose(); void navigate({ to: '/cases/$caseId', params: { caseId: c.id } } as never); },
        });
      }}>
        <label className="field">Title<input value={title} onChange={(e) => setTitle(e.target.value)} autoFocus required /></label>
        <label className="field">Description (markdown)<textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={5} /></label>
        <div className="form-row">
          <label className="field">Severity
            <select value={severity} onChange={(e) => setSeverity(e.target.value)}>{CASE_SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}</select>
          </label>
          {session.user.tenant === null && <label className="field">Tenant<TenantSelect value={tenant} onChange={setTenant} /></label>}
        </div>
        {create.error && <ErrorBox error={create.error} title="Not created" />}
      </form>
    </Modal>
  );
}
