// Browser sessions: a random token in an HttpOnly cookie, stored only as its SHA-256 hash,
// with an absolute expiry and an idle timeout. The CSRF token is derived from the session
// token, so it needs no storage and cannot be computed from a copy of the database.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StateDb } from '../store/state/database.js';
import { getUser, type User } from './users.js';

export const SESSION_COOKIE = 'vigil_session';

export type SessionMethod = 'password' | 'oidc';

export interface SessionInfo {
  user: User;
  method: SessionMethod;
  created_at: number;
  expires_at: number;
  /** When the session ends if nothing happens before. */
  idle_expires_at: number;
}

export interface SessionLimits {
  ttlMs: number;
  idleMs: number;
}

interface SessionRow {
  id_hash: string;
  user_id: string;
  method: SessionMethod;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  idle_timeout_ms: number;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The CSRF token of a session: a different value, derived one-way from the session token. */
export function csrfTokenOf(sessionToken: string): string {
  return createHash('sha256').update(`vigil-csrf:${sessionToken}`).digest('base64url');
}

export function csrfTokenMatches(sessionToken: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenOf(sessionToken));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function createSession(db: StateDb, user: User, options: SessionLimits & { method: SessionMethod; ip?: string; userAgent?: string }, now = Date.now()): { token: string; csrfToken: string } {
  const token = randomBytes(32).toString('base64url');
  // Expired sessions are cleared here, the one place that adds rows.
  db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at + idle_timeout_ms <= ?').run(now, now);
  db.prepare(`INSERT INTO sessions (id_hash, user_id, method, created_at, last_seen_at, expires_at, idle_timeout_ms, ip, user_agent)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(hashToken(token), user.id, options.method, now, now, now + options.ttlMs, options.idleMs, options.ip ?? null, options.userAgent?.slice(0, 500) ?? null);
  return { token, csrfToken: csrfTokenOf(token) };
}

// The idle clock is moved on at this resolution so that a busy console does not write on
// every request; an idle timeout is minutes long, so this costs it nothing that matters.
const TOUCH_RESOLUTION_MS = 15_000;

/** The live session of a token with its (enabled) user, or null; ended sessions are removed. */
export function findSession(db: StateDb, token: string, now = Date.now()): SessionInfo | null {
  const idHash = hashToken(token);
  const row = db.prepare('SELECT * FROM sessions WHERE id_hash = ?').get(idHash) as SessionRow | undefined;
  if (!row) return null;
  const user = getUser(db, row.user_id, null);
  if (now >= row.expires_at || now >= row.last_seen_at + row.idle_timeout_ms || !user || user.disabled) {
    db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
    return null;
  }
  let lastSeen = row.last_seen_at;
  if (now - lastSeen >= TOUCH_RESOLUTION_MS) {
    db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(now, idHash);
    lastSeen = now;
  }
  return {
    user,
    method: row.method,
    created_at: row.created_at,
    expires_at: row.expires_at,
    idle_expires_at: Math.min(row.expires_at, lastSeen + row.idle_timeout_ms),
  };
}

export function deleteSession(db: StateDb, token: string): boolean {
  return db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(hashToken(token)).changes > 0;
}

/** Ends a user's sessions (on disabling or a password change), but for the one kept, if any. */
export function deleteUserSessions(db: StateDb, userId: string, keepToken?: string): number {
  const keep = keepToken === undefined ? '' : hashToken(keepToken);
  return db.prepare('DELETE FROM sessions WHERE user_id = ? AND id_hash != ?').run(userId, keep).changes;
}
