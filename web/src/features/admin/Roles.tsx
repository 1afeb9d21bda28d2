// What each role may do: the permission matrix the API enforces.
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES } from '../../lib/roles.js';
import { AdminPage } from './AdminPage.js';

export function Roles() {
  return (
    <AdminPage title="Roles">
      <p className="muted" style={{ margin: 0 }}>Roles are fixed; a user or API key has exactly one. Users of a tenant see only that tenant's data.</p>
      <div className="panel">
        <div className="table-wrap">
          <table className="data" aria-label="Role permissions">
            <thead><tr><th>Permission</th>{ROLES.map((r) => <th key={r} style={{ textAlign: 'center' }}>{r.replace('_', ' ')}</th>)}</tr></thead>
            <tbody>
              {PERMISSIONS.map((p) => (
                <tr key={p}>
                  <td className="mono">{p}</td>
                  {ROLES.map((r) => <td key={r} style={{ textAlign: 'center' }}>{ROLE_PERMISSIONS[r].includes(p) ? <span style={{ color: 'var(--ok)' }} aria-label="yes">●</span> : <span className="faint" aria-label="no">·</span>}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </AdminPage>
  );
}
