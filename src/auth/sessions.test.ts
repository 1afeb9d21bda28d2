import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStateDb, type StateDb } from '../store/state/database.js';
import { ensureDefaultTenant } from '../tenants/tenants.js';
import { createSession, csrfTokenMatches, csrfTokenOf, deleteSession, deleteUserSessions, findSession } from './sessions.js';
import { insertUser, updateUserRow, type User } from './users.js';

const T0 = 1_800_000_000_000;
const limits = { ttlMs: 3_600_000, idleMs: 600_000, method: 'password' as const };

function setup(t: { after(fn: () => void): void }): { db: StateDb; user: User } {
  const db = openStateDb(':memory:');
  t.after(() => db.close());
  ensureDefaultTenant(db);
  return { db, user: insertUser(db, { username: 'erin', passwordHash: null, role: 'analyst', tenant: null }) };
}

test('a session is found by its token only; the database holds its hash', (t) => {
  const { db, user } = setup(t);
  const { token, csrfToken } = createSession(db, user, { ...limits, ip: '192.0.2.1', userAgent: 'test' }, T0);
  assert.equal(csrfToken, csrfTokenOf(token));
  const found = findSession(db, token, T0 + 1000);
  assert.equal(found?.user.id, user.id);
  assert.equal(found?.method, 'password');
  assert.equal(found?.expires_at, T0 + 3_600_000);
  assert.equal(findSession(db, `${token}x`, T0 + 1000), null);
  const stored = JSON.stringify(db.prepare('SELECT * FROM sessions').all());
  assert.ok(!stored.includes(token), 'the token is not stored');
  assert.ok(!stored.includes(csrfToken), 'the CSRF token is not stored');
});

test('the CSRF token belongs to its session and is checked in full', (t) => {
  const { db, user } = setup(t);
  const a = createSession(db, user, limits, T0);
  const b = createSession(db, user, limits, T0);
  assert.notEqual(a.csrfToken, a.token);
  assert.ok(csrfTokenMatches(a.token, a.csrfToken));
  assert.ok(!csrfTokenMatches(a.token, b.csrfToken));
  assert.ok(!csrfTokenMatches(a.token, a.csrfToken.slice(0, -1)));
  assert.ok(!csrfTokenMatches(a.token, undefined));
  assert.ok(!csrfTokenMatches(a.token, ''));
});

test('an idle session ends, and is removed', (t) => {
  const { db, user } = setup(t);
  const { token } = createSession(db, user, limits, T0);
  assert.ok(findSession(db, token, T0 + 599_999));
  // That use moved the idle clock on: ten minutes from it, not from the start.
  assert.ok(findSession(db, token, T0 + 1_100_000));
  assert.equal(findSession(db, token, T0 + 1_100_000 + 600_000), null);
  assert.equal(db.prepare('SELECT COUNT(*) FROM sessions').pluck().get(), 0);
});

test('a busy session still ends at its absolute expiry', (t) => {
  const { db, user } = setup(t);
  const { token } = createSession(db, user, limits, T0);
  for (let at = T0; at < T0 + 3_600_000; at += 300_000) assert.ok(findSession(db, token, at), `alive at +${at - T0} ms`);
  assert.equal(findSession(db, token, T0 + 3_600_000), null);
});

test('disabling the user ends the session at once', (t) => {
  const { db, user } = setup(t);
  const { token } = createSession(db, user, limits, T0);
  updateUserRow(db, user.id, null, { disabled: true });
  assert.equal(findSession(db, token, T0 + 1), null);
});

test('the role is read fresh on every request', (t) => {
  const { db, user } = setup(t);
  const { token } = createSession(db, user, limits, T0);
  updateUserRow(db, user.id, null, { role: 'client_viewer', tenant: 'default' });
  const found = findSession(db, token, T0 + 1);
  assert.equal(found?.user.role, 'client_viewer');
  assert.equal(found?.user.tenant, 'default');
});

test('logout and ending all sessions but one', (t) => {
  const { db, user } = setup(t);
  const a = createSession(db, user, limits, T0);
  const b = createSession(db, user, limits, T0);
  const c = createSession(db, user, limits, T0);
  assert.equal(deleteSession(db, a.token), true);
  assert.equal(deleteSession(db, a.token), false);
  assert.equal(findSession(db, a.token, T0), null);
  assert.equal(deleteUserSessions(db, user.id, c.token), 1);
  assert.equal(findSession(db, b.token, T0), null);
  assert.ok(findSession(db, c.token, T0));
});

test('expired sessions are swept when a new one opens', (t) => {
  const { db, user } = setup(t);
  createSession(db, user, limits, T0);
  createSession(db, user, limits, T0 + 4_000_000);
  assert.equal(db.prepare('SELECT COUNT(*) FROM sessions').pluck().get(), 1);
});
