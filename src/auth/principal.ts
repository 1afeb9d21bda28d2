// Who is making a request, and which tenants' data they may touch.
import type { Role } from './roles.js';

export interface Principal {
  kind: 'user' | 'apikey';
  id: string;
  name: string;
  role: Role;
  /** The tenant they belong to; null for SOC staff, who work across tenants. */
  tenant: string | null;
}

/** The tenants a principal may see: every one (null) or just their own. */
export function tenantScope(principal: Principal): string[] | null {
  return principal.tenant === null ? null : [principal.tenant];
}
