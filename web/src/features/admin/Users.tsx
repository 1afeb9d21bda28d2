// User accounts: who exists, with which role and tenant; create one, change a role, disable or
// enable, set a new password.
import { useState } from 'react';
import { errorMessage } from '../../api/client.js';
import { ErrorBox, Loading } from '../../components/Feedback.js';
import { Modal } from '../../components/Overlay.js';
import { useToast } from '../../components/Toasts.js';
import { USER_ROLES } from '../../lib/roles.js';
import { formatTime } from '../../lib/time.js';
import { useCan, useSignedIn } from '../session/useSession.js';
import { TenantSelect } from '../tenants/TenantSelect.js';
import { useCreateUser, useUpdateUser, useUsers, type User } from '../users/useUsers.js';
import { AdminPage } from './AdminPage.js';

export function Users() {
  const users = useUsers();
  const can = useCan();
  const manage = can('users:manage');
  const update = useUpdateUser();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);
  const change = (user: User, c: Record<string, unknown>, verb: string) => update.mutate({ user, change: c }, {
    onSuccess: () => toast(`${user.username} ${verb}`, 'ok'),
    onError: (e) => toast(errorMessage(e), 'error'),
  });
  return (
    <AdminPage title="Users" actions={manage && <button className="primary" onClick={() => setCreating(true)}>New user</button>}>
      <div className="panel">
        {users.isError ? <div className="panel-body"><ErrorBox error={users.error} /></div> : users.isPending ? <Loading /> : (
          <table className="data" aria-label="Users">
            <thead><tr><th>User</th><th>Role</th><th>Tenant</th><th>Sign-in</th><th>Status</th><th>Created</th>{manage && <th />}</tr></thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id}>
                  <td><span className="strong">{u.username}</span>{u.email && <div className="muted">{u.email}</div>}</td>
                  <td>
                    {manage ? (
                      <select aria-label={`Role of ${u.username}`} value={u.role} onChange={(e) => change(u, { role: e.target.value }, `is now ${e.target.value}`)}>
                        {USER_ROLES.map((r) => <option key={r} value={r}>{r.replace('_', ' ')}</option>)}
                      </select>
                    ) : u.role}
                  </td>
                  <td className="mono">{u.tenant ?? <span className="muted">all (SOC)</span>}</td>
                  <td>{u.sso ? 'single sign-on' : 'password'}</td>
                  <td>{u.disabled ? <span className="badge danger">disabled</span> : <span className="badge ok">active</span>}</td>
                  <td className="muted nowrap">{formatTime(u.created_at)}</td>
                  {manage && (
                    <td className="nowrap">
                      <button className="small" onClick={() => setResetting(u)}>Password…</button>{' '}
                      <button className="small" onClick={() => change(u, { disabled: !u.disabled }, u.disabled ? 'enabled' : 'disabled')}>{u.disabled ? 'Enable' : 'Disable'}</button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {creating && <NewUserDialog onClose={() => setCreating(false)} />}
      {resetting && <PasswordDialog user={resetting} onClose={() => setResetting(null)} />}
    </AdminPage>
  );
}

function NewUserDialog({ onClose }: { onClose: () => void }) {
  const session = useSignedIn();
  const create = useCreateUser();
  const toast = useToast();
  const [form, setForm] = useState({ username: '', password: '', role: 'analyst', email: '' });
  const [tenant, setTenant] = useState<string | undefined>(session.user.tenant ?? undefined);
  return (
    <Modal title="New user" onClose={onClose}
      footer={<><button onClick={onClose}>Cancel</button><button className="primary" type="submit" form="new-user" disabled={create.isPending}>Create</button></>}>
      <form id="new-user" className="form" onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ ...form, email: form.email || null, tenant: tenant ?? null }, { onSuccess: (u) => { toast(`Created ${u.username}`, 'ok'); onClose(); } });
      }}>
        <label className="field">Username<input value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} required autoFocus /></label>
        <label className="field">Password (at least 12 characters)<input type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required /></label>
        <label className="field">Email<input type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} /></label>
        <div className="form-row">
          <label className="field">Role<select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>{USER_ROLES.map((r) => <option key={r} value={r}>{r.replace('_', ' ')}</option>)}</select></label>
          {session.user.tenant === null && <label className="field">Tenant (none: SOC staff)<TenantSelect value={tenant} onChange={setTenant} /></label>}
        </div>
        {create.error && <ErrorBox error={create.error} title="Not created" />}
      </form>
    </Modal>
  );
}

function PasswordDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const update = useUpdateUser();
  const toast = useToast();
  return (
    <Modal title={`New password for ${user.username}`} onClose={onClose}
      footer={<><button onClick={onClose}>Cancel</button><button className="primary" type="submit" form="password" disabled={update.isPending}>Set password</button></>}>
      <form id="password" className="form" onSubmit={(e) => { e.preventDefault(); update.mutate({ user, change: { password } }, { onSuccess: () => { toast('Password changed; their sessions ended', 'ok'); onClose(); } }); }}>
        <label className="field">Password<input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required autoFocus /></label>
        {update.error && <ErrorBox error={update.error} title="Not changed" />}
      </form>
    </Modal>
  );
}
