import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planMerges, type MergeCandidate } from './merge-plan.js';

const options = { smallFileBytes: 1000, minFiles: 8 };
const fresh = (...sizes: number[]): MergeCandidate[] => sizes.map((bytes) => ({ bytes, compacted: false }));
const compacted = (...sizes: number[]): MergeCandidate[] => sizes.map((bytes) => ({ bytes, compacted: true }));

test('fresh files are merged together whatever their sizes, and too few are not merged', () => {
  const files = fresh(100, 300, 98, 20, 100, 99, 104, 100, 97, 102);
  assert.deepEqual(planMerges(files, options), [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
  assert.deepEqual(planMerges(files.slice(0, 7), options), []);
  assert.deepEqual(planMerges(fresh(300, 100), { ...options, minFiles: 2 }), [[0, 1]]);
  // With one file enough, a fresh file alone is compacted, a compacted one alone is not.
  assert.deepEqual(planMerges([...compacted(300), ...fresh(20)], { ...options, minFiles: 1 }), [[1]]);
  assert.deepEqual(planMerges(compacted(300), { ...options, minFiles: 1 }), []);
});

test('a file that is not small splits the runs and is never merged', () => {
  assert.deepEqual(planMerges(fresh(10, 10, 5000, 10, 10), { ...options, minFiles: 2 }), [[0, 1], [3, 4]]);
});

test('on a settled day a big file not yet rewritten is rewritten on its own', () => {
  const settled = { ...options, minFiles: 1, sizeRatio: Infinity, rewriteBig: true };
  assert.deepEqual(planMerges([...fresh(10, 5000, 10), ...compacted(400, 20)], settled), [[0], [1], [2, 3, 4]]);
  assert.deepEqual(planMerges(compacted(5000, 4000), settled), []);
});

test('a compacted file is left alone until the newer files add up to about its size', () => {
  const newer = fresh(10, 10, 10, 10, 10, 10, 10, 10);
  assert.deepEqual(planMerges([...compacted(500), ...newer], options), [[1, 2, 3, 4, 5, 6, 7, 8]]);
  assert.deepEqual(planMerges([...compacted(80), ...newer], options), [[0, 1, 2, 3, 4, 5, 6, 7, 8]]);
  // Tiers: the oldest file joins once the two newer tiers together reach its size.
  assert.deepEqual(planMerges([...compacted(160, 80), ...newer], options), [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
  assert.deepEqual(planMerges([...compacted(400, 80), ...newer], options), [[1, 2, 3, 4, 5, 6, 7, 8, 9]]);
  // Compacted files alone merge by the same rule; with no ratio, all small files become one.
  assert.deepEqual(planMerges(compacted(100, 90), { ...options, minFiles: 2 }), [[0, 1]]);
  assert.deepEqual(planMerges(compacted(300, 90), { ...options, minFiles: 2 }), []);
  assert.deepEqual(planMerges([...compacted(300, 90), ...fresh(5)], { ...options, minFiles: 1, sizeRatio: Infinity }), [[0, 1, 2]]);
  assert.deepEqual(planMerges(compacted(5000, 300), { ...options, minFiles: 1, sizeRatio: Infinity }), []);
});

test('at a low event rate each event is rewritten a logarithmic number of times, not once per pass', () => {
  // Each compaction pass finds 30 new one-unit files; merging a run whole would rewrite the
  // growing merged file on every pass (about 30 rewrites per unit here before it stops being small).
  const smallFileBytes = 2000;
  let files: MergeCandidate[] = [];
  let added = 0;
  let rewritten = 0;
  for (let pass = 0; pass < 200; pass++) {
    files.push(...fresh(...Array<number>(30).fill(1)));
    added += 30;
    for (const group of planMerges(files, { smallFileBytes, minFiles: 8 }).reverse()) {
      const bytes = group.reduce((sum, i) => sum + files[i]!.bytes, 0);
      rewritten += bytes;
      files = [...files.slice(0, group[0]!), { bytes, compacted: true }, ...files.slice(group[group.length - 1]! + 1)];
    }
  }
  const perUnit = rewritten / added;
  assert.ok(perUnit < 8, `each unit rewritten ${perUnit.toFixed(1)} times on average`);
  assert.ok(files.length < 60, `${files.length} files left`);
});
