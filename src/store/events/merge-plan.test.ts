import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planMerges } from './merge-plan.js';

const options = { smallFileBytes: 1000, minFiles: 8 };

test('files of about the same size are merged together, and too few are not merged', () => {
  const sizes = [100, 103, 98, 101, 100, 99, 104, 100, 97, 102];
  assert.deepEqual(planMerges(sizes, options), [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
  assert.deepEqual(planMerges(sizes.slice(0, 7), options), []);
  assert.deepEqual(planMerges([300, 290], { ...options, minFiles: 2 }), [[0, 1]]);
});

test('a file that is not small splits the runs and is never merged', () => {
  assert.deepEqual(planMerges([10, 10, 5000, 10, 10], { ...options, minFiles: 2 }), [[0, 1], [3, 4]]);
});

test('a merged file is left alone until the newer files add up to about its size', () => {
  const newer = Array<number>(8).fill(10);
  assert.deepEqual(planMerges([500, ...newer], options), [[1, 2, 3, 4, 5, 6, 7, 8]]);
  assert.deepEqual(planMerges([80, ...newer], options), [[0, 1, 2, 3, 4, 5, 6, 7, 8]]);
  // Tiers: the oldest file joins once the two newer tiers together reach its size.
  assert.deepEqual(planMerges([160, 80, ...newer], options), [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
  assert.deepEqual(planMerges([400, 80, ...newer], options), [[1, 2, 3, 4, 5, 6, 7, 8, 9]]);
});

test('at a low event rate each event is rewritten a logarithmic number of times, not once per pass', () => {
  // Each compaction pass finds 30 new one-unit files; merging a run whole would rewrite the
  // growing merged file on every pass (about 30 rewrites per unit here before it stops being small).
  const smallFileBytes = 2000;
  let files: number[] = [];
  let added = 0;
  let rewritten = 0;
  for (let pass = 0; pass < 200; pass++) {
    files.push(...Array<number>(30).fill(1));
    added += 30;
    for (const group of planMerges(files, { smallFileBytes, minFiles: 8 }).reverse()) {
      const bytes = group.reduce((sum, i) => sum + files[i]!, 0);
      rewritten += bytes;
      files = [...files.slice(0, group[0]!), bytes, ...files.slice(group[group.length - 1]! + 1)];
    }
  }
  const perUnit = rewritten / added;
  assert.ok(perUnit < 8, `each unit rewritten ${perUnit.toFixed(1)} times on average`);
  assert.ok(files.length < 60, `${files.length} files left`);
});
