import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStateDb, type StateDb } from '../../store/state/database.js';
import { createTenant, ensureDefaultTenant } from '../../tenants/tenants.js';
import { insertUser, updateUserRow } from '../users.js';
import { accountForClaims, mappedRole, SsoRefusedError, type ProvisioningRules } from './accounts.js';
import type { IdTokenClaims } from './id-token.js';

const rules: ProvisioningRules = {
  issuer: 'https://idp.example', usernameClaim: 'preferred_username', provision: true,
  defaultRole: 'client_viewer', defaultTenant: 'acme', roleMap: {},
};

function claims(extra: Record<string, unknown>): IdTokenClaims {
  return { iss: rules.issuer, aud: 'vigil', exp: 0, iat: 0, sub: 'sub-1', ...extra };
}

function setup(t: { after(fn: () => void): void }): StateDb {
  const db = openStateDb(':memory:');
  t.after(() => db.close());
  ensureDefaultTenant(db);
  createTenant(db, 'acme', 'ACME');
  return db;
}

function refusal(fn: () => unknown, reason: string): void {
  assert.throws(fn, (error: unknown) => error instanceof SsoRefusedError && error.reason === reason && error.status === 401);
}

test('a first sign-in creates the account with the default role and tenant, linked to the subject', (t) => {
  const db = setup(t);
  const user = accountForClaims(db, rules, claims({ preferred_username: 'sam', email: 'sam@acme.test' }));
  assert.equal(user.username, 'sam');
  assert.equal(user.role, 'client_viewer');
  assert.equal(user.tenant, 'acme');
  assert.equal(user.email, 'sam@acme.test');
  assert.equal(user.sso, true);
  // The next sign-in finds it by subject, even if the username claim changed.
  assert.equal(accountForClaims(db, rules, claims({ preferred_username: 'samuel' })).id, user.id);
  assert.deepEqual(db.prepare('SELECT action FROM audit_log').pluck().all(), ['user.create']);
});

test('an existing local account of that name is linked once; another subject cannot take it', (t) => {
  const db = setup(t);
  const local = insertUser(db, { username: 'tara', passwordHash: null, role: 'analyst', tenant: null });
  assert.equal(accountForClaims(db, rules, claims({ preferred_username: 'TARA' })).id, local.id);
  refusal(() => accountForClaims(db, rules, claims({ sub: 'sub-2', preferred_username: 'tara' })), 'linked_elsewhere');
});

test('email stands in for the username claim, unless the provider says it is unverified', (t) => {
  const db = setup(t);
  assert.equal(accountForClaims(db, rules, claims({ email: 'uma@acme.test' })).username, 'uma@acme.test');
  refusal(() => accountForClaims(db, rules, claims({ sub: 'sub-3', email: 'vic@acme.test', email_verified: false })), 'email_unverified');
  refusal(() => accountForClaims(db, rules, claims({ sub: 'sub-4' })), 'no_username');
  refusal(() => accountForClaims(db, rules, claims({ sub: 'sub-5', preferred_username: 'has space' })), 'bad_username');
});

test('no provisioning: only existing accounts; disabled accounts are refused', (t) => {
  const db = setup(t);
  refusal(() => accountForClaims(db, { ...rules, provision: false }, claims({ preferred_username: 'walt' })), 'no_account');
  const user = accountForClaims(db, rules, claims({ preferred_username: 'walt' }));
  updateUserRow(db, user.id, null, { disabled: true });
  refusal(() => accountForClaims(db, rules, claims({ preferred_username: 'walt' })), 'disabled');
});

test('a role claim maps to the highest role it names, and sets the role at each sign-in', (t) => {
  const db = setup(t);
  const mapped = { ...rules, roleClaim: 'groups', roleMap: { 'soc-admins': 'admin', 'soc-analysts': 'analyst' } } satisfies ProvisioningRules;
  assert.equal(mappedRole(claims({ groups: ['soc-analysts', 'soc-admins', 'other'] }), mapped), 'admin');
  assert.equal(mappedRole(claims({ groups: 'soc-analysts' }), mapped), 'analyst');
  assert.equal(mappedRole(claims({ groups: ['other'] }), mapped), undefined);
  const user = accountForClaims(db, mapped, claims({ preferred_username: 'xena', groups: ['soc-analysts'] }));
  assert.equal(user.role, 'analyst');
  assert.equal(accountForClaims(db, mapped, claims({ preferred_username: 'xena', groups: [] })).role, 'client_viewer', 'unmapped: the default role');
  assert.deepEqual(db.prepare('SELECT action FROM audit_log').pluck().all(), ['user.create', 'user.update']);
});
