// Narrows a search to the blocks of rows the free-text index says may match (text-index.ts in
// the store): the query's text needles become conditions on the index's Bloom filters, blocks
// that fail them are not read. The compiled query still decides which rows match, so the
// files and rows from here hold every matching row; they merely leave out rows that cannot.

import type { EventStore } from '../store/events/index.js';
import { FREE_TEXT_COLUMNS, indexedFilesInRange, needleTerms, quoteLiteral, termCondition, dataPathOf, type FileRead } from '../store/events/index.js';
import { assertNever } from '../errors.js';
import type { QueryNode } from './ast.js';

/** What a block must have for a row of it to match: all these terms, or a combination. */
export type Need =
  | { kind: 'terms'; terms: string[] }
  | { kind: 'and'; children: Need[] }
  | { kind: 'or'; children: Need[] };

/** What the index can tell about the query; undefined when any block may match. */
export function needOf(node: QueryNode): Need | undefined {
  switch (node.type) {
    case 'text':
      return node.value.kind === 'string' ? termsNeed(node.value.value) : undefined;
    case 'match':
      // A text field is searched like free text (contains, any case); the index covers both fields.
      return FREE_TEXT_COLUMNS.includes(node.field) && node.value.kind === 'string' ? termsNeed(node.value.value) : undefined;
    case 'and': {
      const children = node.children.map(needOf).filter((n): n is Need => n !== undefined);
      return children.length === 0 ? undefined : children.length === 1 ? children[0] : { kind: 'and', children };
    }
    case 'or': {
      const children = node.children.map(needOf);
      // One branch that may match anywhere makes the whole OR match anywhere.
      if (children.some((n) => n === undefined)) return undefined;
      return { kind: 'or', children: children as Need[] };
    }
    case 'not': // NOT x matches rows without x: nothing to look up.
    case 'all':
    case 'exists':
    case 'range':
      return undefined;
    default:
      return assertNever(node, 'query node');
  }
}

/** The needle as the compiler compares it: lower-cased, contained in the text. */
function termsNeed(value: string): Need | undefined {
  const terms = needleTerms(value.toLowerCase());
  return terms.length === 0 ? undefined : { kind: 'terms', terms };
}

function needSql(need: Need): { sql: string; params: string[] } {
  switch (need.kind) {
    case 'terms': {
      const term = termCondition();
      return {
        sql: `(${need.terms.map(() => term.sql).join(' AND ')})`,
        params: need.terms.flatMap((t) => Array<string>(term.arity).fill(t)),
      };
    }
    case 'and':
    case 'or': {
      const parts = need.children.map(needSql);
      return { sql: `(${parts.map((p) => p.sql).join(need.kind === 'and' ? ' AND ' : ' OR ')})`, params: parts.flatMap((p) => p.params) };
    }
    default:
      return assertNever(need, 'need');
  }
}

/**
 * The stored files of [from, to] to read for the query: indexed files only in the blocks whose
 * filters pass (none: left out), other files whole. Every file whole when the query has
 * nothing to look up.
 */
export async function candidateFiles(store: EventStore, query: QueryNode, from?: number, to?: number): Promise<FileRead[]> {
  const files = await indexedFilesInRange(store.layout, from, to);
  const need = needOf(query);
  const indexes = files.flatMap((f) => (f.index ? [f.index] : []));
  if (!need || indexes.length === 0) return files.map((f) => ({ path: f.path }));
  const condition = needSql(need);
  const rows = await store.read(
    `SELECT filename, first_row, last_row FROM read_parquet([${indexes.map(quoteLiteral).join(', ')}], filename = true)
      WHERE ${condition.sql} ORDER BY filename, first_row`,
    condition.params);
  const ranges = new Map<string, RowRange[]>();
  for (const row of rows) {
    const data = dataPathOf(String(row.filename));
    const list = ranges.get(data) ?? [];
    const previous = list[list.length - 1];
    const range = { first: Number(row.first_row), last: Number(row.last_row) };
    // Adjacent blocks make one range: fewer conditions for DuckDB to check.
    if (previous && previous.last + 1 === range.first) previous.last = range.last;
    else list.push(range);
    ranges.set(data, list);
  }
  return files.map((f) => (f.index ? { path: f.path, rows: ranges.get(f.path) ?? [] } : { path: f.path }));
}

type RowRange = { first: number; last: number };
