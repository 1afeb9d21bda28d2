// Keyset pagination for the identity and audit lists: `limit` and an opaque `cursor` in,
// `{ items, next_cursor? }` out. The cursor is the sort key of the last item returned.
import { z } from 'zod';
import { VigilError } from '../errors.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** The querystring fields every list endpoint takes (zod shape, to spread into a schema). */
export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().max(1000).optional(),
};

/** The same fields for the OpenAPI description. */
export const PAGE_QUERY_SCHEMA = {
  limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
  cursor: { type: 'string', description: 'next_cursor of the previous page' },
} as const;

export type CursorKey = (string | number)[];

export interface Page<T> {
  items: T[];
  next_cursor?: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key a cursor holds, checked against the kinds expected; a forged or stale shape is a 400. */
export function decodeCursor(cursor: string, kinds: readonly ('string' | 'number')[]): CursorKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid = Array.isArray(key) && key.length === kinds.length && key.every((part, i) => typeof part === kinds[i]);
  if (!valid) throw new VigilError('bad_request', 'cursor: not a cursor this list returned');
  return key as CursorKey;
}

/**
 * A page from rows fetched with LIMIT limit + 1: the extra row only says that there is more,
 * and the cursor points after the last row kept.
 */
export function pageOf<R, T>(rows: R[], limit: number, keyOf: (row: R) => CursorKey, view: (row: R) => T): Page<T> {
  const kept = rows.slice(0, limit);
  const page: Page<T> = { items: kept.map(view) };
  if (rows.length > limit && kept.length > 0) page.next_cursor = encodeCursor(keyOf(kept[kept.length - 1]!));
  return page;
}
