// Correlation state across restarts: each tenant's correlator snapshot, saved as JSON in the
// state database (table correlation_state) on stop and periodically, read back on start.
import type { StateDb } from '../store/state/database.js';
import type { CorrelatorSnapshot } from './correlate/index.js';

export function loadCorrelationState(db: StateDb): Map<string, CorrelatorSnapshot> {
  const rows = db.prepare('SELECT tenant_id, snapshot_json FROM correlation_state').all() as { tenant_id: string; snapshot_json: string }[];
  const out = new Map<string, CorrelatorSnapshot>();
  for (const row of rows) {
    try {
      out.set(row.tenant_id, JSON.parse(row.snapshot_json) as CorrelatorSnapshot);
    } catch {
      // A damaged snapshot costs that tenant's open correlation windows, nothing more.
    }
  }
  return out;
}

export function saveCorrelationState(db: StateDb, snapshots: ReadonlyMap<string, CorrelatorSnapshot>, now = Date.now()): void {
  const upsert = db.prepare(`INSERT INTO correlation_state (tenant_id, snapshot_json, saved_at) VALUES (?, ?, ?)
    ON CONFLICT (tenant_id) DO UPDATE SET snapshot_json = excluded.snapshot_json, saved_at = excluded.saved_at`);
  db.transaction(() => {
    for (const [tenant, snapshot] of snapshots) upsert.run(tenant, JSON.stringify(snapshot), now);
  })();
}
