import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStateDb } from '../store/state/database.js';
import { createTenant, ensureDefaultTenant } from '../tenants/tenants.js';
import { createApiKey, listUserApiKeys, verifyApiKey } from './api-keys.js';
import { insertUser, updateUserRow } from './users.js';

function setup(t: { after(fn: () => void): void }) {
  const db = openStateDb(':memory:');
  t.after(() => db.close());
  ensureDefaultTenant(db);
  createTenant(db, 'acme', 'ACME');
  const owner = insertUser(db, { username: 'rita', passwordHash: null, role: 'incident_handler', tenant: 'acme' });
  return { db, owner };
}

test('a key without an owner answers with its own role and tenant', (t) => {
  const { db } = setup(t);
  const { key, info } = createApiKey(db, { name: 'fluent-bit', role: 'ingest', tenant: 'default' });
  assert.deepEqual(verifyApiKey(db, key), { kind: 'apikey', id: info.id, name: 'fluent-bit', role: 'ingest', tenant: 'default' });
  assert.equal(verifyApiKey(db, `${key}x`), null);
});

test('a personal key stops working when its owner no longer vouches for it', (t) => {
  const cases: [string, Parameters<typeof updateUserRow>[3], boolean][] = [
    ['owner unchanged', {}, true],
    ['owner promoted', { role: 'soc_manager' }, true],
    ['owner demoted below the key\'s role', { role: 'analyst' }, false],
    ['owner moved to another tenant', { tenant: 'default' }, false],
    ['owner made SOC staff across tenants', { tenant: null }, false],
    ['owner disabled', { disabled: true }, false],
  ];
  for (const [name, change, works] of cases) {
    const { db, owner } = setup(t);
    const { key } = createApiKey(db, { name: 'mine', role: 'incident_handler', tenant: 'acme', userId: owner.id });
    updateUserRow(db, owner.id, null, change);
    assert.equal(verifyApiKey(db, key) !== null, works, name);
  }
});

test('a user\'s personal keys are listed page by page, oldest first', (t) => {
  const { db, owner } = setup(t);
  const made = Array.from({ length: 5 }, (_, i) => createApiKey(db, { name: `k${i}`, role: 'analyst', tenant: 'acme', userId: owner.id }).info.id);
  createApiKey(db, { name: 'not hers', role: 'ingest', tenant: 'acme' });
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = listUserApiKeys(db, owner.id, { limit: 2, cursor });
    seen.push(...page.items.map((k) => k.id));
    cursor = page.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, [...made].sort((a, b) => {
    const at = (id: string) => db.prepare('SELECT created_at FROM api_keys WHERE id = ?').pluck().get(id) as number;
    return at(a) - at(b) || (a < b ? -1 : 1);
  }));
});
