// Optimistic locking of every versioned resource: two writers read version n; the first write
// wins, the second gets 409 and changes nothing, and only the first is in the audit log. Every
// PATCH/PUT route must belong to a locked resource of the table or be exempted with a reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOCKED_RESOURCES, UNLOCKED_WRITES, testWorld } from '../test-support/route-fixtures/index.js';
import { answered, routeTable } from '../test-support/route-fixtures/table.js';

test('a stale write is refused with 409 and loses nothing', async (t) => {
  const world = await testWorld(t);
  const staff = world.user('admin', null);
  for (const locked of LOCKED_RESOURCES) {
    await t.test(locked.name, async () => {
      const resource = await locked.create(world);
      assert.equal(typeof resource.version, 'number', 'the factory returns the version it read');
      const version = resource.version!;
      const first = await answered(world.send(staff, locked.write(world, resource, version, 'first-writer')), locked.name);
      assert.ok(first.statusCode < 300, `the first write failed: ${first.statusCode} ${first.body}`);
      const auditBefore = world.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get();
      const stale = await answered(world.send(staff, locked.write(world, resource, version, 'second-writer')), locked.name);
      assert.equal(stale.statusCode, 409, stale.body);
      assert.equal(stale.json().error.code, 'conflict');
      assert.equal(await locked.read(world, resource), 'first-writer', 'the first write was kept');
      assert.equal(world.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get(), auditBefore, 'the refused write left an audit entry');
      const next = await answered(world.send(staff, locked.write(world, resource, version + 1, 'after-reading-again')), locked.name);
      assert.ok(next.statusCode < 300, `a write on the current version failed: ${next.statusCode} ${next.body}`);
    });
  }
});

test('every PATCH and PUT route is optimistic-locked or exempted', async (t) => {
  const world = await testWorld(t);
  const covered = new Set([...LOCKED_RESOURCES.flatMap((l) => l.routes), ...Object.keys(UNLOCKED_WRITES)]);
  const writes = routeTable(world.app).filter((r) => r.method === 'PATCH' || r.method === 'PUT').map((r) => r.key);
  assert.deepEqual(writes.filter((key) => !covered.has(key)), [], 'PATCH/PUT routes with no locked resource row in src/test-support/route-fixtures');
  assert.deepEqual([...covered].filter((key) => !writes.includes(key)), [], 'rows for PATCH/PUT routes that do not exist');
});
