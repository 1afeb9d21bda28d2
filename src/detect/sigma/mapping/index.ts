// The logsource mapping registry and its lookups: which mappings a rule's logsource selects,
// and where a Sigma field is read from under a mapping (or, for unmapped rules, as written).

import type { LogSource } from '../types.js';
import { CLOUD_MAPPINGS } from './cloud.js';
import { LINUX_MAPPINGS } from './linux.js';
import { NETWORK_MAPPINGS } from './network.js';
import { WEB_MAPPINGS } from './web.js';
import { WINDOWS_MAPPINGS } from './windows.js';
import type { FieldSource, LogsourceKey, LogsourceMapping } from './types.js';

export type { FieldMapping, FieldSource, GuardCondition, LogsourceKey, LogsourceMapping } from './types.js';

/** Every built-in mapping, in one explicit list. Ids must be unique. */
export const DEFAULT_MAPPINGS: readonly LogsourceMapping[] = [...WINDOWS_MAPPINGS, ...LINUX_MAPPINGS, ...NETWORK_MAPPINGS, ...WEB_MAPPINGS, ...CLOUD_MAPPINGS];

export function checkMappings(mappings: readonly LogsourceMapping[]): void {
  const seen = new Set<string>();
  for (const m of mappings) {
    if (seen.has(m.id)) throw new Error(`duplicate logsource mapping id '${m.id}'`);
    seen.add(m.id);
  }
}

function sameKey(a: LogsourceKey, b: LogSource): boolean {
  return (a.product ?? null) === (b.product ?? null) && (a.category ?? null) === (b.category ?? null) && (a.service ?? null) === (b.service ?? null);
}

/**
 * The mappings for a logsource: those listing exactly its product/category/service (extra keys
 * such as `definition` are ignored). Several mappings are alternatives (process_creation is
 * Sysmon 1 or Security 4688); none means the rule has no mapping.
 */
export function mappingsFor(logsource: LogSource, mappings: readonly LogsourceMapping[] = DEFAULT_MAPPINGS): LogsourceMapping[] {
  const wanted: LogSource = { ...logsource, product: logsource.product?.toLowerCase(), category: logsource.category?.toLowerCase(), service: logsource.service?.toLowerCase() };
  return mappings.filter((m) => m.logsources.some((k) => sameKey(k, wanted)));
}

/** Where a Sigma field is read under a mapping; null mapping reads the name as written. */
export function fieldSource(mapping: LogsourceMapping | null, field: string): { source: FieldSource; spaced: string[] | null } {
  if (!mapping) return { source: { from: [field] }, spaced: null };
  const entry = Object.hasOwn(mapping.fields.fields, field) ? mapping.fields.fields[field] : undefined;
  if (entry !== undefined) {
    const source: FieldSource = typeof entry === 'string' ? { from: [entry] } : Array.isArray(entry) ? { from: entry as readonly string[] } : (entry as FieldSource);
    return { source, spaced: null };
  }
  const from = [...mapping.fields.prefixes.map((p) => p + field), field];
  const spaced = mapping.fields.spacedNames && !field.includes(' ') ? mapping.fields.prefixes.map((p) => p + field) : null;
  return { source: { from }, spaced };
}

/** Reads a Sigma field from event fields the way rules under the mapping see it (first present source). */
export function readSigmaField(fields: Readonly<Record<string, unknown>>, mapping: LogsourceMapping | null, field: string): unknown {
  const { source, spaced } = fieldSource(mapping, field);
  for (const name of source.from) {
    const v = fields[name];
    if (v === undefined) continue;
    if (source.pluck && Array.isArray(v)) return v.map((x) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>)[source.pluck!] : x));
    return v;
  }
  if (spaced) {
    for (const key of Object.keys(fields)) {
      if (key.includes(' ') && spaced.includes(key.replace(/ /g, ''))) return fields[key];
    }
  }
  return undefined;
}
