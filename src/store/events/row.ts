// Turns an event into one NDJSON line of the write-ahead log, shaped like the table:
// typed columns get values of their declared type, everything else goes into `extra`.
// Coercion happens here so that loading a segment into DuckDB can never fail on a type.

import type { FieldValue, VigilEvent } from '../../event/event.js';
import { unmapIpv4 } from '../../event/ip.js';
import { EXTRA_COLUMN, HOT_COLUMNS, ID_COLUMN, TENANT_COLUMN, TIMESTAMP_COLUMN, type ColumnType } from './columns.js';

const hotType = new Map<string, ColumnType>(HOT_COLUMNS.map((c) => [c.field, c.type]));

/** A value fit for the column type, or undefined when it must go to `extra` instead. */
function coerce(type: ColumnType, value: FieldValue): FieldValue | undefined {
  if (value === null) return undefined;
  switch (type) {
    case 'keyword':
    case 'text':
      return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    // IPv4-mapped IPv6 text is stored as the IPv4 address it is: a search for an IPv4 address
    // then compares dotted quads only, which DuckDB can push down into the Parquet scan.
    case 'ip':
      return typeof value === 'string' ? unmapIpv4(value) : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    case 'long': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isSafeInteger(n) ? n : undefined;
    }
    case 'double': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isFinite(n) ? n : undefined;
    }
    case 'date': {
      const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
      return Number.isFinite(ms) ? ms : undefined;
    }
    case 'keyword[]':
    case 'ip[]': {
      const list = Array.isArray(value) ? value : [value];
      const out: string[] = [];
      for (const item of list) {
        if (typeof item === 'string') out.push(type === 'ip[]' ? unmapIpv4(item) : item);
        else if (typeof item === 'number' || typeof item === 'boolean') out.push(String(item));
        else return undefined;
      }
      return out;
    }
  }
}

/** One WAL line for the event (no trailing newline). */
export function toRow(event: VigilEvent): string {
  const row: Record<string, FieldValue> = {
    [ID_COLUMN]: event.id,
    [TENANT_COLUMN]: event.tenant,
    [TIMESTAMP_COLUMN]: event.timestamp,
  };
  let extra: Record<string, FieldValue> | undefined;
  for (const field in event.fields) {
    const value = event.fields[field]!;
    const type = hotType.get(field);
    const stored = type === undefined ? undefined : coerce(type, value);
    if (stored !== undefined) {
      row[field] = stored;
    } else if (value !== null || type === undefined) {
      (extra ??= {})[field] = value;
    }
  }
  row[EXTRA_COLUMN] = extra ?? {};
  const line = JSON.stringify(row);
  // Escapes of lone surrogates are rare (and \ud text makes only a false alarm): check cheaply.
  return line.includes('\\ud') ? JSON.stringify(wellFormed(row)) : line;
}

/**
 * Text decoded from JSON may hold a lone UTF-16 surrogate ("\ud800"), which JSON.stringify
 * writes as an escape that DuckDB refuses — one such event would stop its whole segment from
 * ever loading. It is stored with U+FFFD in its place, as a UTF-8 decoder would have done.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function wellFormed(value: FieldValue): FieldValue {
  if (typeof value === 'string') return value.replace(LONE_SURROGATE, '\ufffd');
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, FieldValue> = {};
  for (const key in value) out[key.replace(LONE_SURROGATE, '\ufffd')] = wellFormed(value[key]!);
  return out;
}

/** Columns read from the WAL as epoch milliseconds and turned into TIMESTAMP on load. */
export const EPOCH_MS_COLUMNS: readonly string[] = [TIMESTAMP_COLUMN, ...HOT_COLUMNS.filter((c) => c.type === 'date').map((c) => c.field)];
