// Keyset pagination for the case lists: an opaque cursor holds the sort key of the last row
// served, so pages stay right while rows are added, and no page costs more than its size.
import { VigilError } from '../errors.js';
import type { StateDb } from '../store/state/database.js';
import type { Page } from './types.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export interface PageRequest {
  limit?: number;
  cursor?: string;
}

export interface PagedQuery {
  /** Select list, FROM and joins: "SELECT c.* FROM cases c". */
  select: string;
  /** Conditions joined by AND. */
  where: string[];
  params: unknown[];
  /** The ORDER BY columns, together unique ("c.created_at", "c.rowid"). */
  keys: string[];
  direction: 'asc' | 'desc';
}

type SortKey = (string | number)[];

function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string, size: number): SortKey {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === size && key.every((v) => typeof v === 'string' || typeof v === 'number')) return key;
  } catch {
    // An unreadable cursor is the caller's mistake, answered below.
  }
  throw new VigilError('bad_request', 'cursor: not a cursor this list returned');
}

/** "(k0 > ? OR (k0 = ? AND k1 > ?))": rows after the cursor in the list's order. */
function after(keys: string[], direction: 'asc' | 'desc'): string {
  const op = direction === 'asc' ? '>' : '<';
  const terms = keys.map((key, i) => [...keys.slice(0, i).map((k) => `${k} = ?`), `${key} ${op} ?`].join(' AND '));
  return `(${terms.map((t) => `(${t})`).join(' OR ')})`;
}

function afterParams(key: SortKey): unknown[] {
  return key.flatMap((_, i) => key.slice(0, i + 1));
}

/** One page of a query's rows, mapped, with the cursor of the next page when there is one. */
export function pageOf<Row, T>(db: StateDb, query: PagedQuery, request: PageRequest, map: (row: Row) => T): Page<T> {
  const limit = Math.min(Math.max(request.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
  const where = [...query.where];
  const params = [...query.params];
  if (request.cursor !== undefined) {
    const key = decodeCursor(request.cursor, query.keys.length);
    where.push(after(query.keys, query.direction));
    params.push(...afterParams(key));
  }
  const keyColumns = query.keys.map((key, i) => `${key} AS _k${i}`).join(', ');
  const select = query.select.replace(/^SELECT /i, `SELECT ${keyColumns}, `);
  const order = query.keys.map((key) => `${key} ${query.direction.toUpperCase()}`).join(', ');
  const sql = `${select}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ?`;
  const rows = db.prepare(sql).all(...params, limit + 1) as (Row & Record<string, string | number>)[];
  const more = rows.length > limit;
  const served = more ? rows.slice(0, limit) : rows;
  const last = served[served.length - 1];
  const page: Page<T> = { items: served.map(map) };
  if (more && last) page.next_cursor = encodeCursor(query.keys.map((_, i) => last[`_k${i}`] as string | number));
  return page;
}
