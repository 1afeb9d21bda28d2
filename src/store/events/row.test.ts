import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openEventStore } from './event-store.js';
import { toRow } from './row.js';
import { silentLogger } from '../../test-support/logger.js';
import { tempDir } from '../../test-support/temp-dir.js';

const DAY = Date.UTC(2026, 10, 21, 10);

test('lone UTF-16 surrogates (possible in JSON input) are stored as U+FFFD instead of stopping the load', { timeout: 30_000 }, async (t) => {
  const dir = await tempDir(t);
  const store = await openEventStore({ dir, logger: silentLogger });
  t.after(() => store.close());
  // What JSON.parse makes of {"user":{"name":"a\ud800"}, ...}: text no UTF-8 decoder would produce.
  await store.append([
    { id: 'bad', tenant: 'default', timestamp: DAY, fields: { 'event.original': '{"user":{"name":"a\\ud800"}}', 'user.name': 'a\ud800', 'x.note': ['\udc00b'], 'x.k\udbff': 'v' } },
    { id: 'good', tenant: 'default', timestamp: DAY, fields: { 'event.original': 'fine', 'user.name': 'b', 'x.pair': '\ud83d\ude00' } },
  ]);
  await store.flush();
  const rows = await store.read(`SELECT id, "user.name" AS name, "event.original" AS original, extra FROM ${await store.relation()} ORDER BY id`);
  assert.deepEqual(rows.map((r) => [r.id, r.name, r.original]), [['bad', 'a\ufffd', '{"user":{"name":"a\\ud800"}}'], ['good', 'b', 'fine']]);
  assert.deepEqual(JSON.parse(String(rows[0]!.extra)), { 'x.note': ['\ufffdb'], 'x.k\ufffd': 'v' });
  // A whole surrogate pair is a character, kept as it is.
  assert.deepEqual(JSON.parse(String(rows[1]!.extra)), { 'x.pair': '\ud83d\ude00' });
});

test('a row of well-formed text is written by the fast path, unchanged', () => {
  const event = { id: 'e', tenant: 'default', timestamp: DAY, fields: { 'event.original': 'C:\\ud\\path', 'user.name': 'é\ud83d\ude00' } };
  assert.deepEqual(JSON.parse(toRow(event)), { id: 'e', tenant: 'default', '@timestamp': DAY, 'event.original': 'C:\\ud\\path', 'user.name': 'é\ud83d\ude00', extra: {} });
});
