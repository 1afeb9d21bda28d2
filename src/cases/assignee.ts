// Who may be assigned a case or a task: an active user of the case's tenant, or SOC staff.
import { VigilError } from '../errors.js';
import type { StateDb } from '../store/state/database.js';

export function checkAssignee(db: StateDb, tenant: string, userId: string | null | undefined): void {
  if (userId === null || userId === undefined) return;
  const ok = db.prepare('SELECT 1 FROM users WHERE id = ? AND disabled = 0 AND (tenant_id IS NULL OR tenant_id = ?)').get(userId, tenant);
  if (!ok) throw new VigilError('bad_request', `assignee: no active user ${userId} in tenant ${tenant} or on the SOC staff`);
}
