// Applying exceptions to hits: the active exceptions of the tenants in a batch, the first one
// that matches a hit, and the hit counts written back once per batch.
import type { FieldValue } from '../event/event.js';
import type { StateDb } from '../store/state/database.js';
import { ENTITY_ECS_FIELD, type KeyEntities } from './entities.js';
import type { AlertCandidate } from './types.js';

export interface ActiveException {
  id: string;
  ruleId: string | null;
  /** Field and the expected value, lower-cased once here rather than per hit. */
  conditions: { field: string; value: string }[];
}

/** Unexpired exceptions, by tenant. */
export function loadActiveExceptions(db: StateDb, tenants: readonly string[], now: number): Map<string, ActiveException[]> {
  const byTenant = new Map<string, ActiveException[]>();
  if (tenants.length === 0) return byTenant;
  const rows = db.prepare(`SELECT id, tenant_id, rule_id, conditions_json FROM alert_exceptions
    WHERE tenant_id IN (${tenants.map(() => '?').join(', ')}) AND expires_at > ? ORDER BY created_at`)
    .all(...tenants, now) as { id: string; tenant_id: string; rule_id: string | null; conditions_json: string }[];
  for (const row of rows) {
    const conditions = (JSON.parse(row.conditions_json) as { field: string; value: string }[])
      .map((c) => ({ field: c.field, value: c.value.toLowerCase() }));
    const list = byTenant.get(row.tenant_id) ?? [];
    list.push({ id: row.id, ruleId: row.rule_id, conditions });
    byTenant.set(row.tenant_id, list);
  }
  return byTenant;
}

const ENTITY_BY_FIELD = new Map<string, keyof KeyEntities>(
  (Object.entries(ENTITY_ECS_FIELD) as [keyof KeyEntities, string][]).map(([key, field]) => [field, key]),
);

function valueOf(candidate: AlertCandidate, entities: KeyEntities, field: string): FieldValue | undefined {
  const value = candidate.event.fields[field] ?? candidate.matchedFields?.[field];
  if (value !== undefined) return value;
  const entity = ENTITY_BY_FIELD.get(field);
  return entity ? (entities[entity] ?? undefined) : undefined;
}

function holds(value: FieldValue | undefined, expected: string): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some((v) => holds(v, expected));
  if (typeof value === 'object') return false;
  return String(value).toLowerCase() === expected;
}

/** The first exception that silences this hit, if any. */
export function matchException(exceptions: readonly ActiveException[] | undefined, candidate: AlertCandidate, entities: KeyEntities): ActiveException | undefined {
  if (!exceptions) return undefined;
  return exceptions.find((e) =>
    (e.ruleId === null || e.ruleId === candidate.rule.id)
    && e.conditions.every((c) => holds(valueOf(candidate, entities, c.field), c.value)));
}

/** Adds a batch's hits to the exceptions' counters. */
export function recordExceptionHits(db: StateDb, hits: ReadonlyMap<string, { count: number; last: number }>): void {
  const update = db.prepare('UPDATE alert_exceptions SET hit_count = hit_count + ?, last_hit_at = MAX(COALESCE(last_hit_at, 0), ?) WHERE id = ?');
  for (const [id, hit] of hits) update.run(hit.count, hit.last, id);
}
