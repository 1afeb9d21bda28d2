// Address parsing for the `cidr` modifier: the hand-written dotted-quad reader agrees with a
// plain reading of its definition on typical, edge and random texts, and membership holds for
// the networks the rules use.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inCidr, parseCidr, parseIp, parseIpv4 } from './ip.js';
import { prng } from '../../test-support/prng.js';

/** The definition: four dot-separated parts of one to three digits, each at most 255. */
function reference(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

describe('IPv4 parsing', () => {
  test('typical and edge texts', () => {
    const texts = ['10.0.0.1', '255.255.255.255', '0.0.0.0', '010.1.1.1', '256.1.1.1', '1.2.3', '1.2.3.4.5', '1..3.4', '.1.2.3', '1.2.3.', '', '1.2.3.4 ', '1.2.3.-4', '1234.1.1.1', 'a.b.c.d', '١.٢.٣.٤'];
    for (const t of texts) assert.deepEqual(parseIpv4(t), reference(t), JSON.stringify(t));
  });

  test('random texts of digits and dots', () => {
    const next = prng(11);
    const alphabet = '0123456789.....9x';
    for (let i = 0; i < 20_000; i++) {
      let t = '';
      const n = 1 + Math.floor(next() * 16);
      for (let k = 0; k < n; k++) t += alphabet[Math.floor(next() * alphabet.length)];
      assert.deepEqual(parseIpv4(t), reference(t), JSON.stringify(t));
    }
  });

  test('membership, IPv4-mapped IPv6 compared as IPv4', () => {
    const net = (text: string) => parseCidr(text)!;
    const inside = (ip: string, cidr: string): boolean => {
      const n = net(cidr);
      return inCidr(parseIp(ip)!, n.version, n.words, n.prefix);
    };
    assert.ok(inside('172.31.255.1', '172.16.0.0/12'));
    assert.ok(!inside('172.32.0.1', '172.16.0.0/12'));
    assert.ok(inside('::ffff:192.168.4.2', '192.168.0.0/16'));
    assert.ok(inside('fe80::1%eth0', 'fe80::/10'));
    assert.ok(!inside('203.0.113.7', '10.0.0.0/8'));
    assert.equal(parseIp('203.0.113'), null);
  });
});
