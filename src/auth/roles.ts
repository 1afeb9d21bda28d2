// Roles and what each may do. The permission matrix in docs/permissions.md is this table.

export const PERMISSIONS = [
  'events:ingest',
  'events:read',
  'alerts:read',
  'alerts:write',
  'exceptions:write',
  'cases:read',
  'cases:write',
  'rules:read',
  'rules:write',
  'metrics:read',
  'audit:read',
  'apikeys:manage',
  'users:read',
  'users:manage',
  'tenants:read',
  'tenants:manage',
  'system:read',
  /** One's own account: profile, password, personal API keys. */
  'account:self',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['admin', 'soc_manager', 'incident_handler', 'analyst', 'client_viewer', 'ingest'] as const;
export type Role = (typeof ROLES)[number];

const READ: Permission[] = ['events:read', 'alerts:read', 'cases:read', 'rules:read', 'metrics:read', 'tenants:read', 'account:self'];
const TRIAGE: Permission[] = [...READ, 'alerts:write', 'cases:write'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  soc_manager: [...TRIAGE, 'exceptions:write', 'rules:write', 'audit:read', 'users:read', 'events:ingest', 'system:read'],
  incident_handler: [...TRIAGE, 'exceptions:write', 'users:read', 'system:read'],
  analyst: [...TRIAGE, 'users:read'],
  /** A client organisation's own staff: reads their tenant, changes nothing but their own account. */
  client_viewer: READ,
  /** For shippers: may send events and nothing else. */
  ingest: ['events:ingest'],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** The roles a person can have; `ingest` is for shippers' API keys only. */
export const USER_ROLES = ['admin', 'soc_manager', 'incident_handler', 'analyst', 'client_viewer'] as const satisfies readonly Role[];
export type UserRole = (typeof USER_ROLES)[number];

/**
 * Whether `inner` may do nothing that `outer` may not: the test for handing out a role (a
 * user's personal key, a new account) without raising anyone above the one who grants it.
 */
export function roleWithin(inner: Role, outer: Role): boolean {
  return ROLE_PERMISSIONS[inner].every((permission) => ROLE_PERMISSIONS[outer].includes(permission));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
