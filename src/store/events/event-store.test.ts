import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openEventStore } from './event-store.js';
import type { VigilEvent } from '../../event/event.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { silentLogger } from '../../test-support/logger.js';
import { toRow } from './row.js';
import { segmentFileName } from './layout.js';
import { readEventsSql } from './parquet.js';

const DAY1 = Date.UTC(2026, 10, 20, 10, 0, 0);
const DAY2 = Date.UTC(2026, 10, 21, 23, 59, 59);

function event(id: string, timestamp: number, fields: VigilEvent['fields'] = {}): VigilEvent {
  return { id, tenant: 'default', timestamp, fields: { 'event.original': `line ${id}`, ...fields } };
}

async function ids(store: Awaited<ReturnType<typeof openEventStore>>): Promise<string[]> {
  const rows = await store.read(`SELECT id FROM ${await store.relation()} ORDER BY id`);
  return rows.map((r) => String(r.id));
}

test('appended events are stored in Parquet, one folder per event day, with typed columns and extra fields', async (t) => {
  const dir = await tempDir(t);
  const store = await openEventStore({ dir, logger: silentLogger });
  t.after(() => store.close());
  await store.append([
    event('a', DAY1, { 'source.ip': '10.0.0.1', 'source.port': 22, 'event.category': ['authentication'], 'zeek.conn.history': 'ShAD' }),
    event('b', DAY2, { 'source.port': 'not a number', 'user.name': 'alice' }),
  ]);
  await store.flush();
  assert.deepEqual((await readdir(join(dir, 'events'))).sort(), ['day=2026-11-20', 'day=2026-11-21']);
  const rows = await store.read(`SELECT id, "source.ip" AS ip, "source.port" AS port, "event.category" AS cat, extra, "@timestamp" AS ts
    FROM ${await store.relation()} ORDER BY id`);
  assert.equal(rows.length, 2);
  assert.equal(rows[0]!.ip, '10.0.0.1');
  assert.equal(rows[0]!.port, 22);
  assert.deepEqual(rows[0]!.cat, ['authentication']);
  assert.deepEqual(JSON.parse(String(rows[0]!.extra)), { 'zeek.conn.history': 'ShAD' });
  assert.equal(rows[0]!.ts, DAY1);
  // A value that does not fit its typed column is kept in extra, not lost.
  assert.equal(rows[1]!.port, null);
  assert.deepEqual(JSON.parse(String(rows[1]!.extra)), { 'source.port': 'not a number' });
});

test('relation() only reads the days of the asked range', async (t) => {
  const dir = await tempDir(t);
  const store = await openEventStore({ dir, logger: silentLogger });
  t.after(() => store.close());
  await store.append([event('a', DAY1), event('b', DAY2)]);
  await store.flush();
  const rows = await store.read(`SELECT id FROM ${await store.relation(DAY2 - 1000, DAY2 + 1000)}`);
  assert.deepEqual(rows.map((r) => r.id), ['b']);
});

test('a WAL segment left by a crash is loaded exactly once, without its torn last line', async (t) => {
  const dir = await tempDir(t);
  // What a process killed mid-write leaves: two complete lines, a torn third one, and a
  // Parquet file already produced from this segment before the crash.
  await mkdir(join(dir, 'wal'), { recursive: true });
  const lines = [toRow(event('x', DAY1)), toRow(event('y', DAY1))].join('\n') + '\n' + toRow(event('z', DAY1)).slice(0, 20);
  await writeFile(join(dir, 'wal', segmentFileName(7)), lines);
  await mkdir(join(dir, 'events', 'day=2026-11-20'), { recursive: true });
  await writeFile(join(dir, 'events', 'day=2026-11-20', 's000000000007-000000000007_0.parquet'), 'partial');
  const store = await openEventStore({ dir, logger: silentLogger });
  t.after(() => store.close());
  await store.flush();
  assert.deepEqual(await ids(store), ['x', 'y']);
  assert.deepEqual(await readdir(join(dir, 'wal')), []);
});

test('a line DuckDB refuses is set aside after a few failures, and the rest of its segment and the segments after it load', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, 'wal'), { recursive: true });
  // A row the loader cannot read (a port that is not a number in the typed column), between good ones.
  const bad = toRow(event('bad', DAY1)).replace('"extra":{}', '"source.port":"not a number","extra":{}');
  await writeFile(join(dir, 'wal', segmentFileName(3)), [toRow(event('a', DAY1)), bad, toRow(event('b', DAY1))].join('\n') + '\n');
  // A segment holding only a bad line must not hold back the ones after it either.
  await writeFile(join(dir, 'wal', segmentFileName(4)), bad.replace('"id":"bad"', '"id":"bad2"') + '\n');
  await writeFile(join(dir, 'wal', segmentFileName(5)), toRow(event('c', DAY1)) + '\n');
  const quarantined: number[] = [];
  const store = await openEventStore({ dir, logger: silentLogger, isolateAfterFailures: 1, onQuarantined: (n) => quarantined.push(n) });
  t.after(() => store.close());
  await store.flush();
  assert.deepEqual(await ids(store), ['a', 'b', 'c']);
  assert.deepEqual(await readdir(join(dir, 'wal')), []);
  assert.deepEqual(quarantined, [1, 1]);
  assert.deepEqual((await readdir(join(dir, 'quarantine'))).sort(), ['segment-3.ndjson', 'segment-4.ndjson']);
  const kept = JSON.parse((await readFile(join(dir, 'quarantine', 'segment-3.ndjson'), 'utf8')).trim()) as { line: string; error: string };
  assert.equal(kept.line, bad);
  assert.match(kept.error, /not a number|convert|cast/i);
});

test('compaction merges small files and a restart after an interrupted merge keeps each event once', async (t) => {
  const dir = await tempDir(t);
  let store = await openEventStore({ dir, logger: silentLogger });
  for (let i = 0; i < 10; i++) {
    await store.append([event(`e${i}`, DAY1 + i)]);
    await store.flush();
  }
  assert.equal((await readdir(join(dir, 'events', 'day=2026-11-20'))).length, 10);
  assert.equal(await store.compact(), 10);
  const files = await readdir(join(dir, 'events', 'day=2026-11-20'));
  // The merged file and its free-text index.
  assert.deepEqual(files.sort(), ['s000000000000-000000000009_c.index.parquet', 's000000000000-000000000009_c.parquet']);
  await store.close();

  // Pretend the merge was interrupted before deleting its inputs: an input file is back; and
  // a later merge stopped between renaming its index and its data file.
  await writeFile(join(dir, 'events', 'day=2026-11-20', 's000000000003-000000000003_0.parquet'), 'stale');
  await writeFile(join(dir, 'events', 'day=2026-11-20', 's000000000010-000000000019_0.index.parquet'), 'orphan');
  store = await openEventStore({ dir, logger: silentLogger });
  t.after(() => store.close());
  assert.equal((await ids(store)).length, 10);
  assert.deepEqual((await readdir(join(dir, 'events', 'day=2026-11-20'))).sort(), files);
  await store.append([event('later', DAY1)]);
  await store.flush();
  assert.equal((await ids(store)).length, 11);
});

test('a merged file is not rewritten with newer files much smaller than itself', async (t) => {
  const dir = await tempDir(t);
  const store = await openEventStore({ dir, logger: silentLogger });
  t.after(() => store.close());
  const day = join(dir, 'events', 'day=2026-11-20');
  // Two batches of random text make a merged file far bigger than a file of one event.
  for (let batch = 0; batch < 2; batch++) {
    await store.append(Array.from({ length: 3000 }, (_, i) => event(`big${batch}-${i}`, DAY1 + i, { message: randomBytes(24).toString('hex') })));
    await store.flush();
  }
  assert.equal(await store.compact(), 0, 'two files of the latest day stay apart');
  for (let i = 0; i < 6; i++) {
    await store.append([event(`small${i}`, DAY1)]);
    await store.flush();
  }
  assert.equal(await store.compact(), 8);
  const merged = (await readdir(day)).filter((name) => !name.includes('index'));
  assert.deepEqual(merged, ['s000000000000-000000000007_c.parquet']);
  for (let i = 0; i < 8; i++) {
    await store.append([event(`later${i}`, DAY1)]);
    await store.flush();
  }
  // Eight fresh files merge among themselves; the merged file, with its index, is left as it is.
  assert.equal(await store.compact(), 8);
  assert.deepEqual((await readdir(day)).filter((name) => !name.includes('index')).sort(),
    ['s000000000000-000000000007_c.parquet', 's000000000008-000000000015_c.parquet']);
  assert.equal((await ids(store)).length, 6014);
  // Once the day is over (by an hour and more, here), its small files become one, settled.
  await store.append([event('next day', DAY2)]);
  await store.flush();
  assert.equal(await store.compact(), 2);
  assert.deepEqual((await readdir(day)).filter((name) => !name.includes('index')), ['s000000000000-000000000015_s.parquet']);
  assert.equal((await ids(store)).length, 6015);
});

test('a lone loaded file of an earlier day is compacted on its own, and exactly once after a crash', async (t) => {
  const dir = await tempDir(t);
  let store = await openEventStore({ dir, logger: silentLogger });
  // The segment that spans midnight leaves one small file in the day before.
  await store.append([event('late', DAY1), event('next', DAY2)]);
  await store.flush();
  assert.equal(await store.compact(), 1);
  const day1 = join(dir, 'events', 'day=2026-11-20');
  const names = (await readdir(day1)).sort();
  assert.deepEqual(names, ['s000000000000-000000000000_s.index.parquet', 's000000000000-000000000000_s.parquet']);
  assert.equal(await store.compact(), 0, 'a settled file alone is left as it is');

  // The moment after the compacted file was renamed into place, before its input was deleted
  // (or a crash then): reads leave the input out, and a restart deletes it.
  const input = join(day1, 's000000000000-000000000000_0.parquet');
  await writeFile(input, await readFile(join(day1, 's000000000000-000000000000_s.parquet')));
  assert.deepEqual(await ids(store), ['late', 'next']);
  await store.close();
  store = await openEventStore({ dir, logger: silentLogger });
  t.after(() => store.close());
  assert.deepEqual((await readdir(day1)).sort(), names);
  assert.deepEqual(await ids(store), ['late', 'next']);
});

test('some rows of a file are read by their numbers: single rows and ranges together', async (t) => {
  const dir = await tempDir(t);
  const store = await openEventStore({ dir, logger: silentLogger });
  t.after(() => store.close());
  await store.append(Array.from({ length: 12 }, (_, i) => event(`r${String(i).padStart(2, '0')}`, DAY1 + i)));
  await store.flush();
  const [name] = await readdir(join(dir, 'events', 'day=2026-11-20'));
  const path = join(dir, 'events', 'day=2026-11-20', name!);
  const rows = [{ first: 0, last: 0 }, { first: 2, last: 5 }, { first: 9, last: 9 }, { first: 11, last: 11 }];
  const read = await store.read(`SELECT id FROM ${readEventsSql([{ path, rows }])} ORDER BY id`);
  assert.deepEqual(read.map((r) => r.id), ['r00', 'r02', 'r03', 'r04', 'r05', 'r09', 'r11']);
});

test('retention drops old days, but not old days written recently', async (t) => {
  const dir = await tempDir(t);
  const store = await openEventStore({ dir, logger: silentLogger, retentionDays: 30 });
  t.after(() => store.close());
  const old = Date.UTC(2020, 0, 1);
  await store.append([event('old', old), event('new', DAY1)]);
  await store.flush();
  const now = Date.now();
  assert.deepEqual(await store.applyRetention(now), [], 'imported today: kept');
  assert.deepEqual(await store.applyRetention(now + 40 * 86_400_000), ['2020-01-01', '2026-11-20']);
});
