import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testWorld } from '../../test-support/route-fixtures/index.js';

test('the audit log is filtered and scoped to the reader\'s tenant', async (t) => {
  const world = await testWorld(t);
  const admin = world.user('admin', null);
  for (const tenant of [world.tenantA, world.tenantB]) {
    const r = await world.send(admin, { method: 'PATCH', url: `/api/tenants/${tenant}`, payload: { version: 1, name: `Renamed ${tenant}` } });
    assert.equal(r.statusCode, 200);
  }
  const staff = (await world.send(admin, { method: 'GET', url: '/api/audit?action=tenant.*' })).json();
  assert.deepEqual(staff.items.map((e: { entity_id: string }) => e.entity_id), [world.tenantB, world.tenantA]);
  assert.equal(staff.items[0].actor.id, world.userId(admin));

  const manager = world.user('soc_manager', world.tenantA);
  const scoped = (await world.send(manager, { method: 'GET', url: '/api/audit' })).json();
  assert.ok(scoped.items.length > 0);
  assert.ok(scoped.items.every((e: { tenant: string }) => e.tenant === world.tenantA), JSON.stringify(scoped.items));
  assert.equal((await world.send(manager, { method: 'GET', url: `/api/audit?tenant=${world.tenantB}` })).statusCode, 403);

  const future = (await world.send(admin, { method: 'GET', url: '/api/audit?from=now' })).json();
  assert.ok(future.items.every((e: { at: number }) => e.at >= Date.now() - 5_000));
  assert.equal((await world.send(admin, { method: 'GET', url: '/api/audit?from=yesterday' })).statusCode, 400);
  assert.equal((await world.send(world.user('analyst', null), { method: 'GET', url: '/api/audit' })).statusCode, 403);
});
