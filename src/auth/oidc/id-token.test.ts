import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { signJwt, testKey } from '../test-support/jwt.js';
import { IdTokenError, verifyIdToken } from './id-token.js';

const key = testKey('k1');
const other = testKey('k2');
const NOW = 1_800_000_000_000;
const now = NOW / 1000;
const expect = { issuer: 'https://idp.example', clientId: 'vigil', nonce: 'n-123', skewSeconds: 60, now: NOW };
const good = { iss: 'https://idp.example', aud: 'vigil', sub: 'user-1', exp: now + 300, iat: now, nonce: 'n-123', preferred_username: 'frank' };

function unsigned(header: Record<string, unknown>, payload: Record<string, unknown>, signature = ''): string {
  const p = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${p(header)}.${p(payload)}.${signature}`;
}

test('a good token gives its claims', () => {
  const claims = verifyIdToken(signJwt(key, good), [other.publicJwk, key.publicJwk], expect);
  assert.equal(claims.sub, 'user-1');
  assert.equal(claims.preferred_username, 'frank');
});

test('tokens within the clock skew pass', () => {
  assert.ok(verifyIdToken(signJwt(key, { ...good, exp: now - 30, iat: now + 30 }), [key.publicJwk], expect));
  assert.ok(verifyIdToken(signJwt(key, { ...good, aud: ['vigil', 'other'], azp: 'vigil' }), [key.publicJwk], expect));
});

describe('refused tokens', () => {
  const hmacHeader = Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'k1' })).toString('base64url');
  const hmacPayload = Buffer.from(JSON.stringify(good)).toString('base64url');
  const cases: [string, string, RegExp][] = [
    ['signed by a key the provider does not list', signJwt(other, good, { alg: 'RS256', kid: 'k1' }), /bad signature/],
    ['unknown key id', signJwt(other, good), /no key/],
    ['alg none', unsigned({ alg: 'none' }, good), /algorithm "none"/],
    // The classic confusion: an HMAC keyed with the public key's text.
    ['HS256 with the public key as secret', `${hmacHeader}.${hmacPayload}.${createHmac('sha256', JSON.stringify(key.publicJwk)).update(`${hmacHeader}.${hmacPayload}`).digest('base64url')}`, /algorithm "HS256"/],
    ['payload changed after signing', (() => { const [h, , s] = signJwt(key, good).split('.'); return `${h}.${Buffer.from(JSON.stringify({ ...good, sub: 'admin' })).toString('base64url')}.${s}`; })(), /bad signature/],
    ['another issuer', signJwt(key, { ...good, iss: 'https://evil.example' }), /issuer/],
    ['another audience', signJwt(key, { ...good, aud: 'someone-else' }), /aud/],
    ['several audiences without azp', signJwt(key, { ...good, aud: ['vigil', 'x'] }), /azp/],
    ['azp of another party', signJwt(key, { ...good, azp: 'x' }), /azp/],
    ['expired', signJwt(key, { ...good, exp: now - 61 }), /expired/],
    ['no exp', signJwt(key, { ...good, exp: undefined }), /expired/],
    ['issued in the future', signJwt(key, { ...good, iat: now + 120 }), /iat/],
    ['nonce of another sign-in', signJwt(key, { ...good, nonce: 'n-999' }), /nonce/],
    ['no nonce', signJwt(key, { ...good, nonce: undefined }), /nonce/],
    ['no subject', signJwt(key, { ...good, sub: '' }), /subject/],
    ['not a JWT', 'abc.def', /not a signed JWT/],
    ['a header that is not JSON', 'bm90IGpzb24.e30.x', /header is not a JSON object/],
    ['no algorithm', 'e30.e30.x', /algorithm undefined/],
  ];
  for (const [name, token, message] of cases) {
    test(name, () => {
      assert.throws(() => verifyIdToken(token, [key.publicJwk], expect), (error: unknown) => {
        assert.ok(error instanceof IdTokenError);
        assert.equal(error.status, 401);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});
