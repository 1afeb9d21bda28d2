// Browser sign-in: password login (throttled), logout, the current session with its CSRF
// token, the user's own password change, and single sign-on through OpenID Connect.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { changeOwnPassword, PASSWORD_MAX_LENGTH } from '../../auth/accounts.js';
import { parseCookies, serializeCookie, type CookieOptions } from '../../auth/cookies.js';
import { clearUserFailures, forgiveLoginAttempt, loginRetryAfter, recordLoginAttempt } from '../../auth/login-limit.js';
import { createOidcClient, type OidcClient } from '../../auth/oidc/client.js';
import { accountForClaims, SsoRefusedError, type ProvisioningRules } from '../../auth/oidc/accounts.js';
import { PENDING_MAX_AGE_MS, savePending, takePending } from '../../auth/oidc/pending.js';
import { ROLE_PERMISSIONS } from '../../auth/roles.js';
import { createSession, csrfTokenOf, deleteSession, SESSION_COOKIE, type SessionMethod } from '../../auth/sessions.js';
import { checkLogin, getUser, type User } from '../../auth/users.js';
import { recordAudit, type AuditActor } from '../../audit/audit.js';
import type { Config } from '../../config/config.js';
import { NotFoundError, VigilError } from '../../errors.js';
import type { StateDb } from '../../store/state/database.js';
import { hasCsrfToken, loginLimitsOf, sessionOfRequest } from '../auth.js';
import type { AppContext } from '../context.js';

export const OIDC_STATE_COOKIE = 'vigil_oidc_state';
const OIDC_PATH = '/api/session/oidc';

/** What the sign-in page says when single sign-on is refused, by audited reason. */
const SSO_REFUSALS: Record<string, string> = {
  provider_error: 'The identity provider did not sign you in.',
  bad_callback: 'This sign-in expired or was started elsewhere: please try again.',
  state_mismatch: 'This sign-in expired or was started elsewhere: please try again.',
  state_unknown: 'This sign-in expired or was started elsewhere: please try again.',
  token_refused: 'The identity provider\'s answer could not be verified.',
  provider_unreachable: 'The identity provider could not be reached.',
  disabled: 'This account is disabled.',
  no_account: 'There is no Vigil account for you: ask an administrator.',
  refused: 'Single sign-on is not possible for this account.',
};

const Login = z.strictObject({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

const PasswordChange = z.strictObject({
  current_password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  new_password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

const Callback = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});

function cookieOptions(config: Config, request: FastifyRequest, path: string, maxAge: number): CookieOptions {
  const secure = config.session.secure_cookie === 'auto' ? request.protocol === 'https' : config.session.secure_cookie;
  // Lax, not Strict: a link to Vigil from a mail or a ticket should open signed in, and the
  // provider's redirect back is a cross-site navigation. Changes need the CSRF token anyway.
  return { httpOnly: true, sameSite: 'Lax', secure, path, maxAge };
}

/** What the console needs to know about its session; the CSRF token goes in X-CSRF-Token. */
function sessionView(user: User, csrfToken: string, method: SessionMethod, expiresAt: number, idleExpiresAt: number) {
  return { authenticated: true, user, permissions: ROLE_PERMISSIONS[user.role], method, csrf_token: csrfToken, expires_at: expiresAt, idle_expires_at: idleExpiresAt };
}

function failedLogin(db: StateDb, name: string, user: { id: string | null; tenant: string | null }, detail: Record<string, unknown>): void {
  const actor: AuditActor = { kind: 'anonymous', id: null, name };
  recordAudit(db, actor, { action: 'user.login_failed', entityType: 'user', entityId: user.id, tenant: user.tenant, detail });
}

export async function sessionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db, config } = ctx;
  const limits = loginLimitsOf(config);
  const ttlMs = config.session.ttl_hours * 3_600_000;
  const idleMs = config.session.idle_minutes * 60_000;

  /** Opens a session for a signed-in user: the row, the audit entry, the cookie. */
  function signIn(request: FastifyRequest, reply: FastifyReply, user: User, method: SessionMethod) {
    const now = Date.now();
    const { token, csrfToken } = db.transaction(() => {
      const opened = createSession(db, user, { ttlMs, idleMs, method, ip: request.ip, userAgent: request.headers['user-agent'] }, now);
      recordAudit(db, { kind: 'user', id: user.id, name: user.username }, { action: 'user.login', entityType: 'user', entityId: user.id, tenant: user.tenant, detail: { method, ip: request.ip } });
      return opened;
    })();
    reply.header('Set-Cookie', serializeCookie(SESSION_COOKIE, token, cookieOptions(config, request, '/', ttlMs / 1000)));
    return sessionView(user, csrfToken, method, now + ttlMs, now + idleMs);
  }

  function clearCookie(request: FastifyRequest, reply: FastifyReply, name: string, path: string) {
    reply.header('Set-Cookie', serializeCookie(name, '', cookieOptions(config, request, path, 0)));
  }

  app.post('/api/session/login', {
    config: { public: true },
    schema: {
      summary: 'Sign in with a username and password; sets the session cookie and returns the CSRF token',
      tags: ['session'],
      body: { type: 'object', properties: { username: { type: 'string' }, password: { type: 'string' } }, required: ['username', 'password'] },
    },
  }, async (request, reply) => {
    const input = Login.parse(request.body);
    const attempt = { username: input.username, ip: request.ip };
    const wait = loginRetryAfter(db, attempt, limits);
    if (wait > 0) {
      failedLogin(db, input.username, { id: null, tenant: null }, { reason: 'throttled', ip: request.ip });
      reply.header('Retry-After', String(wait));
      throw new VigilError('rate_limited', `too many failed sign-ins: try again in ${wait} s`, { details: { retry_after_seconds: wait } });
    }
    // Counted now, before the password check awaits, so parallel guesses are all counted.
    const counted = recordLoginAttempt(db, attempt, limits);
    const check = await checkLogin(db, input.username, input.password);
    if (!check.ok) {
      const tenant = check.userId === null ? null : getUser(db, check.userId, null)?.tenant ?? null;
      failedLogin(db, input.username, { id: check.userId, tenant }, { reason: check.reason, ip: request.ip });
      // One answer for every reason, so the answer does not tell which usernames exist.
      throw new VigilError('unauthorized', 'wrong username or password');
    }
    forgiveLoginAttempt(db, counted);
    clearUserFailures(db, input.username);
    return signIn(request, reply, check.user, 'password');
  });

  app.get('/api/session', {
    config: { public: true },
    schema: { summary: 'The current browser session, with its CSRF token, or { authenticated: false, oidc: { enabled } }', tags: ['session'] },
  }, async (request) => {
    const session = sessionOfRequest(db, request);
    // The sign-in page offers single sign-on when it is on.
    if (!session) return { authenticated: false, oidc: { enabled: config.oidc.enabled } };
    const { info } = session;
    return sessionView(info.user, csrfTokenOf(session.token), info.method, info.expires_at, info.idle_expires_at);
  });

  app.post('/api/session/logout', {
    config: { public: true },
    schema: { summary: 'End the browser session (needs X-CSRF-Token)', tags: ['session'] },
  }, async (request, reply) => {
    const session = sessionOfRequest(db, request);
    if (session) {
      if (!hasCsrfToken(request, session)) throw new VigilError('forbidden', 'missing or wrong x-csrf-token header');
      const user = session.info.user;
      db.transaction(() => {
        deleteSession(db, session.token);
        recordAudit(db, { kind: 'user', id: user.id, name: user.username }, { action: 'user.logout', entityType: 'user', entityId: user.id, tenant: user.tenant });
      })();
    }
    clearCookie(request, reply, SESSION_COOKIE, '/');
    return reply.status(204).send();
  });

  app.post('/api/session/password', {
    config: { permission: 'account:self' },
    schema: {
      summary: 'Change your own password; your other sessions end',
      tags: ['session'],
      body: { type: 'object', properties: { current_password: { type: 'string' }, new_password: { type: 'string' } }, required: ['current_password', 'new_password'] },
    },
  }, async (request, reply) => {
    const input = PasswordChange.parse(request.body);
    const principal = request.principal;
    // Guessing the current password here is guessing a login: same throttle, same count.
    const attempt = { username: principal.name, ip: request.ip };
    const wait = loginRetryAfter(db, attempt, limits);
    if (wait > 0) {
      reply.header('Retry-After', String(wait));
      throw new VigilError('rate_limited', `too many failed attempts: try again in ${wait} s`, { details: { retry_after_seconds: wait } });
    }
    const counted = recordLoginAttempt(db, attempt, limits);
    let changed: boolean;
    try {
      changed = await changeOwnPassword(db, principal, input.current_password, input.new_password, request.session?.token);
    } catch (error) {
      // Refused before the current password was checked (a weak new one): not a guess.
      forgiveLoginAttempt(db, counted);
      throw error;
    }
    if (!changed) {
      failedLogin(db, principal.name, { id: principal.id, tenant: principal.tenant }, { reason: 'bad_password', ip: request.ip, during: 'password_change' });
      throw new VigilError('bad_request', 'current_password: wrong password');
    }
    forgiveLoginAttempt(db, counted);
    return reply.status(204).send();
  });

  const oidc = config.oidc;
  const client: OidcClient | null = oidc.enabled
    ? createOidcClient({ issuer: oidc.issuer!, clientId: oidc.client_id!, clientSecret: oidc.client_secret, redirectUri: oidc.redirect_uri!, scopes: oidc.scopes, skewSeconds: oidc.clock_skew_seconds })
    : null;
  const rules: ProvisioningRules | null = oidc.enabled
    ? { issuer: oidc.issuer!, usernameClaim: oidc.username_claim, provision: oidc.provision, defaultRole: oidc.default_role, defaultTenant: oidc.default_tenant, roleClaim: oidc.role_claim, roleMap: oidc.role_map }
    : null;

  app.get(`${OIDC_PATH}/login`, {
    config: { public: true },
    schema: { summary: 'Start single sign-on: redirects to the identity provider', tags: ['session'] },
  }, async (request, reply) => {
    if (!client) throw new NotFoundError('single sign-on (oidc is not enabled)');
    const { url, state, pending } = await client.authorizationRequest();
    savePending(db, state, pending);
    // The state is also bound to this browser, so a callback link made for someone else
    // (login CSRF) finds no matching cookie.
    reply.header('Set-Cookie', serializeCookie(OIDC_STATE_COOKIE, state, cookieOptions(config, request, OIDC_PATH, PENDING_MAX_AGE_MS / 1000)));
    return reply.redirect(url, 302);
  });

  app.get(`${OIDC_PATH}/callback`, {
    config: { public: true },
    schema: {
      summary: 'Where the identity provider sends the browser back: opens the session and redirects to / (or to /login?error= when refused)',
      tags: ['session'],
      querystring: { type: 'object', properties: { code: { type: 'string' }, state: { type: 'string' }, error: { type: 'string' } } },
    },
  }, async (request, reply) => {
    if (!client || !rules) throw new NotFoundError('single sign-on (oidc is not enabled)');
    const query = Callback.parse(request.query);
    const bound = parseCookies(request.headers.cookie).get(OIDC_STATE_COOKIE);
    clearCookie(request, reply, OIDC_STATE_COOKIE, OIDC_PATH);
    // A browser lands here: a refusal goes back to the console's sign-in page with a fixed
    // message (never the provider's or the token's text), and the details to the audit log.
    const refuse = (reason: string, detail?: string) => {
      failedLogin(db, 'unknown', { id: null, tenant: null }, { reason, method: 'oidc', ip: request.ip, ...(detail ? { message: detail } : {}) });
      return reply.redirect(`/login?error=${encodeURIComponent(SSO_REFUSALS[reason] ?? SSO_REFUSALS.refused!)}`, 302);
    };
    if (query.error) return refuse('provider_error', query.error_description ?? query.error);
    if (!query.state || !query.code) return refuse('bad_callback');
    if (!bound || !sameText(bound, query.state)) return refuse('state_mismatch');
    const pending = takePending(db, query.state);
    if (!pending) return refuse('state_unknown');
    let user: User;
    try {
      user = accountForClaims(db, rules, await client.redeem(query.code, pending));
    } catch (error) {
      if (error instanceof SsoRefusedError) return refuse(error.reason, error.message);
      if (error instanceof VigilError) return refuse(error.code === 'unauthorized' ? 'token_refused' : 'provider_unreachable', error.message);
      throw error;
    }
    signIn(request, reply, user, 'oidc');
    return reply.redirect('/', 302);
  });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
