// What the footers of the stored Parquet files tell without reading a row: each row group's
// time span and row count. They give a histogram its span and a page of the newest events a
// time bound that lets DuckDB skip every older row group unread.

import type { EventStore, FileRead } from '../store/events/index.js';
import { rowGroupTimesSql } from '../store/events/index.js';

export interface RowGroupSpan {
  /** Event times in the row group, epoch ms. */
  lo: number;
  hi: number;
  rows: number;
}

/**
 * The row groups holding rows to be read (all of a whole file, those overlapping the row
 * ranges of a narrowed one); undefined when one of them has no time statistics.
 */
export async function rowGroupSpans(store: EventStore, files: readonly FileRead[]): Promise<RowGroupSpan[] | undefined> {
  if (files.length === 0) return [];
  const rowsOf = new Map(files.map((f) => [f.path, f.rows]));
  const spans: RowGroupSpan[] = [];
  for (const group of await store.read(rowGroupTimesSql(files.map((f) => f.path)))) {
    const first = Number(group.first_row);
    const last = Number(group.last_row);
    const rows = rowsOf.get(String(group.path));
    if (rows && !rows.some((r) => r.first <= last && r.last >= first)) continue;
    if (typeof group.lo !== 'number' || typeof group.hi !== 'number') return undefined;
    spans.push({ lo: group.lo, hi: group.hi, rows: last - first + 1 });
  }
  return spans;
}

/** The span of all the row groups' times; null when there are none. */
export function timeSpan(groups: readonly RowGroupSpan[]): { lo: number; hi: number } | null {
  if (groups.length === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const g of groups) {
    lo = Math.min(lo, g.lo);
    hi = Math.max(hi, g.hi);
  }
  return { lo, hi };
}

/** Times rows may have (epoch ms, both inclusive; open where absent). */
export interface Span {
  from?: number;
  before?: number;
}

/**
 * A time such that at least `count` rows of whole row groups lie between it and the end of the
 * span: row groups wholly in the span, newest first, until they hold `count` rows. The `count`
 * newest rows of the span are then all at or after it. Undefined when they do not hold that
 * many rows. The groups must be of whole files: a narrowed file's row group has fewer rows.
 */
export function newestRowsBound(groups: readonly RowGroupSpan[], count: number, span: Span = {}): number | undefined {
  const inside = groups.filter((g) => (span.before === undefined || g.hi <= span.before) && (span.from === undefined || g.lo >= span.from));
  inside.sort((a, b) => b.hi - a.hi);
  let rows = 0;
  let bound = Infinity;
  for (const g of inside) {
    rows += g.rows;
    bound = Math.min(bound, g.lo);
    if (rows >= count) return bound;
  }
  return undefined;
}
