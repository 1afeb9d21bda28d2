// A WAL line that keeps the record an event came from instead of the event's row. It is about
// a quarter of the row's size and costs far less to write on the ingest path; the event is
// derived from it again, off that path, when the segment is loaded (parsing is deterministic).
// Row lines are JSON objects and record lines start with a JSON array, so one segment may hold
// both.

import type { RawRecord } from '../../pipeline/stages.js';

export interface WalRecord {
  id: string;
  record: RawRecord;
}

/**
 * Ends a record line's JSON head when the text follows as it is. JSON.stringify escapes every
 * control character, so the first raw tab of a line is this one, whatever the text holds.
 */
const TEXT_MARK = '\t';

/**
 * `[id, received, tenant, format, origin, json?]`, a tab, then the text unescaped: most texts
 * are JSON documents, and escaping their quotes cost as much as the rest of the line. A text
 * that would break the line (a newline) or not read back the same from UTF-8 (a lone surrogate)
 * goes inside the JSON instead: `[id, received, tenant, format, origin, text, json?]`.
 */
export function recordLine(id: string, record: RawRecord): string {
  const { text } = record;
  const line: unknown[] = [id, record.received, record.tenant, record.format ?? null, record.origin];
  const raw = !text.includes('\n') && text.isWellFormed();
  if (!raw) line.push(text);
  // A document built with context the text lacks (a Zeek TSV header) must be kept; one that is
  // only the text decoded is not.
  if (record.json !== undefined && !record.jsonIsText) line.push(record.json);
  return raw ? JSON.stringify(line) + TEXT_MARK + text : JSON.stringify(line);
}

export function isRecordLine(line: string): boolean {
  return line.charCodeAt(0) === 0x5b; // [
}

/** Reads a record line; throws on a line this module did not write (the WAL is damaged). */
export function readRecordLine(line: string): WalRecord {
  const mark = line.indexOf(TEXT_MARK);
  const value: unknown = JSON.parse(mark < 0 ? line : line.slice(0, mark));
  // Five fields, then the text unless it follows the mark, then the document if one was kept.
  const fields = mark < 0 ? 6 : 5;
  if (!Array.isArray(value) || (value.length !== fields && value.length !== fields + 1)) throw new Error('not a WAL record line');
  const [id, received, tenant, format, origin] = value as unknown[];
  const text: unknown = mark < 0 ? value[5] : line.slice(mark + 1);
  const json: unknown = value[fields];
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
