// Skipping search for long "contains" literals (Wu-Manber): instead of reading every character
// as the Aho-Corasick walk does, it reads the last few characters (a block) of a window as long as
// the shortest literal and, unless that block occurs near the end of some literal's first window,
// jumps ahead by up to the window less the block. Keyword literals (Mimikatz commands, exploit
// strings) and file hashes are long, and most of the text they are searched in is skipped.

import { markCandidate, type CandidateSet } from './candidates.js';
import { fold, FOLD_UNIT, foldsToSameLength } from './fold.js';

export interface SkipScan {
  /** Length of the shortest literal. */
  window: number;
  /** Units per block: more literals need longer blocks, or every block occurs in some literal. */
  block: number;
  mask: number;
  /** Per hashed block: how far the window may move when it ends with that block. */
  shift: Uint8Array;
  /** Per hashed block: the literals whose first window ends with it (checked where shift is 0). */
  ending: Map<number, number[]>;
  /** Folded literal texts, and the ids each one reports. */
  texts: string[];
  ids: number[][];
  /**
   * Whether a literal could be found across a unit that folds to several (it holds s, i, a
   * combining dot or a surrogate, which such folds produce): only then must texts holding one be
   * left to the walk. Hex digests, for one, never need the check.
   */
  crossesUnevenFolds: boolean;
}

/** Below this longest jump (the window less the block), reading every character is as fast. */
const MIN_JUMP = 4;
const MAX_LITERALS = 2_000;
/** Jumps are stored in a byte. */
const MAX_WINDOW = 128;

/** A character class matching the given UTF-16 units, as ranges. */
function unitClass(units: readonly number[]): RegExp {
  const hex = (c: number): string => `\\u${c.toString(16).padStart(4, '0')}`;
  const sorted = [...new Set(units)].sort((x, y) => x - y);
  let ranges = '';
  for (let i = 0; i < sorted.length; i++) {
    let end = i;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]! + 1) end++;
    ranges += end === i ? hex(sorted[i]!) : `${hex(sorted[i]!)}-${hex(sorted[end]!)}`;
    i = end;
  }
  return new RegExp(`[${ranges}]`);
}

/** Units whose folded form is not one unit (ß, İ, surrogate halves), from FOLD_UNIT. */
const UNEVEN_UNITS = Array.from({ length: 65536 }, (_, c) => c).filter((c) => FOLD_UNIT[c]! < 0);

/**
 * A text holding one of these is longer folded than it is, and windows over the text no longer
 * line up with the folded text.
 */
const UNEVEN_FOLD = unitClass(UNEVEN_UNITS);

/**
 * The units those folds produce (ß → ss, İ → i + U+0307; astral letters fold to surrogate
 * pairs): only a literal holding one can be found across such a unit.
 */
const FOLD_PRODUCTS = unitClass(UNEVEN_UNITS.flatMap((c) => [...fold(String.fromCharCode(c))].map((u) => u.charCodeAt(0))));

/** Hash of the block of folded units ending at `end` (units already folded when `fold` is false). */
function blockHash(text: string, end: number, block: number, mask: number, fold: boolean): number {
  let h = 0;
  for (let i = end - block + 1; i <= end; i++) {
    const c = text.charCodeAt(i);
    h = ((h << 5) ^ (fold ? FOLD_UNIT[c]! : c)) & mask;
  }
  return h;
}

/** The skip table of the literals, or null when they are too short or too many to gain from it. */
export function buildSkipScan(literals: readonly { text: string; id: number }[]): SkipScan | null {
  if (literals.length === 0) return null;
  const byText = new Map<string, number[]>();
  for (const l of literals) {
    const ids = byText.get(l.text);
    if (ids) ids.push(l.id);
    else byText.set(l.text, [l.id]);
  }
  const texts = [...byText.keys()];
  const window = Math.min(...texts.map((t) => t.length), MAX_WINDOW);
  // Two units tell a few dozen literals apart; hundreds need four (a 16-bit table).
  const block = texts.length <= 64 ? 2 : 4;
  if (window - block < MIN_JUMP || texts.length > MAX_LITERALS) return null;
  const mask = block === 2 ? 0xfff : 0xffff;
  const shift = new Uint8Array(mask + 1).fill(window - block + 1);
  const ending = new Map<number, number[]>();
  texts.forEach((text, t) => {
    for (let end = block - 1; end < window; end++) {
      const h = blockHash(text, end, block, mask, false);
      shift[h] = Math.min(shift[h]!, window - 1 - end);
    }
    const h = blockHash(text, window - 1, block, mask, false);
    const list = ending.get(h);
    if (list) list.push(t);
    else ending.set(h, [t]);
  });
  return { window, block, mask, shift, ending, texts, ids: [...byText.values()], crossesUnevenFolds: texts.some((t) => FOLD_PRODUCTS.test(t)) };
}

/**
 * Marks the ids of the literals the text holds (folded). Returns false, having marked nothing,
 * when the text holds a unit whose fold is longer than one unit: the caller then walks it.
 */
export function skipScan(scan: SkipScan, text: string, set: CandidateSet): boolean {
  const n = text.length;
  const { window, block, mask, shift } = scan;
  // Where no literal can be found across a unit that folds to several, the text's own units are
  // all that matter: such a unit never equals a literal's (FOLD_UNIT gives -1), and any other
  // occurrence lies in the text as it is. Otherwise a text holding one is left to the walk, and
  // a text shorter than every literal holds none unless folding lengthens it (checked by hand:
  // cheaper than calling the expression on a few units).
  if (!scan.crossesUnevenFolds) {
    if (n < window) return true;
  } else {
    if (n < window) return foldsToSameLength(text);
    if (UNEVEN_FOLD.test(text)) return false;
  }
  let end = window - 1;
  while (end < n) {
    const h = blockHash(text, end, block, mask, true);
    const s = shift[h]!;
    if (s !== 0) {
      end += s;
      continue;
    }
    const start = end - window + 1;
    for (const t of scan.ending.get(h)!) {
      if (occursAt(scan.texts[t]!, text, start)) for (const id of scan.ids[t]!) markCandidate(set, id);
    }
    end++;
  }
  return true;
}

function occursAt(literal: string, text: string, start: number): boolean {
  if (start + literal.length > text.length) return false;
  for (let k = 0; k < literal.length; k++) if (FOLD_UNIT[text.charCodeAt(start + k)] !== literal.charCodeAt(k)) return false;
  return true;
}
