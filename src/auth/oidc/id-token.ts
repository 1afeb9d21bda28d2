// Checks an OpenID Connect ID token: an RS256 signature by a key of the provider's JWKS, then
// the claims that bind it to this client and this sign-in (iss, aud, azp, exp, iat, nonce).
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { VigilError } from '../../errors.js';

export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  nonce?: string;
  [claim: string]: unknown;
}

export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  nonce: string;
  /** Seconds of clock difference tolerated on exp and iat. */
  skewSeconds: number;
  now?: number;
}

export type Jwk = JsonWebKey & { kid?: string; use?: string; alg?: string };

/** A refused token: the reason is for logs and the audit log; callers answer 401. */
export class IdTokenError extends VigilError {
  constructor(reason: string) {
    super('unauthorized', `ID token refused: ${reason}`);
  }
}

function decodeJson(part: string, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new IdTokenError(`${what} is not a JSON object`);
}

/** The header's key id, to look the key up before verifying. */
export function idTokenKeyId(token: string): string | undefined {
  const kid = decodeJson(token.split('.')[0] ?? '', 'header').kid;
  return typeof kid === 'string' ? kid : undefined;
}

/** The keys that may have signed a token with this key id. */
export function candidateKeys(keys: readonly Jwk[], kid: string | undefined): Jwk[] {
  return keys.filter((k) => k.kty === 'RSA' && (k.use === undefined || k.use === 'sig') && (k.alg === undefined || k.alg === 'RS256') && (kid === undefined || k.kid === kid));
}

export function verifyIdToken(token: string, keys: readonly Jwk[], expect: IdTokenExpectations): IdTokenClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new IdTokenError('not a signed JWT');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart, 'header');
  // Only RS256: never "none", and never an HMAC whose secret would be the public key.
  if (header.alg !== 'RS256') throw new IdTokenError(`algorithm ${JSON.stringify(header.alg)} is not accepted (RS256 only)`);
  const candidates = candidateKeys(keys, typeof header.kid === 'string' ? header.kid : undefined);
  if (candidates.length === 0) throw new IdTokenError('no key of the provider matches the token');
  const signed = Buffer.from(`${headerPart}.${payloadPart}`);
  const signature = Buffer.from(signaturePart, 'base64url');
  const good = candidates.some((jwk) => {
    try {
      return verify('RSA-SHA256', signed, createPublicKey({ key: jwk, format: 'jwk' }), signature);
    } catch {
      return false;
    }
  });
  if (!good) throw new IdTokenError('bad signature');

  const claims = decodeJson(payloadPart, 'payload');
  const now = Math.floor((expect.now ?? Date.now()) / 1000);
  if (claims.iss !== expect.issuer) throw new IdTokenError(`issuer ${JSON.stringify(claims.iss)} is not ${expect.issuer}`);
  const audiences = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  if (!audiences.includes(expect.clientId)) throw new IdTokenError('the token is not meant for this client (aud)');
  if (claims.azp !== undefined && claims.azp !== expect.clientId) throw new IdTokenError('the token was issued to another party (azp)');
  if (audiences.length > 1 && claims.azp === undefined) throw new IdTokenError('several audiences and no azp');
  if (typeof claims.exp !== 'number' || claims.exp + expect.skewSeconds <= now) throw new IdTokenError('expired');
  if (typeof claims.iat !== 'number' || claims.iat - expect.skewSeconds > now) throw new IdTokenError('issued in the future (iat)');
  if (claims.nonce !== expect.nonce) throw new IdTokenError('nonce does not match this sign-in');
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new IdTokenError('no subject');
  return claims as IdTokenClaims;
}
