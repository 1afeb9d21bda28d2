// One detection item compiled to a closure over the evaluation context, plus the literals it
// requires (for the rule index). Values of each kind get their own test; string
// values of an item are merged into one grouped test.

import type { FieldValue } from '../../../event/event.js';
import { assertNever } from '../../../errors.js';
import { inCidr, parseIp } from '../ip.js';
import type { DetectionItem, SigmaValue, TimePart } from '../types.js';
import { readField, readText, scalarText, sourceField, type Accessor, type EvalContext } from './context.js';
import { fold } from './fold.js';
import { buildRegex } from './regex.js';
import { minimumLength, requiredLiterals } from './regex-literal.js';
import type { LiteralAtom } from './aho-corasick.js';
import { allOf, atomCost, single, type Atom, type Requirement } from './requirement.js';
import { anyPatternTest, literalSet, patternShape, shapeTest, type PatternShape, type TextTest } from './string-match.js';

export type Test = (ctx: EvalContext) => boolean;

export interface CompiledItem {
  test: Test;
  /** Literals any match of the item implies. */
  requirement: Requirement;
  /** Field name and value that made the item match, for the alert (called only after a match). */
  evidence: (ctx: EvalContext) => [string, FieldValue] | null;
}

const NEVER: Test = () => false;

function anyScalar(value: FieldValue | undefined, fn: (v: FieldValue) => boolean): boolean {
  if (Array.isArray(value)) {
    for (const v of value) if (fn(v)) return true;
    return false;
  }
  return value !== undefined && fn(value);
}

function anyText(text: string | string[] | null, fn: TextTest): boolean {
  if (text === null) return false;
  if (typeof text === 'string') return fn(text);
  for (const t of text) if (fn(t)) return true;
  return false;
}

function asNumber(v: FieldValue): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function isoWeek(d: Date): number {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** The date part of a value (ISO text or epoch ms), UTC. */
function datePart(v: FieldValue, part: TimePart): number | null {
  const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  switch (part) {
    case 'minute':
      return d.getUTCMinutes();
    case 'hour':
      return d.getUTCHours();
    case 'day':
      return d.getUTCDate();
    case 'week':
      return isoWeek(d);
    case 'month':
      return d.getUTCMonth() + 1;
    case 'year':
      return d.getUTCFullYear();
    default:
      return assertNever(part, 'time part');
  }
}

/** Reads the field, through the time part when the item has one. */
function reader(acc: Accessor, timePart: TimePart | undefined): (ctx: EvalContext) => FieldValue | undefined {
  if (!timePart) return (ctx) => readField(ctx, acc);
  return (ctx) => {
    const v = readField(ctx, acc);
    if (v === undefined) return undefined;
    if (Array.isArray(v)) return v.map((x) => datePart(x, timePart)).filter((x): x is number => x !== null);
    return datePart(v, timePart) ?? undefined;
  };
}

function fieldrefText(other: FieldValue | undefined, cased: boolean): string | null {
  const t = scalarText(other);
  return t === null ? null : cased ? t : fold(t);
}

/** A test for one non-string value (strings are grouped by the caller). */
function valueTest(value: SigmaValue, acc: Accessor, read: (ctx: EvalContext) => FieldValue | undefined, ref: (field: string) => Accessor, plainRead: boolean): Test {
  switch (value.kind) {
    case 'string': {
      const test = shapeTest(patternShape(value.parts, value.cased));
      if (value.cased) return (ctx) => anyScalar(read(ctx), (v) => {
        const t = scalarText(v);
        return t !== null && test(t);
      });
      return (ctx) => anyText(readText(ctx, acc), test);
    }
    case 'number': {
      const n = value.value;
      const text = fold(value.text);
      const plain = String(n);
      return (ctx) => anyScalar(read(ctx), (v) => (typeof v === 'number' ? v === n : typeof v === 'string' && (fold(v) === text || v === plain)));
    }
    case 'bool': {
      const b = value.value;
      const text = String(b);
      return (ctx) => anyScalar(read(ctx), (v) => v === b || (typeof v === 'string' && v.toLowerCase() === text));
    }
    case 'null':
      return (ctx) => {
        const v = read(ctx);
        return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
      };
    case 'regex': {
      const re = buildRegex(value.pattern, value.flags);
      const min = minimumLength(value.pattern);
      const run: Test = (ctx) => anyScalar(read(ctx), (v) => {
        const t = scalarText(v);
        return t !== null && t.length >= min && re.test(t);
      });
      // A text without any literal every match needs is refused without running the regex: a
      // search for a few literals is cheap, while a pattern opening with a class (`\w+\``)
      // backtracks at every position of a long command line.
      const needed = plainRead && acc.indexable ? requiredLiterals(value.pattern) : null;
      if (needed === null) return run;
      const holds: TextTest = (t) => needed.some((l) => t.includes(l));
      return (ctx) => anyText(readText(ctx, acc), holds) && run(ctx);
    }
    case 'cidr': {
      const { version, bits, prefix } = value;
      return (ctx) => anyScalar(read(ctx), (v) => {
        if (typeof v !== 'string') return false;
        const ip = parseIp(v);
        return ip !== null && inCidr(ip, version, bits, prefix);
      });
    }
    case 'compare': {
      const { op, value: n } = value;
      const cmp = op === 'gt' ? (x: number) => x > n : op === 'gte' ? (x: number) => x >= n : op === 'lt' ? (x: number) => x < n : (x: number) => x <= n;
      return (ctx) => anyScalar(read(ctx), (v) => {
        const x = asNumber(v);
        return x !== null && cmp(x);
      });
    }
    case 'exists': {
      const want = value.value;
      return (ctx) => (readField(ctx, acc) !== undefined) === want;
    }
    case 'fieldref': {
      const other = ref(value.field);
      const { mode, cased } = value;
      const compare = mode === 'equals' ? (a: string, b: string) => a === b
        : mode === 'startswith' ? (a: string, b: string) => a.startsWith(b)
        : mode === 'endswith' ? (a: string, b: string) => a.endsWith(b)
        : (a: string, b: string) => a.includes(b);
      // Folded texts come from the event's cache: both fields are usually read by other rules too.
      if (!cased && plainRead) return (ctx) => {
        const b = readText(ctx, other);
        if (typeof b !== 'string') return false;
        const a = readText(ctx, acc);
        if (typeof a === 'string') return compare(a, b);
        return a !== null && a.some((x) => compare(x, b));
      };
      return (ctx) => {
        const b = fieldrefText(readField(ctx, other), cased);
        if (b === null) return false;
        return anyScalar(read(ctx), (v) => {
          const a = scalarText(v);
          return a !== null && compare(cased ? a : fold(a), b);
        });
      };
    }
    default:
      return assertNever(value, 'value');
  }
}

/** The best atom a string pattern implies, or null. */
function patternAtom(acc: Accessor | null, shape: PatternShape): Atom | null {
  switch (shape.kind) {
    case 'equals':
      return { acc, shape: 'equals', text: shape.text };
    case 'prefix':
    case 'suffix':
    case 'contains':
      return shape.text ? { acc, shape: shape.kind, text: shape.text } : null;
    case 'any':
      return null;
    case 'complex': {
      const segs = shape.segments;
      let best: Atom | null = null;
      const consider = (a: Atom): void => {
        if (a.text && (!best || atomCost(a) < atomCost(best))) best = a;
      };
      const first = segs[0];
      const last = segs[segs.length - 1];
      if (first && 'text' in first) consider({ acc, shape: 'prefix', text: first.text });
      if (last && 'text' in last) consider({ acc, shape: 'suffix', text: last.text });
      for (const s of segs) if ('text' in s) consider({ acc, shape: 'contains', text: s.text });
      return best;
    }
    default:
      return assertNever(shape, 'pattern shape');
  }
}

/** Atoms one of which a match of the value implies; null when the value has no literal to index. */
function valueAtoms(value: SigmaValue, acc: Accessor): Atom[] | null {
  if (!acc.indexable) return null;
  let atom: Atom | null;
  switch (value.kind) {
    case 'string':
      atom = patternAtom(acc, patternShape(value.parts, false));
      break;
    case 'number':
      // Numbers also match numerically (0x10 = 16), so only plain decimals are indexed.
      atom = value.text === String(value.value) ? { acc, shape: 'equals', text: value.text } : null;
      break;
    case 'bool':
      atom = { acc, shape: 'equals', text: String(value.value) };
      break;
    case 'regex':
      return regexAtoms(acc, value.pattern);
    case 'null':
    case 'cidr':
    case 'compare':
    case 'exists':
    case 'fieldref':
      return null;
    default:
      return assertNever(value, 'value');
  }
  return atom ? [atom] : null;
}

/** The literals one of which a match of the regular expression holds, as "contains" atoms. */
function regexAtoms(acc: Accessor | null, pattern: string): Atom[] | null {
  return requiredLiterals(pattern)?.map((text): Atom => ({ acc, shape: 'contains', text })) ?? null;
}

/** What an item requires: one of its values' atoms (any may match), or each value's when all must match. */
function itemRequirement(each: (Atom[] | null)[], all: boolean): Requirement {
  if (all) return allOf(each.map((atoms) => (atoms ? [atoms] : null)));
  return each.every((atoms) => atoms !== null) ? single((each as Atom[][]).flat()) : null;
}

/** The literals (one of them) a keyword needs somewhere in the event's text. */
function keywordAtoms(value: SigmaValue): Atom[] | null {
  switch (value.kind) {
    case 'string': {
      const atom = patternAtom(null, patternShape([{ wildcard: '*' }, ...value.parts, { wildcard: '*' }], false));
      return atom ? [atom] : null;
    }
    case 'regex':
      return regexAtoms(null, value.pattern);
    case 'number':
      return [{ acc: null, shape: 'contains', text: fold(value.text) }];
    case 'bool':
      return [{ acc: null, shape: 'contains', text: String(value.value) }];
    default:
      return null;
  }
}

/** A test on one raw text of the event for a keyword value (folding done inside). */
function keywordTest(value: SigmaValue): (raw: string) => boolean {
  switch (value.kind) {
    case 'string': {
      const shape = patternShape([{ wildcard: '*' }, ...value.parts, { wildcard: '*' }], value.cased);
      if (value.cased) {
        const test = shapeTest(shape);
        return (raw) => test(raw);
      }
      if (shape.kind === 'contains') return literalSet([{ shape: 'contains', text: shape.text, id: 0 }]);
      const test = shapeTest(shape);
      return (raw) => test(fold(raw));
    }
    case 'regex': {
      const re = buildRegex(value.pattern, value.flags);
      return (raw) => re.test(raw);
    }
    case 'number':
      return literalSet([{ shape: 'contains', text: fold(value.text), id: 0 }]);
    case 'bool':
      return literalSet([{ shape: 'contains', text: String(value.value), id: 0 }]);
    default:
      return () => false;
  }
}

/** The first text field (or element of a text list) passing `test`, as [field, text]. */
function findText(ctx: EvalContext, test: (raw: string) => boolean): [string, string] | null {
  const fields = ctx.fields;
  for (const field in fields) {
    const v = fields[field];
    if (typeof v === 'string') {
      if (test(v)) return [field, v];
    } else if (Array.isArray(v)) {
      for (const x of v) if (typeof x === 'string' && test(x)) return [field, x];
    }
  }
  return null;
}

function keywordItem(item: DetectionItem): CompiledItem {
  // A keyword is found anywhere in any text field: implicit leading and trailing wildcards.
  // Plain keywords of an OR list share one literal scan per field.
  let tests: ((raw: string) => boolean)[];
  if (item.all) {
    tests = item.values.map(keywordTest);
  } else {
    const plain: LiteralAtom[] = [];
    tests = [];
    for (const v of item.values) {
      const shape = v.kind === 'string' && !v.cased ? patternShape([{ wildcard: '*' }, ...v.parts, { wildcard: '*' }], false) : null;
      if (shape?.kind === 'contains') plain.push({ shape: 'contains', text: shape.text, id: 0 });
      else tests.push(keywordTest(v));
    }
    if (plain.length > 0) tests.unshift(literalSet(plain));
  }
  const test: Test = item.all
    ? (ctx) => tests.every((t) => findText(ctx, t) !== null)
    : (ctx) => tests.some((t) => findText(ctx, t) !== null);
  return {
    test: item.negate ? (ctx) => !test(ctx) : test,
    requirement: item.negate ? null : itemRequirement(item.values.map(keywordAtoms), item.all),
    evidence: (ctx) => {
      for (const t of tests) {
        const hit = findText(ctx, t);
        if (hit) return hit;
      }
      return null;
    },
  };
}

export function compileItem(item: DetectionItem, acc: Accessor | null, ref: (field: string) => Accessor): CompiledItem {
  if (item.field === null || acc === null) return keywordItem(item);
  const read = reader(acc, item.timePart);
  let test: Test;
  if (item.all) {
    const tests = item.values.map((v) => valueTest(v, acc, read, ref, !item.timePart));
    test = tests.length === 1 ? tests[0]! : (ctx) => tests.every((t) => t(ctx));
  } else {
    // Values compared as folded text (strings, numbers and booleans by their text) share one
    // grouped test, networks share one address parse; the rest are tested one by one.
    const shapes: PatternShape[] = [];
    const nets: Extract<SigmaValue, { kind: 'cidr' }>[] = [];
    const rest: SigmaValue[] = [];
    for (const v of item.values) {
      if (item.timePart) rest.push(v);
      else if (v.kind === 'string' && !v.cased) shapes.push(patternShape(v.parts, false));
      else if (v.kind === 'number') shapes.push({ kind: 'equals', text: fold(v.text) }, { kind: 'equals', text: String(v.value) });
      else if (v.kind === 'bool') shapes.push({ kind: 'equals', text: String(v.value) });
      else if (v.kind === 'cidr') nets.push(v);
      else rest.push(v);
    }
    const tests: Test[] = [];
    if (shapes.length > 0) {
      const grouped = anyPatternTest(shapes);
      tests.push((ctx) => anyText(readText(ctx, acc), grouped));
    }
    if (nets.length > 0) {
      tests.push((ctx) => anyScalar(read(ctx), (v) => {
        if (typeof v !== 'string') return false;
        const ip = parseIp(v);
        if (ip === null) return false;
        for (const n of nets) if (inCidr(ip, n.version, n.bits, n.prefix)) return true;
        return false;
      }));
    }
    for (const v of rest) tests.push(valueTest(v, acc, read, ref, !item.timePart));
    if (tests.length === 0) test = NEVER;
    else if (tests.length === 1) test = tests[0]!;
    else test = (ctx) => {
      for (let i = 0; i < tests.length; i++) if (tests[i]!(ctx)) return true;
      return false;
    };
  }
  if (item.negate) {
    const positive = test;
    test = (ctx) => !positive(ctx);
  }

  const requirement = item.negate || item.timePart ? null : itemRequirement(item.values.map((v) => valueAtoms(v, acc)), item.all);

  return {
    test,
    requirement,
    evidence: (ctx) => [sourceField(ctx, acc), readField(ctx, acc) ?? null],
  };
}
