// The skipping search against the obvious answer: for random sets of long literals and random
// texts mixing ASCII, characters that fold to ASCII (Kelvin sign, long s), other non-ASCII letters
// and units that fold to several (ß, İ, surrogate pairs), skipScan reports exactly the literals
// the folded text holds, or declines (returns false) and reports nothing.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CandidateSet } from './candidates.js';
import { fold } from './fold.js';
import { buildSkipScan, skipScan } from './skip-scan.js';
import { prng } from '../../../test-support/prng.js';

const ALPHABET = ['a', 'b', 'c', ':', 'A', 'B', '\\', '.', ' ', '\u212a', 'k', 'K', '\u017f', 's', 'é', 'É', 'σ', 'ς'];
const UNEVEN = ['ß', 'İ', '\u{1f600}'];

function randomText(next: () => number, min: number, max: number, alphabet: readonly string[]): string {
  let out = '';
  const n = min + Math.floor(next() * (max - min + 1));
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)]!;
  return out;
}

function scan(literals: { text: string; id: number }[], text: string): number[] | null {
  const index = buildSkipScan(literals);
  assert.ok(index, 'long literals get a skip table');
  const set: CandidateSet = { gen: 1, stamp: new Uint32Array(literals.length), list: new Int32Array(literals.length), count: 0 };
  if (!skipScan(index, text, set)) {
    assert.equal(set.count, 0, 'declining reports nothing');
    return null;
  }
  return [...set.list.subarray(0, set.count)].sort((a, b) => a - b);
}

describe('skipping literal search', () => {
  /** Random literal sets against random texts, half of them embedding a literal. */
  function compareAtRandom(seed: number, literalCount: () => number, shortest: number, longest: number): void {
    const next = prng(seed);
    let declined = 0;
    for (let round = 0; round < 150; round++) {
      const literals = Array.from({ length: literalCount() }, (_, id) => ({ text: fold(randomText(next, shortest, longest, ALPHABET)), id }));
      for (let t = 0; t < 20; t++) {
        const pick = literals[Math.floor(next() * literals.length)]!.text;
        const noise = (): string => randomText(next, 0, 12, next() < 0.1 ? [...ALPHABET, ...UNEVEN] : ALPHABET);
        const text = next() < 0.5 ? noise() + pick.toUpperCase() + noise() : noise() + noise() + noise();
        const folded = fold(text);
        const expected = literals.filter((l) => folded.includes(l.text)).map((l) => l.id);
        const got = scan(literals, text);
        if (got === null) {
          declined++;
          assert.ok(UNEVEN.some((u) => text.includes(u)), `declined ${JSON.stringify(text)} without cause`);
          continue;
        }
        assert.deepEqual(got, expected, `text ${JSON.stringify(text)}, literals ${JSON.stringify(literals)}`);
      }
    }
    assert.ok(declined > 0, 'texts with units folding to several were met');
  }

  test('reports exactly the literals the folded text holds: a few literals, two-unit blocks', () => {
    const next = prng(11);
    compareAtRandom(11, () => 1 + Math.floor(next() * 10), 6, 10);
  });

  test('reports exactly the literals the folded text holds: hundreds of literals, four-unit blocks', () => {
    const next = prng(12);
    compareAtRandom(12, () => 65 + Math.floor(next() * 200), 8, 14);
  });

  test('literals without s, i or a combining dot are found exactly, without declining any text', () => {
    // Hex digests and the like: folding ß or İ cannot produce any part of them.
    const next = prng(13);
    const plain = ['a', 'b', 'c', ':', '.', '\u212a', 'K', 'é', 'É', '0', '9'];
    for (let round = 0; round < 150; round++) {
      const literals = Array.from({ length: 1 + Math.floor(next() * 100) }, (_, id) => ({ text: fold(randomText(next, 8, 12, plain)), id }));
      for (let t = 0; t < 20; t++) {
        const noise = (): string => randomText(next, 0, 12, [...plain, ...UNEVEN, 's', 'i']);
        const pick = literals[Math.floor(next() * literals.length)]!.text;
        const text = next() < 0.5 ? noise() + pick.toUpperCase() + noise() : noise() + noise();
        const folded = fold(text);
        assert.deepEqual(scan(literals, text), literals.filter((l) => folded.includes(l.text)).map((l) => l.id), `text ${JSON.stringify(text)}`);
      }
    }
  });

  test('a text whose folded form is longer (ß folds to ss) is declined, not misread', () => {
    // Windows over the text no longer line up with the folded text: a literal holding "ss" is in
    // the folded text without being in the text.
    assert.equal(scan([{ text: 'class::name', id: 0 }], 'CLAß::NAME'), null);
    assert.equal(scan([{ text: 'class::name', id: 0 }], 'x CLAß::NAME and more text after it'), null);
  });

  test('one id per literal even when several rules share the text', () => {
    assert.deepEqual(scan([{ text: 'sekurlsa::', id: 0 }, { text: 'sekurlsa::', id: 1 }, { text: 'lsadump::', id: 2 }], 'mimikatz # SEKURLSA::logonpasswords'), [0, 1]);
  });

  test('short or many literals get no skip table', () => {
    assert.equal(buildSkipScan([{ text: 'abc', id: 0 }, { text: 'abcdefgh', id: 1 }]), null);
    assert.equal(buildSkipScan(Array.from({ length: 100 }, (_, id) => ({ text: `lit-${id}`, id }))), null, 'four-unit blocks need longer literals');
    assert.equal(buildSkipScan(Array.from({ length: 3000 }, (_, id) => ({ text: `literal-number-${id}`, id }))), null);
    assert.equal(buildSkipScan([]), null);
  });
});
