// A rule's detection section compiled for one logsource mapping: the condition AST becomes
// nested closures over compiled searches; alongside come the literal atoms that any match
// requires (for the index) and an evidence collector for the fields that made it match.

import type { FieldValue } from '../../../event/event.js';
import { assertNever } from '../../../errors.js';
import { resolveOf } from '../condition.js';
import type { Condition, Detection, Detections } from '../types.js';
import type { Accessor, EvalContext } from './context.js';
import { compileItem, type Atom, type CompiledItem, type Test } from './item.js';

export interface CompiledDetection {
  test: Test;
  /** Any match implies one of these atoms; null when the rule cannot be indexed by literals. */
  atoms: Atom[] | null;
  /** Fields (event name → value) of the positive items that hold for a matching event. */
  evidence: (ctx: EvalContext, out: Record<string, FieldValue>) => void;
}

interface CompiledSearch {
  test: Test;
  atoms: Atom[] | null;
  items: CompiledItem[];
}

/** Literals so common (in values or in paths) that a rule keyed on them would run for most events. */
const COMMON = new Set([
  'true', 'false', 'yes', 'no', '0', '1', '-', 'setvalue', 'createkey', 'deletekey', 'deletevalue', 'system', 'high', 'medium',
  'low', 'tcp', 'udp', 'success', 'failure', '.exe', '.dll', ':\\', 'c:\\', '\\windows\\', 'c:\\windows\\', '\\system32\\',
  'c:\\windows\\system32\\', '\\program files', 'c:\\program files', 'c:\\program files\\', '\\appdata\\', 'c:\\users\\',
  '\\users\\', 'microsoft', 'windows',
]);

/**
 * Estimated chance that an event holds one of the atoms: a rule indexed by the set runs that
 * often. Longer and anchored literals are rarer; everyday values and keyword search (any field)
 * are penalised.
 */
function cost(atoms: readonly Atom[]): number {
  let total = 0;
  for (const a of atoms) {
    const kind = a.shape === 'equals' ? 0.2 : a.shape === 'contains' ? 1 : 0.5;
    const p = kind * Math.exp(-0.35 * a.text.length) * (COMMON.has(a.text) ? 20 : 1) * (a.acc === null ? 3 : 1);
    total += Math.min(1, p);
  }
  return total;
}

function best(sets: (Atom[] | null)[]): Atom[] | null {
  let chosen: Atom[] | null = null;
  for (const s of sets) if (s && (!chosen || cost(s) < cost(chosen))) chosen = s;
  return chosen;
}

function union(sets: (Atom[] | null)[]): Atom[] | null {
  const out: Atom[] = [];
  for (const s of sets) {
    if (!s) return null;
    out.push(...s);
  }
  return out;
}

function and(tests: Test[]): Test {
  if (tests.length === 1) return tests[0]!;
  if (tests.length === 2) {
    const [a, b] = tests as [Test, Test];
    return (ctx) => a(ctx) && b(ctx);
  }
  return (ctx) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(ctx)) return false;
    return true;
  };
}

function or(tests: Test[]): Test {
  if (tests.length === 1) return tests[0]!;
  if (tests.length === 2) {
    const [a, b] = tests as [Test, Test];
    return (ctx) => a(ctx) || b(ctx);
  }
  return (ctx) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(ctx)) return true;
    return false;
  };
}

function compileSearch(det: Detection, field: (name: string) => Accessor): CompiledSearch {
  switch (det.kind) {
    case 'map': {
      // Cheap items first: an item with a literal index entry is usually also the cheapest to fail.
      const items = det.items.map((item) => compileItem(item, item.field === null ? null : field(item.field), field));
      const ordered = [...items].sort((a, b) => (a.atoms ? 0 : 1) - (b.atoms ? 0 : 1));
      return { test: and(ordered.map((i) => i.test)), atoms: best(items.map((i) => i.atoms)), items };
    }
    case 'list': {
      const entries = det.entries.map((e) => compileSearch(e, field));
      return { test: or(entries.map((e) => e.test)), atoms: union(entries.map((e) => e.atoms)), items: entries.flatMap((e) => e.items) };
    }
    default:
      return assertNever(det, 'detection');
  }
}

/**
 * Compiles the detection section with `field` resolving Sigma field names for the mapping.
 * Throws on unexpanded placeholders or bad regexes (the caller reports the rule).
 */
export function compileDetections(detection: Detections, field: (name: string) => Accessor): CompiledDetection {
  const names = [...detection.searches.keys()];
  const searches = new Map<string, CompiledSearch>();
  const search = (name: string): CompiledSearch => {
    let s = searches.get(name);
    if (!s) {
      s = compileSearch(detection.searches.get(name)!, field);
      searches.set(name, s);
    }
    return s;
  };
  // Searches that only ever appear under an even number of `not`s contribute evidence.
  const positive = new Set<string>();

  const compile = (c: Condition, negated: boolean): { test: Test; atoms: Atom[] | null } => {
    switch (c.kind) {
      case 'and': {
        const parts = c.operands.map((o) => compile(o, negated));
        return { test: and(parts.map((p) => p.test)), atoms: best(parts.map((p) => p.atoms)) };
      }
      case 'or': {
        const parts = c.operands.map((o) => compile(o, negated));
        return { test: or(parts.map((p) => p.test)), atoms: union(parts.map((p) => p.atoms)) };
      }
      case 'not': {
        const inner = compile(c.operand, !negated);
        const t = inner.test;
        return { test: (ctx) => !t(ctx), atoms: null };
      }
      case 'ref': {
        const s = search(c.name);
        if (!negated) positive.add(c.name);
        return { test: s.test, atoms: s.atoms };
      }
      case 'of': {
        const matched = resolveOf(c.target, names).map((n) => {
          if (!negated) positive.add(n);
          return search(n);
        });
        const tests = matched.map((s) => s.test);
        if (c.count === 'all') return { test: and(tests), atoms: best(matched.map((s) => s.atoms)) };
        const need = c.count;
        if (need === 1) return { test: or(tests), atoms: union(matched.map((s) => s.atoms)) };
        if (need > tests.length) return { test: () => false, atoms: null };
        return {
          test: (ctx) => {
            let n = 0;
            for (let i = 0; i < tests.length; i++) if (tests[i]!(ctx) && ++n >= need) return true;
            return false;
          },
          atoms: union(matched.map((s) => s.atoms)),
        };
      }
      default:
        return assertNever(c, 'condition');
    }
  };

  const compiled = detection.conditions.map((c) => compile(c, false));
  const evidenceItems = [...positive].flatMap((n) => search(n).items);
  return {
    test: or(compiled.map((c) => c.test)),
    atoms: union(compiled.map((c) => c.atoms)),
    evidence: (ctx, out) => {
      for (const item of evidenceItems) {
        if (!item.test(ctx)) continue;
        const hit = item.evidence(ctx);
        if (hit && !(hit[0] in out)) out[hit[0]] = hit[1];
      }
    },
  };
}
