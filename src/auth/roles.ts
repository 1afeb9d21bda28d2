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
  'tenants:manage',
  'system:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['admin', 'soc_manager', 'incident_handler', 'analyst', 'client_viewer', 'ingest'] as const;
export type Role = (typeof ROLES)[number];

const READ: Permission[] = ['events:read', 'alerts:read', 'cases:read', 'rules:read', 'metrics:read'];
const TRIAGE: Permission[] = [...READ, 'alerts:write', 'cases:write'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  soc_manager: [...TRIAGE, 'exceptions:write', 'rules:write', 'audit:read', 'users:read', 'events:ingest', 'system:read'],
  incident_handler: [...TRIAGE, 'exceptions:write', 'users:read', 'system:read'],
  analyst: [...TRIAGE, 'users:read'],
  /** A client organisation's own staff: reads their tenant, changes nothing. */
  client_viewer: READ,
  /** For shippers: may send events and nothing else. */
  ingest: ['events:ingest'],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
