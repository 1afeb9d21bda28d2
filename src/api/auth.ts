// Authentication on every route but the few marked public, and a permission per route.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate } from '../auth/authenticate.js';
import type { Principal } from '../auth/principal.js';
import { hasPermission, type Permission } from '../auth/roles.js';
import { VigilError } from '../errors.js';
import type { StateDb } from '../store/state/database.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without credentials. */
    public?: boolean;
    /** What the caller's role must allow. Routes without it are refused: safe by default. */
    permission?: Permission;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

export function registerAuth(app: FastifyInstance, db: StateDb): void {
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    if (config?.public) return;
    const principal = await authenticate(db, request.headers.authorization);
    if (!principal) {
      reply.header('WWW-Authenticate', 'Bearer realm="vigil", ApiKey, Basic realm="vigil"');
      throw new VigilError('unauthorized', 'authentication required: send "Authorization: Bearer <api key>"');
    }
    const permission = config?.permission;
    if (!permission || !hasPermission(principal.role, permission)) {
      throw new VigilError('forbidden', permission ? `the ${principal.role} role may not ${permission}` : 'this route is not open to API callers');
    }
    request.principal = principal;
  });
}

/** The tenant a request acts for: the caller's own, or for cross-tenant staff the one asked (default otherwise). */
export function actingTenant(request: FastifyRequest, asked: string | undefined): string {
  const own = request.principal.tenant;
  if (own !== null) {
    if (asked !== undefined && asked !== own) throw new VigilError('forbidden', `not allowed to act for tenant ${asked}`);
    return own;
  }
  return asked ?? 'default';
}
