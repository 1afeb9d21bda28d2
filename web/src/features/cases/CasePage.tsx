// One case: its summary and alerts, tasks (with their logs), observables, markdown comments,
// attachments and timeline, one tab each (?tab= in the URL); start, resolve or reopen it.
import { useRef, useState } from 'react';
import { Link, useParams } from '@tanstack/react-router';
import { errorMessage } from '../../api/client.js';
import { ErrorBox, Loading } from '../../components/Feedback.js';
import { Markdown } from '../../components/Markdown.js';
import { Modal } from '../../components/Overlay.js';
import { Tabs } from '../../components/Tabs.js';
import { useToast } from '../../components/Toasts.js';
import { formatTime } from '../../lib/time.js';
import { useUrlSearch } from '../../lib/use-url-search.js';
import { SeverityBadge, StatusBadge } from '../alerts/badges.js';
import { label } from '../alerts/types.js';
import { useCan, useSignedIn } from '../session/useSession.js';
import { UserName } from '../users/UserName.js';
import { RESOLUTIONS, TASK_STATUSES, type Case, type Task } from './types.js';
import {
  useAddCaseComment, useAddObservable, useAddTask, useAddTaskLog, useAttachments, useCase, useCaseAlerts, useCaseComments, useObservables,
  useTaskLogs, useTasks, useTimeline, useUpdateCase, useUpdateObservable, useUpdateTask, useUploadAttachment,
} from './useCases.js';

const OBSERVABLE_TYPES = ['ip', 'domain', 'fqdn', 'url', 'hash', 'mail', 'user-agent', 'user', 'hostname', 'filename', 'registry', 'file-path', 'other'];

export function CasePage() {
  const { caseId } = useParams({ strict: false }) as { caseId: string };
  const c = useCase(caseId);
  if (c.isPending) return <div className="page"><Loading what="Loading the case" /></div>;
  if (c.isError) return <div className="page"><ErrorBox error={c.error} title="Could not load the case" /></div>;
  return <CaseDetail c={c.data} />;
}

function CaseDetail({ c }: { c: Case }) {
  const [search, setSearch] = useUrlSearch<{ tab?: string }>();
  const tab = search.tab ?? 'overview';
  const can = useCan();
  const session = useSignedIn();
  const canWrite = can('cases:write') && c.merged_into === null;
  const update = useUpdateCase(c);
  const toast = useToast();
  const [resolving, setResolving] = useState(false);
  const tasks = useTasks(c.id);
  const observables = useObservables(c.id);
  const comments = useCaseComments(c.id);
  const attachments = useAttachments(c.id);

  const patch = (change: Record<string, unknown>, verb: string) => update.mutate(change, {
    onSuccess: () => toast(`Case ${verb}`, 'ok'),
    onError: (error) => toast(errorMessage(error), 'error'),
  });

  return (
    <div className="page">
      <div className="page-header" style={{ alignItems: 'flex-start' }}>
        <div style={{ display: 'flex', flexDirection: 'column', gap: '0.35rem', marginRight: 'auto' }}>
          <div className="muted"><Link to="/cases">Cases</Link> / <span className="mono">#{c.number}</span></div>
          <div className="title-line">
            <SeverityBadge severity={c.severity} />
            <h1 data-testid="case-title">{c.title}</h1>
            <StatusBadge status={c.status} />
            {c.resolution_status && <span className="badge neutral" data-testid="case-resolution">{label(c.resolution_status)}</span>}
            <span className="tag">TLP:{c.tlp.toUpperCase()}</span>
            <span className="tag">PAP:{c.pap.toUpperCase()}</span>
          </div>
          <div className="muted">
            tenant <span className="mono">{c.tenant}</span> · opened {formatTime(c.created_at)} by {c.created_by.name} · assignee <strong><UserName id={c.assignee} /></strong>
            {c.tags.map((t) => <span key={t} className="tag" style={{ marginLeft: 4 }}>{t}</span>)}
          </div>
          {c.merged_into && <div className="error-box">Merged into <Link to="/cases/$caseId" params={{ caseId: c.merged_into } as never}>another case</Link>.</div>}
        </div>
        {canWrite && (
          <div className="toolbar">
            {c.assignee !== session.user.id && <button onClick={() => patch({ assignee: session.user.id }, 'assigned to you')}>Assign to me</button>}
            {c.status === 'new' && <button onClick={() => patch({ status: 'in_progress' }, 'started')}>Start</button>}
            {c.status !== 'resolved' ? <button className="primary" onClick={() => setResolving(true)}>Resolve…</button>
              : <button onClick={() => patch({ status: 'in_progress' }, 'reopened')}>Reopen</button>}
          </div>
        )}
      </div>

      <Tabs active={tab} onChange={(id) => setSearch({ tab: id === 'overview' ? undefined : id }, { replace: true })} items={[
        { id: 'overview', label: 'Overview', count: c.alert_count },
        { id: 'tasks', label: 'Tasks', count: tasks.data?.items.length },
        { id: 'observables', label: 'Observables', count: observables.data?.items.length },
        { id: 'comments', label: 'Comments', count: comments.data?.items.length },
        { id: 'attachments', label: 'Attachments', count: attachments.data?.items.length },
        { id: 'timeline', label: 'Timeline' },
      ]} />

      {tab === 'overview' && <Overview c={c} />}
      {tab === 'tasks' && <TasksTab c={c} tasks={tasks.data?.items ?? []} canWrite={canWrite} />}
      {tab === 'observables' && <ObservablesTab c={c} canWrite={canWrite} />}
      {tab === 'comments' && <CommentsTab c={c} canWrite={canWrite} />}
      {tab === 'attachments' && <AttachmentsTab c={c} canWrite={canWrite} />}
      {tab === 'timeline' && <TimelineTab c={c} />}

      {resolving && <ResolveDialog onClose={() => setResolving(false)} busy={update.isPending}
        onResolve={(resolution_status, summary) => { patch({ status: 'resolved', resolution_status, summary }, 'resolved'); setResolving(false); }} />}
    </div>
  );
}

function Overview({ c }: { c: Case }) {
  const alerts = useCaseAlerts(c.id);
  return (
    <div className="alert-layout">
      <div className="grid">
        <div className="panel">
          <div className="panel-header"><h2>Description</h2></div>
          <div className="panel-body">{c.description ? <Markdown source={c.description} /> : <span className="muted">No description.</span>}</div>
        </div>
        {c.summary && (
          <div className="panel">
            <div className="panel-header"><h2>Resolution summary</h2></div>
            <div className="panel-body"><Markdown source={c.summary} /></div>
          </div>
        )}
        <div className="panel">
          <div className="panel-header"><h2>Alerts</h2><span className="muted">{c.alert_count}</span></div>
          <div className="panel-body flush">
            {alerts.data?.items.length === 0 && <div className="empty">No alerts in this case.</div>}
            {alerts.data && alerts.data.items.length > 0 && (
              <table className="data" aria-label="Case alerts">
                <thead><tr><th>Severity</th><th>Alert</th><th>Rule</th><th>Added</th></tr></thead>
                <tbody>{alerts.data.items.map((a) => (
                  <tr key={a.alert_id}>
                    <td><SeverityBadge severity={a.severity} /></td>
                    <td><Link to="/alerts/$alertId" params={{ alertId: a.alert_id } as never}>{a.title}</Link></td>
                    <td className="mono muted">{a.rule ?? '—'}</td>
                    <td className="nowrap muted">{formatTime(a.added_at)} · {a.added_by.name}</td>
                  </tr>
                ))}</tbody>
              </table>
            )}
          </div>
        </div>
      </div>
      <div className="panel">
        <div className="panel-header"><h2>Properties</h2></div>
        <div className="panel-body">
          <dl className="props">
            <dt>Case</dt><dd className="mono">#{c.number}</dd>
            <dt>Severity</dt><dd><SeverityBadge severity={c.severity} /></dd>
            <dt>Status</dt><dd><StatusBadge status={c.status} /></dd>
            <dt>Updated</dt><dd>{formatTime(c.updated_at)}</dd>
            <dt>Resolved</dt><dd>{formatTime(c.resolved_at)}</dd>
            {Object.entries(c.custom_fields).map(([k, v]) => <div key={k} style={{ display: 'contents' }}><dt>{k}</dt><dd>{String(v)}</dd></div>)}
          </dl>
        </div>
      </div>
    </div>
  );
}

function TasksTab({ c, tasks, canWrite }: { c: Case; tasks: Task[]; canWrite: boolean }) {
  const [title, setTitle] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const add = useAddTask(c.id);
  const update = useUpdateTask(c.id);
  const toast = useToast();
  return (
    <div className="panel">
      <div className="panel-body flush">
        {tasks.length === 0 && <div className="empty">No tasks yet.</div>}
        {tasks.map((task) => (
          <div key={task.id} style={{ borderBottom: '1px solid var(--border)' }}>
            <div className="toolbar" style={{ padding: '0.45rem 0.8rem' }}>
              <button className="ghost small" onClick={() => setOpen(open === task.id ? null : task.id)} aria-expanded={open === task.id}>{open === task.id ? '▾' : '▸'}</button>
              <span className="strong" style={{ textDecoration: task.status === 'completed' || task.status === 'cancelled' ? 'line-through' : undefined }}>{task.title}</span>
              <span className="muted">· <UserName id={task.assignee} /></span>
              <span className="spacer" />
              <select aria-label={`Status of ${task.title}`} value={task.status} disabled={!canWrite}
                onChange={(e) => update.mutate({ task, patch: { status: e.target.value } }, { onError: (error) => toast(errorMessage(error), 'error') })}>
                {TASK_STATUSES.map((s) => <option key={s} value={s}>{label(s)}</option>)}
              </select>
            </div>
            {open === task.id && <TaskDetail c={c} task={task} canWrite={canWrite} />}
          </div>
        ))}
      </div>
      {canWrite && (
        <form className="toolbar panel-body" onSubmit={(e) => { e.preventDefault(); if (title.trim()) add.mutate({ title: title.trim() }, { onSuccess: () => setTitle('') }); }}>
          <input placeholder="New task" value={title} onChange={(e) => setTitle(e.target.value)} style={{ flex: 1 }} aria-label="New task" />
          <button type="submit" disabled={!title.trim() || add.isPending}>Add task</button>
        </form>
      )}
    </div>
  );
}

function TaskDetail({ c, task, canWrite }: { c: Case; task: Task; canWrite: boolean }) {
  const logs = useTaskLogs(task.id, true);
  const add = useAddTaskLog(c.id);
  const [message, setMessage] = useState('');
  return (
    <div style={{ padding: '0 0.8rem 0.8rem 2.6rem', display: 'flex', flexDirection: 'column', gap: '0.6rem' }}>
      {task.description && <Markdown source={task.description} />}
      {logs.data?.items.map((log) => (
        <div key={log.id}>
          <div className="muted" style={{ fontSize: '0.88em' }}><strong>{log.author.name}</strong> · {formatTime(log.created_at)}</div>
          <Markdown source={log.message} />
        </div>
      ))}
      {canWrite && (
        <form className="form" onSubmit={(e) => { e.preventDefault(); if (message.trim()) add.mutate({ taskId: task.id, message }, { onSuccess: () => setMessage('') }); }}>
          <textarea placeholder="Log what was done (markdown)" value={message} onChange={(e) => setMessage(e.target.value)} aria-label="Task log" />
          <div className="toolbar"><span className="spacer" /><button type="submit" disabled={!message.trim()}>Add log</button></div>
        </form>
      )}
    </div>
  );
}

function ObservablesTab({ c, canWrite }: { c: Case; canWrite: boolean }) {
  const observables = useObservables(c.id);
  const add = useAddObservable(c.id);
  const update = useUpdateObservable(c.id);
  const [type, setType] = useState('ip');
  const [value, setValue] = useState('');
  return (
    <div className="panel">
      <div className="panel-body flush">
        <table className="data" aria-label="Observables">
          <thead><tr><th>Type</th><th>Value</th><th>IOC</th><th>Sighted</th><th>Tags</th><th>Source</th><th>Added</th></tr></thead>
          <tbody>
            {observables.data?.items.map((o) => (
              <tr key={o.id}>
                <td><span className="tag">{o.type}</span></td>
                <td className="cell-mono" style={{ wordBreak: 'break-all' }}>{o.value}</td>
                <td><input type="checkbox" aria-label={`IOC ${o.value}`} checked={o.ioc} disabled={!canWrite} onChange={(e) => update.mutate({ observable: o, patch: { ioc: e.target.checked } })} /></td>
                <td><input type="checkbox" aria-label={`Sighted ${o.value}`} checked={o.sighted} disabled={!canWrite} onChange={(e) => update.mutate({ observable: o, patch: { sighted: e.target.checked } })} /></td>
                <td>{o.tags.map((t) => <span key={t} className="tag" style={{ marginRight: 4 }}>{t}</span>)}</td>
                <td className="muted">{o.source}</td>
                <td className="nowrap muted">{formatTime(o.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {observables.data?.items.length === 0 && <div className="empty">No observables.</div>}
      </div>
      {canWrite && (
        <form className="toolbar panel-body" onSubmit={(e) => { e.preventDefault(); if (value.trim()) add.mutate({ type, value: value.trim() }, { onSuccess: () => setValue('') }); }}>
          <select aria-label="Observable type" value={type} onChange={(e) => setType(e.target.value)}>{OBSERVABLE_TYPES.map((t) => <option key={t}>{t}</option>)}</select>
          <input className="mono" placeholder="Value" value={value} onChange={(e) => setValue(e.target.value)} style={{ flex: 1 }} aria-label="Observable value" />
          <button type="submit" disabled={!value.trim() || add.isPending}>Add observable</button>
          {add.error && <span className="error-box">{errorMessage(add.error)}</span>}
        </form>
      )}
    </div>
  );
}

function CommentsTab({ c, canWrite }: { c: Case; canWrite: boolean }) {
  const comments = useCaseComments(c.id);
  const add = useAddCaseComment(c.id);
  const [body, setBody] = useState('');
  const [preview, setPreview] = useState(false);
  return (
    <div className="panel">
      <div className="panel-body grid" style={{ gap: '0.9rem' }}>
        {comments.data?.items.length === 0 && <span className="muted">No comments yet.</span>}
        {comments.data?.items.map((comment) => (
          <div key={comment.id} data-testid="case-comment">
            <div className="muted" style={{ fontSize: '0.88em' }}><strong>{comment.author.name}</strong> · {formatTime(comment.created_at)}</div>
            <Markdown source={comment.body} />
          </div>
        ))}
        {canWrite && (
          <form className="form" onSubmit={(e) => { e.preventDefault(); if (body.trim()) add.mutate(body, { onSuccess: () => { setBody(''); setPreview(false); } }); }}>
            {preview ? <div className="panel panel-body"><Markdown source={body} /></div>
              : <textarea aria-label="Comment" rows={5} placeholder="Comment in markdown: **bold**, *italic*, `code`, lists, [links](https://…)" value={body} onChange={(e) => setBody(e.target.value)} />}
            {add.error && <ErrorBox error={add.error} title="Not saved" />}
            <div className="toolbar"><span className="spacer" /><button type="button" onClick={() => setPreview(!preview)}>{preview ? 'Edit' : 'Preview'}</button><button className="primary" type="submit" disabled={!body.trim() || add.isPending}>Comment</button></div>
          </form>
        )}
      </div>
    </div>
  );
}

function AttachmentsTab({ c, canWrite }: { c: Case; canWrite: boolean }) {
  const attachments = useAttachments(c.id);
  const upload = useUploadAttachment(c.id);
  const input = useRef<HTMLInputElement>(null);
  const toast = useToast();
  return (
    <div className="panel">
      <div className="panel-body flush">
        <table className="data" aria-label="Attachments">
          <thead><tr><th>File</th><th>Type</th><th className="num">Size</th><th>SHA-256</th><th>Added</th></tr></thead>
          <tbody>
            {attachments.data?.items.map((a) => (
              <tr key={a.id}>
                <td><a href={`/api/cases/${encodeURIComponent(c.id)}/attachments/${encodeURIComponent(a.id)}`} download={a.filename}>{a.filename}</a></td>
                <td className="muted">{a.content_type}</td>
                <td className="num">{a.size.toLocaleString()}</td>
                <td className="cell-mono muted" title={a.sha256}>{a.sha256.slice(0, 16)}…</td>
                <td className="nowrap muted">{formatTime(a.created_at)} · {a.created_by.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {attachments.data?.items.length === 0 && <div className="empty">No attachments.</div>}
      </div>
      {canWrite && (
        <div className="toolbar panel-body">
          <input ref={input} type="file" aria-label="File to attach" />
          <button disabled={upload.isPending} onClick={() => {
            const file = input.current?.files?.[0];
            if (file) upload.mutate(file, { onSuccess: () => { toast(`Attached ${file.name}`, 'ok'); if (input.current) input.current.value = ''; }, onError: (e) => toast(errorMessage(e), 'error') });
          }}>Upload</button>
        </div>
      )}
    </div>
  );
}

function describe(entry: { kind: string; data: Record<string, unknown> }): string {
  const d = entry.data;
  const bits = ['title', 'status', 'value', 'filename', 'resolution_status', 'severity'].filter((k) => typeof d[k] === 'string').map((k) => `${k}: ${String(d[k])}`);
  return bits.join(' · ');
}

function TimelineTab({ c }: { c: Case }) {
  const timeline = useTimeline(c.id);
  return (
    <div className="panel">
      <div className="panel-body flush">
        <table className="data" aria-label="Timeline">
          <tbody>
            {timeline.data?.items.map((entry) => (
              <tr key={entry.id}>
                <td className="nowrap cell-mono muted">{formatTime(entry.at)}</td>
                <td className="nowrap">{typeof entry.actor === 'string' ? entry.actor : entry.actor.name}</td>
                <td className="nowrap"><span className="tag">{entry.kind}</span></td>
                <td className="muted">{describe(entry)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {timeline.isPending && <Loading />}
      </div>
    </div>
  );
}

function ResolveDialog({ onClose, onResolve, busy }: { onClose: () => void; onResolve: (resolution: string, summary: string) => void; busy: boolean }) {
  const [resolution, setResolution] = useState<string>('true_positive');
  const [summary, setSummary] = useState('');
  return (
    <Modal title="Resolve the case" onClose={onClose}
      footer={<><button onClick={onClose}>Cancel</button><button className="primary" disabled={busy} onClick={() => onResolve(resolution, summary)}>Resolve</button></>}>
      <div className="form">
        <label className="field">Resolution
          <select value={resolution} onChange={(e) => setResolution(e.target.value)} aria-label="Resolution">{RESOLUTIONS.map((r) => <option key={r} value={r}>{label(r)}</option>)}</select>
        </label>
        <label className="field">Summary (markdown)<textarea rows={5} value={summary} onChange={(e) => setSummary(e.target.value)} aria-label="Summary" /></label>
      </div>
    </Modal>
  );
}
