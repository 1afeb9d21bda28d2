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
 * A literal at least this rare (five characters, not an everyday one). A clause whose literals
 * are all this rare is kept even when the model sums them past USEFUL_COST: the model judges by
 * length alone, and a list of fifteen uncommon words is far rarer in real texts than that sum.
 */
const RARE_LITERAL = literalChance('x'.repeat(5));

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
  return keepUseful(parts.flatMap((p) => p ?? []));
}

/** The likeliest to filter first, then as many more as filter enough to be worth scanning for. */
function keepUseful(clauses: Clause[]): Requirement {
  if (clauses.length === 0) return null;
  clauses.sort((a, b) => clauseCost(a) - clauseCost(b));
  return clauses.filter((c, i) => i === 0 || (i < MAX_CLAUSES && (clauseCost(c) < USEFUL_COST || allRare(c))));
}

/** Keyword literals are searched in every text field, so only field literals count as rare. */
function allRare(clause: Clause): boolean {
  return clause.every((a) => a.acc !== null && literalChance(a.text) <= RARE_LITERAL);
}

/**
 * One part must match. Whichever part holds, its first clause holds, and so does its second (or
 * its first again when it has one): so the parts' first clauses together make one clause, their
 * second clauses another, and so on. With several clauses, a rule of alternatives runs only when
 * an event holds a literal of each rank, not whenever the commonest first clause holds.
 */
export function anyOf(parts: readonly Requirement[]): Requirement {
  if (parts.length === 1) return parts[0]!;
  let ranks = 0;
  for (const p of parts) {
    if (!p) return null;
    ranks = Math.max(ranks, p.length);
  }
  const clauses: Atom[][] = [];
  for (let rank = 0; rank < ranks; rank++) {
    const atoms: Atom[] = [];
    for (const p of parts as readonly Clause[][]) atoms.push(...p[Math.min(rank, p.length - 1)]!);
    clauses.push(atoms);
  }
  return keepUseful(clauses);
}
