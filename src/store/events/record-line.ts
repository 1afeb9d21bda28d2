// A WAL line that keeps the record an event came from instead of the event's row. It is about
// a quarter of the row's size and costs far less to write on the ingest path; the event is
// derived from it again, off that path, when the segment is loaded (parsing is deterministic).
// Row lines are JSON objects and record lines JSON arrays, so one segment may hold both.

import type { RawRecord } from '../../pipeline/stages.js';

export interface WalRecord {
  id: string;
  record: RawRecord;
}

export function recordLine(id: string, record: RawRecord): string {
  const line: unknown[] = [id, record.received, record.tenant, record.format ?? null, record.origin, record.text];
  // A document built with context the text lacks (a Zeek TSV header) must be kept; one that is
  // only the text decoded is not.
  if (record.json !== undefined && !record.jsonIsText) line.push(record.json);
  return JSON.stringify(line);
}

export function isRecordLine(line: string): boolean {
  return line.charCodeAt(0) === 0x5b; // [
}

/** Reads a record line; throws on a line this module did not write (the WAL is damaged). */
export function readRecordLine(line: string): WalRecord {
  const value: unknown = JSON.parse(line);
  if (!Array.isArray(value) || (value.length !== 6 && value.length !== 7)) throw new Error('not a WAL record line');
  const [id, received, tenant, format, origin, text, json] = value as unknown[];
  if (typeof id !== 'string' || typeof received !== 'number' || typeof tenant !== 'string' || typeof text !== 'string'
    || (format !== null && typeof format !== 'string') || !isObject(origin) || (json !== undefined && !isObject(json))) {
    throw new Error('not a WAL record line');
  }
  const record: RawRecord = { text, received, tenant, origin: origin as unknown as RawRecord['origin'] };
  if (typeof format === 'string') record.format = format;
  if (json !== undefined) record.json = json;
  return { id, record };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
