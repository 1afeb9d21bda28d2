// Helpers for the parser tests: records from text, and the shared corpus location.

import { fileURLToPath } from 'node:url';
import type { ParsedEvent } from '../../event/event.js';
import type { RawRecord } from '../../pipeline/stages.js';
import { parseRecord } from '../index.js';

/** A fixed receive time (2024-03-10T12:00:00Z) so that year inference and fallbacks are predictable. */
export const RECEIVED = Date.UTC(2024, 2, 10, 12, 0, 0);

export function record(text: string, extra: Partial<RawRecord> = {}): RawRecord {
  return { text, received: RECEIVED, origin: { source: 'test' }, tenant: 'default', ...extra };
}

/** parseRecord on a text, optionally naming the format as a source would. */
export function parse(text: string, format?: string, extra: Partial<RawRecord> = {}): ParsedEvent {
  return parseRecord(record(text, format === undefined ? extra : { ...extra, format }));
}

export function tags(event: ParsedEvent): string[] {
  const t = event.fields.tags;
  return Array.isArray(t) ? (t as string[]) : [];
}

/** Absolute path of a file in the shared third-party corpus (never copied into the repo). */
export function corpus(relative: string): string {
  return fileURLToPath(new URL(`../../../../shared/corpus/${relative}`, import.meta.url));
}

/** The fields of `event` named in `expected`, for one deepEqual against a table row. */
export function pick(event: ParsedEvent, expected: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(expected)) out[key] = event.fields[key];
  return out;
}
