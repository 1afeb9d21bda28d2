// Login throttling: failed sign-ins are counted per username and per client address over a
// sliding window; past the limit further attempts are refused without checking the password.
// An attempt is counted before its password is checked and forgiven if it was right, so
// guesses sent in parallel count as well. Kept in SQLite so a restart resets no count.
import type { StateDb } from '../store/state/database.js';

export interface LoginLimits {
  maxPerUser: number;
  maxPerIp: number;
  windowMs: number;
}

export interface LoginAttempt {
  username: string;
  ip: string;
}

type Scope = 'user' | 'ip';

function keysOf(attempt: LoginAttempt): [Scope, string][] {
  // Usernames are case-insensitive, like the accounts they name.
  return [['user', attempt.username.toLowerCase()], ['ip', attempt.ip]];
}

/** Seconds until an attempt will be allowed again; 0 when it is allowed now. */
export function loginRetryAfter(db: StateDb, attempt: LoginAttempt, limits: LoginLimits, now = Date.now()): number {
  const nth = db.prepare('SELECT at FROM login_failures WHERE scope = ? AND key = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?').pluck();
  let until = 0;
  for (const [scope, key] of keysOf(attempt)) {
    const max = scope === 'user' ? limits.maxPerUser : limits.maxPerIp;
    // The max-th most recent failure in the window: once it leaves the window, one more try is allowed.
    const at = nth.get(scope, key, now - limits.windowMs, max - 1) as number | undefined;
    if (at !== undefined) until = Math.max(until, at + limits.windowMs);
  }
  return until > now ? Math.ceil((until - now) / 1000) : 0;
}

/**
 * Counts an attempt as failed until forgiven. Call it in the same synchronous step as
 * loginRetryAfter, before any await, so that no parallel attempt slips between the two.
 */
export function recordLoginAttempt(db: StateDb, attempt: LoginAttempt, limits: LoginLimits, now = Date.now()): number[] {
  db.prepare('DELETE FROM login_failures WHERE at <= ?').run(now - limits.windowMs);
  const insert = db.prepare('INSERT INTO login_failures (scope, key, at) VALUES (?, ?, ?)');
  return keysOf(attempt).map(([scope, key]) => Number(insert.run(scope, key, now).lastInsertRowid));
}

/** Takes back an attempt whose password was right. */
export function forgiveLoginAttempt(db: StateDb, counted: readonly number[]): void {
  const remove = db.prepare('DELETE FROM login_failures WHERE rowid = ?');
  for (const rowid of counted) remove.run(rowid);
}

/** After a successful sign-in the account's count starts again; the address's does not. */
export function clearUserFailures(db: StateDb, username: string): void {
  db.prepare("DELETE FROM login_failures WHERE scope = 'user' AND key = ?").run(username.toLowerCase());
}
