// Roles and their permissions as the server defines them (src/auth/roles.ts): one table, so the
// console's role matrix cannot drift from what the API enforces.
export { PERMISSIONS, ROLE_PERMISSIONS, USER_ROLES, ROLES } from '../../../src/auth/roles.js';
