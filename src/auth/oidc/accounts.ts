// From a verified ID token to a Vigil account: the subject's linked account, else an account
// of the same username (linked on first use), else a new one with the configured role and
// tenant. The provider is trusted to assert usernames; a role claim, when configured, sets the
// role at every sign-in.
import { recordAudit, type AuditActor } from '../../audit/audit.js';
import { VigilError } from '../../errors.js';
import type { StateDb } from '../../store/state/database.js';
import { tenantExists } from '../../tenants/tenants.js';
import { ROLES, type UserRole } from '../roles.js';
import { findUserByOidcSubject, findUserByUsername, insertUser, oidcLinkOf, updateUserRow, USERNAME_PATTERN, type User } from '../users.js';
import type { IdTokenClaims } from './id-token.js';

export interface ProvisioningRules {
  issuer: string;
  usernameClaim: string;
  provision: boolean;
  defaultRole: UserRole;
  defaultTenant: string | null;
  roleClaim?: string;
  roleMap: Record<string, UserRole>;
}

/** A sign-in the claims do not allow: the reason goes to the audit log and to the caller. */
export class SsoRefusedError extends VigilError {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super('unauthorized', message);
    this.reason = reason;
  }
}

const SSO_ACTOR: AuditActor = { kind: 'system', id: null, name: 'oidc' };

/** The username the claims assert, and whether it came from the email claim. */
export function usernameOf(claims: IdTokenClaims, claim: string): string {
  const named = claims[claim];
  if (typeof named === 'string' && named !== '') return named;
  if (typeof claims.email === 'string' && claims.email !== '') {
    // An address the provider has not verified names no one.
    if (claims.email_verified === false) throw new SsoRefusedError('email_unverified', 'the identity provider has not verified this email address');
    return claims.email;
  }
  throw new SsoRefusedError('no_username', `the ID token has neither ${claim} nor email`);
}

/** The highest role the role claim maps to (roles are listed highest first), if any. */
export function mappedRole(claims: IdTokenClaims, rules: Pick<ProvisioningRules, 'roleClaim' | 'roleMap'>): UserRole | undefined {
  if (rules.roleClaim === undefined) return undefined;
  const value = claims[rules.roleClaim];
  const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  const roles = values.map((v) => rules.roleMap[v]).filter((r): r is UserRole => r !== undefined);
  return roles.sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b))[0];
}

export function accountForClaims(db: StateDb, rules: ProvisioningRules, claims: IdTokenClaims): User {
  const username = usernameOf(claims, rules.usernameClaim);
  if (!USERNAME_PATTERN.test(username)) throw new SsoRefusedError('bad_username', `the username ${JSON.stringify(username)} from the identity provider is not a valid Vigil username`);
  const roleFromClaim = rules.roleClaim === undefined ? undefined : mappedRole(claims, rules) ?? rules.defaultRole;
  const email = typeof claims.email === 'string' ? claims.email : null;
  const link = { issuer: rules.issuer, subject: claims.sub };

  return db.transaction(() => {
    let user = findUserByOidcSubject(db, link.issuer, link.subject);
    if (!user) {
      const existing = findUserByUsername(db, username);
      if (existing) {
        if (oidcLinkOf(db, existing.id)) throw new SsoRefusedError('linked_elsewhere', `the account ${username} is linked to another identity`);
        const linked = updateUserRow(db, existing.id, null, { oidc: link })!;
        recordAudit(db, SSO_ACTOR, { action: 'user.update', entityType: 'user', entityId: existing.id, tenant: existing.tenant, before: existing, after: linked, detail: { oidc_linked: link } });
        user = linked;
      } else {
        if (!rules.provision) throw new SsoRefusedError('no_account', `there is no account ${username}, and accounts are not created on sign-in`);
        if (rules.defaultTenant !== null && !tenantExists(db, rules.defaultTenant)) throw new VigilError('config_invalid', `oidc.default_tenant: unknown tenant ${rules.defaultTenant}`);
        user = insertUser(db, { username, passwordHash: null, role: roleFromClaim ?? rules.defaultRole, tenant: rules.defaultTenant, email, oidc: link });
        recordAudit(db, SSO_ACTOR, { action: 'user.create', entityType: 'user', entityId: user.id, tenant: user.tenant, after: user, detail: { oidc: link } });
      }
    }
    if (user.disabled) throw new SsoRefusedError('disabled', `the account ${user.username} is disabled`);
    if (roleFromClaim !== undefined && roleFromClaim !== user.role) {
      const after = updateUserRow(db, user.id, null, { role: roleFromClaim })!;
      recordAudit(db, SSO_ACTOR, { action: 'user.update', entityType: 'user', entityId: user.id, tenant: user.tenant, before: user, after, detail: { role_claim: rules.roleClaim } });
      user = after;
    }
    return user;
  })();
}
