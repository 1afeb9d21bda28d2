// The shapes of the session API (GET /api/session, POST /api/session/login).

export interface SessionUser {
  id: string;
  username: string;
  role: string;
  /** null: SOC staff, who work across tenants. */
  tenant: string | null;
  email: string | null;
  sso: boolean;
}

export type Session =
  | { authenticated: false; oidc?: { enabled: boolean } }
  | {
    authenticated: true;
    user: SessionUser;
    permissions: string[];
    method: 'password' | 'oidc';
    csrf_token: string;
    expires_at: number;
    idle_expires_at: number;
  };

export type SignedIn = Extract<Session, { authenticated: true }>;
