// Route fixtures of saved searches: each belongs to the user who saved it, in their tenant.
import { randomBytes } from 'node:crypto';
import type { LockedResource, ResourceFactory, RouteFixture, World } from './types.js';

const owner = (w: World, tenant: string) => w.user('analyst', tenant);

export const SEARCH_RESOURCES: Record<string, ResourceFactory> = {
  async 'saved-search'(w, tenant) {
    const headers = owner(w, tenant);
    const saved = (await w.send(headers, { method: 'POST', url: '/api/saved-searches', payload: { name: `search-${randomBytes(4).toString('hex')}`, query: 'event.outcome:failure' } })).json();
    return { id: saved.id, tenant, version: saved.version, owner: headers, snapshot: async () => (await w.send(headers, { method: 'GET', url: `/api/saved-searches/${saved.id}` })).json() };
  },
};

const mine = (w: World) => SEARCH_RESOURCES['saved-search']!(w, w.tenantA);

export const SEARCH_ROUTES: RouteFixture[] = [
  { route: 'GET /api/saved-searches' },
  {
    route: 'POST /api/saved-searches',
    change: { audit: 'saved_search.create', request: async (w) => ({ method: 'POST', url: '/api/saved-searches', payload: { name: 'failed logons', query: 'event.outcome:failure' }, as: owner(w, w.tenantA) }) },
  },
  { route: 'GET /api/saved-searches/:id', isolation: { resource: 'saved-search' } },
  {
    route: 'PATCH /api/saved-searches/:id',
    isolation: { resource: 'saved-search', request: (r) => ({ payload: { version: r.version, query: '*' } }) },
    change: { audit: 'saved_search.update', request: async (w) => { const s = await mine(w); return { method: 'PATCH', url: `/api/saved-searches/${s.id}`, payload: { version: s.version, query: 'host.name:web01' }, as: s.owner }; } },
  },
  {
    route: 'DELETE /api/saved-searches/:id',
    isolation: { resource: 'saved-search' },
    change: { audit: 'saved_search.delete', request: async (w) => { const s = await mine(w); return { method: 'DELETE', url: `/api/saved-searches/${s.id}`, as: s.owner }; } },
  },
];

export const SEARCH_LOCKS: LockedResource[] = [
  {
    name: 'saved-search',
    routes: ['PATCH /api/saved-searches/:id'],
    create: mine,
    write: (w, r, version, value) => ({ method: 'PATCH', url: `/api/saved-searches/${r.id}`, payload: { version, name: value }, headers: owner(w, w.tenantA) }),
    read: async (w, r) => String((await w.send(owner(w, w.tenantA), { method: 'GET', url: `/api/saved-searches/${r.id}` })).json().name),
  },
];
