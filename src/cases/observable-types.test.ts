import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalObservable, hashAlgorithm, type ObservableType } from './observable-types.js';

describe('canonical observable values', () => {
  const valid: [ObservableType, string, string][] = [
    ['ip', '203.0.113.7', '203.0.113.7'],
    ['ip', '2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['ip', '[2001:db8::1]', '2001:db8::1'],
    ['domain', 'Example.COM.', 'example.com'],
    ['fqdn', 'Login.Example-Bank.co.uk', 'login.example-bank.co.uk'],
    ['hostname', 'SWACHCHHANDA', 'swachchhanda'],
    ['hash', '88DF27B6E794E3FD5F93F28B1CA1D3D0', '88df27b6e794e3fd5f93f28b1ca1d3d0'],
    ['mail', ' Alice@Example.com ', 'alice@example.com'],
    ['url', 'https://evil.example/a?b=c', 'https://evil.example/a?b=c'],
    ['registry', 'HKLM\\SOFTWARE\\Policies', 'HKLM\\SOFTWARE\\Policies'],
    ['user', 'xodih', 'xodih'],
  ];
  for (const [type, raw, expected] of valid) {
    test(`${type} ${raw}`, () => {
      const result = canonicalObservable(type, raw);
      assert.deepEqual(result.ok && result.value, expected);
    });
  }

  const invalid: [ObservableType, string][] = [
    ['ip', '300.1.1.1'], ['ip', 'example.com'], ['domain', 'localhost'], ['fqdn', 'bad host.example'],
    ['hash', 'abc'], ['hash', 'z'.repeat(32)], ['mail', 'not-an-address'], ['url', '/index.php'], ['user', '   '],
  ];
  for (const [type, raw] of invalid) {
    test(`rejects ${type} ${JSON.stringify(raw)}`, () => assert.equal(canonicalObservable(type, raw).ok, false));
  }
});

test('hash algorithms are told by the digest length', () => {
  assert.equal(hashAlgorithm('a'.repeat(32)), 'md5');
  assert.equal(hashAlgorithm('a'.repeat(40)), 'sha1');
  assert.equal(hashAlgorithm('A'.repeat(64)), 'sha256');
  assert.equal(hashAlgorithm('a'.repeat(128)), 'sha512');
  assert.equal(hashAlgorithm('a'.repeat(48)), null);
  assert.equal(hashAlgorithm('g'.repeat(32)), null);
  const sha256 = canonicalObservable('hash', 'F8810179AB033A9B79CD7006C1A74FBCDE6ED0451C92FBB8C7CE15B52499353A');
  assert.equal(sha256.ok && sha256.hash_algorithm, 'sha256');
});
