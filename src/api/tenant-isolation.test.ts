// Tenant isolation over the whole route table: a resource of tenant B addressed by a user of
// tenant A does not exist (404) and does not change; no answer tenant A gets from a list holds
// tenant B's data. A route with parameters and no fixture row fails, so new routes cannot slip by.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES, ROUTE_FIXTURES, testWorld, type Resource, type World } from '../test-support/route-fixtures/index.js';
import { answered, fillParams, routeTable } from '../test-support/route-fixtures/table.js';

test('every fixture row names a route the app has', async (t) => {
  const world = await testWorld(t);
  const keys = new Set(routeTable(world.app).map((r) => r.key));
  const stale = ROUTE_FIXTURES.map((row) => row.route).filter((key) => !keys.has(key));
  assert.deepEqual(stale, [], 'fixture rows for routes that do not exist (renamed or removed?)');
});

test('a resource of another tenant does not exist for every route that addresses one', async (t) => {
  const world = await testWorld(t);
  const asA = world.user('admin', world.tenantA);
  const missing: string[] = [];
  for (const route of routeTable(world.app)) {
    if (route.params.length === 0) continue;
    const isolation = route.fixture?.isolation;
    if (!isolation) {
      missing.push(route.key);
      continue;
    }
    if ('unscoped' in isolation) continue;
    await t.test(route.key, async () => {
      const factory = RESOURCES[isolation.resource];
      assert.ok(factory, `no resource factory "${isolation.resource}" in src/test-support/route-fixtures`);
      const resource = await factory(world, world.tenantB);
      const request = { method: route.method as 'GET', url: fillParams(route.url, resource), ...isolation.request?.(resource, world) };
      const before = await resource.snapshot?.();

      const response = await answered(world.send(asA, request), route.key);
      assert.equal(response.statusCode, 404, `tenant A reached tenant B's ${isolation.resource}: ${response.statusCode} ${response.body}`);
      assert.ok(!response.body.includes(world.tenantB), `the 404 names tenant B: ${response.body}`);
      if (resource.snapshot) assert.deepEqual(await resource.snapshot(), before, 'the refused request changed the resource');

      // The control: the same request in the resource's own tenant finds it, so the 404 above
      // was the tenant boundary and not a request that could never have worked.
      const own = await world.send(resource.owner ?? world.user('admin', world.tenantB), request);
      assert.ok(own.statusCode < 400, `the control request in tenant B failed (fix the fixture): ${own.statusCode} ${own.body}`);
    });
  }
  assert.deepEqual(missing, [], 'routes with parameters and no isolation row in src/test-support/route-fixtures: add { isolation: { resource } } or { isolation: { unscoped: reason } }');
});

/** One of every kind of resource in tenant B, an audited change there, and an event: what must not leak. */
async function populateTenantB(world: World): Promise<Resource[]> {
  const made: Resource[] = [];
  for (const factory of Object.values(RESOURCES)) made.push(await factory(world, world.tenantB));
  const staff = world.user('admin', null);
  const renamed = await world.send(staff, { method: 'PATCH', url: `/api/tenants/${world.tenantB}`, payload: { version: 1, name: `Renamed ${world.tenantB}` } });
  assert.equal(renamed.statusCode, 200, renamed.body);
  const marker = `marker-${world.tenantB}-event`;
  const sent = await world.send(world.as('ingest', world.tenantB), { method: 'POST', url: '/api/ingest', payload: JSON.stringify({ message: marker }) });
  assert.equal(sent.statusCode, 200, sent.body);
  await world.engine.events.flush();
  made.push({ id: marker, tenant: world.tenantB });
  return made;
}

test('no list or read without parameters shows tenant A anything of tenant B', async (t) => {
  const world = await testWorld(t);
  const secrets = await populateTenantB(world);
  const markers = [world.tenantB, ...secrets.map((s) => s.id)];
  const asA = world.user('admin', world.tenantA);
  const asStaff = world.user('admin', null);
  const seenByStaff = new Set<string>();
  for (const route of routeTable(world.app)) {
    if (route.method !== 'GET' || route.params.length > 0 || route.fixture?.endless) continue;
    const list = route.fixture?.list;
    if (list && 'skip' in list) continue;
    const request = { method: 'GET' as const, url: route.url, ...list?.request(world) };
    await t.test(route.key, async () => {
      const response = await answered(world.send(asA, request), route.key);
      assert.ok(response.statusCode < 400, `${response.statusCode} ${response.body.slice(0, 300)} (give the route a list row with a request that works)`);
      for (const marker of markers) assert.ok(!response.body.includes(marker), `tenant A's answer holds tenant B's ${marker}`);
    });
    const staff = (await answered(world.send(asStaff, request), route.key)).body;
    for (const marker of markers) if (staff.includes(marker)) seenByStaff.add(marker);
  }
  // The control: staff across tenants see each of B's things in some answer, so the check above
  // was looking at answers where a leak would show.
  assert.deepEqual(markers.filter((m) => !seenByStaff.has(m)), [], 'resources of tenant B that no list shows even to staff');
});
