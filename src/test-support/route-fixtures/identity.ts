// Route fixtures of the identity domain: users, /api/me and personal keys, sessions, tenants,
// the audit log and the admin API keys.
import { randomBytes } from 'node:crypto';
import { createApiKey, getApiKey } from '../../auth/api-keys.js';
import { createSession, SESSION_COOKIE } from '../../auth/sessions.js';
import { createUser, getUser, insertUser } from '../../auth/users.js';
import type { Headers, LockedResource, Resource, ResourceFactory, RouteFixture, World } from './types.js';

const PASSWORD = 'fixture password 1234';

function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

function admin(world: World): Headers {
  return world.user('admin', null);
}

/** A fresh session of its own for a user with a password, for routes that end or change it. */
async function passwordUser(world: World, tenant: string | null): Promise<{ username: string; headers: Headers; id: string }> {
  const user = await createUser(world.db, { username: unique('pw'), password: PASSWORD, role: 'analyst', tenant });
  const { token, csrfToken } = createSession(world.db, user, { ttlMs: 3_600_000, idleMs: 3_600_000, method: 'password' });
  return { username: user.username, id: user.id, headers: { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrfToken } };
}

export const IDENTITY_RESOURCES: Record<string, ResourceFactory> = {
  async user(world, tenant) {
    const user = insertUser(world.db, { username: unique('fixture'), passwordHash: null, role: 'analyst', tenant });
    return { id: user.id, tenant, version: user.version, snapshot: async () => getUser(world.db, user.id, null) };
  },
  async tenant(world, tenant) {
    return { id: tenant, tenant, snapshot: async () => (await world.send(admin(world), { method: 'GET', url: `/api/tenants/${tenant}` })).json() };
  },
  async apikey(world, tenant) {
    const { info } = createApiKey(world.db, { name: unique('key'), role: 'ingest', tenant });
    return { id: info.id, tenant, snapshot: async () => getApiKey(world.db, info.id) };
  },
  async 'personal-apikey'(world, tenant) {
    const owner = world.user('analyst', tenant);
    const created = await world.send(owner, { method: 'POST', url: '/api/me/apikeys', payload: { name: unique('mine') } });
    const id = created.json().id as string;
    return { id, tenant, owner, snapshot: async () => getApiKey(world.db, id) };
  },
};

export const IDENTITY_ROUTES: RouteFixture[] = [
  { route: 'GET /api/users' },
  {
    route: 'POST /api/users',
    change: { audit: 'user.create', request: async (w) => ({ method: 'POST', url: '/api/users', payload: { username: unique('new'), password: PASSWORD, role: 'analyst', tenant: w.tenantA } }) },
  },
  { route: 'GET /api/users/:id', isolation: { resource: 'user' } },
  {
    route: 'PATCH /api/users/:id',
    isolation: { resource: 'user', request: (r) => ({ payload: { version: r.version, email: 'x@example.test' } }) },
    change: {
      audit: 'user.update',
      request: async (w) => {
        const user = await IDENTITY_RESOURCES.user!(w, w.tenantA);
        return { method: 'PATCH', url: `/api/users/${user.id}`, payload: { version: user.version, role: 'client_viewer' } };
      },
    },
  },
  {
    route: 'DELETE /api/users/:id',
    isolation: { resource: 'user' },
    change: { audit: 'user.disable', request: async (w) => ({ method: 'DELETE', url: `/api/users/${(await IDENTITY_RESOURCES.user!(w, w.tenantA)).id}` }) },
  },
  { route: 'GET /api/me' },
  { route: 'GET /api/me/apikeys' },
  {
    route: 'POST /api/me/apikeys',
    change: { audit: 'apikey.create', request: async (w) => ({ method: 'POST', url: '/api/me/apikeys', payload: { name: unique('mine') }, as: w.user('analyst', w.tenantA) }) },
  },
  {
    route: 'DELETE /api/me/apikeys/:id',
    isolation: { resource: 'personal-apikey' },
    change: {
      audit: 'apikey.revoke',
      request: async (w) => {
        const key = await IDENTITY_RESOURCES['personal-apikey']!(w, w.tenantA);
        return { method: 'DELETE', url: `/api/me/apikeys/${key.id}`, as: w.user('analyst', w.tenantA) };
      },
    },
  },
  {
    route: 'POST /api/session/login',
    change: {
      audit: 'user.login',
      request: async (w) => ({ method: 'POST', url: '/api/session/login', payload: { username: (await passwordUser(w, w.tenantA)).username, password: PASSWORD }, as: {} }),
    },
  },
  { route: 'GET /api/session' },
  {
    route: 'POST /api/session/logout',
    change: { audit: 'user.logout', request: async (w) => ({ method: 'POST', url: '/api/session/logout', as: (await passwordUser(w, w.tenantA)).headers }) },
  },
  {
    route: 'POST /api/session/password',
    change: {
      audit: 'user.password_change',
      request: async (w) => ({
        method: 'POST', url: '/api/session/password',
        payload: { current_password: PASSWORD, new_password: 'another fixture password' },
        as: (await passwordUser(w, w.tenantA)).headers,
      }),
    },
  },
  // Single sign-on is off in the breach tests' configuration: these answer 404 there.
  { route: 'GET /api/session/oidc/login', list: { skip: 'single sign-on is off here; a redirect to the provider (session-oidc.int.test.ts)' } },
  { route: 'GET /api/session/oidc/callback', list: { skip: 'single sign-on is off here; covered by session-oidc.int.test.ts' } },
  { route: 'GET /api/tenants' },
  { route: 'GET /api/tenants/:id', isolation: { resource: 'tenant' } },
  {
    route: 'POST /api/tenants',
    change: { audit: 'tenant.create', request: async () => ({ method: 'POST', url: '/api/tenants', payload: { id: unique('t'), name: 'Fixture tenant' } }) },
  },
  {
    route: 'PATCH /api/tenants/:id',
    isolation: { resource: 'tenant', request: () => ({ payload: { version: 1, name: 'Renamed by another tenant' } }) },
    change: {
      audit: 'tenant.update',
      request: async (w) => {
        const tenant = (await w.send(admin(w), { method: 'POST', url: '/api/tenants', payload: { id: unique('t'), name: 'To rename' } })).json();
        return { method: 'PATCH', url: `/api/tenants/${tenant.id}`, payload: { version: tenant.version, name: 'Renamed' } };
      },
    },
  },
  { route: 'GET /api/audit' },
  { route: 'GET /api/apikeys' },
  {
    route: 'POST /api/apikeys',
    change: { audit: 'apikey.create', request: async (w) => ({ method: 'POST', url: '/api/apikeys', payload: { name: unique('shipper'), role: 'ingest', tenant: w.tenantA } }) },
  },
  {
    route: 'DELETE /api/apikeys/:id',
    isolation: { resource: 'apikey' },
    change: { audit: 'apikey.revoke', request: async (w) => ({ method: 'DELETE', url: `/api/apikeys/${(await IDENTITY_RESOURCES.apikey!(w, w.tenantA)).id}` }) },
  },
];

export const IDENTITY_LOCKS: LockedResource[] = [
  {
    name: 'user',
    routes: ['PATCH /api/users/:id'],
    create: (w) => IDENTITY_RESOURCES.user!(w, w.tenantA),
    write: (_w, r, version, value) => ({ method: 'PATCH', url: `/api/users/${r.id}`, payload: { version, email: `${value}@example.test` } }),
    read: async (w, r) => String(getUser(w.db, r.id, null)?.email).split('@')[0]!,
  },
  {
    name: 'tenant',
    routes: ['PATCH /api/tenants/:id'],
    create: async (w): Promise<Resource> => {
      const tenant = (await w.send(admin(w), { method: 'POST', url: '/api/tenants', payload: { id: unique('t'), name: 'Locked' } })).json();
      return { id: tenant.id, tenant: tenant.id, version: tenant.version };
    },
    write: (_w, r, version, value) => ({ method: 'PATCH', url: `/api/tenants/${r.id}`, payload: { version, name: value } }),
    read: async (w, r) => String(w.db.prepare('SELECT name FROM tenants WHERE id = ?').pluck().get(r.id)),
  },
];
