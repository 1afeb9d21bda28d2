// Authentication on every route but the few marked public, and a permission per route.
// Credentials are an Authorization header (API key, or basic auth for shippers) or a browser
// session cookie; a cookie-authenticated change must also carry the session's CSRF token.
// Every route is recorded as it is added, so tests can walk the whole route table.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { recordAudit } from '../audit/audit.js';
import { authenticate, basicLoginName } from '../auth/authenticate.js';
import { parseCookies } from '../auth/cookies.js';
import type { Principal } from '../auth/principal.js';
import { forgiveLoginAttempt, loginRetryAfter, recordLoginAttempt, type LoginLimits } from '../auth/login-limit.js';
import { hasPermission, type Permission } from '../auth/roles.js';
import { csrfTokenMatches, findSession, SESSION_COOKIE, type SessionInfo } from '../auth/sessions.js';
import { principalOf } from '../auth/users.js';
import { ConfigSchema, type Config } from '../config/config.js';
import { VigilError } from '../errors.js';
import type { StateDb } from '../store/state/database.js';
import { DEFAULT_TENANT } from '../event/event.js';
import { tenantExists } from '../tenants/tenants.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without credentials. */
    public?: boolean;
    /** What the caller's role must allow. Routes without it are refused: safe by default. */
    permission?: Permission;
  }
  interface FastifyRequest {
    principal: Principal;
    /** The browser session the request came with, when it was authenticated by cookie. */
    session: BrowserSession | null;
  }
}

export interface BrowserSession {
  token: string;
  info: SessionInfo;
}

export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RouteEntry {
  method: string;
  url: string;
  /** Route constraints (e.g. the console's `html` one): two routes may share a method and URL. */
  constraints: Record<string, unknown> | undefined;
  permission: Permission | undefined;
  public: boolean;
}

interface RecordedRoute {
  method: RouteOptions['method'];
  url: string;
  options: RouteOptions;
}

const ROUTE_TABLES = new WeakMap<FastifyInstance, RecordedRoute[]>();

/** Every route of an app built with registerAuth, one entry per method. */
export function registeredRoutes(app: FastifyInstance): RouteEntry[] {
  const routes = ROUTE_TABLES.get(app);
  if (!routes) throw new Error('registeredRoutes: this app was not built with registerAuth');
  // The config is read now, not when recorded: later onRoute hooks may still have set it.
  // Method and URL are kept as recorded, because Fastify reuses the options object of a
  // prefixed "/" route for its "/prefix/" twin.
  return routes.flatMap(({ method: methods, url, options }) => (Array.isArray(methods) ? methods : [methods]).map((method) => ({
    method,
    url,
    constraints: options.constraints as Record<string, unknown> | undefined,
    permission: options.config?.permission,
    public: options.config?.public === true,
  })));
}

/** The live browser session of a request's cookie, if any (public routes read it themselves). */
export function sessionOfRequest(db: StateDb, request: FastifyRequest): BrowserSession | null {
  const token = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
  if (!token) return null;
  const info = findSession(db, token);
  return info ? { token, info } : null;
}

/** Whether an unsafe request authenticated by cookie carries the session's CSRF token. */
export function hasCsrfToken(request: FastifyRequest, session: BrowserSession): boolean {
  const header = request.headers[CSRF_HEADER];
  return csrfTokenMatches(session.token, typeof header === 'string' ? header : undefined);
}

export function loginLimitsOf(config: Config): LoginLimits {
  const s = config.session;
  return { maxPerUser: s.login_max_failures_per_user, maxPerIp: s.login_max_failures_per_ip, windowMs: s.login_window_minutes * 60_000 };
}

/**
 * Credentials of the Authorization header. A username and password there is a login like any
 * other: throttled with the same counts, and a wrong one is audited.
 */
async function headerPrincipal(db: StateDb, limits: LoginLimits, request: FastifyRequest, reply: FastifyReply): Promise<Principal | null> {
  const header = request.headers.authorization;
  const username = basicLoginName(header);
  if (username === null) return authenticate(db, header);
  const attempt = { username, ip: request.ip };
  const wait = loginRetryAfter(db, attempt, limits);
  if (wait > 0) {
    reply.header('Retry-After', String(wait));
    throw new VigilError('rate_limited', `too many failed sign-ins: try again in ${wait} s`, { details: { retry_after_seconds: wait } });
  }
  const counted = recordLoginAttempt(db, attempt, limits);
  const principal = await authenticate(db, header);
  if (principal) {
    forgiveLoginAttempt(db, counted);
  } else {
    recordAudit(db, { kind: 'anonymous', id: null, name: username }, { action: 'user.login_failed', entityType: 'user', detail: { method: 'basic', ip: request.ip } });
  }
  return principal;
}

/** Installs authentication; apps built without a configuration (small route tests) get the default limits. */
export function registerAuth(app: FastifyInstance, db: StateDb, config: Config = ConfigSchema.parse({})): void {
  const limits = loginLimitsOf(config);
  const routes: RecordedRoute[] = [];
  ROUTE_TABLES.set(app, routes);
  app.addHook('onRoute', (route) => {
    routes.push({ method: route.method, url: route.url, options: route });
  });
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request, reply) => {
    // No browser page of another site has a reason to change anything here (there is no
    // CORS): refusing those outright also covers credentials a browser attaches by itself.
    if (UNSAFE_METHODS.has(request.method) && request.headers['sec-fetch-site'] === 'cross-site') {
      throw new VigilError('forbidden', 'cross-site requests may not change anything');
    }
    const config = request.routeOptions.config;
    if (config?.public) return;
    let principal: Principal | null = null;
    if (request.headers.authorization) {
      principal = await headerPrincipal(db, limits, request, reply);
    } else {
      const session = sessionOfRequest(db, request);
      if (session) {
        if (UNSAFE_METHODS.has(request.method) && !hasCsrfToken(request, session)) {
          throw new VigilError('forbidden', `missing or wrong ${CSRF_HEADER} header: send the csrf_token of the session`);
        }
        request.session = session;
        principal = principalOf(session.info.user);
      }
    }
    if (!principal) {
      // No Basic challenge: a browser would prompt for a password and then attach it to
      // requests by itself, CSRF included. Shippers send basic credentials unasked.
      reply.header('WWW-Authenticate', 'Bearer realm="vigil"');
      throw new VigilError('unauthorized', 'authentication required: send "Authorization: Bearer <api key>" or sign in');
    }
    const permission = config?.permission;
    if (!permission || !hasPermission(principal.role, permission)) {
      throw new VigilError('forbidden', permission ? `the ${principal.role} role may not ${permission}` : 'this route is not open to API callers');
    }
    request.principal = principal;
  });
}

/**
 * The tenant a request acts for: the caller's own, or for cross-tenant staff the one asked
 * (default otherwise), which must exist, so nothing is ever stored under an unknown tenant.
 */
export function actingTenant(request: FastifyRequest, db: StateDb, asked: string | undefined): string {
  const own = request.principal.tenant;
  if (own !== null) {
    if (asked !== undefined && asked !== own) throw new VigilError('forbidden', `not allowed to act for tenant ${asked}`);
    return own;
  }
  const tenant = asked ?? DEFAULT_TENANT;
  if (!tenantExists(db, tenant)) throw new VigilError('bad_request', `unknown tenant ${tenant}`);
  return tenant;
}
