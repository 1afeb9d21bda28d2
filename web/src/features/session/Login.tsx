// The sign-in page: username and password, or the identity provider when OIDC is configured.
import { useState } from 'react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../api/client.js';
import { Icon } from '../../components/Icon.js';
import { useMarkFirstRender } from '../../lib/perf.js';
import { sessionQuery, useLogin } from './useSession.js';

/** Only paths of this console, so a crafted link cannot send someone elsewhere after signing in. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function Login() {
  const search = useSearch({ strict: false }) as { next?: string; error?: string };
  const navigate = useNavigate();
  const login = useLogin();
  const session = useQuery(sessionQuery);
  useMarkFirstRender();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const oidc = session.data && !session.data.authenticated && session.data.oidc?.enabled;
  const failure = login.error instanceof ApiError
    ? (login.error.status === 401 ? 'Wrong username or password.' : login.error.message)
    : login.error ? 'The server could not be reached.' : search.error;

  return (
    <div className="login">
      <div className="panel">
        <h1><Icon name="logo" size={26} /> VIGIL</h1>
        <p className="muted" style={{ marginTop: 0 }}>Security operations console</p>
        <form className="form" onSubmit={(e) => {
          e.preventDefault();
          login.mutate({ username, password }, { onSuccess: () => void navigate({ to: safeNext(search.next) } as never) });
        }}>
          <label className="field">Username
            <input name="username" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} required />
          </label>
          <label className="field">Password
            <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
          {failure && <div className="error-box" role="alert">{failure}</div>}
          <button className="primary" type="submit" disabled={login.isPending}>{login.isPending ? 'Signing in…' : 'Sign in'}</button>
        </form>
        {oidc && (
          <>
            <p className="or">or</p>
            <a className="button" style={{ width: '100%', justifyContent: 'center' }} href="/api/session/oidc/login">Sign in with single sign-on (OIDC)</a>
          </>
        )}
      </div>
    </div>
  );
}
