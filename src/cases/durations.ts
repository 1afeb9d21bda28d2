// Case durations for the SOC metrics (mean time to resolve): how long each case resolved in a
// period stayed open. Cases merged into another are left out: their time is the target's.
import type { StateDb } from '../store/state/database.js';
import type { ResolutionStatus, Severity } from './types.js';

export interface CaseDuration {
  id: string;
  tenant: string;
  number: number;
  severity: Severity;
  resolution_status: ResolutionStatus;
  created_at: number;
  resolved_at: number;
  /** resolved_at − created_at, in ms. */
  duration_ms: number;
}

/**
 * Cases resolved in [from, to) that the scope may see (null: every tenant), oldest
 * resolution first. A reopened case counts from its latest resolution only.
 */
export function caseDurations(db: StateDb, tenants: readonly string[] | null, from: number, to: number): CaseDuration[] {
  const where = ['resolved_at >= ?', 'resolved_at < ?', "status = 'resolved'", 'merged_into IS NULL'];
  const params: unknown[] = [from, to];
  if (tenants !== null) {
    if (tenants.length === 0) return [];
    where.push(`tenant_id IN (${tenants.map(() => '?').join(', ')})`);
    params.push(...tenants);
  }
  return db.prepare(`SELECT id, tenant_id AS tenant, number, severity, resolution_status, created_at, resolved_at, resolved_at - created_at AS duration_ms
    FROM cases WHERE ${where.join(' AND ')} ORDER BY resolved_at, rowid`).all(...params) as CaseDuration[];
}
