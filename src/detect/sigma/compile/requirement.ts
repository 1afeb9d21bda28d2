// What a rule needs literally for a chance to match, for the literal index: clauses of atoms
// that must all hold, each clause holding when one of its atoms is in the event. Rules whose
// condition is an AND of selections keep one clause per selection, so a rule runs only when a
// literal of each is present, not when a common one of them alone is.

import type { Accessor } from './context.js';

/**
 * A literal an event field must hold (folded) for a rule to have a chance to match. `acc` null
 * stands for keyword search: any text field of the event.
 */
export interface Atom {
  acc: Accessor | null;
  shape: 'equals' | 'prefix' | 'suffix' | 'contains';
  text: string;
}

/** Holds when the event has one of the atoms (never empty). */
export type Clause = readonly Atom[];

/** Clauses that must all hold, likeliest to filter first; null when no literal is known to be required. */
export type Requirement = readonly Clause[] | null;

/**
 * Most clauses kept per requirement: each is one more literal set to scan for, and past a few
 * the rarest ones already decide. Also bounds the clause bits the engine keeps per rule.
 */
export const MAX_CLAUSES = 4;
/** A clause this likely to hold filters almost nothing: only worth keeping as the first. */
const USEFUL_COST = 0.5;

/** Literals so common (in values or in paths) that a rule keyed on them would run for most events. */
const COMMON = new Set([
  'true', 'false', 'yes', 'no', '0', '1', '-', 'setvalue', 'createkey', 'deletekey', 'deletevalue', 'system', 'high', 'medium',
  'low', 'tcp', 'udp', 'success', 'failure', '.exe', '.dll', ':\\', 'c:\\', '\\windows\\', 'c:\\windows\\', '\\system32\\',
  'c:\\windows\\system32\\', '\\program files', 'c:\\program files', 'c:\\program files\\', '\\appdata\\', 'c:\\users\\',
  '\\users\\', 'microsoft', 'windows',
]);

/** Estimated chance that a text holds the literal somewhere: longer ones are rarer, everyday ones common. */
export function literalChance(text: string): number {
  return Math.exp(-0.35 * text.length) * (COMMON.has(text) ? 20 : 1);
}

/**
 * Estimated chance that an event holds the atom: anchored literals are rarer than the same
 * text anywhere, and keyword search (any field) is penalised.
 */
export function atomCost(a: Atom): number {
  const kind = a.shape === 'equals' ? 0.2 : a.shape === 'contains' ? 1 : 0.5;
  return Math.min(1, kind * literalChance(a.text) * (a.acc === null ? 3 : 1));
}

/** Estimated chance that the clause holds: a rule indexed by it alone runs that often. */
export function clauseCost(clause: Clause): number {
  let total = 0;
  for (const a of clause) total += atomCost(a);
  return total;
}

/** The requirement of one clause; null for no clause (or an empty one, which indexes nothing). */
export function single(clause: Clause | null): Requirement {
  return clause && clause.length > 0 ? [clause] : null;
}

/** All parts must match: their clauses together, the likeliest to filter first. */
export function allOf(parts: readonly Requirement[]): Requirement {
  const clauses = parts.flatMap((p) => p ?? []).sort((a, b) => clauseCost(a) - clauseCost(b));
  if (clauses.length === 0) return null;
  return clauses.filter((c, i) => i === 0 || (i < MAX_CLAUSES && clauseCost(c) < USEFUL_COST));
}

/** One part must match: it brings its best clause, so one clause holding any of theirs. */
export function anyOf(parts: readonly Requirement[]): Requirement {
  if (parts.length === 1) return parts[0]!;
  const atoms: Atom[] = [];
  for (const p of parts) {
    if (!p) return null;
    atoms.push(...p[0]!);
  }
  return single(atoms);
}
