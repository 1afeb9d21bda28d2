// What each correlation type measures over the events of a group window, and how its condition
// is checked. Kept apart from the state handling so each type is one small function.

import { assertNever } from '../../errors.js';
import type { CorrelationCondition, CorrelationRule, CountOp } from '../sigma/types.js';
import type { Entry } from './types.js';

export function holds(op: CountOp, actual: number, bound: number): boolean {
  switch (op) {
    case 'gt':
      return actual > bound;
    case 'gte':
      return actual >= bound;
    case 'lt':
      return actual < bound;
    case 'lte':
      return actual <= bound;
    case 'eq':
      return actual === bound;
    case 'neq':
      return actual !== bound;
    default:
      return assertNever(op, 'condition operator');
  }
}

export function conditionHolds(condition: CorrelationCondition | undefined, value: number, fallback: number): boolean {
  if (!condition) return value >= fallback;
  return condition.bounds.every((b) => holds(b.op, value, b.value));
}

/**
 * Whether the condition can be decided as soon as it holds. A lower bound (gt/gte) stays true as
 * events add up, so it fires at once; an upper bound or equality is only known when the window
 * closes. value_percentile is always judged on the event that arrives.
 */
export function firesEarly(rule: CorrelationRule): boolean {
  if (rule.type === 'value_percentile' || rule.type === 'value_avg') return true;
  if (!rule.condition) return true;
  return rule.condition.bounds.every((b) => b.op === 'gt' || b.op === 'gte');
}

/** Steps of a temporal_ordered list completed in order by the entries (sorted by time). */
function orderedSteps(entries: readonly Entry[], steps: number): number {
  let k = 0;
  for (const e of entries) {
    if (k < steps && e.refs.includes(k)) k++;
  }
  return k;
}

/**
 * The measured value for the window. `current` is the entry that just arrived (value_percentile
 * compares its value with the others).
 */
export function measure(rule: CorrelationRule, entries: readonly Entry[], current: Entry | null): number {
  switch (rule.type) {
    case 'event_count':
      return entries.length;
    case 'value_count': {
      const distinct = new Set<string | number>();
      for (const e of entries) if (e.value !== undefined) distinct.add(e.value);
      return distinct.size;
    }
    case 'temporal': {
      const seen = new Set<number>();
      for (const e of entries) for (const r of e.refs) seen.add(r);
      return seen.size;
    }
    case 'temporal_ordered':
      return orderedSteps(entries, rule.rules.length);
    case 'value_sum': {
      let sum = 0;
      for (const e of entries) if (typeof e.value === 'number') sum += e.value;
      return sum;
    }
    case 'value_avg': {
      let sum = 0;
      let n = 0;
      for (const e of entries) {
        if (typeof e.value === 'number') {
          sum += e.value;
          n++;
        }
      }
      return n === 0 ? 0 : sum / n;
    }
    case 'value_percentile': {
      if (!current || current.value === undefined || entries.length === 0) return 100;
      let same = 0;
      for (const e of entries) if (e.value === current.value) same++;
      return (same / entries.length) * 100;
    }
    default:
      return assertNever(rule.type, 'correlation type');
  }
}

/** The value the condition must reach when the rule gives none (temporal: every rule seen). */
export function defaultThreshold(rule: CorrelationRule): number {
  return rule.type === 'temporal' || rule.type === 'temporal_ordered' ? rule.rules.length : 1;
}
