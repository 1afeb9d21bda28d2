// Every change leaves an audit entry: each mutating route of the app (but event intake, listed
// with reasons) is called with a valid change from its fixture row, and the audit log must have
// gained an entry with the action the row names. A mutating route without a row fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UNAUDITED_ROUTES, testWorld } from '../test-support/route-fixtures/index.js';
import { answered, MUTATING, routeTable } from '../test-support/route-fixtures/table.js';

test('every mutating route records who changed what', async (t) => {
  const world = await testWorld(t);
  const staff = world.user('admin', null);
  const lastId = () => world.db.prepare('SELECT COALESCE(MAX(id), 0) FROM audit_log').pluck().get() as number;
  const missing: string[] = [];
  for (const route of routeTable(world.app)) {
    if (!MUTATING.has(route.method) || route.key in UNAUDITED_ROUTES) continue;
    const change = route.fixture?.change;
    if (!change) {
      missing.push(route.key);
      continue;
    }
    await t.test(route.key, async () => {
      const { as, ...request } = await change.request(world);
      assert.equal(`${request.method} ${route.url}`, `${route.method} ${route.url}`, 'the fixture sends another method');
      const before = lastId();
      const response = await answered(world.send(as ?? staff, request), route.key);
      assert.ok(response.statusCode < 300, `the change failed (fix the fixture): ${response.statusCode} ${response.body}`);
      const entries = world.db.prepare('SELECT action, actor_kind, actor_name, at FROM audit_log WHERE id > ?').all(before) as { action: string; actor_kind: string; actor_name: string; at: number }[];
      const entry = entries.find((e) => e.action === change.audit);
      assert.ok(entry, `no "${change.audit}" entry; got ${JSON.stringify(entries.map((e) => e.action))}`);
      assert.ok(entry.actor_name.length > 0 && entry.at > 0, 'the entry names its actor and time');
    });
  }
  assert.deepEqual(missing, [], 'mutating routes with no change row in src/test-support/route-fixtures (or a reason in UNAUDITED_ROUTES)');
  const keys = new Set(routeTable(world.app).map((r) => r.key));
  assert.deepEqual(Object.keys(UNAUDITED_ROUTES).filter((key) => !keys.has(key)), [], 'UNAUDITED_ROUTES names routes that do not exist');
});
