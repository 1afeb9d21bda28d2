// Wildcard patterns compiled to the cheapest string test: equality, startsWith, endsWith,
// includes, ordered indexOf for `*` runs, and an anchored RegExp only when `?` is used.
// Patterns are folded at compile time; the text they are given is folded by the caller.

import type { StringPart } from '../types.js';
import { isWildcard } from '../values.js';
import { buildFieldIndex, scanField, type LiteralAtom } from './aho-corasick.js';
import type { CandidateSet } from './candidates.js';
import { fold } from './fold.js';

export type TextTest = (text: string) => boolean;

/** The pattern's shape, used for grouping and for the literal index. */
export type PatternShape =
  | { kind: 'equals'; text: string }
  | { kind: 'prefix'; text: string }
  | { kind: 'suffix'; text: string }
  | { kind: 'contains'; text: string }
  | { kind: 'any' }
  | { kind: 'complex'; segments: Segment[]; anchoredStart: boolean; anchoredEnd: boolean; hasOne: boolean };

type Segment = { text: string } | { one: true } | { star: true };

/** Reduces parts to a shape; text is folded unless `cased`. */
export function patternShape(parts: readonly StringPart[], cased: boolean): PatternShape {
  const segs: Segment[] = [];
  for (const p of parts) {
    if (typeof p === 'string') {
      if (p === '') continue;
      const t = cased ? p : fold(p);
      const last = segs[segs.length - 1];
      if (last && 'text' in last) segs[segs.length - 1] = { text: last.text + t };
      else segs.push({ text: t });
    } else if (isWildcard(p)) {
      if (p.wildcard === '*') {
        const last = segs[segs.length - 1];
        if (!(last && 'star' in last)) segs.push({ star: true });
      } else segs.push({ one: true });
    } else {
      throw new Error(`unexpanded placeholder %${p.placeholder}%`);
    }
  }
  const hasOne = segs.some((s) => 'one' in s);
  const isText = (s: Segment | undefined): s is { text: string } => !!s && 'text' in s;
  const isStar = (s: Segment | undefined): boolean => !!s && 'star' in s;
  if (segs.length === 0) return { kind: 'equals', text: '' };
  if (segs.length === 1 && isText(segs[0])) return { kind: 'equals', text: segs[0].text };
  if (segs.length === 1 && isStar(segs[0])) return { kind: 'any' };
  if (segs.length === 2 && isText(segs[0]) && isStar(segs[1])) return { kind: 'prefix', text: segs[0].text };
  if (segs.length === 2 && isStar(segs[0]) && isText(segs[1])) return { kind: 'suffix', text: segs[1].text };
  if (segs.length === 3 && isStar(segs[0]) && isText(segs[1]) && isStar(segs[2])) return { kind: 'contains', text: segs[1].text };
  return { kind: 'complex', segments: segs, anchoredStart: !isStar(segs[0]), anchoredEnd: !isStar(segs[segs.length - 1]), hasOne };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function complexTest(shape: Extract<PatternShape, { kind: 'complex' }>): TextTest {
  const segs = shape.segments;
  if (shape.hasOne) {
    const source = segs.map((s) => ('text' in s ? escapeRegex(s.text) : 'one' in s ? '[\\s\\S]' : '[\\s\\S]*')).join('');
    const re = new RegExp(`^${source}$`);
    return (t) => re.test(t);
  }
  // Only `*`: the text pieces must appear in order; the first/last are anchored when no star precedes/follows.
  const texts = segs.filter((s): s is { text: string } => 'text' in s).map((s) => s.text);
  const first = shape.anchoredStart ? texts[0]! : null;
  const last = shape.anchoredEnd ? texts[texts.length - 1]! : null;
  const middle = texts.slice(first === null ? 0 : 1, last === null ? texts.length : texts.length - 1);
  const minLength = texts.reduce((n, s) => n + s.length, 0);
  return (t) => {
    if (t.length < minLength) return false;
    let from = 0;
    let end = t.length;
    if (first !== null) {
      if (!t.startsWith(first)) return false;
      from = first.length;
    }
    if (last !== null) {
      if (!t.endsWith(last)) return false;
      end = t.length - last.length;
    }
    for (const m of middle) {
      const at = t.indexOf(m, from);
      if (at < 0 || at + m.length > end) return false;
      from = at + m.length;
    }
    return from <= end;
  };
}

export function shapeTest(shape: PatternShape): TextTest {
  switch (shape.kind) {
    case 'equals': {
      const text = shape.text;
      return (t) => t === text;
    }
    case 'prefix': {
      const text = shape.text;
      return (t) => t.startsWith(text);
    }
    case 'suffix': {
      const text = shape.text;
      return (t) => t.endsWith(text);
    }
    case 'contains': {
      const text = shape.text;
      return (t) => t.includes(text);
    }
    case 'any':
      return () => true;
    case 'complex':
      return complexTest(shape);
  }
}

/** Above this many literals of one kind, a trie or automaton beats a loop of string calls. */
const LOOP_LIMIT = 8;

/** Any of many literals (exact semantics, raw or folded text), through the literal index machinery. */
export function literalSet(atoms: LiteralAtom[]): TextTest {
  const index = buildFieldIndex(atoms, { exact: true });
  const set: CandidateSet = { gen: 0, stamp: new Uint32Array(1), list: new Int32Array(1), count: 0 };
  return (t) => {
    set.gen = (set.gen + 1) >>> 0 || 1;
    set.count = 0;
    scanField(index, t, set);
    return set.count > 0;
  };
}

/** OR over patterns, grouped by shape so a long value list costs one lookup or one pass. */
export function anyPatternTest(shapes: readonly PatternShape[]): TextTest {
  const equals = new Set<string>();
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  const contains: string[] = [];
  const others: TextTest[] = [];
  for (const s of shapes) {
    if (s.kind === 'equals') equals.add(s.text);
    else if (s.kind === 'prefix') prefixes.push(s.text);
    else if (s.kind === 'suffix') suffixes.push(s.text);
    else if (s.kind === 'contains') contains.push(s.text);
    else if (s.kind === 'any') return () => true;
    else others.push(shapeTest(s));
  }
  // Long lists go to one literal set (their tests are exact); short ones stay plain calls.
  const many: LiteralAtom[] = [];
  const take = (list: string[], shape: LiteralAtom['shape']): string[] => {
    if (list.length <= LOOP_LIMIT) return list;
    for (const text of list) many.push({ shape, text, id: 0 });
    return [];
  };
  const pre = take(prefixes, 'prefix');
  const suf = take(suffixes, 'suffix');
  const con = take(contains, 'contains');
  if (many.length > 0) others.unshift(literalSet(many));
  const np = pre.length;
  const ns = suf.length;
  const nc = con.length;
  const no = others.length;
  const ne = equals.size;
  if (ne === 0 && np === 0 && ns === 0 && nc === 0 && no === 1) return others[0]!;
  if (ne === 0 && np === 0 && ns === 0 && no === 0 && nc === 1) {
    const only = con[0]!;
    return (t) => t.includes(only);
  }
  if (ne === 0 && np === 0 && nc === 0 && no === 0 && ns === 1) {
    const only = suf[0]!;
    return (t) => t.endsWith(only);
  }
  return (t) => {
    if (ne !== 0 && equals.has(t)) return true;
    for (let i = 0; i < ns; i++) if (t.endsWith(suf[i]!)) return true;
    for (let i = 0; i < np; i++) if (t.startsWith(pre[i]!)) return true;
    for (let i = 0; i < nc; i++) if (t.includes(con[i]!)) return true;
    for (let i = 0; i < no; i++) if (others[i]!(t)) return true;
    return false;
  };
}
