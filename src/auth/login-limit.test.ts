import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStateDb } from '../store/state/database.js';
import { clearUserFailures, forgiveLoginAttempt, loginRetryAfter, recordLoginAttempt } from './login-limit.js';

const limits = { maxPerUser: 3, maxPerIp: 5, windowMs: 60_000 };
const T0 = 1_800_000_000_000;

test('a username is blocked after its failures, until the oldest counted one leaves the window', (t) => {
  const db = openStateDb(':memory:');
  t.after(() => db.close());
  const attempt = { username: 'Alice', ip: '192.0.2.1' };
  recordLoginAttempt(db, attempt, limits, T0);
  recordLoginAttempt(db, attempt, limits, T0 + 10_000);
  assert.equal(loginRetryAfter(db, attempt, limits, T0 + 20_000), 0, 'two failures of three allowed');
  recordLoginAttempt(db, { username: 'alice', ip: '192.0.2.2' }, limits, T0 + 20_000);
  // Third failure (usernames ignore case): blocked until T0 + 60 s, when the first one expires.
  assert.equal(loginRetryAfter(db, attempt, limits, T0 + 20_000), 40);
  assert.equal(loginRetryAfter(db, { username: 'ALICE', ip: '198.51.100.9' }, limits, T0 + 59_500), 1, 'from any address');
  assert.equal(loginRetryAfter(db, attempt, limits, T0 + 60_000), 0);
  assert.equal(loginRetryAfter(db, { username: 'bob', ip: '192.0.2.9' }, limits, T0 + 20_000), 0, 'other users are not affected');
});

test('an address is blocked after failures across usernames (password spraying)', (t) => {
  const db = openStateDb(':memory:');
  t.after(() => db.close());
  for (let i = 0; i < 5; i++) recordLoginAttempt(db, { username: `user${i}`, ip: '203.0.113.5' }, limits, T0 + i * 1000);
  assert.equal(loginRetryAfter(db, { username: 'fresh', ip: '203.0.113.5' }, limits, T0 + 5000), 55);
  assert.equal(loginRetryAfter(db, { username: 'fresh', ip: '203.0.113.6' }, limits, T0 + 5000), 0);
});

test('a success clears the username count but not the address count; old rows are pruned', (t) => {
  const db = openStateDb(':memory:');
  t.after(() => db.close());
  for (let i = 0; i < 3; i++) recordLoginAttempt(db, { username: 'carol', ip: '192.0.2.7' }, limits, T0 + i);
  clearUserFailures(db, 'CAROL');
  assert.equal(loginRetryAfter(db, { username: 'carol', ip: '192.0.2.70' }, limits, T0 + 10), 0);
  assert.equal(db.prepare("SELECT COUNT(*) FROM login_failures WHERE scope = 'ip'").pluck().get(), 3);
  recordLoginAttempt(db, { username: 'dave', ip: '192.0.2.8' }, limits, T0 + 120_000);
  assert.equal(db.prepare('SELECT COUNT(*) FROM login_failures').pluck().get(), 2, 'only the new failure (user + ip) is left');
});

test('a forgiven attempt no longer counts, for the user or the address', (t) => {
  const db = openStateDb(':memory:');
  t.after(() => db.close());
  const attempt = { username: 'erin', ip: '192.0.2.30' };
  recordLoginAttempt(db, attempt, limits, T0);
  recordLoginAttempt(db, attempt, limits, T0 + 1);
  const right = recordLoginAttempt(db, attempt, limits, T0 + 2);
  assert.equal(loginRetryAfter(db, attempt, limits, T0 + 3), 60, 'three attempts in flight block a fourth');
  forgiveLoginAttempt(db, right);
  assert.equal(loginRetryAfter(db, attempt, limits, T0 + 3), 0);
  assert.equal(db.prepare("SELECT COUNT(*) FROM login_failures WHERE scope = 'ip'").pluck().get(), 2);
});
