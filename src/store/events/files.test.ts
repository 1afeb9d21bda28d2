import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameRangeUnits, type StoredFile } from './files.js';

const file = (first: number, last: number, n = 0): StoredFile =>
  ({ day: '2026-11-20', path: `/x/s${first}-${last}_${n}.parquet`, name: `s${first}-${last}_${n}.parquet`, range: { first, last } });

test('files of one segment range are merged together or not at all', () => {
  const files = [file(0, 3), file(4, 4, 0), file(4, 4, 1), file(5, 5)];
  assert.deepEqual(sameRangeUnits(files).map((unit) => unit.map((f) => f.name)),
    [['s0-3_0.parquet'], ['s4-4_0.parquet', 's4-4_1.parquet'], ['s5-5_0.parquet']]);
});
