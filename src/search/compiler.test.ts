import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBTimestampValue } from '@duckdb/node-api';
import { QuerySyntaxError } from '../errors.js';
import type { QueryNode } from './ast.js';
import { compileQuery, fieldExpression } from './compiler.js';
import { parseQuery } from './parser.js';

/** Every '...' literal in the SQL text. */
function literals(where: string): string[] {
  return where.match(/'(?:[^']|'')*'/g) ?? [];
}

/** The only string literals the compiler itself writes. */
const OWN_LITERALS = new Set([`'\\'`, `':'`, `'0'`, `'ffff'`]);

/** `?` placeholders outside string literals. */
function placeholders(where: string): number {
  return where.replace(/'(?:[^']|'')*'/g, '').split('?').length - 1;
}

const HOSTILE: string[] = [
  `user.name:"x' OR 1=1 --"`,
  `user.name:"x' OR '1'='1"`,
  `message:"'); DROP TABLE events; --"`,
  `"'; DELETE FROM events; --"`,
  `winlog.event_data.Image:"') OR TRUE --"`,
  `process.name:*'*`,
  `x.y:"\\"; SELECT 1; --"`,
  `custom.field:(a' OR b')`,
  `url.original:"%' OR '%'='"`,
  `event.code:"1' OR 1=1"`,
  `tags:"$1"`,
  `user.name:"?"`,
];

describe('compileQuery: values never become SQL text', () => {
  for (const query of HOSTILE) {
    test(query, () => {
      const { where, params } = compileQuery(query);
      for (const literal of literals(where)) assert.ok(OWN_LITERALS.has(literal), `unexpected literal ${literal} in ${where}`);
      assert.equal(placeholders(where), params.length, where);
      assert.doesNotMatch(where, /DROP|DELETE|SELECT|1=1|TRUE --/);
    });
  }

  test('each value is one parameter, in text order', () => {
    const { where, params } = compileQuery('user.name:"O\'Brien" AND process.name:cmd*.exe AND source.port>=1024');
    assert.deepEqual(params, ["O'Brien", '(?s)^[cC][mM][dD].*\\x{2e}[eE][xX][eE]$', 1024]);
    assert.equal(where, `(lower("user.name") = lower(?) AND regexp_matches("process.name", ?) AND "source.port" >= ?)`);
  });

  test('an extra field is read with its JSON pointer as a parameter', () => {
    const { where, params } = compileQuery('winlog.event_data.TargetUserName:admin');
    assert.equal(
      where,
      'len(list_filter(vigil_extra_values("extra", ?), lambda vigil_elem: CASE WHEN lower(vigil_elem) = lower(?) THEN TRUE ELSE FALSE END)) > 0',
    );
    assert.deepEqual(params, ['/winlog.event_data.TargetUserName', 'admin']);
  });

  test('a numeric extra value is also compared as a number', () => {
    const { params } = compileQuery('winlog.event_data.LogonType:3');
    assert.deepEqual(params, ['/winlog.event_data.LogonType', '3', 3]);
  });

  test('ASCII values become RE2 patterns: letters in both cases, every other character but digits escaped', () => {
    assert.deepEqual(compileQuery('process.name:a%b_c*d?e').params, ['(?s)^[aA]\\x{25}[bB]\\x{5f}[cC].*[dD].[eE]$']);
    assert.deepEqual(compileQuery('file.path:C:\\Temp\\x*').params, ['(?s)^[cC]\\x{3a}\\x{5c}[tT][eE][mM][pP]\\x{5c}[xX].*$']);
    assert.deepEqual(compileQuery('file.path:a\\*b*').params, ['(?s)^[aA]\\x{2a}[bB].*$']);
    // i and k also match the other code points lower() turns into them; a phrase is contained.
    assert.deepEqual(compileQuery('message:"Kit 9"').params, ['(?s)[kK\u212a][iI\u0130][tT]\\x{20}9']);
  });

  test('values with other characters keep lower() and LIKE patterns, escaping %, _ and \\', () => {
    assert.deepEqual(compileQuery('process.name:é%b_c*d?e').params, ['é\\%b\\_c%d_e']);
    assert.deepEqual(compileQuery('message:"50%_ÖFF"').params, ['50%_öff']);
    assert.deepEqual(compileQuery('message:50%_é*').params, ['%50\\%\\_é%%']);
  });

  test('dates are TIMESTAMP parameters (microseconds)', () => {
    const { where, params } = compileQuery('@timestamp:2024-01-01');
    assert.equal(where, `("@timestamp" >= ? AND "@timestamp" < ?)`);
    assert.ok(params[0] instanceof DuckDBTimestampValue && params[1] instanceof DuckDBTimestampValue);
    assert.equal(params[0].micros, BigInt(Date.UTC(2024, 0, 1)) * 1000n);
    assert.equal(params[1].micros, BigInt(Date.UTC(2024, 0, 2)) * 1000n);
  });

  test('date ranges bound the whole period written', () => {
    const day = (d: number) => BigInt(Date.UTC(2024, 0, d)) * 1000n;
    const bounds = (query: string) => compileQuery(query).params.map((p) => (p as DuckDBTimestampValue).micros);
    assert.deepEqual(bounds('@timestamp>2024-01-01'), [day(2)]);
    assert.deepEqual(bounds('@timestamp>=2024-01-01'), [day(1)]);
    assert.deepEqual(bounds('@timestamp<2024-01-01'), [day(1)]);
    assert.deepEqual(bounds('@timestamp<=2024-01-01'), [day(2)]);
    assert.match(compileQuery('@timestamp>2024-01-01').where, /"@timestamp" >= \?/);
    assert.match(compileQuery('@timestamp<=2024-01-01').where, /"@timestamp" < \?/);
  });

  test('CIDR: dotted quads compare 32 bits, IPv6 text its full key, both behind text pre-tests', () => {
    // An `extra` field: values are stored as written, so IPv6 text is tested too (::ffff:172.16.1.1).
    const v4 = compileQuery('winlog.event_data.IpAddress:172.16.0.0/12');
    assert.equal(
      v4.where,
      `len(list_filter(vigil_extra_values("extra", ?), lambda vigil_elem: CASE WHEN ((starts_with(vigil_elem, ?) AND (vigil_ipv4_int(vigil_elem) BETWEEN ? AND ?)) OR ` +
        `((contains(vigil_elem, ':') AND ltrim(lower(split_part(vigil_elem, ':', 1)), '0') = ? AND contains(lower(vigil_elem), 'ffff')) AND (vigil_ip_key(vigil_elem) BETWEEN ? AND ?))) THEN TRUE ELSE FALSE END)) > 0`,
    );
    assert.deepEqual(v4.params, ['/winlog.event_data.IpAddress', '172.', 0xac100000, 0xac1fffff, '', '00000000000000000000ffffac100000', '00000000000000000000ffffac1fffff']);
    const v6 = compileQuery('source.ip:2001:db8::/32');
    assert.equal(
      v6.where,
      `((contains("source.ip", ':') AND ltrim(lower(split_part("source.ip", ':', 1)), '0') = ?) AND (vigil_ip_key("source.ip") BETWEEN ? AND ?))`,
    );
    assert.deepEqual(v6.params, ['2001', '20010db8000000000000000000000000', '20010db8ffffffffffffffffffffffff']);
    assert.deepEqual(compileQuery('source.ip:0.0.0.0/0').params.slice(0, 2), [0, 0xffffffff]);
    assert.deepEqual(compileQuery('source.ip:::/0').params, [0, 0xffffffff, '0'.repeat(32), 'f'.repeat(32)]);
  });

  test('typed IP columns hold IPv4 as dotted quads only: IPv4 needles and networks need no IPv6 test', () => {
    // Plain equality for one address is what lets DuckDB filter inside the Parquet scan.
    assert.deepEqual(compileQuery('source.ip:192.0.2.77'), { where: '"source.ip" = ?', params: ['192.0.2.77'] });
    assert.deepEqual(compileQuery('source.ip:"::ffff:c000:24d"'), { where: '"source.ip" = ?', params: ['192.0.2.77'] });
    assert.deepEqual(compileQuery('source.ip:172.16.0.0/12'), {
      where: '(starts_with("source.ip", ?) AND (vigil_ipv4_int("source.ip") BETWEEN ? AND ?))',
      params: ['172.', 0xac100000, 0xac1fffff],
    });
    assert.deepEqual(compileQuery('source.ip:::ffff:0:0/96'), {
      where: `(NOT contains("source.ip", ':') AND (vigil_ipv4_int("source.ip") BETWEEN ? AND ?))`,
      params: [0, 0xffffffff],
    });
    // `extra` values are stored as written, so ::ffff:192.0.2.77 must still be looked for there.
    const extra = compileQuery('winlog.event_data.IpAddress:192.0.2.77/32');
    assert.match(extra.where, /CASE WHEN \(vigil_elem = \? OR \(\(contains\(vigil_elem, ':'\).* AND \(vigil_ip_key\(vigil_elem\) BETWEEN \? AND \?\)\)\)/);
    assert.deepEqual(extra.params, ['/winlog.event_data.IpAddress', '192.0.2.77', '', '00000000000000000000ffffc000024d', '00000000000000000000ffffc000024d']);
  });
});

describe('compileQuery: field names', () => {
  const bad = (field: string): QueryNode => ({ type: 'match', field, value: { kind: 'string', value: 'x' }, position: 7 });

  for (const field of ['user"name', 'a" OR TRUE OR "b', "x'y", 'a b', '', 'a/b', 'a~b', '..', 'a;b']) {
    test(`rejects ${JSON.stringify(field)} in a hand-built AST`, () => {
      assert.throws(() => compileQuery(bad(field)), (e: unknown) => e instanceof QuerySyntaxError && e.position === 7);
    });
  }

  test('rejects a field name with a quote typed in a query', () => {
    assert.throws(() => compileQuery('x\\"y:1'), QuerySyntaxError);
  });

  test('typed columns are quoted identifiers, other fields never are', () => {
    assert.match(compileQuery('source.port:22').where, /"source\.port" = \?/);
    assert.doesNotMatch(compileQuery('zeek.conn.history:S').where, /"zeek/);
  });

  test('fieldExpression refuses a bad name and quotes nothing it was given', () => {
    assert.throws(() => fieldExpression('a"b'), { code: 'bad_request' });
    assert.throws(() => fieldExpression(''), { code: 'bad_request' });
    assert.deepEqual(fieldExpression('zeek.conn.history'), { sql: 'unnest(vigil_extra_values("extra", ?))', params: ['/zeek.conn.history'] });
    assert.deepEqual(fieldExpression('host.name'), { sql: '"host.name"', params: [] });
    assert.deepEqual(fieldExpression('source.port'), { sql: 'CAST("source.port" AS VARCHAR)', params: [] });
    assert.deepEqual(fieldExpression('tags'), { sql: 'unnest("tags")', params: [] });
  });
});

describe('compileQuery: structure', () => {
  test('text and its parsed AST compile the same', () => {
    const query = 'a OR (b AND NOT source.ip:10.0.0.0/8) host.name:*';
    assert.deepEqual(compileQuery(query), compileQuery(parseQuery(query)));
  });

  test('the empty query and bare * match everything', () => {
    assert.deepEqual(compileQuery(''), { where: 'TRUE', params: [] });
    assert.deepEqual(compileQuery('*'), { where: 'TRUE', params: [] });
  });

  test('empty AND / OR are TRUE / FALSE', () => {
    assert.equal(compileQuery({ type: 'and', children: [] }).where, 'TRUE');
    assert.equal(compileQuery({ type: 'or', children: [] }).where, 'FALSE');
  });

  test('NOT is a CASE, so a term that is NULL (field absent) counts as not matching', () => {
    assert.equal(compileQuery('NOT user.name:x').where, 'CASE WHEN lower("user.name") = lower(?) THEN FALSE ELSE TRUE END');
  });

  test('free text searches the configured fields', () => {
    assert.equal(compileQuery('foo').where, '(regexp_matches("message", ?) OR regexp_matches("event.original", ?))');
    assert.deepEqual(compileQuery('Foo', { freeTextFields: ['message'] }), { where: 'regexp_matches("message", ?)', params: ['(?s)[fF][oO][oO]'] });
    assert.deepEqual(compileQuery('fö*', { freeTextFields: ['message'] }), { where: `"message" ILIKE ? ESCAPE '\\'`, params: ['%fö%%'] });
  });

  test('a range operator from a hand-built AST must be one of the four', () => {
    const node = { type: 'range', field: 'source.port', op: '= 1 OR 1 =', value: { kind: 'number', value: 1 }, position: 0 } as unknown as QueryNode;
    assert.throws(() => compileQuery(node), { code: 'bad_request' });
  });

  test('a hand-built CIDR with a bad prefix or address is refused', () => {
    const cidr = (address: string, prefix: number): QueryNode => ({ type: 'match', field: 'source.ip', value: { kind: 'cidr', address, prefix }, position: 3 });
    assert.throws(() => compileQuery(cidr('10.0.0.0', 33)), QuerySyntaxError);
    assert.throws(() => compileQuery(cidr('10.0.0.0', -1)), QuerySyntaxError);
    assert.throws(() => compileQuery(cidr('nope', 8)), QuerySyntaxError);
  });
});
