// Flat tries over folded literals: an Aho-Corasick automaton finds every "contains" literal of
// many rules in one pass over a field, and anchored tries find the "equals", "prefix" and
// (walking backwards) "suffix" literals by reading only as far as a literal can still match.
// Text is folded unit by unit while scanning (FOLD_UNIT), so no folded copy is built.

import { markCandidate, type CandidateSet } from './candidates.js';
import { fold, FOLD_UNIT, foldsToSameLength } from './fold.js';
import { buildSkipScan, skipScan, type SkipScan } from './skip-scan.js';

/** A trie in flat arrays. */
export interface FlatTrie {
  rootAscii: Int32Array;
  rootOther: Map<number, number>;
  childStart: Int32Array;
  childCode: Uint16Array;
  childTarget: Int32Array;
  states: number;
}

interface Built {
  trie: FlatTrie;
  children: Map<number, number>[];
}

/** The trie of the words as edge maps per state (0: the root), and the state each word ends in. */
function insertWords(words: readonly string[]): { children: Map<number, number>[]; ends: number[] } {
  const children: Map<number, number>[] = [new Map()];
  const ends: number[] = [];
  for (const word of words) {
    let s = 0;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      let t = children[s]!.get(c);
      if (t === undefined) {
        t = children.length;
        children.push(new Map());
        children[s]!.set(c, t);
      }
      s = t;
    }
    ends.push(s);
  }
  return { children, ends };
}

function buildTrie(words: readonly string[]): Built & { ends: number[] } {
  const { children, ends } = insertWords(words);
  return { trie: flatten(children), children, ends };
}

function flatten(children: readonly Map<number, number>[]): FlatTrie {
  const n = children.length;
  const rootAscii = new Int32Array(128).fill(-1);
  const rootOther = new Map<number, number>();
  for (const [c, t] of children[0]!) {
    if (c < 128) rootAscii[c] = t;
    else rootOther.set(c, t);
  }
  const childStart = new Int32Array(n + 1);
  let total = 0;
  for (let s = 0; s < n; s++) {
    childStart[s] = total;
    total += children[s]!.size;
  }
  childStart[n] = total;
  const childCode = new Uint16Array(total);
  const childTarget = new Int32Array(total);
  for (let s = 0; s < n; s++) {
    [...children[s]!].sort((a, b) => a[0] - b[0]).forEach(([c, t], i) => {
      childCode[childStart[s]! + i] = c;
      childTarget[childStart[s]! + i] = t;
    });
  }
  return { rootAscii, rootOther, childStart, childCode, childTarget, states: n };
}

/**
 * Aho-Corasick links, states taken breadth-first: `fail` is the longest proper suffix that is
 * also a state, `dict` the nearest state on the failure chain where a word ends (0: none).
 */
function failureLinks(children: readonly Map<number, number>[], isEnd: (state: number) => boolean): { fail: Int32Array; dict: Int32Array; order: number[] } {
  const n = children.length;
  const fail = new Int32Array(n);
  const dict = new Int32Array(n);
  const order: number[] = [...children[0]!.values()];
  for (let q = 0; q < order.length; q++) {
    const st = order[q]!;
    for (const [c, t] of children[st]!) {
      let fs = fail[st]!;
      while (fs !== 0 && !children[fs]!.has(c)) fs = fail[fs]!;
      const target = children[fs]!.get(c);
      fail[t] = target !== undefined && target !== t ? target : 0;
      order.push(t);
    }
    const fs = fail[st]!;
    dict[st] = isEnd(fs) ? fs : dict[fs]!;
  }
  return { fail, dict, order };
}

/**
 * The Aho-Corasick trie of the words with the states where some word is found (a word ends
 * there or on its failure chain) numbered last, from `reportFrom` on: the dense scan then tells
 * them by one comparison, and its table holds full 16-bit states.
 */
function buildAutomaton(words: readonly string[]): Built & { ends: number[]; fail: Int32Array; dict: Int32Array; order: number[]; reportFrom: number } {
  const first = insertWords(words);
  const firstEnds = new Set(first.ends);
  const { dict } = failureLinks(first.children, (st) => firstEnds.has(st));
  const all = [...first.children.keys()];
  const reports = (st: number): boolean => st !== 0 && (firstEnds.has(st) || dict[st] !== 0);
  const reporting = all.filter(reports);
  const numbering = [...all.filter((st) => !reports(st)), ...reporting];
  const renamed = new Int32Array(all.length);
  numbering.forEach((old, i) => (renamed[old] = i));
  const children = numbering.map((old) => new Map([...first.children[old]!].map(([c, t]) => [c, renamed[t]!])));
  const ends = first.ends.map((st) => renamed[st]!);
  const lastEnds = new Set(ends);
  const links = failureLinks(children, (st) => lastEnds.has(st));
  return { trie: flatten(children), children, ends, ...links, reportFrom: all.length - reporting.length };
}

function child(t: FlatTrie, s: number, c: number): number {
  if (s === 0) return c < 128 ? t.rootAscii[c]! : t.rootOther.get(c) ?? -1;
  let lo = t.childStart[s]!;
  let hi = t.childStart[s + 1]!;
  if (hi - lo <= 6) {
    for (; lo < hi; lo++) if (t.childCode[lo] === c) return t.childTarget[lo]!;
    return -1;
  }
  hi--;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = t.childCode[mid]!;
    if (m === c) return t.childTarget[mid]!;
    if (m < c) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Literal ids per state, as offsets into one array. */
export interface Outputs {
  start: Int32Array;
  ids: Int32Array;
}

function outputs(states: number, lists: Map<number, number[]>): Outputs {
  const start = new Int32Array(states + 1);
  let total = 0;
  for (let s = 0; s < states; s++) {
    start[s] = total;
    total += lists.get(s)?.length ?? 0;
  }
  start[states] = total;
  const ids = new Int32Array(total);
  for (const [s, list] of lists) list.forEach((id, i) => (ids[start[s]! + i] = id));
  return { start, ids };
}

function emit(out: Outputs, s: number, set: CandidateSet): void {
  for (let i = out.start[s]!, end = out.start[s + 1]!; i < end; i++) markCandidate(set, out.ids[i]!);
}

function addTo(lists: Map<number, number[]>, state: number, id: number): void {
  const list = lists.get(state);
  if (!list) lists.set(state, [id]);
  else if (!list.includes(id)) list.push(id);
}

export interface LiteralAtom {
  shape: 'equals' | 'prefix' | 'suffix' | 'contains';
  /** Folded. */
  text: string;
  /** Reported when the literal is found (the engine: a clause of a rule's requirement). */
  id: number;
}

/**
 * The literals of one field: plain data, scanned by scanField. (Data plus one shared function,
 * rather than a closure per field, keeps the scanning code monomorphic and fast.)
 */
export interface FieldIndex {
  front: FlatTrie;
  prefixOut: Outputs;
  equalsOut: Outputs;
  back: FlatTrie;
  suffixOut: Outputs;
  inner: FlatTrie;
  innerOut: Outputs;
  fail: Int32Array;
  dict: Int32Array;
  /** First state with outputs at or below each state on the failure chain (0: none). */
  report: Int32Array;
  /** States from here on have outputs (report is not 0). */
  reportFrom: number;
  /**
   * Dense transitions over ASCII classes (states × classes), empty when too large: the target
   * state, so the scanning loop reads one small array per character.
   */
  delta: Uint16Array;
  /**
   * Dense edges of the anchored tries (0: no edge; REPORT_BIT: prefix or suffix literals end
   * there), empty when those tries are too large or the index is not dense.
   */
  frontDelta: Uint16Array;
  backDelta: Uint16Array;
  classes: number;
  /**
   * Class of each ASCII unit, folding included (0 for characters no literal uses). Other units
   * are folded through FOLD_UNIT first (unitClass): 128 bytes per index instead of a table of
   * every UTF-16 unit keeps the index small and its hot part in cache.
   */
  asciiClass: Uint8Array;
  hasFront: boolean;
  hasBack: boolean;
  hasInner: boolean;
  dense: boolean;
  /** Length of the shortest literal: a shorter text holds none (most short values are skipped). */
  shortest: number;
  /** For long "contains" literals only: the skipping search, faster than the walk on most texts. */
  skip: SkipScan | null;
}

/** Largest dense transition table (states × character classes) built for one field. */
const DENSE_LIMIT = 4_000_000;
/** Dense tables hold 16-bit states; those of the anchored tries use the top bit to flag outputs. */
const DENSE_STATES = 0x10000;
const DENSE_TRIE_STATES = 0x8000;
const REPORT_BIT = 0x8000;
const STATE_MASK = 0x7fff;
/**
 * Longest literal indexed. Long literals are cut to keep the automata small: a rule whose
 * literal is cut may run for an event holding only the cut part, and its own test then decides.
 */
const MAX_LITERAL = 24;
/** unitClass results for units without a dense class. */
const NON_ASCII = -1;
const NEEDS_FOLD = -2;

const EMPTY_CLASSES = new Uint8Array(0);
/**
 * Keeps a long literal's last MAX_LITERAL characters: paths, registry keys and URLs share their
 * beginnings (`\\software\\microsoft\\windows\\...`) and differ at the end, so the tail is what
 * tells rules apart. Whatever holds the whole literal holds its tail, so the cut stays sound: an
 * equal or suffixed text ends with it, a prefixed or containing one contains it.
 */
function shorten(atom: LiteralAtom): LiteralAtom {
  const t = atom.text;
  if (t.length <= MAX_LITERAL) return atom;
  const tail = t.slice(t.length - MAX_LITERAL);
  const anchoredEnd = atom.shape === 'suffix' || atom.shape === 'equals';
  return { ...atom, shape: anchoredEnd ? 'suffix' : 'contains', text: tail };
}

/**
 * Builds the index. For candidate finding (`exact` false) long literals are cut to their last
 * MAX_LITERAL characters; `exact` keeps them whole, for tests whose answer is final.
 */
export function buildFieldIndex(given: readonly LiteralAtom[], options: { exact: boolean }): FieldIndex {
  const atoms = options.exact ? given : given.map(shorten);
  // Anchored at the start: equals and prefix literals.
  const front = atoms.filter((a) => a.shape === 'equals' || a.shape === 'prefix');
  const fBuilt = buildTrie(front.map((a) => a.text));
  const prefixLists = new Map<number, number[]>();
  const equalsLists = new Map<number, number[]>();
  front.forEach((a, i) => addTo(a.shape === 'prefix' ? prefixLists : equalsLists, fBuilt.ends[i]!, a.id));

  // Anchored at the end: suffix literals, reversed.
  const back = atoms.filter((a) => a.shape === 'suffix');
  // Reversed unit by unit, as the text is walked (by code point, a surrogate pair would keep its
  // order and never match).
  const bBuilt = buildTrie(back.map((a) => a.text.split('').reverse().join('')));
  const suffixLists = new Map<number, number[]>();
  back.forEach((a, i) => addTo(suffixLists, bBuilt.ends[i]!, a.id));

  // Anywhere: Aho-Corasick over the contains literals.
  const inner = atoms.filter((a) => a.shape === 'contains');
  const built = buildAutomaton(inner.map((a) => a.text));
  const { children, fail, dict, order } = built;
  const n = built.trie.states;
  const own = new Map<number, number[]>();
  inner.forEach((a, i) => addTo(own, built.ends[i]!, a.id));
  const report = new Int32Array(n);
  for (let st = 1; st < n; st++) report[st] = own.has(st) ? st : dict[st]!;

  // Dense transitions over ASCII classes: one class per character the literals use, 0 for the rest.
  const classOf = new Uint8Array(128);
  let classes = 1;
  for (const a of atoms) {
    for (let i = 0; i < a.text.length; i++) {
      const c = a.text.charCodeAt(i);
      if (c < 128 && classOf[c] === 0) classOf[c] = classes++;
    }
  }
  const fits = (states: number, limit: number): boolean => states <= limit && states * classes <= DENSE_LIMIT;
  // At most 129 classes (ASCII only), so a class always fits the Uint8Array table.
  const dense = fits(n, DENSE_STATES) && fits(fBuilt.trie.states, DENSE_TRIE_STATES) && fits(bBuilt.trie.states, DENSE_TRIE_STATES);
  let delta = new Uint16Array(0);
  let frontDelta: Uint16Array = new Uint16Array(0);
  let backDelta: Uint16Array = new Uint16Array(0);
  let asciiClass = EMPTY_CLASSES;
  if (dense) {
    const rep = new Int32Array(classes).fill(-1);
    for (let c = 0; c < 128; c++) if (classOf[c] !== 0 && rep[classOf[c]!] < 0) rep[classOf[c]!] = c;
    const edges = (built: Built, ends: ReadonlySet<number>): Uint16Array => {
      const table = new Uint16Array(built.trie.states * classes);
      built.children.forEach((kids, st) => {
        for (let k = 1; k < classes; k++) {
          const g = kids.get(rep[k]!);
          if (g !== undefined) table[st * classes + k] = g | (ends.has(g) ? REPORT_BIT : 0);
        }
      });
      return table;
    };
    frontDelta = edges(fBuilt, new Set(prefixLists.keys()));
    backDelta = edges(bBuilt, new Set(suffixLists.keys()));
    delta = new Uint16Array(n * classes);
    const fill = (st: number): void => {
      for (let k = 1; k < classes; k++) {
        const g = children[st]!.get(rep[k]!);
        delta[st * classes + k] = g !== undefined ? g : st === 0 ? 0 : delta[fail[st]! * classes + k]!;
      }
    };
    fill(0);
    for (const st of order) fill(st);
    asciiClass = new Uint8Array(128);
    for (let c = 0; c < 128; c++) asciiClass[c] = classOf[FOLD_UNIT[c]!]!;
  }

  return {
    front: fBuilt.trie,
    prefixOut: outputs(fBuilt.trie.states, prefixLists),
    equalsOut: outputs(fBuilt.trie.states, equalsLists),
    back: bBuilt.trie,
    suffixOut: outputs(bBuilt.trie.states, suffixLists),
    inner: built.trie,
    innerOut: outputs(n, own),
    fail,
    dict,
    report,
    reportFrom: built.reportFrom,
    delta,
    frontDelta,
    backDelta,
    classes,
    asciiClass,
    hasFront: front.length > 0,
    hasBack: back.length > 0,
    hasInner: inner.length > 0,
    dense,
    shortest: atoms.reduce((min, a) => Math.min(min, a.text.length), Infinity),
    skip: front.length === 0 && back.length === 0 ? buildSkipScan(inner) : null,
  };
}

function sparseStep(ix: FieldIndex, s: number, c: number): number {
  let state = s;
  for (;;) {
    const t = child(ix.inner, state, c);
    if (t >= 0) return t;
    if (state === 0) return 0;
    state = ix.fail[state]!;
  }
}

function reportAt(ix: FieldIndex, s: number, set: CandidateSet): void {
  let o = ix.report[s]!;
  while (o !== 0) {
    emit(ix.innerOut, o, set);
    o = ix.dict[o]!;
  }
}

/** Folded unit at i; -1 when the text must be folded as a whole. */
function unitAt(text: string, i: number, folded: boolean): number {
  const raw = text.charCodeAt(i);
  return folded ? raw : FOLD_UNIT[raw]!;
}

/** Returns false when the text must be folded as a whole first. */
function scanText(ix: FieldIndex, text: string, set: CandidateSet, folded: boolean): boolean {
  const n = text.length;
  if (ix.hasFront) {
    const trie = ix.front;
    let s = 0;
    let i = 0;
    for (; i < n; i++) {
      const c = unitAt(text, i, folded);
      if (c < 0) return false;
      const t = child(trie, s, c);
      if (t < 0) break;
      s = t;
      if (ix.prefixOut.start[s] !== ix.prefixOut.start[s + 1]) emit(ix.prefixOut, s, set);
    }
    if (i === n) emit(ix.equalsOut, s, set);
  }
  if (ix.hasBack) {
    const trie = ix.back;
    let s = 0;
    for (let i = n - 1; i >= 0; i--) {
      const c = unitAt(text, i, folded);
      if (c < 0) return false;
      const t = child(trie, s, c);
      if (t < 0) break;
      s = t;
      if (ix.suffixOut.start[s] !== ix.suffixOut.start[s + 1]) emit(ix.suffixOut, s, set);
    }
  }
  if (!ix.hasInner) return true;
  const report = ix.report;
  let s = 0;
  if (ix.dense) {
    const delta = ix.delta;
    const reportFrom = ix.reportFrom;
    const classes = ix.classes;
    for (let i = 0; i < n; i++) {
      const raw = text.charCodeAt(i);
      const k = unitClass(ix, raw);
      if (k >= 0) {
        s = delta[s * classes + k]!;
        if (s >= reportFrom) reportAt(ix, s, set);
        continue;
      }
      if (k !== NON_ASCII && !folded) return false;
      s = sparseStep(ix, s, folded ? raw : FOLD_UNIT[raw]!);
      if (report[s] !== 0) reportAt(ix, s, set);
    }
    return true;
  }
  for (let i = 0; i < n; i++) {
    const c = unitAt(text, i, folded);
    if (c < 0) return false;
    s = sparseStep(ix, s, c);
    if (report[s] !== 0) reportAt(ix, s, set);
  }
  return true;
}

/** Dense class of a unit (ASCII, or folding to ASCII like the Kelvin sign); NON_ASCII; NEEDS_FOLD. */
function unitClass(ix: FieldIndex, raw: number): number {
  if (raw < 128) return ix.asciiClass[raw]!;
  const f = FOLD_UNIT[raw]!;
  if (f < 0) return NEEDS_FOLD;
  return f < 128 ? ix.asciiClass[f]! : NON_ASCII;
}

/**
 * scanText for dense indexes on raw text: every step is a class lookup and a table read.
 * Returns false (nothing decided) when a unit needs the whole text folded first.
 */
function scanDense(ix: FieldIndex, text: string, set: CandidateSet): boolean {
  if (ix.hasFront && !walkAnchored(ix, text, set, false)) return false;
  if (ix.hasBack && !walkAnchored(ix, text, set, true)) return false;
  return !ix.hasInner || walkInner(ix, text, set);
}

/**
 * Walks an anchored trie from the text's start (front: prefix literals) or end (back: suffix
 * literals) while the text still follows a literal; a front walk through the whole text also
 * reports the equals literals ending there.
 */
function walkAnchored(ix: FieldIndex, text: string, set: CandidateSet, back: boolean): boolean {
  const n = text.length;
  const classes = ix.classes;
  const asciiClass = ix.asciiClass;
  const table = back ? ix.backDelta : ix.frontDelta;
  const out = back ? ix.suffixOut : ix.prefixOut;
  let s = 0;
  let read = 0;
  for (; read < n; read++) {
    const raw = text.charCodeAt(back ? n - 1 - read : read);
    const k = raw < 128 ? asciiClass[raw]! : unitClass(ix, raw);
    // Non-ASCII: the sparse walk over the folded text decides.
    if (k < 0) return false;
    const e = table[s * classes + k]!;
    if (e === 0) break;
    s = e & STATE_MASK;
    if (e >= REPORT_BIT) emit(out, s, set);
  }
  if (!back && read === n) emit(ix.equalsOut, s, set);
  return true;
}

function walkInner(ix: FieldIndex, text: string, set: CandidateSet): boolean {
  const n = text.length;
  const classes = ix.classes;
  const asciiClass = ix.asciiClass;
  const delta = ix.delta;
  const reportFrom = ix.reportFrom;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const raw = text.charCodeAt(i);
    const k = raw < 128 ? asciiClass[raw]! : unitClass(ix, raw);
    if (k >= 0) {
      s = delta[s * classes + k]!;
      if (s >= reportFrom) reportAt(ix, s, set);
      continue;
    }
    if (k === NEEDS_FOLD) return false;
    s = sparseStep(ix, s, FOLD_UNIT[raw]!);
    if (ix.report[s] !== 0) reportAt(ix, s, set);
  }
  return true;
}

/** Marks the ids of the literals the field's text holds. */
export function scanField(ix: FieldIndex, text: string, set: CandidateSet): void {
  if (text.length < ix.shortest && foldsToSameLength(text)) return;
  if (ix.skip !== null && skipScan(ix.skip, text, set)) return;
  const done = ix.dense ? scanDense(ix, text, set) : scanText(ix, text, set, false);
  if (!done) scanText(ix, fold(text), set, true);
}
