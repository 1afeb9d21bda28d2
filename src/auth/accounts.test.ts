import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStateDb, type StateDb } from '../store/state/database.js';
import { createTenant, ensureDefaultTenant } from '../tenants/tenants.js';
import { changeOwnPassword, createAccount, disableAccount, updateAccount } from './accounts.js';
import type { Principal } from './principal.js';
import { createSession, findSession } from './sessions.js';
import { checkLogin, insertUser, principalOf, type User } from './users.js';
import { VigilError } from '../errors.js';

const PASSWORD = 'correct horse battery';

function setup(t: { after(fn: () => void): void }): { db: StateDb; admin: Principal } {
  const db = openStateDb(':memory:');
  t.after(() => db.close());
  ensureDefaultTenant(db);
  createTenant(db, 'acme', 'ACME');
  const admin = insertUser(db, { username: 'root', passwordHash: null, role: 'admin', tenant: null });
  return { db, admin: principalOf(admin) };
}

async function rejects(promise: Promise<unknown> | (() => unknown), code: string, message?: RegExp): Promise<void> {
  await assert.rejects(async () => (typeof promise === 'function' ? promise() : promise), (error: unknown) => {
    assert.ok(error instanceof VigilError, String(error));
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

function audit(db: StateDb): { action: string; entity_id: string; tenant_id: string | null; before_json: string | null; after_json: string | null }[] {
  return db.prepare('SELECT action, entity_id, tenant_id, before_json, after_json FROM audit_log ORDER BY id').all() as never;
}

test('an admin creates accounts; each creation is audited without the password hash', async (t) => {
  const { db, admin } = setup(t);
  const user = await createAccount(db, admin, { username: 'gina', password: PASSWORD, role: 'analyst', tenant: 'acme', email: 'gina@acme.test' });
  assert.deepEqual({ ...user, id: 'x', created_at: 0 }, { id: 'x', username: 'gina', role: 'analyst', tenant: 'acme', disabled: false, email: 'gina@acme.test', sso: false, version: 1, created_at: 0, updated_at: null });
  const [entry] = audit(db);
  assert.equal(entry!.action, 'user.create');
  assert.equal(entry!.entity_id, user.id);
  assert.equal(entry!.tenant_id, 'acme');
  assert.ok(!entry!.after_json!.includes('scrypt'));
  assert.ok((await checkLogin(db, 'GINA', PASSWORD)).ok, 'usernames ignore case');
  await rejects(createAccount(db, admin, { username: 'Gina', password: PASSWORD, role: 'analyst' }), 'conflict');
  await rejects(createAccount(db, admin, { username: 'hal', password: 'short', role: 'analyst' }), 'bad_request', /12 characters/);
  await rejects(createAccount(db, admin, { username: 'hal', password: PASSWORD, role: 'analyst', tenant: 'nowhere' }), 'bad_request', /unknown tenant/);
});

test('a tenant admin creates accounts only in their tenant, and no one grants above their role', async (t) => {
  const { db } = setup(t);
  const tenantAdmin = principalOf(insertUser(db, { username: 'acme-admin', passwordHash: null, role: 'admin', tenant: 'acme' }));
  const placed = await createAccount(db, tenantAdmin, { username: 'ivan', password: PASSWORD, role: 'analyst' });
  assert.equal(placed.tenant, 'acme', 'their own tenant, unasked');
  await rejects(createAccount(db, tenantAdmin, { username: 'judy', password: PASSWORD, role: 'analyst', tenant: 'default' }), 'forbidden');
  await rejects(createAccount(db, tenantAdmin, { username: 'judy', password: PASSWORD, role: 'analyst', tenant: null }), 'forbidden', /own tenant/);
  const manager: Principal = { kind: 'user', id: 'm', name: 'm', role: 'soc_manager', tenant: null };
  await rejects(createAccount(db, manager, { username: 'kim', password: PASSWORD, role: 'admin' }), 'forbidden', /may not grant/);
});

test('changes need the current version; a stale one is refused and changes nothing', async (t) => {
  const { db, admin } = setup(t);
  const user = await createAccount(db, admin, { username: 'leo', password: PASSWORD, role: 'analyst' });
  const changed = await updateAccount(db, admin, user.id, { version: 1, role: 'incident_handler' });
  assert.equal(changed.version, 2);
  assert.equal(changed.role, 'incident_handler');
  await rejects(updateAccount(db, admin, user.id, { version: 1, role: 'client_viewer', tenant: 'acme' }), 'conflict', /version 1/);
  const stored = db.prepare('SELECT role, tenant_id, version FROM users WHERE id = ?').get(user.id);
  assert.deepEqual(stored, { role: 'incident_handler', tenant_id: null, version: 2 });
  const entries = audit(db).filter((e) => e.action === 'user.update');
  assert.equal(entries.length, 1);
  assert.equal(JSON.parse(entries[0]!.before_json!).role, 'analyst');
  assert.equal(JSON.parse(entries[0]!.after_json!).role, 'incident_handler');
});

test('an account outside the actor\'s tenant does not exist for them', async (t) => {
  const { db, admin } = setup(t);
  const other = await createAccount(db, admin, { username: 'mia', password: PASSWORD, role: 'analyst', tenant: 'default' });
  const staff = await createAccount(db, admin, { username: 'ned', password: PASSWORD, role: 'analyst' });
  const tenantAdmin = principalOf(insertUser(db, { username: 'acme-admin', passwordHash: null, role: 'admin', tenant: 'acme' }));
  for (const target of [other, staff]) {
    await rejects(updateAccount(db, tenantAdmin, target.id, { version: 1, disabled: true }), 'not_found');
    await rejects(() => disableAccount(db, tenantAdmin, target.id), 'not_found');
  }
});

test('the last enabled admin across tenants cannot be disabled, demoted or moved', async (t) => {
  const { db, admin } = setup(t);
  const second = await createAccount(db, admin, { username: 'olga', password: PASSWORD, role: 'admin' });
  const olga = principalOf(second);
  // Two admins: one may disable the other.
  disableAccount(db, olga, admin.id);
  await rejects(() => disableAccount(db, olga, second.id), 'bad_request', /your own/);
  await rejects(updateAccount(db, olga, second.id, { version: 1, role: 'analyst' }), 'bad_request', /own role/);
  const apiKeyAdmin: Principal = { kind: 'apikey', id: 'k', name: 'k', role: 'admin', tenant: null };
  await rejects(() => disableAccount(db, apiKeyAdmin, second.id), 'conflict', /last enabled admin/);
  await rejects(updateAccount(db, apiKeyAdmin, second.id, { version: 1, role: 'soc_manager' }), 'conflict', /last enabled admin/);
  await rejects(updateAccount(db, apiKeyAdmin, second.id, { version: 1, tenant: 'acme' }), 'conflict', /last enabled admin/);
});

test('a lower role cannot change a higher one', async (t) => {
  const { db, admin } = setup(t);
  const manager: Principal = { kind: 'apikey', id: 'k', name: 'k', role: 'incident_handler', tenant: null };
  await rejects(updateAccount(db, manager, admin.id, { version: 1, email: null }), 'forbidden', /may not change an account with the admin role/);
});

test('disabling or resetting a password ends the account\'s sessions', async (t) => {
  const { db, admin } = setup(t);
  const user = await createAccount(db, admin, { username: 'pia', password: PASSWORD, role: 'analyst' });
  const limits = { ttlMs: 3_600_000, idleMs: 600_000, method: 'password' as const };
  const first = createSession(db, user, limits);
  await updateAccount(db, admin, user.id, { version: 1, password: 'another long password' });
  assert.equal(findSession(db, first.token), null);
  assert.ok((await checkLogin(db, 'pia', 'another long password')).ok);
  const second = createSession(db, user, limits);
  const disabled = disableAccount(db, admin, user.id);
  assert.equal(disabled.disabled, true);
  assert.equal(findSession(db, second.token), null);
  assert.equal((await checkLogin(db, 'pia', 'another long password')).ok, false);
  assert.deepEqual(audit(db).map((e) => e.action), ['user.create', 'user.update', 'user.disable']);
});

test('a user changes their own password with the current one; other sessions end', async (t) => {
  const { db, admin } = setup(t);
  const user: User = await createAccount(db, admin, { username: 'quinn', password: PASSWORD, role: 'client_viewer', tenant: 'acme' });
  const limits = { ttlMs: 3_600_000, idleMs: 600_000, method: 'password' as const };
  const here = createSession(db, user, limits);
  const elsewhere = createSession(db, user, limits);
  assert.equal(await changeOwnPassword(db, principalOf(user), 'wrong password!', 'brand new password'), false);
  assert.equal(await changeOwnPassword(db, principalOf(user), PASSWORD, 'brand new password', here.token), true);
  assert.ok(findSession(db, here.token));
  assert.equal(findSession(db, elsewhere.token), null);
  assert.ok((await checkLogin(db, 'quinn', 'brand new password')).ok);
  await rejects(changeOwnPassword(db, { ...principalOf(user), kind: 'apikey' }, PASSWORD, 'brand new password'), 'forbidden');
  const last = audit(db).at(-1)!;
  assert.equal(last.action, 'user.password_change');
  assert.equal(last.tenant_id, 'acme');
});
