// Issuing and revoking API keys on someone's behalf, each with its audit entry in the same
// transaction. Which keys a caller may see is decided by the route (a tenant scope, or
// "their own" for personal keys) and passed in.
import { actorOf, recordAudit } from '../audit/audit.js';
import { NotFoundError } from '../errors.js';
import type { StateDb } from '../store/state/database.js';
import { createApiKey, getApiKey, revokeApiKey, type ApiKeyInfo } from './api-keys.js';
import type { Principal } from './principal.js';
import type { Role } from './roles.js';

export function issueApiKey(db: StateDb, actor: Principal, input: { name: string; role: Role; tenant: string | null; userId?: string | null }): { key: string; info: ApiKeyInfo } {
  return db.transaction(() => {
    const issued = createApiKey(db, { ...input, createdBy: actor.id });
    recordAudit(db, actorOf(actor), { action: 'apikey.create', entityType: 'apikey', entityId: issued.info.id, tenant: issued.info.tenant, after: issued.info });
    return issued;
  })();
}

/** Revokes a key the caller may see; an unknown, invisible or already revoked key is a 404. */
export function revokeApiKeyAs(db: StateDb, actor: Principal, id: string, visible: (key: ApiKeyInfo) => boolean): void {
  db.transaction(() => {
    const before = getApiKey(db, id);
    if (!before || !visible(before) || !revokeApiKey(db, id)) throw new NotFoundError('API key');
    recordAudit(db, actorOf(actor), { action: 'apikey.revoke', entityType: 'apikey', entityId: id, tenant: before.tenant, before, after: getApiKey(db, id) });
  })();
}

/** Whether a key lies in a tenant scope (null: every key). */
export function keyInScope(scope: string[] | null): (key: ApiKeyInfo) => boolean {
  return (key) => scope === null || (key.tenant !== null && scope.includes(key.tenant));
}
