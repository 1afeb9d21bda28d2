import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testWorld } from '../../test-support/route-fixtures/index.js';

test('admins create and rename tenants; a rename needs the current version', async (t) => {
  const world = await testWorld(t);
  const admin = world.user('admin', null);
  const created = await world.send(admin, { method: 'POST', url: '/api/tenants', payload: { id: 'globex', name: 'Globex' } });
  assert.equal(created.statusCode, 201, created.body);
  assert.deepEqual([created.json().id, created.json().name, created.json().version], ['globex', 'Globex', 1]);
  assert.equal((await world.send(admin, { method: 'POST', url: '/api/tenants', payload: { id: 'globex', name: 'Again' } })).statusCode, 409);
  for (const id of ['Globex', 'has space', '-dash', 'x'.repeat(64)]) {
    assert.equal((await world.send(admin, { method: 'POST', url: '/api/tenants', payload: { id, name: 'Bad' } })).statusCode, 400, id);
  }
  const renamed = await world.send(admin, { method: 'PATCH', url: '/api/tenants/globex', payload: { version: 1, name: 'Globex Corp' } });
  assert.equal(renamed.statusCode, 200);
  assert.equal(renamed.json().version, 2);
  assert.equal((await world.send(admin, { method: 'PATCH', url: '/api/tenants/globex', payload: { version: 1, name: 'Lost' } })).statusCode, 409);
  assert.equal((await world.send(admin, { method: 'GET', url: '/api/tenants/globex' })).json().name, 'Globex Corp');
  const audit = (await world.send(admin, { method: 'GET', url: '/api/audit?entity_type=tenant&entity_id=globex' })).json();
  assert.deepEqual(audit.items.map((e: { action: string }) => e.action), ['tenant.update', 'tenant.create']);
  assert.equal(audit.items[0].before.name, 'Globex');
});

test('a principal of a tenant sees only that tenant and creates none', async (t) => {
  const world = await testWorld(t);
  const viewer = world.user('client_viewer', world.tenantA);
  const listed = (await world.send(viewer, { method: 'GET', url: '/api/tenants' })).json();
  assert.deepEqual(listed.items.map((x: { id: string }) => x.id), [world.tenantA]);
  assert.equal((await world.send(viewer, { method: 'GET', url: `/api/tenants/${world.tenantB}` })).statusCode, 404);
  const tenantAdmin = world.user('admin', world.tenantA);
  assert.equal((await world.send(tenantAdmin, { method: 'POST', url: '/api/tenants', payload: { id: 'mine', name: 'Mine' } })).statusCode, 403);
  assert.equal((await world.send(tenantAdmin, { method: 'PATCH', url: `/api/tenants/${world.tenantA}`, payload: { version: 1, name: 'Our name' } })).statusCode, 200);
  const staff = (await world.send(world.user('analyst', null), { method: 'GET', url: '/api/tenants?limit=2' })).json();
  assert.equal(staff.items.length, 2);
  assert.ok(staff.next_cursor, 'default, ta-…, tb-…: more than one page of two');
});
