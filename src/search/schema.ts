// Where a queried field is stored and how its values compare: a typed column of the event
// table, or a key of the `extra` JSON column. Field names are checked here, once, for all uses.

import { hotColumn, TIMESTAMP_COLUMN, type ColumnType } from '../store/events/columns.js';

/** How values of a field compare. `text` fields match values contained in them. */
export type FieldKind = 'keyword' | 'text' | 'number' | 'date' | 'ip';

export type FieldStorage =
  | { in: 'column'; column: string; kind: FieldKind; list: boolean }
  /** `pointer` is the JSON pointer of the field's key in `extra`. */
  | { in: 'extra'; pointer: string };

const KIND_OF: Record<ColumnType, { kind: FieldKind; list: boolean }> = {
  keyword: { kind: 'keyword', list: false },
  text: { kind: 'text', list: false },
  long: { kind: 'number', list: false },
  double: { kind: 'number', list: false },
  ip: { kind: 'ip', list: false },
  date: { kind: 'date', list: false },
  'keyword[]': { kind: 'keyword', list: true },
  'ip[]': { kind: 'ip', list: true },
};

/**
 * Dotted names of letters, digits, `_`, `-` and `@`. Strict on purpose: a name that passes can
 * be a quoted SQL identifier and a JSON pointer as it is (no quotes, `/` or `~` to escape).
 */
const FIELD_NAME = /^[A-Za-z0-9_@-]+(?:\.[A-Za-z0-9_@-]+)*$/;
export const MAX_FIELD_NAME_LENGTH = 256;

export function isValidFieldName(field: string): boolean {
  return field.length <= MAX_FIELD_NAME_LENGTH && FIELD_NAME.test(field);
}

/** Storage of a field whose name is valid (see isValidFieldName). */
export function fieldStorage(field: string): FieldStorage {
  if (field === TIMESTAMP_COLUMN) return { in: 'column', column: field, kind: 'date', list: false };
  const column = hotColumn(field);
  if (column) return { in: 'column', column: column.field, ...KIND_OF[column.type] };
  return { in: 'extra', pointer: `/${field}` };
}
