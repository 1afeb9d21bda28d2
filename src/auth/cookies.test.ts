import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCookies, serializeCookie } from './cookies.js';

describe('parseCookies', () => {
  const cases: [string, string | undefined, Record<string, string>][] = [
    ['no header', undefined, {}],
    ['one cookie', 'a=1', { a: '1' }],
    ['several, spaces around', ' a=1 ;b=two;  c = 3 ', { a: '1', b: 'two', c: '3' }],
    ['quoted value', 'a="x y"', { a: 'x y' }],
    ['percent-encoded value', 'a=%E2%9C%93%3B', { a: '✓;' }],
    ['bad percent-encoding is kept as sent', 'a=%zz', { a: '%zz' }],
    ['the first of a repeated name wins', 'a=1; a=2', { a: '1' }],
    ['parts without = are skipped', 'junk; a=1; =nameless', { a: '1' }],
    ['= inside the value', 'a=b=c', { a: 'b=c' }],
  ];
  for (const [name, header, expected] of cases) {
    test(name, () => assert.deepEqual(Object.fromEntries(parseCookies(header)), expected));
  }
});

describe('serializeCookie', () => {
  test('every attribute a session cookie needs', () => {
    const text = serializeCookie('vigil_session', 'abc', { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', maxAge: 3600 });
    const parts = text.split('; ');
    assert.equal(parts[0], 'vigil_session=abc');
    assert.ok(parts.includes('Max-Age=3600'));
    assert.ok(parts.includes('Path=/'));
    assert.ok(parts.includes('HttpOnly'));
    assert.ok(parts.includes('Secure'));
    assert.ok(parts.includes('SameSite=Lax'));
    const expires = parts.find((p) => p.startsWith('Expires='))!;
    const ms = Date.parse(expires.slice('Expires='.length)) - Date.now();
    assert.ok(ms > 3_590_000 && ms <= 3_600_000, `expires in ${ms} ms`);
  });

  test('values are encoded and read back', () => {
    const text = serializeCookie('n', 'a b;c', {});
    assert.equal(text, 'n=a%20b%3Bc');
    assert.equal(parseCookies(text).get('n'), 'a b;c');
  });

  test('no Secure or HttpOnly unless asked, Max-Age=0 deletes', () => {
    const text = serializeCookie('n', '', { maxAge: 0, path: '/x' });
    assert.ok(!text.includes('Secure'));
    assert.ok(!text.includes('HttpOnly'));
    assert.ok(text.includes('Max-Age=0'));
  });

  test('an invalid name is a programming error', () => {
    assert.throws(() => serializeCookie('a b', 'x'), /invalid cookie name/);
  });
});
