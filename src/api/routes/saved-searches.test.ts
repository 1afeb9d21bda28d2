import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Fastify from 'fastify';
import { createApiKey } from '../../auth/api-keys.js';
import type { Role } from '../../auth/roles.js';
import type { AppContext } from '../context.js';
import { openStateDb } from '../../store/state/database.js';
import { ensureDefaultTenant } from '../../tenants/tenants.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { registerAuth } from '../auth.js';
import { registerErrorHandler } from '../errors.js';
import { savedSearchRoutes } from './saved-searches.js';

async function savedSearchApp(t: TestContext) {
  const dir = await tempDir(t);
  const db = openStateDb(join(dir, 'state.db'));
  t.after(() => db.close());
  ensureDefaultTenant(db);
  const app = Fastify();
  registerErrorHandler(app);
  registerAuth(app, db);
  await app.register(savedSearchRoutes, { db } as AppContext);
  t.after(() => app.close());
  const key = (role: Role, tenant: string | null = null) => ({ authorization: `Bearer ${createApiKey(db, { name: role, role, tenant }).key}` });
  return { app, db, key };
}

test('saved searches: create, list by name, change with the version read, delete; all audited', async (t) => {
  const { app, db, key } = await savedSearchApp(t);
  const alice = key('analyst');
  const created = await app.inject({ method: 'POST', url: '/api/saved-searches', headers: alice, payload: { name: 'ssh failures', query: 'event.outcome:failure AND process.name:sshd', from: 'now-24h', columns: ['source.ip', 'user.name'] } });
  assert.equal(created.statusCode, 201, created.body);
  const search = created.json();
  assert.deepEqual({ name: search.name, query: search.query, from: search.from, to: search.to, columns: search.columns, version: search.version },
    { name: 'ssh failures', query: 'event.outcome:failure AND process.name:sshd', from: 'now-24h', to: null, columns: ['source.ip', 'user.name'], version: 1 });
  await app.inject({ method: 'POST', url: '/api/saved-searches', headers: alice, payload: { name: 'admin logons', query: 'event.code:4624' } });

  const list = await app.inject({ method: 'GET', url: '/api/saved-searches', headers: alice });
  assert.deepEqual(list.json().items.map((s: { name: string }) => s.name), ['admin logons', 'ssh failures']);

  const changed = await app.inject({ method: 'PATCH', url: `/api/saved-searches/${search.id}`, headers: alice, payload: { version: 1, from: null, query: 'event.outcome:failure' } });
  assert.equal(changed.statusCode, 200, changed.body);
  assert.equal(changed.json().from, null);
  assert.equal(changed.json().query, 'event.outcome:failure');
  assert.equal(changed.json().name, 'ssh failures');
  assert.equal(changed.json().version, 2);
  const stale = await app.inject({ method: 'PATCH', url: `/api/saved-searches/${search.id}`, headers: alice, payload: { version: 1, name: 'x' } });
  assert.equal(stale.statusCode, 409);
  assert.equal(stale.json().error.details.current_version, 2);

  assert.equal((await app.inject({ method: 'DELETE', url: `/api/saved-searches/${search.id}`, headers: alice })).statusCode, 204);
  assert.equal((await app.inject({ method: 'GET', url: `/api/saved-searches/${search.id}`, headers: alice })).statusCode, 404);
  const actions = db.prepare("SELECT action FROM audit_log WHERE entity_type = 'saved_search' ORDER BY id").pluck().all();
  assert.deepEqual(actions, ['saved_search.create', 'saved_search.create', 'saved_search.update', 'saved_search.delete']);
});

test("saved searches are their owner's alone", async (t) => {
  const { app, key } = await savedSearchApp(t);
  const alice = key('analyst');
  const bob = key('analyst');
  const viewer = key('client_viewer', 'default');
  const mine = (await app.inject({ method: 'POST', url: '/api/saved-searches', headers: alice, payload: { name: 'mine', query: 'host.name:web01' } })).json();
  assert.deepEqual((await app.inject({ method: 'GET', url: '/api/saved-searches', headers: bob })).json().items, []);
  for (const [method, payload] of [['GET', undefined], ['PATCH', { version: 1, name: 'stolen' }], ['DELETE', undefined]] as const) {
    const response = await app.inject({ method, url: `/api/saved-searches/${mine.id}`, headers: bob, payload });
    assert.equal(response.statusCode, 404, method);
  }
  // The same name is fine for someone else; a client's viewer saves searches in their tenant.
  const theirs = await app.inject({ method: 'POST', url: '/api/saved-searches', headers: viewer, payload: { name: 'mine', query: '*' } });
  assert.equal(theirs.statusCode, 201);
  assert.equal(theirs.json().tenant, 'default');
});

test('saved searches: invalid input is refused with the reason', async (t) => {
  const { app, key } = await savedSearchApp(t);
  const alice = key('analyst');
  const cases: [unknown, RegExp][] = [
    [{ name: '', query: 'x' }, /name/],
    [{ name: 'no query' }, /query/],
    [{ name: 'x', query: 'y', owner: 'someone' }, /owner|unrecognized/i],
    [{ name: 'x', query: 'y', columns: [{ field: 'host.name' }] }, /columns/],
  ];
  for (const [payload, message] of cases) {
    const response = await app.inject({ method: 'POST', url: '/api/saved-searches', headers: alice, payload: payload as object });
    assert.equal(response.statusCode, 400, JSON.stringify(payload));
    assert.match(response.json().error.message, message);
  }
  await app.inject({ method: 'POST', url: '/api/saved-searches', headers: alice, payload: { name: 'dup', query: 'a' } });
  const duplicate = await app.inject({ method: 'POST', url: '/api/saved-searches', headers: alice, payload: { name: 'dup', query: 'b' } });
  assert.equal(duplicate.statusCode, 409);
  const ingest = key('ingest', 'default');
  assert.equal((await app.inject({ method: 'GET', url: '/api/saved-searches', headers: ingest })).statusCode, 403);
});
