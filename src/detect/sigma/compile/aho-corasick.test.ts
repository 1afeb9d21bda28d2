// The literal scanner against the obvious answer: for random literals of every shape and random
// texts mixing ASCII, characters that fold to ASCII (Kelvin sign), that fold to several units
// (ß, İ), other non-ASCII letters and surrogate pairs, scanField reports exactly the literals the
// folded text holds — through the dense tables and through the sparse fallback.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFieldIndex, scanField, type LiteralAtom } from './aho-corasick.js';
import type { CandidateSet } from './candidates.js';
import { fold } from './fold.js';
import { prng } from '../../../test-support/prng.js';

const ALPHABET = ['a', 'b', 'c', 'A', 'B', '\\', '.', ' ', '\u212a', 'k', 'K', 'ß', 'ss', 'İ', 'é', 'É', 'σ', 'ς', '\u{1f600}'];
const SHAPES: LiteralAtom['shape'][] = ['equals', 'prefix', 'suffix', 'contains'];

function randomText(next: () => number, max: number): string {
  let out = '';
  const n = 1 + Math.floor(next() * max);
  for (let i = 0; i < n; i++) out += ALPHABET[Math.floor(next() * ALPHABET.length)]!;
  return out;
}

function holds(atom: LiteralAtom, folded: string): boolean {
  switch (atom.shape) {
    case 'equals':
      return folded === atom.text;
    case 'prefix':
      return folded.startsWith(atom.text);
    case 'suffix':
      return folded.endsWith(atom.text);
    case 'contains':
      return folded.includes(atom.text);
  }
}

function found(atoms: readonly LiteralAtom[], text: string, exact: boolean): number[] {
  const index = buildFieldIndex(atoms, { exact });
  const set: CandidateSet = { gen: 1, stamp: new Uint32Array(atoms.length), list: new Int32Array(atoms.length), count: 0 };
  scanField(index, text, set);
  return [...set.list.subarray(0, set.count)].sort((a, b) => a - b);
}

describe('literal scanner', () => {
  test('reports exactly the literals the folded text holds', () => {
    const next = prng(7);
    for (let round = 0; round < 300; round++) {
      const atoms: LiteralAtom[] = [];
      for (let id = 0; id < 12; id++) {
        atoms.push({ shape: SHAPES[Math.floor(next() * SHAPES.length)]!, text: fold(randomText(next, 3)), id });
      }
      for (let t = 0; t < 20; t++) {
        const text = randomText(next, 12);
        const folded = fold(text);
        const expected = atoms.filter((a) => holds(a, folded)).map((a) => a.id);
        assert.deepEqual(found(atoms, text, true), expected, `text ${JSON.stringify(text)}, literals ${JSON.stringify(atoms)}`);
      }
    }
  });

  test('a long literal is cut to its tail: texts holding the whole literal are still reported', () => {
    const long = fold('\\AppData\\Local\\Microsoft\\Windows\\INetCache\\IE\\');
    const atoms: LiteralAtom[] = [
      { shape: 'contains', text: long, id: 0 },
      { shape: 'equals', text: long, id: 1 },
      { shape: 'prefix', text: long, id: 2 },
    ];
    const inside = `C:\\Users\\\u212aAREN${long.toUpperCase()}x.dll`;
    assert.ok(found(atoms, inside, false).includes(0));
    assert.deepEqual(found(atoms, long.toUpperCase(), false), [0, 1, 2]);
    // Only the shared beginning of such paths: no candidate.
    assert.deepEqual(found(atoms, long.slice(0, 20), false), []);
  });
});
