// The SQL macros against their TypeScript counterparts, on a real DuckDB connection.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { ipKey, parseIp } from '../event/ip.js';
import { SEARCH_SQL_MACROS } from './macros.js';

let connection: DuckDBConnection;

before(async () => {
  const instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  for (const macro of SEARCH_SQL_MACROS) await connection.run(macro);
});

after(() => connection.closeSync());

async function keys(texts: string[]): Promise<Map<string, string | null>> {
  const reader = await connection.runAndReadAll('SELECT t, vigil_ip_key(t) AS k FROM (SELECT unnest(?) AS t)', [listValue(texts)]);
  return new Map(reader.getRowObjectsJS().map((r) => [String(r.t), r.k === null ? null : String(r.k)]));
}

async function ipv4Numbers(texts: string[]): Promise<Map<string, number | null>> {
  const reader = await connection.runAndReadAll('SELECT t, vigil_ipv4_int(t) AS n FROM (SELECT unnest(?) AS t)', [listValue(texts)]);
  return new Map(reader.getRowObjectsJS().map((r) => [String(r.t), r.n === null ? null : Number(r.n)]));
}

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** `::` in place of the longest run of zero groups (two or more), as RFC 5952 writes it. */
function compress(groups: number[]): string {
  let best = { at: -1, length: 1 };
  for (let i = 0; i < groups.length; ) {
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

function spellings(count: number): { text: string; key: string }[] {
  const next = random(20240229);
  const out: { text: string; key: string }[] = [];
  for (let n = 0; n < count; n++) {
    const groups = Array.from({ length: 8 }, () => (next() < 0.4 ? 0 : Math.floor(next() * 0x10000)));
    const key = groups.map((g) => g.toString(16).padStart(4, '0')).join('');
    out.push({ text: compress(groups), key });
    out.push({ text: groups.map((g) => g.toString(16).padStart(4, '0').toUpperCase()).join(':'), key });
    out.push({ text: `${groups.map((g) => g.toString(16)).join(':')}%eth${n}`, key });
    const octets = Array.from({ length: 4 }, () => Math.floor(next() * 256));
    const v4key = `00000000000000000000ffff${octets.map((o) => o.toString(16).padStart(2, '0')).join('')}`;
    out.push({ text: octets.join('.'), key: v4key });
    out.push({ text: `::ffff:${octets.join('.')}`, key: v4key });
    out.push({ text: `${groups.slice(0, 6).map((g) => g.toString(16)).join(':')}:${octets.join('.')}`, key: key.slice(0, 24) + v4key.slice(24) });
  }
  return out;
}

describe('vigil_ip_key agrees with parseIp/ipKey', () => {
  test('hand-picked addresses, valid and not', async () => {
    const texts = [
      '10.1.2.3', '0.0.0.0', '255.255.255.255', '::', '::1', '1::', '2001:db8::1', '2001:DB8:0:0:0:0:0:1', 'fe80::1%eth0',
      '::ffff:10.1.2.3', '::1.2.3.4', '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', 'a:b:c:d:e:f:0:1',
      '256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4.5', ' 1.2.3.4', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '1::2::3', '1:::2', ':1::2',
      '1:2:3:4:5:6:7:', ':1:2:3:4:5:6:7', '12345::', 'g::1', '1::2:3:4:5:6:7:8', '1.2.3.4::', '::ffff:1.2.3.256', '', 'abc', ':', ':::',
    ];
    const got = await keys(texts);
    const numbers = await ipv4Numbers(texts);
    for (const text of texts) {
      const ip = parseIp(text);
      assert.equal(got.get(text), ip ? ipKey(ip.value) : null, text);
      assert.equal(numbers.get(text), ip?.version === 4 ? Number(ip.value & 0xffffffffn) : null, `vigil_ipv4_int(${text})`);
    }
  });

  test('600 generated spellings of random addresses', async () => {
    const cases = spellings(100);
    const got = await keys(cases.map((c) => c.text));
    for (const { text, key } of cases) {
      assert.equal(got.get(text), key, `SQL key of ${text}`);
      assert.equal(ipKey(parseIp(text)!.value), key, `TypeScript key of ${text}`);
    }
  });
});

describe('vigil_extra_values', () => {
  test('arrays give their elements, scalars one value, absent fields [NULL]', async () => {
    const extra = JSON.stringify({ 'a.b': 'x', 'n.list': [1, 'two', null, true], num: 4.5, obj: { k: 1 }, nul: null, empty: [] });
    const reader = await connection.runAndReadAll(
      `SELECT vigil_extra_values(CAST(? AS JSON), '/a.b') AS s, vigil_extra_values(CAST(? AS JSON), '/n.list') AS l,
         vigil_extra_values(CAST(? AS JSON), '/num') AS n, vigil_extra_values(CAST(? AS JSON), '/obj') AS o,
         vigil_extra_values(CAST(? AS JSON), '/nul') AS z, vigil_extra_values(CAST(? AS JSON), '/empty') AS e,
         vigil_extra_values(CAST(? AS JSON), '/missing') AS m`,
      Array(7).fill(extra),
    );
    assert.deepEqual(reader.getRowObjectsJson()[0], {
      s: ['x'], l: ['1', 'two', null, 'true'], n: ['4.5'], o: ['{"k":1}'], z: [null], e: [], m: [null],
    });
  });
});

describe('vigil_timestamp', () => {
  const cases: [string, string | null][] = [
    ['2024-03-05T12:00:00+02:00', '2024-03-05 10:00:00'],
    ['2024-03-05T12:00:00-0130', '2024-03-05 13:30:00'],
    ['2024-03-05T12:00:00Z', '2024-03-05 12:00:00'],
    ['2024-03-05T12:00:00.250Z', '2024-03-05 12:00:00.25'],
    ['2024-03-05 12:00:00', '2024-03-05 12:00:00'],
    ['2024-03-05', '2024-03-05 00:00:00'],
    ['not a date', null],
  ];
  for (const [text, expected] of cases) {
    test(text, async () => {
      const reader = await connection.runAndReadAll('SELECT CAST(vigil_timestamp(?) AS VARCHAR) AS t', [text]);
      assert.equal(reader.getRowObjectsJS()[0]!.t, expected);
    });
  }

  test('does not depend on the session time zone', async () => {
    await connection.run(`SET TimeZone = 'America/New_York'`);
    try {
      const reader = await connection.runAndReadAll(
        `SELECT CAST(vigil_timestamp('2024-03-05T12:00:00+02:00') AS VARCHAR) AS a, CAST(vigil_timestamp('2024-03-05 12:00:00') AS VARCHAR) AS b`,
      );
      assert.deepEqual(reader.getRowObjectsJS()[0], { a: '2024-03-05 10:00:00', b: '2024-03-05 12:00:00' });
    } finally {
      await connection.run(`SET TimeZone = 'UTC'`);
    }
  });
});
