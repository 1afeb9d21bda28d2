// Explicit rule enable/disable overrides, in the state database (table rule_settings). Rules are
// shared by every tenant, so the settings are global.
import type { StateDb } from '../../store/state/database.js';

export function readRuleOverrides(db: StateDb): Map<string, boolean> {
  const rows = db.prepare('SELECT rule_id, enabled FROM rule_settings').all() as { rule_id: string; enabled: number }[];
  return new Map(rows.map((r) => [r.rule_id, r.enabled === 1]));
}

/** Sets the explicit enable/disable of each rule, in one transaction. */
export function writeRuleOverrides(db: StateDb, ids: readonly string[], enabled: boolean, by: string, now = Date.now()): void {
  const upsert = db.prepare(`INSERT INTO rule_settings (rule_id, enabled, updated_at, updated_by) VALUES (?, ?, ?, ?)
    ON CONFLICT (rule_id) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
  db.transaction(() => {
    for (const id of ids) upsert.run(id, enabled ? 1 : 0, now, by);
  })();
}
