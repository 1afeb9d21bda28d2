import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, crc32Js } from './crc32.js';
import type { EvtxValue } from './types.js';
import { decodeValue, filetimeToMs, formatFiletime, VT } from './values.js';

const hex = (text: string) => Buffer.from(text.replace(/\s/g, ''), 'hex');
const le64 = (n: bigint) => Buffer.from(new BigUint64Array([n]).buffer);

/** [what, value type, bytes, expected value] — formatted as Windows renders event XML. */
const CASES: [string, number, Buffer, EvtxValue][] = [
  ['null', VT.null, hex(''), null],
  ['UTF-16 string, terminating NUL dropped', VT.string, Buffer.from('cmd.exe\0', 'utf16le'), 'cmd.exe'],
  ['empty string', VT.string, hex(''), ''],
  ['ANSI string', VT.ansiString, Buffer.from('abc\0', 'latin1'), 'abc'],
  ['int8', VT.int8, hex('ff'), -1],
  ['uint8', VT.uint8, hex('ff'), 255],
  ['int16', VT.int16, hex('feff'), -2],
  ['uint16', VT.uint16, hex('ba12'), 4794],
  ['int32', VT.int32, hex('ffffffff'), -1],
  ['uint32', VT.uint32, hex('ffffffff'), 4294967295],
  ['int64 small', VT.int64, hex('feffffffffffffff'), -2],
  ['uint64 within 2^53', VT.uint64, le64(3139859n), 3139859],
  ['uint64 beyond 2^53 keeps every digit', VT.uint64, le64(18446744073709551615n), '18446744073709551615'],
  ['int64 beyond 2^53 keeps every digit', VT.int64, le64(0x8000000000000000n), '-9223372036854775808'],
  ['real32', VT.real32, Buffer.from(new Float32Array([1.5]).buffer), 1.5],
  ['real64', VT.real64, Buffer.from(new Float64Array([-0.25]).buffer), -0.25],
  ['bool true', VT.bool, hex('01000000'), true],
  ['bool false', VT.bool, hex('00000000'), false],
  ['binary as upper-case hex', VT.binary, hex('0a1bff'), '0A1BFF'],
  ['GUID, first groups little-endian', VT.guid, hex('2596845478549449a5ba3e3b0328c30d'), '{54849625-5478-4994-A5BA-3E3B0328C30D}'],
  ['size_t 32-bit', VT.sizeT, hex('10000000'), '0x10'],
  ['size_t 64-bit', VT.sizeT, le64(0x7ff6a0000000n), '0x7ff6a0000000'],
  ['FILETIME, 100 ns precision', VT.filetime, le64(131415096869686699n), '2017-06-09T19:21:26.9686699Z'],
  ['SYSTEMTIME', VT.systemtime, hex('e507 0600 0400 0300 1300 2700 3400 5903'), '2021-06-03T19:39:52.857Z'],
  ['SID', VT.sid, hex('010500000000000515000000fb540b7266280866d1a5950ff4010000'), 'S-1-5-21-1913345275-1711810662-261465553-500'],
  ['SID, well-known', VT.sid, hex('010100000000000512000000'), 'S-1-5-18'],
  ['SID with a 48-bit authority', VT.sid, hex('0100 010203040506'), 'S-1-0x010203040506'],
  ['hex32 unpadded', VT.hex32, hex('00000000'), '0x0'],
  ['hex64 unpadded', VT.hex64, le64(0x2f336fn), '0x2f336f'],
  ['hex64 keywords', VT.hex64, le64(0x8020000000000000n), '0x8020000000000000'],
  ['EvtHandle', VT.evtHandle, hex('2a000000'), 42],
  ['EvtXml kept as hex', VT.evtXml, hex('0f01'), '0F01'],
  ['unknown type kept as hex', 0x42, hex('beef'), 'BEEF'],
  ['too short for its type: hex', VT.uint32, hex('0102'), '0102'],
  ['string array', VT.string | VT.array, Buffer.from('a\0\0b\0', 'utf16le'), ['a', '', 'b']],
  ['ANSI string array', VT.ansiString | VT.array, Buffer.from('x\0yz\0', 'latin1'), ['x', 'yz']],
  ['uint16 array', VT.uint16 | VT.array, hex('01000200'), [1, 2]],
  ['GUID array', VT.guid | VT.array, hex('00'.repeat(16)), ['{00000000-0000-0000-0000-000000000000}']],
  ['SID array', VT.sid | VT.array, hex('010100000000000512000000 010100000000000513000000'), ['S-1-5-18', 'S-1-5-19']],
  ['hex64 array', VT.hex64 | VT.array, Buffer.concat([le64(1n), le64(255n)]), ['0x1', '0xff']],
  ['FILETIME array', VT.filetime | VT.array, le64(116444736000000000n), ['1970-01-01T00:00:00.0000000Z']],
  ['binary array kept as hex', VT.binary | VT.array, hex('0102'), '0102'],
];

describe('EVTX substitution values', () => {
  for (const [what, type, bytes, expected] of CASES) {
    test(what, () => {
      // Decode from the middle of a larger buffer: offsets must be honoured.
      const buf = Buffer.concat([hex('ee'), bytes, hex('ee')]);
      assert.deepEqual(decodeValue(buf, 1, bytes.length, type), expected);
    });
  }

  test('FILETIME to epoch ms and text agree, across years', () => {
    for (const [filetime, iso] of [
      [116444736000000000n, '1970-01-01T00:00:00.0000000Z'],
      [131415096869686699n, '2017-06-09T19:21:26.9686699Z'],
      [2650467743999999999n, '9999-12-31T23:59:59.9999999Z'],
    ] as const) {
      const lo = Number(filetime & 0xffffffffn);
      const hi = Number(filetime >> 32n);
      assert.equal(formatFiletime(lo, hi), iso);
      assert.equal(filetimeToMs(lo, hi), Date.parse(iso));
    }
  });
});

describe('CRC-32', () => {
  test('the table-driven fallback matches the check value and zlib', () => {
    assert.equal(crc32Js(Buffer.from('123456789')), 0xcbf43926);
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7919) & 0xff));
    assert.equal(crc32Js(data), crc32(data));
    assert.equal(crc32Js(data.subarray(500), crc32Js(data.subarray(0, 500))), crc32(data));
  });
});
