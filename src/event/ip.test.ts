import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrRange, ipKey, parseCidr, parseIp, unmapIpv4 } from './ip.js';

const HEX: [text: string, key: string | undefined][] = [
  ['10.1.2.3', '00000000000000000000ffff0a010203'],
  ['0.0.0.0', '00000000000000000000ffff00000000'],
  ['255.255.255.255', '00000000000000000000ffffffffffff'],
  ['::', '00000000000000000000000000000000'],
  ['::1', '00000000000000000000000000000001'],
  ['1::', '00010000000000000000000000000000'],
  ['2001:db8::1', '20010db8000000000000000000000001'],
  ['2001:DB8:0:0:0:0:0:1', '20010db8000000000000000000000001'],
  ['2001:0db8:0000:0000:0000:0000:0000:0001', '20010db8000000000000000000000001'],
  ['fe80::1%eth0', 'fe800000000000000000000000000001'],
  ['::ffff:10.1.2.3', '00000000000000000000ffff0a010203'],
  ['1:2:3:4:5:6:1.2.3.4', '00010002000300040005000601020304'],
  ['1:2:3:4:5:6:7::', '00010002000300040005000600070000'],
  ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffffffffffffffffffffffffffffffff'],
  ['256.1.1.1', undefined],
  ['1.2.3', undefined],
  ['01.2.3.4', undefined],
  ['1.2.3.4.5', undefined],
  ['1:2:3:4:5:6:7:8:9', undefined],
  ['1:2:3:4:5:6:7', undefined],
  ['1::2::3', undefined],
  ['1:::2', undefined],
  [':1::2', undefined],
  ['12345::', undefined],
  ['g::1', undefined],
  ['1::2:3:4:5:6:7:8', undefined],
  ['1.2.3.4::', undefined],
  ['::ffff:1.2.3.256', undefined],
  ['', undefined],
  ['abc', undefined],
];

describe('parseIp and ipKey', () => {
  for (const [text, key] of HEX) {
    test(JSON.stringify(text), () => {
      const ip = parseIp(text);
      assert.equal(ip === undefined ? undefined : ipKey(ip.value), key);
    });
  }

  test('the family is the one written', () => {
    assert.equal(parseIp('10.0.0.1')?.version, 4);
    assert.equal(parseIp('::ffff:10.0.0.1')?.version, 6);
  });
});

describe('unmapIpv4', () => {
  const CASES: [text: string, stored: string][] = [
    ['::ffff:192.0.2.77', '192.0.2.77'],
    ['::FFFF:192.0.2.77', '192.0.2.77'],
    ['::ffff:c000:24d', '192.0.2.77'],
    ['0:0:0:0:0:ffff:0a00:0001', '10.0.0.1'],
    ['::ffff:0.0.0.0', '0.0.0.0'],
    ['::ffff:255.255.255.255', '255.255.255.255'],
    ['::ffff:10.1.2.3%eth0', '10.1.2.3'],
    // Not IPv4-mapped, or not an address: kept as written.
    ['192.0.2.77', '192.0.2.77'],
    ['::192.0.2.77', '::192.0.2.77'],
    ['::1:ffff:192.0.2.77', '::1:ffff:192.0.2.77'],
    ['ffff::1', 'ffff::1'],
    ['2001:db8::ffff', '2001:db8::ffff'],
    ['::ffff:1.2.3.256', '::ffff:1.2.3.256'],
    ['not ffff:an address', 'not ffff:an address'],
  ];
  for (const [text, stored] of CASES) test(JSON.stringify(text), () => assert.equal(unmapIpv4(text), stored));

  test('gives the same key as the text it replaces', () => {
    for (const [text, stored] of CASES) {
      const ip = parseIp(text);
      if (ip) assert.equal(ipKey(parseIp(stored)!.value), ipKey(ip.value), text);
    }
  });
});

describe('parseCidr', () => {
  const range = (address: string, prefix: string) => {
    const cidr = parseCidr(address, prefix);
    assert.ok(typeof cidr !== 'string', cidr as string);
    return [ipKey(cidr.low), ipKey(cidr.high)];
  };

  test('IPv4 prefixes on and off octet boundaries', () => {
    assert.deepEqual(range('10.0.0.0', '8'), ['00000000000000000000ffff0a000000', '00000000000000000000ffff0affffff']);
    assert.deepEqual(range('172.16.0.0', '12'), ['00000000000000000000ffffac100000', '00000000000000000000ffffac1fffff']);
    assert.deepEqual(range('192.168.16.0', '20'), ['00000000000000000000ffffc0a81000', '00000000000000000000ffffc0a81fff']);
    assert.deepEqual(range('10.1.2.3', '32'), ['00000000000000000000ffff0a010203', '00000000000000000000ffff0a010203']);
    assert.deepEqual(range('0.0.0.0', '0'), ['00000000000000000000ffff00000000', '00000000000000000000ffffffffffff']);
  });

  test('host bits past the prefix are ignored', () => {
    assert.deepEqual(range('10.1.2.3', '8'), range('10.0.0.0', '8'));
  });

  test('IPv6 prefixes', () => {
    assert.deepEqual(range('2001:db8::', '32'), ['20010db8000000000000000000000000', '20010db8ffffffffffffffffffffffff']);
    assert.deepEqual(range('2001:db8::', '31'), ['20010db8000000000000000000000000', '20010db9ffffffffffffffffffffffff']);
    assert.deepEqual(range('fe80::', '10'), ['fe800000000000000000000000000000', 'febfffffffffffffffffffffffffffff']);
    assert.deepEqual(range('::', '0'), ['00000000000000000000000000000000', 'ffffffffffffffffffffffffffffffff']);
  });

  test('errors name the problem', () => {
    assert.equal(parseCidr('10.0.0', '8'), `'10.0.0' is not an IP address`);
    assert.equal(parseCidr('10.0.0.0', '33'), 'the prefix length must be a number from 0 to 32');
    assert.equal(parseCidr('::', '129'), 'the prefix length must be a number from 0 to 128');
    assert.equal(parseCidr('::', ''), 'the prefix length must be a number from 0 to 128');
    assert.equal(parseCidr('::', '+1'), 'the prefix length must be a number from 0 to 128');
  });

  test('cidrRange counts an IPv4 prefix within the IPv4 address', () => {
    const ip = parseIp('192.168.1.1')!;
    assert.equal(ipKey(cidrRange(ip, 24).low), '00000000000000000000ffffc0a80100');
  });
});
