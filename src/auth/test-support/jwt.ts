// Signing JWTs for tests: an RSA key pair with its public JWK, and compact RS256 tokens.
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Jwk } from '../oidc/id-token.js';

export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Jwk;
}

export function testKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' } };
}

function part(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A compact JWS; the header is taken as given (tests forge odd ones), the signature is RS256. */
export function signJwt(key: TestKey, payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT', kid: key.kid }): string {
  const input = `${part(header)}.${part(payload)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key.privateKey).toString('base64url')}`;
}
