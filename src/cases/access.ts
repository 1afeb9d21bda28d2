// Reading a case or one of its parts on behalf of someone: outside their tenant it does not
// exist (404, never 403), and a change made on a stale version is refused (409).
import { actorOf } from '../audit/audit.js';
import type { Principal } from '../auth/principal.js';
import { NotFoundError, VigilError } from '../errors.js';
import type { StateDb } from '../store/state/database.js';
import { CASE_SELECT, type CaseRow, type TaskRow } from './rows.js';
import type { CaseActor } from './types.js';

/** The case actor for a request's principal: decided once, at the edge. */
export function caseActor(principal: Principal): CaseActor {
  return { tenant: principal.tenant, actor: actorOf(principal) };
}

/** Whether a tenant's record (null: a global one) is visible to the actor. */
export function visibleTo(who: CaseActor, tenant: string | null): boolean {
  return who.tenant === null || tenant === null || tenant === who.tenant;
}

export function loadCase(db: StateDb, who: CaseActor, id: string): CaseRow {
  const row = db.prepare(`${CASE_SELECT} WHERE c.id = ?`).get(id) as CaseRow | undefined;
  if (!row || !visibleTo(who, row.tenant_id)) throw new NotFoundError('case');
  return row;
}

/** A case that may still change: a case merged into another one is kept as it was. */
export function loadCaseForChange(db: StateDb, who: CaseActor, id: string): CaseRow {
  const row = loadCase(db, who, id);
  if (row.merged_into !== null) {
    throw new VigilError('conflict', `case #${row.number} was merged into another case and can no longer change`, { details: { merged_into: row.merged_into } });
  }
  return row;
}

export function loadTask(db: StateDb, who: CaseActor, id: string): TaskRow {
  const row = db.prepare('SELECT * FROM case_tasks WHERE id = ?').get(id) as TaskRow | undefined;
  if (!row || !visibleTo(who, row.tenant_id)) throw new NotFoundError('task');
  return row;
}

/** Refuses a change made on a version other than the current one. */
export function checkVersion(what: string, expected: number, current: number): void {
  if (expected !== current) {
    throw new VigilError('conflict', `${what} changed since version ${expected}; read it again (current version ${current})`, { details: { current_version: current } });
  }
}

/** Tenant clause for list queries: every tenant for staff, else the actor's own. */
export function tenantFilter(who: CaseActor, column: string): { where: string[]; params: unknown[] } {
  return who.tenant === null ? { where: [], params: [] } : { where: [`${column} = ?`], params: [who.tenant] };
}
