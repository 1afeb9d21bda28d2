import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { expandGlobs, globBase, segmentRegExp } from './glob.js';

describe('file globs', () => {
  let root = '';
  before(() => {
    root = mkdtempSync(join(os.tmpdir(), 'vigil-glob-'));
    for (const file of ['a.log', 'b.log', 'a.log.1', 'a.log.2.gz', '.hidden.log', 'x.txt', 'sub/c.log', 'sub/deep/d.log', 'sub/deep/e.txt', 'other/f.log']) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), 'x\n');
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const cases: { pattern: string; expected: string[] }[] = [
    { pattern: '*.log', expected: ['a.log', 'b.log'] },
    { pattern: 'a.log*', expected: ['a.log', 'a.log.1'] },
    { pattern: '?.log', expected: ['a.log', 'b.log'] },
    { pattern: '[ab].log', expected: ['a.log', 'b.log'] },
    { pattern: '[!a].log', expected: ['b.log'] },
    { pattern: '{a,x}.*', expected: ['a.log', 'a.log.1', 'x.txt'] },
    { pattern: '.*.log', expected: ['.hidden.log'] },
    { pattern: '**/*.log', expected: ['a.log', 'b.log', 'other/f.log', 'sub/c.log', 'sub/deep/d.log'] },
    { pattern: 'sub/**/*.txt', expected: ['sub/deep/e.txt'] },
    { pattern: '*/c.log', expected: ['sub/c.log'] },
    { pattern: 'b.log', expected: ['b.log'] },
    { pattern: 'missing.log', expected: [] },
    { pattern: 'nodir/*.log', expected: [] },
  ];
  for (const c of cases) {
    test(`${c.pattern} → ${c.expected.join(', ') || 'nothing'}`, async () => {
      assert.deepEqual(await expandGlobs([join(root, c.pattern)]), c.expected.map((f) => join(root, f)).sort());
    });
  }

  test('several patterns are merged without repeats', async () => {
    assert.deepEqual(await expandGlobs([join(root, '*.log'), join(root, 'a.*')]), ['a.log', 'a.log.1', 'b.log'].map((f) => join(root, f)));
  });

  test('the watch directory is the fixed part of the pattern', () => {
    assert.equal(globBase('/var/log/*.log'), '/var/log');
    assert.equal(globBase('/var/log/app/current'), '/var/log/app');
    assert.equal(globBase('/srv/*/logs/*.log'), '/srv');
  });

  test('an unclosed brace is literal', () => {
    assert.ok(segmentRegExp('a{b.log').test('a{b.log'));
  });
});
