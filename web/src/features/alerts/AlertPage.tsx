// One alert on one page: what fired (the rule, its author, references and ATT&CK techniques),
// the matching events with every field, enrichment found in them, related alerts on the same
// host or user, comments, and the triage actions (acknowledge, assign, close, exception, case).
import { useMemo, useState } from 'react';
import { Link, useParams } from '@tanstack/react-router';
import { errorMessage } from '../../api/client.js';
import { ErrorBox, Loading } from '../../components/Feedback.js';
import { FieldTable, displayValue } from '../../components/FieldTable.js';
import { Icon } from '../../components/Icon.js';
import { Markdown } from '../../components/Markdown.js';
import { Modal } from '../../components/Overlay.js';
import { useToast } from '../../components/Toasts.js';
import { ECS, ENRICHMENT_GROUPS } from '../../lib/ecs.js';
import { formatAgo, formatDuration, formatTime } from '../../lib/time.js';
import { CaseDialog } from '../cases/CaseDialog.js';
import { useCan, useSignedIn } from '../session/useSession.js';
import { SeverityBadge, StatusBadge } from './badges.js';
import { CloseDialog } from './CloseDialog.js';
import { label, type AlertChange, type AlertSample, type AlertView, type Disposition } from './types.js';
import { useAddAlertComment, useAlert, useAlertStream, useCreateException, useUpdateAlert } from './useAlerts.js';

const ATTACK_URL = 'https://attack.mitre.org/techniques/';

function techniqueUrl(id: string): string {
  return `${ATTACK_URL}${id.replace('.', '/')}/`;
}

/** Nested details as dotted names ("thehive.source"), like event fields; arrays stay values. */
function flatten(value: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, inner] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) flatten(inner as Record<string, unknown>, name, out);
    else out[name] = inner;
  }
  return out;
}

/** A query for the event search: the value quoted, so spaces and colons stay one value. */
function searchFor(field: string, value: unknown): string {
  return `${field}:"${String(value).replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export function AlertPage() {
  const { alertId } = useParams({ strict: false }) as { alertId: string };
  const alert = useAlert(alertId);
  useAlertStream();
  if (alert.isPending) return <div className="page"><Loading what="Loading the alert" /></div>;
  if (alert.isError) return <div className="page"><ErrorBox error={alert.error} title="Could not load the alert" /></div>;
  return <AlertDetail alert={alert.data} />;
}

function AlertDetail({ alert }: { alert: AlertView }) {
  const can = useCan();
  const session = useSignedIn();
  const toast = useToast();
  const update = useUpdateAlert();
  const canWrite = can('alerts:write');
  const [dialog, setDialog] = useState<'close' | 'exception' | 'case' | 'assign' | null>(null);
  const now = Date.now();

  const change = (c: AlertChange, verb: string) => update.mutate({ alert, change: c }, {
    onSuccess: () => toast(`Alert ${verb}`, 'ok'),
    onError: (error) => toast(errorMessage(error), 'error'),
  });

  return (
    <div className="page">
      <div className="page-header" style={{ alignItems: 'flex-start' }}>
        <div style={{ display: 'flex', flexDirection: 'column', gap: '0.35rem', marginRight: 'auto', minWidth: 0 }}>
          <div className="muted"><Link to="/alerts">Alerts</Link> / <span className="mono">{alert.id}</span></div>
          <div className="title-line">
            <SeverityBadge severity={alert.severity} />
            <h1 data-testid="alert-title">{alert.rule.title}</h1>
            <StatusBadge status={alert.status} />
            {alert.disposition && <span className="badge neutral">{label(alert.disposition)}</span>}
          </div>
          <div className="muted">
            {alert.count} event{alert.count === 1 ? '' : 's'} · first {formatTime(alert.first_seen)} · last {formatTime(alert.last_seen)} · raised {formatAgo(alert.created_at, now)}
            {' · '}tenant <span className="mono">{alert.tenant}</span> · assignee <strong data-testid="alert-assignee">{alert.assignee ?? 'nobody'}</strong>
          </div>
        </div>
        {canWrite && (
          <div className="toolbar" aria-label="Triage">
            {alert.status === 'new' && <button className="primary" onClick={() => change({ status: 'acknowledged' }, 'acknowledged')}>Acknowledge</button>}
            {(alert.status === 'new' || alert.status === 'acknowledged') && <button onClick={() => change({ status: 'in_progress' }, 'in progress')}>In progress</button>}
            {alert.assignee !== session.user.username && <button onClick={() => change({ assignee: session.user.username }, `assigned to ${session.user.username}`)}>Assign to me</button>}
            <button onClick={() => setDialog('assign')}>Assign…</button>
            {alert.status !== 'closed'
              ? <button onClick={() => setDialog('close')}>Close…</button>
              : <button onClick={() => change({ status: 'acknowledged' }, 'reopened')}>Reopen</button>}
            {can('exceptions:write') && <button onClick={() => setDialog('exception')}>Exception…</button>}
            {can('cases:write') && <button onClick={() => setDialog('case')}>Case…</button>}
          </div>
        )}
      </div>

      <div className="alert-layout">
        <div className="grid" style={{ minWidth: 0 }}>
          <RulePanel alert={alert} />
          <EventsPanel alert={alert} />
          <EnrichmentPanel samples={alert.samples} />
          {alert.details && Object.keys(alert.details).length > 0 && (
            <div className="panel">
              <div className="panel-header"><h2>Details from {alert.source}</h2></div>
              <div className="panel-body flush"><FieldTable label="Alert details" fields={flatten(alert.details)} /></div>
            </div>
          )}
        </div>
        <div className="grid">
          <EntitiesPanel alert={alert} />
          <div className="panel">
            <div className="panel-header"><h2>Timing</h2></div>
            <div className="panel-body">
              <dl className="props">
                <dt>Time to detect</dt><dd>{formatDuration(alert.mttd_ms)}</dd>
                <dt>Acknowledged</dt><dd>{alert.acknowledged_at ? `${formatDuration(alert.acknowledged_at - alert.created_at)} after` : '—'}</dd>
                <dt>Closed</dt><dd>{alert.closed_at ? `${formatDuration(alert.closed_at - alert.created_at)} after` : '—'}</dd>
                <dt>Source</dt><dd className="mono">{alert.source}{alert.external_ref ? ` · ${alert.external_ref}` : ''}</dd>
              </dl>
            </div>
          </div>
          <RelatedPanel alert={alert} />
          <CommentsPanel alert={alert} canWrite={canWrite} />
        </div>
      </div>

      {dialog === 'close' && (
        <CloseDialog count={1} busy={update.isPending} onClose={() => setDialog(null)}
          onConfirm={(disposition: Disposition) => { change({ status: 'closed', disposition }, 'closed'); setDialog(null); }} />
      )}
      {dialog === 'assign' && <AssignDialog current={alert.assignee} onClose={() => setDialog(null)} onAssign={(assignee) => { change({ assignee }, assignee ? `assigned to ${assignee}` : 'unassigned'); setDialog(null); }} />}
      {dialog === 'exception' && <ExceptionDialog alert={alert} onClose={() => setDialog(null)} />}
      {dialog === 'case' && <CaseDialog alertIds={[alert.id]} suggestedTitle={alert.rule.title} onClose={() => setDialog(null)} />}
    </div>
  );
}

function RulePanel({ alert }: { alert: AlertView }) {
  const rule = alert.rule;
  const otherTags = rule.tags.filter((t) => !/^attack\.t\d{4}/i.test(t));
  return (
    <div className="panel">
      <div className="panel-header">
        <h2>Rule</h2>
        {rule.source === 'sigma' && <Link to="/rules/$ruleId" params={{ ruleId: rule.id } as never} className="button">Open rule <Icon name="external" size={12} /></Link>}
      </div>
      <div className="panel-body grid" style={{ gap: '0.7rem' }}>
        {rule.description && <Markdown source={rule.description} />}
        <dl className="props">
          <dt>Level</dt><dd><SeverityBadge severity={rule.level} />{rule.level !== alert.severity && <span className="muted"> (alert raised to {alert.severity})</span>}</dd>
          <dt>Author</dt><dd>{rule.author || '—'}</dd>
          <dt>Rule id</dt><dd className="mono">{rule.id}</dd>
          {rule.status && <><dt>Maturity</dt><dd>{rule.status}</dd></>}
          <dt>ATT&amp;CK</dt>
          <dd>
            {rule.attack_techniques.length === 0 ? <span className="muted">—</span> : rule.attack_techniques.map((t) => (
              <a key={t} className="tag technique" style={{ marginRight: 4 }} href={techniqueUrl(t)} target="_blank" rel="noopener noreferrer">{t}</a>
            ))}
          </dd>
          {otherTags.length > 0 && <><dt>Tags</dt><dd>{otherTags.map((t) => <span key={t} className="tag" style={{ marginRight: 4 }}>{t}</span>)}</dd></>}
          {rule.references.length > 0 && (
            <>
              <dt>References</dt>
              <dd><ul style={{ margin: 0, paddingLeft: '1.1rem' }}>{rule.references.map((r) => <li key={r}>{/^https?:\/\//i.test(r) ? <a href={r} target="_blank" rel="noopener noreferrer nofollow">{r}</a> : r}</li>)}</ul></dd>
            </>
          )}
          {rule.falsepositives.length > 0 && <><dt>False positives</dt><dd>{rule.falsepositives.join('; ')}</dd></>}
        </dl>
      </div>
    </div>
  );
}

const AROUND_MS = 15 * 60_000;

function EventsPanel({ alert }: { alert: AlertView }) {
  const [open, setOpen] = useState(0);
  const { samples, count } = alert;
  const entity = alert.entities.host !== null ? searchFor(ECS.host.name, alert.entities.host)
    : alert.entities.user !== null ? searchFor(ECS.user.name, alert.entities.user) : '';
  return (
    <div className="panel">
      <div className="panel-header">
        <h2>Matching events</h2>
        <span className="muted">{samples.length} of {count} shown</span>
        {entity && (
          <Link to="/events" className="button" title="Events of the same host (or user) around the alert"
            search={{ q: entity, from: String(alert.first_seen - AROUND_MS), to: String(alert.last_seen + AROUND_MS) } as never}>Events around it</Link>
        )}
      </div>
      <div className="panel-body flush">
        {samples.length === 0 && <div className="empty">This alert carries no event samples.</div>}
        {samples.map((sample, i) => {
          const matched = new Set(Object.keys(sample.matched_fields));
          return (
            <div key={sample.event_id} style={{ borderBottom: '1px solid var(--border)' }}>
              <button className="ghost" style={{ width: '100%', justifyContent: 'flex-start', borderRadius: 0 }} onClick={() => setOpen(open === i ? -1 : i)} aria-expanded={open === i}>
                <span>{open === i ? '▾' : '▸'}</span>
                <span className="mono">{formatTime(sample.timestamp, true)}</span>
                <span className="mono faint">{sample.event_id}</span>
                <span className="muted truncate">{Object.entries(sample.matched_fields).map(([k, v]) => `${k}=${displayValue(v)}`).join('  ')}</span>
              </button>
              {open === i && (
                <FieldTable label={`Event ${sample.event_id}`} fields={sample.fields} highlight={matched}
                  actions={(field, value) => (
                    <Link to="/events" search={{ q: searchFor(field, value), range: '7d' } as never} title="Search events with this value" className="button small">
                      <Icon name="search" size={12} />
                    </Link>
                  )} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function EnrichmentPanel({ samples }: { samples: AlertSample[] }) {
  const groups = useMemo(() => ENRICHMENT_GROUPS.map((group) => {
    const fields: Record<string, unknown> = {};
    for (const sample of samples) {
      for (const [name, value] of Object.entries(sample.fields)) if (group.pattern.test(name) && !(name in fields)) fields[name] = value;
    }
    return { title: group.title, fields };
  }).filter((g) => Object.keys(g.fields).length > 0), [samples]);
  if (groups.length === 0) return null;
  return (
    <div className="panel">
      <div className="panel-header"><h2>Enrichment</h2></div>
      <div className="panel-body grid" style={{ gap: '0.8rem' }}>
        {groups.map((g) => (
          <div key={g.title}>
            <h3 style={{ marginBottom: '0.3rem' }}>{g.title}</h3>
            <FieldTable label={g.title} fields={g.fields} />
          </div>
        ))}
      </div>
    </div>
  );
}

function EntitiesPanel({ alert }: { alert: AlertView }) {
  const rows: [string, string, string | null][] = [
    ['Host', ECS.host.name, alert.entities.host],
    ['User', ECS.user.name, alert.entities.user],
    ['Source IP', ECS.source.ip, alert.entities.source_ip],
  ];
  return (
    <div className="panel">
      <div className="panel-header"><h2>Entities</h2></div>
      <div className="panel-body">
        <dl className="props">
          {rows.map(([name, field, value]) => (
            <div key={name} style={{ display: 'contents' }}>
              <dt>{name}</dt>
              <dd>
                {value === null ? <span className="faint">—</span> : (
                  <>
                    <span className="mono strong">{value}</span>{' '}
                    <Link to="/events" search={{ q: searchFor(field, value), range: '24h' } as never} className="muted">events</Link>
                    {name !== 'Source IP' && <>{' · '}<Link to="/alerts" search={{ [name === 'Host' ? 'host' : 'user']: value, status: 'all' } as never} className="muted">alerts</Link></>}
                  </>
                )}
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}

function RelatedPanel({ alert }: { alert: AlertView }) {
  return (
    <div className="panel">
      <div className="panel-header"><h2>Related alerts</h2><span className="muted">{alert.related.length}</span></div>
      <div className="panel-body flush">
        {alert.related.length === 0 ? <div className="empty">No other alert on this host or user.</div> : (
          <table className="data" aria-label="Related alerts">
            <tbody>
              {alert.related.map((r) => (
                <tr key={r.id}>
                  <td><SeverityBadge severity={r.severity} /></td>
                  <td>
                    <Link to="/alerts/$alertId" params={{ alertId: r.id } as never}>{r.rule_title}</Link>
                    <div className="faint" style={{ fontSize: '0.85em' }}>same {r.shared.join(' and ')} · {formatTime(r.last_seen)}</div>
                  </td>
                  <td><StatusBadge status={r.status} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}

function CommentsPanel({ alert, canWrite }: { alert: AlertView; canWrite: boolean }) {
  const [body, setBody] = useState('');
  const add = useAddAlertComment(alert.id);
  return (
    <div className="panel">
      <div className="panel-header"><h2>Comments</h2><span className="muted">{alert.comments.length}</span></div>
      <div className="panel-body grid" style={{ gap: '0.7rem' }}>
        {alert.comments.map((c) => (
          <div key={c.id}>
            <div className="muted" style={{ fontSize: '0.88em' }}><strong>{c.author.name}</strong> · {formatTime(c.created_at)}</div>
            <Markdown source={c.body} />
          </div>
        ))}
        {canWrite && (
          <form className="form" onSubmit={(e) => { e.preventDefault(); if (body.trim()) add.mutate(body, { onSuccess: () => setBody('') }); }}>
            <textarea aria-label="Comment" placeholder="Add a comment (markdown)" value={body} onChange={(e) => setBody(e.target.value)} />
            {add.error && <ErrorBox error={add.error} title="Not saved" />}
            <div className="toolbar"><span className="spacer" /><button type="submit" disabled={add.isPending || !body.trim()}>Comment</button></div>
          </form>
        )}
      </div>
    </div>
  );
}

function AssignDialog({ current, onClose, onAssign }: { current: string | null; onClose: () => void; onAssign: (assignee: string | null) => void }) {
  const [name, setName] = useState(current ?? '');
  return (
    <Modal title="Assign alert" onClose={onClose}
      footer={<><button onClick={() => onAssign(null)}>Unassign</button><button className="primary" onClick={() => onAssign(name.trim() || null)}>Assign</button></>}>
      <form onSubmit={(e) => { e.preventDefault(); onAssign(name.trim() || null); }}>
        <label className="field">User name<input value={name} onChange={(e) => setName(e.target.value)} autoFocus /></label>
      </form>
    </Modal>
  );
}

const EXCEPTION_FIELDS = [ECS.host.name, ECS.user.name, ECS.source.ip, ECS.process.commandLine, ECS.process.executable, ECS.process.parentExecutable];

function ExceptionDialog({ alert, onClose }: { alert: AlertView; onClose: () => void }) {
  const first = alert.samples[0]?.fields ?? {};
  const offered = [...new Set([...EXCEPTION_FIELDS, ...Object.keys(alert.samples[0]?.matched_fields ?? {})])].filter((f) => first[f] !== undefined);
  const [fields, setFields] = useState<string[]>(offered.filter((f) => f === ECS.host.name));
  const [reason, setReason] = useState('');
  const [days, setDays] = useState(30);
  const [anyRule, setAnyRule] = useState(false);
  const create = useCreateException(alert.id);
  const toast = useToast();
  return (
    <Modal title="Create an exception" onClose={onClose}
      footer={<><button onClick={onClose}>Cancel</button><button className="primary" disabled={fields.length === 0 || !reason.trim() || create.isPending}
        onClick={() => create.mutate({ fields, reason: reason.trim(), expires_at: Date.now() + days * 86_400_000, any_rule: anyRule }, { onSuccess: () => { toast('Exception created', 'ok'); onClose(); } })}>Create exception</button></>}>
      <div className="form">
        <p className="muted" style={{ margin: 0 }}>Future hits of {anyRule ? 'any rule' : <strong>{alert.rule.title}</strong>} whose fields have these values will not raise alerts.</p>
        <fieldset style={{ border: 0, padding: 0, margin: 0, display: 'flex', flexDirection: 'column', gap: '0.35rem' }}>
          {offered.length === 0 && <p className="muted">The alert's event has none of the usual fields.</p>}
          {offered.map((f) => (
            <label key={f} style={{ display: 'flex', gap: '0.5rem', alignItems: 'baseline' }}>
              <input type="checkbox" checked={fields.includes(f)} onChange={() => setFields(fields.includes(f) ? fields.filter((x) => x !== f) : [...fields, f])} />
              <span className="mono">{f}</span><span className="mono muted truncate">= {displayValue(first[f])}</span>
            </label>
          ))}
        </fieldset>
        <label className="field">Reason<textarea value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why this is expected" /></label>
        <div className="form-row">
          <label className="field">Expires after (days)<input type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value))} /></label>
          <label style={{ display: 'flex', gap: '0.4rem', alignItems: 'center' }}><input type="checkbox" checked={anyRule} onChange={(e) => setAnyRule(e.target.checked)} /> for every rule</label>
        </div>
        {create.error && <ErrorBox error={create.error} title="Not created" />}
      </div>
    </Modal>
  );
}
