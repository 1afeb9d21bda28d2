// Keyset paging cursors: the sort value and id of a page's last row, opaque to clients.
import { VigilError } from '../errors.js';

export type CursorKey = [value: string | number | null, id: string];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === 2 && typeof key[1] === 'string') {
      const value = key[0] as unknown;
      if (value === null || typeof value === 'string' || typeof value === 'number') return [value, key[1]];
    }
  } catch {
    // fall through to the one error below
  }
  throw new VigilError('bad_request', 'invalid cursor: pass back next_cursor from the previous page unchanged');
}

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;
