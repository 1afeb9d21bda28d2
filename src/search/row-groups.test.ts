// The newest events first: a page read only from the newest row groups is the page a full sort
// gives, at every cursor, also when events arrive out of time order and across days.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VigilEvent } from '../event/event.js';
import { openEventStore } from '../store/events/event-store.js';
import { silentLogger } from '../test-support/logger.js';
import { tempDir } from '../test-support/temp-dir.js';
import { prng } from '../test-support/prng.js';
import { SEARCH_SQL_MACROS } from './index.js';
import { newestRowsBound, rowGroupSpans, timeSpan } from './row-groups.js';
import { createSearchService } from './service.js';

const T0 = Date.UTC(2024, 4, 1);
const DAY = 86_400_000;

test('pages of all events, newest first, match a full sort at every cursor', async (t) => {
  const dir = await tempDir(t);
  const store = await openEventStore({ dir, logger: silentLogger, readSetup: SEARCH_SQL_MACROS });
  t.after(() => store.close());
  // Eight loads (eight files per day), times spread over three days in no order, some equal.
  const next = prng(11);
  const all: VigilEvent[] = [];
  for (let load = 0; load < 8; load++) {
    const batch: VigilEvent[] = [];
    for (let i = 0; i < 40; i++) {
      const id = `e${String(load).padStart(2, '0')}-${String(i).padStart(3, '0')}`;
      batch.push({ id, tenant: 'default', timestamp: T0 + Math.floor(next() * 3 * DAY / 1000) * 1000, fields: { 'event.original': id } });
    }
    await store.append(batch);
    await store.flush();
    all.push(...batch);
  }
  const expected = all.sort((a, b) => b.timestamp - a.timestamp || (a.id < b.id ? 1 : -1)).map((e) => e.id);
  const search = createSearchService(store);
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await search.search({ query: '', tenants: null, limit: 25, cursor });
    assert.equal(page.total, all.length);
    seen.push(...page.events.map((e) => e.id));
    cursor = page.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, expected);
  // A tenant with no events: the bounded read finds nothing, the full one decides.
  assert.deepEqual((await search.search({ query: '', tenants: ['other'], limit: 25 })).events, []);
});

test('row groups give the time span and a bound that holds the newest rows', async (t) => {
  const dir = await tempDir(t);
  const store = await openEventStore({ dir, logger: silentLogger, readSetup: SEARCH_SQL_MACROS });
  t.after(() => store.close());
  for (const [n, day] of [[3, 0], [5, 1], [2, 2]] as const) {
    await store.append(Array.from({ length: n }, (_, i) => ({ id: `d${day}-${i}`, tenant: 'default', timestamp: T0 + day * DAY + i * 1000, fields: {} })));
    await store.flush();
  }
  const files = (await store.read(`SELECT DISTINCT filename AS path FROM read_parquet('${dir}/events/*/*.parquet', filename = true)`)).map((r) => ({ path: String(r.path) }));
  const groups = (await rowGroupSpans(store, files))!;
  assert.equal(groups.length, 3);
  assert.deepEqual(timeSpan(groups), { lo: T0, hi: T0 + 2 * DAY + 1000 });
  // The 2 newest rows are the file of day 2; 4 need day 1's file too.
  assert.equal(newestRowsBound(groups, 2), T0 + 2 * DAY);
  assert.equal(newestRowsBound(groups, 4), T0 + DAY);
  // Before day 2: day 1's file alone holds 5 rows.
  assert.equal(newestRowsBound(groups, 5, { before: T0 + 2 * DAY - 1 }), T0 + DAY);
  // From day 1 on: day 0's file does not count.
  assert.equal(newestRowsBound(groups, 8, { from: T0 + DAY }), undefined);
  assert.equal(newestRowsBound(groups, 7, { from: T0 + DAY }), T0 + DAY);
  assert.equal(newestRowsBound(groups, 11), undefined);
  // A file narrowed to rows outside its only row group has nothing to read.
  const day2 = files.find((f) => f.path.includes('2024-05-03'))!;
  assert.deepEqual(await rowGroupSpans(store, [{ ...day2, rows: [{ first: 5, last: 9 }] }]), []);
});
