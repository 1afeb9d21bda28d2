import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testWorld } from '../../test-support/route-fixtures/index.js';

const PASSWORD = 'a long enough password';

test('admins create, read, change and disable users; every step is audited', async (t) => {
  const world = await testWorld(t);
  const admin = world.user('admin', null);
  const created = await world.send(admin, { method: 'POST', url: '/api/users', payload: { username: 'yusuf', password: PASSWORD, role: 'analyst', tenant: world.tenantA, email: 'yusuf@a.test' } });
  assert.equal(created.statusCode, 201, created.body);
  const user = created.json();
  assert.deepEqual([user.username, user.role, user.tenant, user.version, user.disabled], ['yusuf', 'analyst', world.tenantA, 1, false]);
  assert.equal((await world.send(admin, { method: 'GET', url: `/api/users/${user.id}` })).json().email, 'yusuf@a.test');

  const patched = await world.send(admin, { method: 'PATCH', url: `/api/users/${user.id}`, payload: { version: 1, role: 'incident_handler', email: null } });
  assert.equal(patched.statusCode, 200, patched.body);
  assert.deepEqual([patched.json().role, patched.json().email, patched.json().version], ['incident_handler', null, 2]);
  const stale = await world.send(admin, { method: 'PATCH', url: `/api/users/${user.id}`, payload: { version: 1, role: 'client_viewer' } });
  assert.equal(stale.statusCode, 409);
  assert.equal(stale.json().error.details.current_version, 2);
  assert.equal((await world.send(admin, { method: 'PATCH', url: `/api/users/${user.id}`, payload: { version: 2 } })).statusCode, 400, 'nothing to change');

  const disabled = await world.send(admin, { method: 'DELETE', url: `/api/users/${user.id}` });
  assert.equal(disabled.statusCode, 200);
  assert.equal(disabled.json().disabled, true);
  const login = await world.app.inject({ method: 'POST', url: '/api/session/login', payload: { username: 'yusuf', password: PASSWORD } });
  assert.equal(login.statusCode, 401);

  const audit = (await world.send(admin, { method: 'GET', url: `/api/audit?entity_type=user&entity_id=${user.id}` })).json();
  assert.deepEqual(audit.items.map((e: { action: string }) => e.action), ['user.login_failed', 'user.disable', 'user.update', 'user.create']);
  const update = audit.items[2];
  assert.equal(update.before.role, 'analyst');
  assert.equal(update.after.role, 'incident_handler');
  assert.equal(update.actor.kind, 'user');
});

test('input is checked: usernames, roles, passwords, tenants, duplicates', async (t) => {
  const world = await testWorld(t);
  const admin = world.user('admin', null);
  const post = (payload: Record<string, unknown>) => world.send(admin, { method: 'POST', url: '/api/users', payload: { username: 'zoe', password: PASSWORD, role: 'analyst', ...payload } });
  const cases: [string, Record<string, unknown>, number][] = [
    ['a space in the username', { username: 'zoe smith' }, 400],
    ['a role users cannot have', { role: 'ingest' }, 400],
    ['an unknown role', { role: 'wizard' }, 400],
    ['a short password', { password: 'short' }, 400],
    ['an unknown tenant', { tenant: 'no-such-tenant' }, 400],
    ['an unknown field', { shoe_size: 42 }, 400],
    ['a bad email', { email: 'not-an-email' }, 400],
  ];
  for (const [name, payload, status] of cases) assert.equal((await post(payload)).statusCode, status, name);
  assert.equal((await post({})).statusCode, 201);
  assert.equal((await post({ username: 'ZOE' })).statusCode, 409, 'usernames ignore case');
});

test('a tenant admin manages only their tenant\'s accounts', async (t) => {
  const world = await testWorld(t);
  const tenantAdmin = world.user('admin', world.tenantA);
  const mine = await world.send(tenantAdmin, { method: 'POST', url: '/api/users', payload: { username: 'amy', password: PASSWORD, role: 'client_viewer' } });
  assert.equal(mine.statusCode, 201);
  assert.equal(mine.json().tenant, world.tenantA);
  const elsewhere = await world.send(tenantAdmin, { method: 'POST', url: '/api/users', payload: { username: 'ben', password: PASSWORD, role: 'client_viewer', tenant: world.tenantB } });
  assert.equal(elsewhere.statusCode, 403);
  const moved = await world.send(tenantAdmin, { method: 'PATCH', url: `/api/users/${mine.json().id}`, payload: { version: 1, tenant: null } });
  assert.equal(moved.statusCode, 403, 'cannot make someone SOC staff');
  const listed = (await world.send(tenantAdmin, { method: 'GET', url: '/api/users' })).json();
  assert.ok(listed.items.length > 0);
  assert.ok(listed.items.every((u: { tenant: string }) => u.tenant === world.tenantA), JSON.stringify(listed.items));
});

test('users are listed by name, page by page', async (t) => {
  const world = await testWorld(t);
  const admin = world.user('admin', null);
  for (const name of ['carl', 'Dora', 'eve']) {
    await world.send(admin, { method: 'POST', url: '/api/users', payload: { username: name, password: PASSWORD, role: 'analyst', tenant: world.tenantB } });
  }
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = (await world.send(admin, { method: 'GET', url: `/api/users?limit=2${cursor ? `&cursor=${cursor}` : ''}` })).json();
    assert.ok(page.items.length <= 2);
    names.push(...page.items.map((u: { username: string }) => u.username));
    cursor = page.next_cursor;
  } while (cursor);
  const expected = (world.db.prepare('SELECT username FROM users ORDER BY username COLLATE NOCASE').pluck().all() as string[]);
  assert.deepEqual(names, expected);
  assert.ok(names.includes('Dora'));
  assert.equal((await world.send(admin, { method: 'GET', url: '/api/users?limit=501' })).statusCode, 400);
  assert.equal((await world.send(admin, { method: 'GET', url: '/api/users?cursor=garbage' })).statusCode, 400);
});

test('GET /api/me tells a principal who they are', async (t) => {
  const world = await testWorld(t);
  const viewer = world.user('client_viewer', world.tenantA);
  const me = (await world.send(viewer, { method: 'GET', url: '/api/me' })).json();
  assert.equal(me.principal.kind, 'user');
  assert.equal(me.principal.role, 'client_viewer');
  assert.equal(me.principal.tenant, world.tenantA);
  assert.equal(me.user.id, world.userId(viewer));
  assert.ok(me.permissions.includes('account:self'));
  assert.ok(!me.permissions.includes('alerts:write'));
});
