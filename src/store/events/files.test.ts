import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { VigilEvent } from '../../event/event.js';
import { SEARCH_SQL_MACROS } from '../../search/index.js';
import { createSearchService } from '../../search/service.js';
import { silentLogger } from '../../test-support/logger.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { openDuckDb } from './duckdb.js';
import { openEventStore } from './event-store.js';
import { compact, removeSuperseded, sameRangeUnits, type StoredFile } from './files.js';
import { storeLayout } from './layout.js';

const file = (first: number, last: number, n = 0): StoredFile =>
  ({ day: '2026-11-20', path: `/x/s${first}-${last}_${n}.parquet`, name: `s${first}-${last}_${n}.parquet`, range: { first, last }, stage: 'loaded' });

test('a restart keeps, of files holding the same events, the widest range and then the latest stage', async (t) => {
  const layout = storeLayout(await tempDir(t));
  const day = join(layout.events, 'day=2026-11-20');
  await mkdir(day, { recursive: true });
  const names = ['s0-3_c', 's1-1_0', 's4-5_0', 's4-5_c', 's4-5_c.index', 's4-5_s', 's4-5_s.index', 's6-6_0'];
  for (const name of names) await writeFile(join(day, `${name}.parquet`), '');
  assert.equal(await removeSuperseded(layout), 3);
  assert.deepEqual((await readdir(day)).sort(), ['s0-3_c.parquet', 's4-5_s.index.parquet', 's4-5_s.parquet', 's6-6_0.parquet']);
});

test('files of one segment range are merged together or not at all', () => {
  const files = [file(0, 3), file(4, 4, 0), file(4, 4, 1), file(5, 5)];
  assert.deepEqual(sameRangeUnits(files).map((unit) => unit.map((f) => f.name)),
    [['s0-3_0.parquet'], ['s4-4_0.parquet', 's4-4_1.parquet'], ['s5-5_0.parquet']]);
});

function event(id: string, timestamp: number, text: string): VigilEvent {
  return { id, tenant: 'default', timestamp, fields: { 'event.original': text } };
}

const DAY1 = Date.UTC(2026, 10, 20, 10);
const DAY2 = Date.UTC(2026, 10, 21, 10);
/** While DAY1 is still the latest day, then once it has settled (DAY2 is over by an hour). */
const DURING_DAY1 = DAY1 + 3_600_000;
const AFTER_DAY2 = DAY2 + 86_400_000;

/** A generated log line: structured text of a few repeated shapes, as logs are. */
function line(i: number): string {
  const users = ['alice', 'bob', 'carol', 'dave'];
  return `sshd[${1000 + (i % 97)}]: Failed password for ${users[i % 4]} from 10.${i % 7}.${(i * 13) % 256}.${(i * 7) % 256} port ${40000 + ((i * 7919) % 20000)} ssh2`;
}

test('a settled day is rewritten harder, a file at a time when asked, its index kept; while loading lags it is merged as a growing day', async (t) => {
  const dir = await tempDir(t);
  const store = await openEventStore({ dir, logger: silentLogger, readSetup: SEARCH_SQL_MACROS });
  t.after(() => store.close());
  const db = await openDuckDb();
  t.after(() => db.close());
  const connection = await db.connect();
  t.after(() => connection.closeSync());
  const day = join(dir, 'events', 'day=2026-11-20');
  const sizes = async () => Object.fromEntries(await Promise.all((await readdir(day)).filter((n) => !n.includes('index')).sort()
    .map(async (name) => [name, (await stat(join(day, name))).size] as const)));

  for (let batch = 0; batch < 2; batch++) {
    await store.append(Array.from({ length: 4000 }, (_, i) => event(`b${batch}-${i}`, DAY1 + i, line(batch * 4000 + i))));
    await store.flush();
  }
  const options = { smallFileBytes: 1_000_000, minFiles: 2, belowSegment: Number.MAX_SAFE_INTEGER };
  assert.equal(await compact(connection, store.layout, { ...options, now: DURING_DAY1 }), 2);
  const [[mergedName, mergedBytes]] = Object.entries(await sizes()) as [[string, number]];
  assert.equal(mergedName, 's000000000000-000000000001_c.parquet');

  // Late events leave two small files in the day, and the next day begins.
  await store.append([event('late1', DAY1, 'late needle one')]);
  await store.flush();
  await store.append([event('late2', DAY1, 'late needle two'), event('next', DAY2, 'next day')]);
  await store.flush();
  // Written days ago, as a backlog of days is: rewrites keep the newest time of their inputs.
  const written = (name: string, ms: number) => utimes(join(day, name), new Date(ms), new Date(ms));
  await written(mergedName, DAY1 + 1000);
  await written('s000000000002-000000000002_0.parquet', DAY1 + 2000);
  await written('s000000000003-000000000003_0.parquet', DAY1 + 3000);
  // The merged file counts as big here. With no settled rewrites allowed (loading lags behind),
  // the settled day is merged as a growing one: the late files become one compacted file.
  const settled = { ...options, smallFileBytes: Math.floor(mergedBytes / 2), now: AFTER_DAY2 };
  assert.equal(await compact(connection, store.layout, { ...settled, settledRewrites: 0 }), 2);
  assert.deepEqual(Object.keys(await sizes()), ['s000000000000-000000000001_c.parquet', 's000000000002-000000000003_c.parquet']);
  // Then each file is rewritten settled on its own, one per call when asked.
  assert.equal(await compact(connection, store.layout, { ...settled, settledRewrites: 1 }), 1);
  assert.equal(await compact(connection, store.layout, { ...settled, settledRewrites: 1 }), 1);
  assert.equal(await compact(connection, store.layout, settled), 0);
  const after = await sizes();
  assert.deepEqual((await readdir(day)).filter((n) => n.includes('index')).sort(),
    ['s000000000000-000000000001_s.index.parquet', 's000000000002-000000000003_s.index.parquet']);
  assert.deepEqual(Object.keys(after), ['s000000000000-000000000001_s.parquet', 's000000000002-000000000003_s.parquet']);
  assert.ok(after['s000000000000-000000000001_s.parquet']! < mergedBytes, 'compressed harder than the merge');
  assert.equal((await stat(join(day, 's000000000000-000000000001_s.parquet'))).mtimeMs, DAY1 + 1000);
  assert.equal((await stat(join(day, 's000000000002-000000000003_s.parquet'))).mtimeMs, DAY1 + 3000);
  assert.deepEqual((await readdir(join(dir, 'events', 'day=2026-11-21'))), ['s000000000003-000000000003_0.parquet'], 'the latest day is left to grow');

  // Each settled file has an index that still finds its rows: words of the big file's first and
  // last rows, and of the merged late events.
  const search = createSearchService(store);
  for (const [query, ids] of [['"port 40000"', ['b0-0']], ['"port 44081"', ['b1-3999']], ['needle', ['late1', 'late2']]] as const) {
    const found = await search.search({ tenants: null, query });
    assert.deepEqual(found.events.map((e) => e.id).sort(), ids, query);
  }
  assert.equal((await search.search({ tenants: null, query: '' })).total, 8003);
});
