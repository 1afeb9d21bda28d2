// Alert exceptions (suppressions): what is silenced, why, until when, and how often it hit.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage } from '../../api/client.js';
import { ErrorBox, Loading } from '../../components/Feedback.js';
import { useToast } from '../../components/Toasts.js';
import { formatTime } from '../../lib/time.js';
import { useUrlSearch } from '../../lib/use-url-search.js';
import { useCan } from '../session/useSession.js';
import { AdminPage } from './AdminPage.js';

interface AlertException {
  id: string; tenant: string; rule_id: string | null; conditions: { field: string; value: string }[]; reason: string;
  created_by: { name: string }; created_at: number; expires_at: number; source_alert_id: string | null; hit_count: number; last_hit_at: number | null; expired: boolean;
}

export function Exceptions() {
  const [search, setSearch] = useUrlSearch<{ all?: string }>();
  const can = useCan();
  const client = useQueryClient();
  const toast = useToast();
  const list = useQuery({
    queryKey: ['exceptions', search.all],
    queryFn: ({ signal }) => api<{ items: AlertException[] }>('/api/exceptions', { query: { active: search.all ? undefined : 'true', limit: 500 }, signal }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api<void>(`/api/exceptions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => { toast('Exception deleted', 'ok'); return client.invalidateQueries({ queryKey: ['exceptions'] }); },
    onError: (e) => toast(errorMessage(e), 'error'),
  });
  return (
    <AdminPage title="Exceptions" actions={<label style={{ display: 'flex', gap: '0.4rem', alignItems: 'center' }}><input type="checkbox" checked={!!search.all} onChange={(e) => setSearch({ all: e.target.checked ? '1' : undefined })} /> include expired</label>}>
      <div className="panel">
        {list.isError ? <div className="panel-body"><ErrorBox error={list.error} /></div> : list.isPending ? <Loading /> : (
          <table className="data" aria-label="Exceptions">
            <thead><tr><th>Rule</th><th>When</th><th>Reason</th><th className="num">Hits</th><th>Expires</th><th>By</th><th /></tr></thead>
            <tbody>{list.data.items.map((x) => (
              <tr key={x.id} style={{ opacity: x.expired ? 0.55 : 1 }}>
                <td className="mono">{x.rule_id ?? <em>any rule</em>}<div className="muted">{x.tenant}</div></td>
                <td className="cell-mono">{x.conditions.map((c) => <div key={c.field}>{c.field} = {c.value}</div>)}</td>
                <td>{x.reason}</td>
                <td className="num">{x.hit_count}{x.last_hit_at && <div className="faint">{formatTime(x.last_hit_at)}</div>}</td>
                <td className="nowrap">{formatTime(x.expires_at)}</td>
                <td>{x.created_by.name}</td>
                <td>{can('exceptions:write') && <button className="small danger" onClick={() => remove.mutate(x.id)}>Delete</button>}</td>
              </tr>
            ))}</tbody>
          </table>
        )}
        {list.data?.items.length === 0 && <div className="empty">No exceptions.</div>}
      </div>
    </AdminPage>
  );
}
