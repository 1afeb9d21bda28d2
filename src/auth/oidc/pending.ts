// Sign-ins waiting for the provider's callback: nonce and PKCE verifier kept server-side under
// the hash of their state, usable once and for a few minutes.
import { createHash } from 'node:crypto';
import type { StateDb } from '../../store/state/database.js';
import type { PendingSignIn } from './client.js';

export const PENDING_MAX_AGE_MS = 10 * 60_000;

function hashState(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}

export function savePending(db: StateDb, state: string, pending: PendingSignIn, now = Date.now()): void {
  db.prepare('DELETE FROM oidc_pending WHERE created_at <= ?').run(now - PENDING_MAX_AGE_MS);
  db.prepare('INSERT INTO oidc_pending (state_hash, nonce, code_verifier, created_at) VALUES (?, ?, ?, ?)')
    .run(hashState(state), pending.nonce, pending.codeVerifier, now);
}

/** The pending sign-in of a state, removed as it is read; null when unknown or too old. */
export function takePending(db: StateDb, state: string, now = Date.now()): PendingSignIn | null {
  const row = db.prepare('DELETE FROM oidc_pending WHERE state_hash = ? RETURNING nonce, code_verifier, created_at')
    .get(hashState(state)) as { nonce: string; code_verifier: string; created_at: number } | undefined;
  if (!row || now - row.created_at >= PENDING_MAX_AGE_MS) return null;
  return { nonce: row.nonce, codeVerifier: row.code_verifier };
}
