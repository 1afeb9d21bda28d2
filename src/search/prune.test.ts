// The free-text index only skips work: on random text, a search through the index finds
// exactly the events a full scan finds, and it does skip blocks that cannot match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VigilEvent } from '../event/event.js';
import { openEventStore } from '../store/events/event-store.js';
import { indexedFilesInRange, readEventsSql, writeTextIndex } from '../store/events/index.js';
import { openDuckDb } from '../store/events/duckdb.js';
import { silentLogger } from '../test-support/logger.js';
import { prng } from '../test-support/prng.js';
import { tempDir } from '../test-support/temp-dir.js';
import { compileQuery, parseQuery, SEARCH_SQL_MACROS } from './index.js';
import { candidateFiles } from './prune.js';

const T0 = Date.UTC(2024, 4, 1, 12);
// Letters that lower-case in surprising ways (İ → i, Kelvin sign → k), punctuation, spaces.
const ALPHABET = ['a', 'b', 'c', 'A', 'B', 'İ', 'i', 'K', 'k', 'é', '1', '2', ' ', '.', '-', ':', '"', '\t', '_', '🙂'];

function randomText(random: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return text;
}

test('a search through the free-text index finds exactly what a full scan finds', async (t) => {
  const random = prng(7);
  const dir = await tempDir(t);
  const store = await openEventStore({ dir, logger: silentLogger, readSetup: SEARCH_SQL_MACROS });
  t.after(() => store.close());
  const events: VigilEvent[] = [];
  for (let i = 0; i < 600; i++) {
    const original = randomText(random, 5 + Math.floor(random() * 40));
    const fields: VigilEvent['fields'] = { 'event.original': original };
    // Some messages are part of the original (stored as a position), some are not.
    // (Whole code points: a lone surrogate makes a WAL line DuckDB refuses.)
    if (i % 3 === 0) fields.message = Array.from(original).slice(2, 12).join('');
    else if (i % 3 === 1) fields.message = randomText(random, 12);
    events.push({ id: `e${String(i).padStart(4, '0')}`, tenant: 'default', timestamp: T0 + i, fields });
  }
  // Two files of one day, merged by compaction (which writes the index), on a day before the latest.
  await store.append(events.slice(0, 300));
  await store.flush();
  await store.append(events.slice(300));
  await store.flush();
  await store.append([{ id: 'later', tenant: 'default', timestamp: T0 + 86_400_000, fields: { 'event.original': 'later' } }]);
  await store.flush();
  await store.compact();
  const [file] = (await indexedFilesInRange(store.layout)).filter((f) => f.index);
  assert.ok(file?.index, 'the compacted file has an index');
  // Small blocks, so that the index has something to skip.
  const db = await openDuckDb();
  const connection = await db.connect();
  await writeTextIndex(connection, file.path, file.index, 16);
  connection.closeSync();
  db.close();

  const full = await store.relation();
  let skipped = 0;
  for (let q = 0; q < 150; q++) {
    const needle = randomText(random, 1 + Math.floor(random() * 6)).replaceAll('"', '').replaceAll('\\', '');
    if (needle.trim() === '') continue;
    for (const query of [`"${needle}"`, `message:"${needle}"`, `"${needle}" OR "${needle.slice(1) || 'x'}"`, `NOT "${needle}"`]) {
      const ast = parseQuery(query);
      const { where, params } = compileQuery(ast);
      const scan = await store.read(`SELECT id FROM ${full} WHERE ${where} ORDER BY id`, params);
      const pruned = readEventsSql(await candidateFiles(store, ast));
      const viaIndex = await store.read(`SELECT id FROM ${pruned} WHERE ${where} ORDER BY id`, params);
      assert.deepEqual(viaIndex, scan, query);
      const [{ n }] = (await store.read(`SELECT count(*) AS n FROM ${pruned}`)) as [{ n: number }];
      if (n < events.length) skipped++;
    }
  }
  assert.ok(skipped > 50, `the index skipped blocks for ${skipped} queries`);
});
