// API keys for shippers and services: create (the key is shown once), list, revoke.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage } from '../../api/client.js';
import { ErrorBox, Loading } from '../../components/Feedback.js';
import { Modal } from '../../components/Overlay.js';
import { useToast } from '../../components/Toasts.js';
import { ROLES } from '../../lib/roles.js';
import { formatTime } from '../../lib/time.js';
import { useSignedIn } from '../session/useSession.js';
import { TenantSelect } from '../tenants/TenantSelect.js';
import { AdminPage } from './AdminPage.js';

interface ApiKey { id: string; name: string; role: string; tenant: string | null; createdAt: number; lastUsedAt: number | null; revokedAt: number | null; userId: string | null }

export function ApiKeys() {
  const client = useQueryClient();
  const toast = useToast();
  const session = useSignedIn();
  const keys = useQuery({ queryKey: ['apikeys'], queryFn: ({ signal }) => api<{ items: ApiKey[] }>('/api/apikeys', { signal }) });
  const [form, setForm] = useState({ name: '', role: 'ingest' });
  const [tenant, setTenant] = useState<string | undefined>();
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => api<ApiKey & { key: string }>('/api/apikeys', { method: 'POST', body: { ...form, ...(tenant ? { tenant } : {}) } }),
    onSuccess: (k) => { setCreated(k.key); setForm({ ...form, name: '' }); return client.invalidateQueries({ queryKey: ['apikeys'] }); },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api<void>(`/api/apikeys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => { toast('Key revoked', 'ok'); return client.invalidateQueries({ queryKey: ['apikeys'] }); },
    onError: (e) => toast(errorMessage(e), 'error'),
  });
  return (
    <AdminPage title="API keys">
      <form className="toolbar panel panel-body" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <input placeholder="Name (what uses it)" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required aria-label="Key name" />
        <select aria-label="Role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>{ROLES.map((r) => <option key={r} value={r}>{r.replace('_', ' ')}</option>)}</select>
        {session.user.tenant === null && <TenantSelect value={tenant} onChange={setTenant} />}
        <button className="primary" type="submit" disabled={create.isPending}>Create key</button>
        {create.error && <span className="error-box">{errorMessage(create.error)}</span>}
      </form>
      <div className="panel">
        {keys.isError ? <div className="panel-body"><ErrorBox error={keys.error} /></div> : keys.isPending ? <Loading /> : (
          <table className="data" aria-label="API keys">
            <thead><tr><th>Name</th><th>Role</th><th>Tenant</th><th>Created</th><th>Last used</th><th>Status</th><th /></tr></thead>
            <tbody>{keys.data.items.map((k) => (
              <tr key={k.id}>
                <td className="strong">{k.name}{k.userId && <span className="muted"> (personal)</span>}</td>
                <td>{k.role}</td>
                <td className="mono">{k.tenant ?? <span className="muted">all</span>}</td>
                <td className="muted nowrap">{formatTime(k.createdAt)}</td>
                <td className="muted nowrap">{formatTime(k.lastUsedAt)}</td>
                <td>{k.revokedAt ? <span className="badge danger">revoked</span> : <span className="badge ok">active</span>}</td>
                <td>{!k.revokedAt && <button className="small danger" onClick={() => revoke.mutate(k.id)}>Revoke</button>}</td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </div>
      {created && (
        <Modal title="Your new API key" onClose={() => setCreated(null)} footer={<button className="primary" onClick={() => setCreated(null)}>Done</button>}>
          <p>Copy it now: it is not shown again.</p>
          <pre className="code" style={{ userSelect: 'all', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{created}</pre>
        </Modal>
      )}
    </AdminPage>
  );
}
