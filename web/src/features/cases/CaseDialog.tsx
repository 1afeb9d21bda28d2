// Put alerts in a case: open a new one (title and severity from the alerts) or add them to an
// open case found by number or title.
import { useState } from 'react';
import { useNavigate } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { api, errorMessage } from '../../api/client.js';
import { Modal } from '../../components/Overlay.js';
import { useToast } from '../../components/Toasts.js';
import type { Case, Page } from './types.js';
import { useAddAlertsToCase, useCreateCase } from './useCases.js';

export function CaseDialog({ alertIds, suggestedTitle, onClose }: { alertIds: string[]; suggestedTitle: string; onClose: () => void }) {
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const [title, setTitle] = useState(suggestedTitle);
  const [filter, setFilter] = useState('');
  const navigate = useNavigate();
  const toast = useToast();
  const create = useCreateCase();
  const add = useAddAlertsToCase();
  const open = useQuery({
    queryKey: ['cases', 'list', { status: 'new,in_progress', q: filter, limit: 20 }],
    queryFn: ({ signal }) => api<Page<Case>>('/api/cases', { query: { status: 'new,in_progress', q: filter || undefined, limit: 20 }, signal }),
    enabled: mode === 'existing',
  });
  const done = (c: { id: string; number: number }, verb: string) => {
    toast(`${alertIds.length === 1 ? 'Alert' : `${alertIds.length} alerts`} ${verb} case #${c.number}`, 'ok');
    onClose();
    void navigate({ to: '/cases/$caseId', params: { caseId: c.id } } as never);
  };
  const error = create.error ?? add.error;

  return (
    <Modal title={alertIds.length === 1 ? 'Case for this alert' : `Case for ${alertIds.length} alerts`} onClose={onClose}>
      <div className="form">
        <div className="segmented">
          <button className={mode === 'new' ? 'pressed' : ''} onClick={() => setMode('new')}>New case</button>
          <button className={mode === 'existing' ? 'pressed' : ''} onClick={() => setMode('existing')}>Add to an open case</button>
        </div>
        {mode === 'new' ? (
          <form className="form" onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ title: title.trim() || undefined, alert_ids: alertIds }, { onSuccess: (c) => done(c, 'in new') });
          }}>
            <label className="field">Title<input value={title} onChange={(e) => setTitle(e.target.value)} autoFocus /></label>
            <p className="muted" style={{ margin: 0 }}>Severity, tenant and observables come from the alerts.</p>
            <div className="toolbar"><span className="spacer" /><button className="primary" type="submit" disabled={create.isPending}>Open case</button></div>
          </form>
        ) : (
          <div className="form">
            <input placeholder="Case number (#12) or words of the title" value={filter} onChange={(e) => setFilter(e.target.value)} autoFocus />
            <div style={{ maxHeight: '16rem', overflow: 'auto' }}>
              {open.data?.items.map((c) => (
                <button key={c.id} className="ghost" style={{ width: '100%', justifyContent: 'flex-start' }} disabled={add.isPending}
                  onClick={() => add.mutate({ caseId: c.id, alertIds }, { onSuccess: () => done(c, 'added to') })}>
                  <span className="mono">#{c.number}</span> {c.title} <span className="muted">· {c.tenant}</span>
                </button>
              ))}
              {open.data?.items.length === 0 && <p className="muted">No open case matches.</p>}
            </div>
          </div>
        )}
        {error && <div className="error-box">{errorMessage(error)}</div>}
      </div>
    </Modal>
  );
}
