// Creating and renaming tenants on someone's behalf, each change audited in its transaction.
// A principal who belongs to a tenant sees only that one and cannot create others.
import { actorOf, recordAudit } from '../audit/audit.js';
import { tenantScope, type Principal } from '../auth/principal.js';
import { NotFoundError, VigilError } from '../errors.js';
import type { StateDb } from '../store/state/database.js';
import { createTenant, getTenant, renameTenant, TENANT_ID_PATTERN, type Tenant } from './tenants.js';

export function addTenant(db: StateDb, actor: Principal, input: { id: string; name: string }): Tenant {
  if (actor.tenant !== null) throw new VigilError('forbidden', 'accounts of a tenant cannot create tenants');
  if (!TENANT_ID_PATTERN.test(input.id)) throw new VigilError('bad_request', 'id: lower-case letters, digits, - and _, starting with a letter or digit (at most 63)');
  return db.transaction(() => {
    if (getTenant(db, input.id)) throw new VigilError('conflict', `tenant ${input.id} exists`);
    const tenant = createTenant(db, input.id, input.name);
    recordAudit(db, actorOf(actor), { action: 'tenant.create', entityType: 'tenant', entityId: tenant.id, tenant: tenant.id, after: tenant });
    return tenant;
  })();
}

/** Renames a tenant the actor can see, if it is still at the version they read. */
export function renameTenantAs(db: StateDb, actor: Principal, id: string, input: { version: number; name: string }): Tenant {
  return db.transaction(() => {
    const before = getTenant(db, id, tenantScope(actor));
    if (!before) throw new NotFoundError('tenant');
    const after = renameTenant(db, id, input.version, input.name);
    if (!after) {
      throw new VigilError('conflict', `tenant ${id} changed since version ${input.version}; read it again (current version ${before.version})`, { details: { current_version: before.version } });
    }
    recordAudit(db, actorOf(actor), { action: 'tenant.update', entityType: 'tenant', entityId: id, tenant: id, before, after });
    return after;
  })();
}
