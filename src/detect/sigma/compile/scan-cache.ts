// What scanning a field's text found, kept by text: field values repeat from event to event (the
// same program path, hash, product name, service, host), and finding a text in a map costs less
// than walking it through the literal index again. Bounded in entries and text length; a field
// whose values rarely repeat (command lines with random parts) turns the cache off for a while,
// so unique values cost little more than the walk itself. Indexes searched by skipping (long
// literals, compile/skip-scan.ts) keep nothing: the search reads a fraction of the text, and a
// lookup would hash all of it.

import { scanField, type FieldIndex } from './aho-corasick.js';
import { markCandidate, type CandidateSet } from './candidates.js';
import { foldsToSameLength } from './fold.js';

/** Longer texts rarely repeat and would make the kept keys large. */
const MAX_TEXT = 256;
const MAX_ENTRIES = 1_024;
/**
 * Lookups per judgement of the hit rate, and the hits below which the cache is turned off: a miss
 * costs a lookup, an insertion and a kept string on top of the walk, so below about half the
 * lookups hitting the cache no longer pays (measured: events whose values are all unique).
 */
const WINDOW = 1_024;
const MIN_HITS = WINDOW / 2;
/** Texts scanned directly before an off cache is tried again. */
const OFF_FOR = 64 * WINDOW;

const NOTHING = new Int32Array(0);

export class ScanCache {
  private readonly found = new Map<string, Int32Array>();
  private lookups = 0;
  private hits = 0;
  private offLeft = 0;
  /** index.skip !== null as a flag, read for every text (reading the index instead, checks reordered, measured 1–3% slower). */
  private readonly skips: boolean;

  /** `scratch` collects one text's literals (its stamp array as large as the ids reported). */
  constructor(
    private readonly index: FieldIndex,
    private readonly scratch: CandidateSet,
  ) {
    this.skips = index.skip !== null;
  }

  /** Marks in `set` the ids of the literals the text holds, as scanField does. */
  scan(text: string, set: CandidateSet): void {
    if (this.skips) {
      scanField(this.index, text, set);
      return;
    }
    // A text shorter than every literal holds none: cheaper to see than to look up.
    if (text.length < this.index.shortest && foldsToSameLength(text)) return;
    if (this.offLeft > 0) {
      this.offLeft--;
      scanField(this.index, text, set);
      return;
    }
    if (text.length > MAX_TEXT) {
      scanField(this.index, text, set);
      return;
    }
    const known = this.found.get(text);
    if (known !== undefined) {
      this.hits++;
      for (let i = 0; i < known.length; i++) markCandidate(set, known[i]!);
    } else {
      // Scanned alone, so the list holds every literal of this text, not only those new to the event.
      const scratch = this.scratch;
      scratch.gen = (scratch.gen + 1) >>> 0;
      if (scratch.gen === 0) {
        scratch.stamp.fill(0);
        scratch.gen = 1;
      }
      scratch.count = 0;
      scanField(this.index, text, scratch);
      const ids = scratch.count === 0 ? NOTHING : scratch.list.slice(0, scratch.count);
      for (let i = 0; i < ids.length; i++) markCandidate(set, ids[i]!);
      if (this.found.size >= MAX_ENTRIES) this.found.clear();
      this.found.set(text, ids);
    }
    if (++this.lookups === WINDOW) {
      if (this.hits < MIN_HITS) {
        this.offLeft = OFF_FOR;
        this.found.clear();
      }
      this.lookups = 0;
      this.hits = 0;
    }
  }
}
