// The scan cache answers as scanField does: for repeated texts (from the cache), for texts whose
// literals were already marked earlier in the same event (the kept list must still hold them for
// the next event), and through a run of unique texts that turns the cache off and on again.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFieldIndex, scanField, type LiteralAtom } from './aho-corasick.js';
import type { CandidateSet } from './candidates.js';
import { ScanCache } from './scan-cache.js';
import { prng } from '../../../test-support/prng.js';

const ATOMS: LiteralAtom[] = [
  { shape: 'suffix', text: '\\powershell.exe', id: 0 },
  { shape: 'contains', text: ' -enc ', id: 1 },
  { shape: 'equals', text: 'cmd.exe', id: 2 },
  { shape: 'prefix', text: 'c:\\users\\', id: 3 },
  { shape: 'contains', text: 'mimikatz', id: 4 },
];

function newSet(): CandidateSet {
  return { gen: 0, stamp: new Uint32Array(ATOMS.length), list: new Int32Array(ATOMS.length), count: 0 };
}

/** Starts an event on the set: nothing marked. */
function nextEvent(set: CandidateSet): void {
  set.gen++;
  set.count = 0;
}

function marked(set: CandidateSet): number[] {
  return [...set.list.subarray(0, set.count)].sort((a, b) => a - b);
}

describe('scan cache', () => {
  const index = buildFieldIndex(ATOMS, { exact: false });
  const TEXTS = ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell -nop -enc SQBF', 'CMD.EXE', 'C:\\Users\\alice\\mimikatz.exe', 'notepad.exe'];

  function expected(texts: readonly string[]): number[] {
    const set = newSet();
    nextEvent(set);
    for (const t of texts) scanField(index, t, set);
    return marked(set);
  }

  test('repeated texts, and texts whose literals an earlier field of the event already held', () => {
    const cache = new ScanCache(index, newSet());
    const set = newSet();
    for (let round = 0; round < 3; round++) {
      for (const t of TEXTS) {
        nextEvent(set);
        cache.scan(t, set);
        assert.deepEqual(marked(set), expected([t]), `round ${round}: ${t}`);
      }
      // The same texts twice in one event: the second adds nothing, and what is kept stays whole.
      nextEvent(set);
      for (const t of [...TEXTS, ...TEXTS]) cache.scan(t, set);
      assert.deepEqual(marked(set), expected(TEXTS));
    }
  });

  test('unique texts turn it off and repeats turn it on again, the answers unchanged', () => {
    const cache = new ScanCache(index, newSet());
    const set = newSet();
    const next = prng(5);
    for (let i = 0; i < 100_000; i++) {
      const repeat = i > 20_000 && next() < 0.9;
      const text = repeat ? TEXTS[i % TEXTS.length]! : `${TEXTS[i % TEXTS.length]} ${i}`;
      nextEvent(set);
      cache.scan(text, set);
      assert.deepEqual(marked(set), expected([text]), text);
    }
  });

  test('an index searched by skipping, and texts shorter than every literal, answer the same', () => {
    const long: LiteralAtom[] = ['sekurlsa::', 'kerberos::golden', 'gentilkiwi.com', 'privilege::debug'].map((text, id) => ({ shape: 'contains', text, id }));
    const skipping = buildFieldIndex(long, { exact: false });
    assert.notEqual(skipping.skip, null);
    const cache = new ScanCache(skipping, newSet());
    const set = newSet();
    for (const text of ['mimikatz # SEKURLSA::logonpasswords', 'privilege::debug', 'short', 'nothing to see here at all', 'ßekurlsa::']) {
      for (let round = 0; round < 2; round++) {
        nextEvent(set);
        cache.scan(text, set);
        const want = newSet();
        nextEvent(want);
        scanField(skipping, text, want);
        assert.deepEqual(marked(set), marked(want), text);
      }
    }
  });
});
