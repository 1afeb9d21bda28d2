// Tenants: the client organisations whose data is kept apart; create and rename.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage } from '../../api/client.js';
import { ErrorBox, Loading } from '../../components/Feedback.js';
import { useToast } from '../../components/Toasts.js';
import { formatTime } from '../../lib/time.js';
import { useCan } from '../session/useSession.js';
import { useTenants, type Tenant } from '../tenants/useTenants.js';
import { AdminPage } from './AdminPage.js';

export function Tenants() {
  const tenants = useTenants();
  const can = useCan();
  const manage = can('tenants:manage');
  const client = useQueryClient();
  const toast = useToast();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: ['tenants'] });
  const create = useMutation({ mutationFn: () => api<Tenant>('/api/tenants', { method: 'POST', body: { id, name } }), onSuccess: (t) => { toast(`Created ${t.name}`, 'ok'); setId(''); setName(''); return refresh(); } });
  const rename = useMutation({
    mutationFn: (t: Tenant & { next: string }) => api<Tenant>(`/api/tenants/${encodeURIComponent(t.id)}`, { method: 'PATCH', body: { version: t.version, name: t.next } }),
    onSuccess: refresh, onError: (e) => toast(errorMessage(e), 'error'),
  });
  return (
    <AdminPage title="Tenants">
      {manage && (
        <form className="toolbar panel panel-body" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
          <input placeholder="id (a-z, 0-9, - _)" value={id} onChange={(e) => setId(e.target.value)} className="mono" required aria-label="Tenant id" />
          <input placeholder="Name" value={name} onChange={(e) => setName(e.target.value)} required aria-label="Tenant name" />
          <button type="submit" className="primary" disabled={create.isPending}>Create tenant</button>
          {create.error && <span className="error-box">{errorMessage(create.error)}</span>}
        </form>
      )}
      <div className="panel">
        {tenants.isError ? <div className="panel-body"><ErrorBox error={tenants.error} /></div> : tenants.isPending ? <Loading /> : (
          <table className="data" aria-label="Tenants">
            <thead><tr><th>Id</th><th>Name</th><th>Created</th></tr></thead>
            <tbody>{tenants.data.items.map((t) => (
              <tr key={t.id}>
                <td className="mono">{t.id}</td>
                <td>{manage ? <input defaultValue={t.name} aria-label={`Name of ${t.id}`} onBlur={(e) => { if (e.target.value.trim() && e.target.value !== t.name) rename.mutate({ ...t, next: e.target.value.trim() }); }} /> : t.name}</td>
                <td className="muted">{formatTime(t.created_at)}</td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </div>
    </AdminPage>
  );
}
