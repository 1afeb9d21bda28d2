import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStateDb, type StateDb } from '../store/state/database.js';
import { queryAudit, recordAudit, type AuditQuery } from './audit.js';

const T0 = 1_800_000_000_000;
const alice = { kind: 'user' as const, id: 'u-alice', name: 'alice' };
const key = { kind: 'apikey' as const, id: 'k-1', name: 'shipper' };

function seeded(t: { after(fn: () => void): void }): StateDb {
  const db = openStateDb(':memory:');
  t.after(() => db.close());
  recordAudit(db, alice, { action: 'user.create', entityType: 'user', entityId: 'u-1', tenant: 'acme', after: { role: 'analyst' } }, T0);
  recordAudit(db, alice, { action: 'user.update', entityType: 'user', entityId: 'u-1', tenant: 'acme', before: { role: 'analyst' }, after: { role: 'admin' } }, T0 + 1000);
  recordAudit(db, key, { action: 'apikey.create', entityType: 'apikey', entityId: 'k-2', tenant: 'globex' }, T0 + 2000);
  recordAudit(db, alice, { action: 'tenant.create', entityType: 'tenant', entityId: 'globex', tenant: 'globex' }, T0 + 3000);
  recordAudit(db, { kind: 'anonymous', id: null, name: 'mallory' }, { action: 'user.login_failed', entityType: 'user', detail: { ip: '203.0.113.9' } }, T0 + 4000);
  return db;
}

const all: AuditQuery = { scope: null, limit: 50 };
const ids = (db: StateDb, query: Partial<AuditQuery>) => queryAudit(db, { ...all, ...query }).items.map((e) => `${e.action}:${e.entity_id}`);

test('entries come back newest first, with actor, before, after and detail', (t) => {
  const db = seeded(t);
  const page = queryAudit(db, all);
  assert.equal(page.items.length, 5);
  assert.equal(page.next_cursor, undefined);
  const [failed, , , update] = page.items;
  assert.deepEqual(failed!.actor, { kind: 'anonymous', id: null, name: 'mallory' });
  assert.deepEqual(failed!.detail, { ip: '203.0.113.9' });
  assert.equal(failed!.tenant, null);
  assert.deepEqual(update!.before, { role: 'analyst' });
  assert.deepEqual(update!.after, { role: 'admin' });
  assert.equal(update!.at, T0 + 1000);
});

test('filters', (t) => {
  const db = seeded(t);
  const cases: [string, Partial<AuditQuery>, string[]][] = [
    ['time range, from inclusive, to exclusive', { from: T0 + 1000, to: T0 + 3000 }, ['apikey.create:k-2', 'user.update:u-1']],
    ['actor by id', { actor: 'k-1' }, ['apikey.create:k-2']],
    ['actor by name', { actor: 'mallory' }, ['user.login_failed:null']],
    ['exact action', { action: 'user.update' }, ['user.update:u-1']],
    ['action family', { action: 'user.*' }, ['user.login_failed:null', 'user.update:u-1', 'user.create:u-1']],
    ['a family is a prefix, not a pattern', { action: 'u%.*' }, []],
    ['entity', { entityType: 'user', entityId: 'u-1' }, ['user.update:u-1', 'user.create:u-1']],
    ['tenant', { tenant: 'globex' }, ['tenant.create:globex', 'apikey.create:k-2']],
  ];
  for (const [name, query, expected] of cases) assert.deepEqual(ids(db, query), expected, name);
});

test('a tenant scope shows only that tenant\'s entries, never the global ones', (t) => {
  const db = seeded(t);
  assert.deepEqual(ids(db, { scope: ['acme'] }), ['user.update:u-1', 'user.create:u-1']);
  assert.deepEqual(ids(db, { scope: ['acme'], tenant: 'globex' }), []);
});

test('pages follow each other without gaps or repeats, and a forged cursor is a 400', (t) => {
  const db = seeded(t);
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = queryAudit(db, { ...all, limit: 2, cursor });
    assert.ok(page.items.length <= 2);
    seen.push(...page.items.map((e) => String(e.id)));
    cursor = page.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, ['5', '4', '3', '2', '1']);
  assert.throws(() => queryAudit(db, { ...all, cursor: 'bm9wZQ' }), /cursor/);
});

test('the log refuses updates and deletes', (t) => {
  const db = seeded(t);
  assert.throws(() => db.prepare("UPDATE audit_log SET action = 'x'").run(), /append-only/);
  assert.throws(() => db.prepare('DELETE FROM audit_log').run(), /append-only/);
});
