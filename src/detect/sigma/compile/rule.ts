// A rule's detection section compiled for one logsource mapping: the condition AST becomes
// nested closures over compiled searches; alongside come the literals that any match requires
// (for the index) and an evidence collector for the fields that made it match.

import type { FieldValue } from '../../../event/event.js';
import { assertNever } from '../../../errors.js';
import { resolveOf } from '../condition.js';
import type { Condition, Detection, Detections } from '../types.js';
import type { Accessor, EvalContext } from './context.js';
import { compileItem, type CompiledItem, type Test } from './item.js';
import { allOf, anyOf, type Requirement } from './requirement.js';

export interface CompiledDetection {
  test: Test;
  /** Literals any match implies; null when the rule cannot be indexed by literals. */
  requirement: Requirement;
  /** Fields (event name → value) of the positive items that hold for a matching event. */
  evidence: (ctx: EvalContext, out: Record<string, FieldValue>) => void;
}

interface CompiledSearch {
  test: Test;
  requirement: Requirement;
  items: CompiledItem[];
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
      const ordered = [...items].sort((a, b) => (a.requirement ? 0 : 1) - (b.requirement ? 0 : 1));
      return { test: and(ordered.map((i) => i.test)), requirement: allOf(items.map((i) => i.requirement)), items };
    }
    case 'list': {
      const entries = det.entries.map((e) => compileSearch(e, field));
      return { test: or(entries.map((e) => e.test)), requirement: anyOf(entries.map((e) => e.requirement)), items: entries.flatMap((e) => e.items) };
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

  const compile = (c: Condition, negated: boolean): { test: Test; requirement: Requirement } => {
    switch (c.kind) {
      case 'and': {
        const parts = c.operands.map((o) => compile(o, negated));
        return { test: and(parts.map((p) => p.test)), requirement: allOf(parts.map((p) => p.requirement)) };
      }
      case 'or': {
        const parts = c.operands.map((o) => compile(o, negated));
        return { test: or(parts.map((p) => p.test)), requirement: anyOf(parts.map((p) => p.requirement)) };
      }
      case 'not': {
        const inner = compile(c.operand, !negated);
        const t = inner.test;
        return { test: (ctx) => !t(ctx), requirement: null };
      }
      case 'ref': {
        const s = search(c.name);
        if (!negated) positive.add(c.name);
        return { test: s.test, requirement: s.requirement };
      }
      case 'of': {
        const matched = resolveOf(c.target, names).map((n) => {
          if (!negated) positive.add(n);
          return search(n);
        });
        const tests = matched.map((s) => s.test);
        if (c.count === 'all') return { test: and(tests), requirement: allOf(matched.map((s) => s.requirement)) };
        const need = c.count;
        if (need === 1) return { test: or(tests), requirement: anyOf(matched.map((s) => s.requirement)) };
        if (need > tests.length) return { test: () => false, requirement: null };
        return {
          test: (ctx) => {
            let n = 0;
            for (let i = 0; i < tests.length; i++) if (tests[i]!(ctx) && ++n >= need) return true;
            return false;
          },
          requirement: anyOf(matched.map((s) => s.requirement)),
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
    requirement: anyOf(compiled.map((c) => c.requirement)),
    evidence: (ctx, out) => {
      for (const item of evidenceItems) {
        if (!item.test(ctx)) continue;
        const hit = item.evidence(ctx);
        if (hit && !(hit[0] in out)) out[hit[0]] = hit[1];
      }
    },
  };
}
