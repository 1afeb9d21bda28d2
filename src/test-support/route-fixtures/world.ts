// A test world for the breach tests: an engine with tenants A and B (ids unique per world, so a
// leak can be searched for in any answer) and principals of every role, made on demand.
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import { createApiKey } from '../../auth/api-keys.js';
import { createSession, SESSION_COOKIE } from '../../auth/sessions.js';
import { insertUser } from '../../auth/users.js';
import type { Config } from '../../config/config.js';
import { createTenant } from '../../tenants/tenants.js';
import { testEngine } from '../engine.js';
import type { Headers, World } from './types.js';

const SESSION_LIMITS = { ttlMs: 3_600_000, idleMs: 3_600_000, method: 'password' as const };

export async function testWorld(t: TestContext, overrides: Partial<Config> = {}): Promise<World> {
  const engine = await testEngine(t, overrides);
  const suffix = randomBytes(4).toString('hex');
  const tenantA = `ta-${suffix}`;
  const tenantB = `tb-${suffix}`;
  createTenant(engine.db, tenantA, `Tenant A ${suffix}`);
  createTenant(engine.db, tenantB, `Tenant B ${suffix}`);
  const users = new Map<string, Headers>();
  const ids = new Map<Headers, string>();
  let count = 0;

  const world: World = {
    engine,
    app: engine.app,
    db: engine.db,
    tenantA,
    tenantB,
    user(role, tenant) {
      const name = `${role}@${tenant ?? 'soc'}`;
      const cached = users.get(name);
      if (cached) return cached;
      // No password: sessions are opened directly, which keeps scrypt out of the loop.
      const user = insertUser(engine.db, { username: `${role}.${tenant ?? 'soc'}.${count++}`, passwordHash: null, role, tenant });
      const { token, csrfToken } = createSession(engine.db, user, SESSION_LIMITS);
      const headers = { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrfToken };
      users.set(name, headers);
      ids.set(headers, user.id);
      return headers;
    },
    userId(headers) {
      const id = ids.get(headers);
      if (!id) throw new Error('userId: these headers are not of a world user');
      return id;
    },
    as(role, tenant) {
      if (role !== 'ingest') return world.user(role, tenant);
      const { key } = createApiKey(engine.db, { name: 'ingest', role, tenant: tenant ?? 'default' });
      return { authorization: `Bearer ${key}` };
    },
    send(headers, request) {
      return engine.app.inject({ ...request, headers: { ...headers, ...request.headers } });
    },
  };
  return world;
}
