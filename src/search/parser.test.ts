import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QuerySyntaxError } from '../errors.js';
import type { QueryNode } from './ast.js';
import { MAX_QUERY_DEPTH, MAX_QUERY_LENGTH, parseQuery } from './parser.js';

const text = (value: string, position: number): QueryNode => ({ type: 'text', value: { kind: 'string', value }, position });
const match = (field: string, value: string, position = 0): QueryNode => ({
  type: 'match',
  field,
  value: { kind: 'string', value },
  position,
});

const ASTS: [query: string, ast: QueryNode][] = [
  ['', { type: 'all' }],
  ['   ', { type: 'all' }],
  ['*', { type: 'all' }],
  ['foo', text('foo', 0)],
  ['foo bar', { type: 'and', children: [text('foo', 0), text('bar', 4)] }],
  ['"foo bar"', text('foo bar', 0)],
  ['"a \\"b\\" \\\\ c\\d"', text('a "b" \\ c\\d', 0)],
  ['Power*', { type: 'text', value: { kind: 'wildcard', pattern: 'Power*' }, position: 0 }],
  ['a\\ b', text('a b', 0)],
  ['ANDROID', text('ANDROID', 0)],
  ['notes', text('notes', 0)],
  ['a OR b AND c', { type: 'or', children: [text('a', 0), { type: 'and', children: [text('b', 5), text('c', 11)] }] }],
  ['NOT a AND b', { type: 'and', children: [{ type: 'not', child: text('a', 4) }, text('b', 10)] }],
  ['a AND NOT b OR c', { type: 'or', children: [{ type: 'and', children: [text('a', 0), { type: 'not', child: text('b', 10) }] }, text('c', 15)] }],
  ['not a or b', { type: 'or', children: [{ type: 'not', child: text('a', 4) }, text('b', 9)] }],
  ['a or b or c', { type: 'or', children: [text('a', 0), text('b', 5), text('c', 10)] }],
  ['(a OR b) c', { type: 'and', children: [{ type: 'or', children: [text('a', 1), text('b', 6)] }, text('c', 9)] }],
  ['NOT(a)', { type: 'not', child: text('a', 4) }],
  ['NOT NOT a', { type: 'not', child: { type: 'not', child: text('a', 8) } }],
  ['a AND (b)', { type: 'and', children: [text('a', 0), text('b', 7)] }],
  ['user.name:bob', match('user.name', 'bob')],
  ['user.name: bob', match('user.name', 'bob')],
  ['user.name : bob', match('user.name', 'bob')],
  ['user.name:"Bob Smith"', match('user.name', 'Bob Smith')],
  ['x and user.name:bob', { type: 'and', children: [text('x', 0), match('user.name', 'bob', 6)] }],
  ['or:x', match('or', 'x')],
  ['foo:bar:baz', match('foo', 'bar:baz')],
  ['user.name:"x\\y"', match('user.name', 'x\\y')],
  ['user.name:Ünïcödé', match('user.name', 'Ünïcödé')],
  ['process.name:power*', { type: 'match', field: 'process.name', value: { kind: 'wildcard', pattern: 'power*' }, position: 0 }],
  ['process.name:p?wer', { type: 'match', field: 'process.name', value: { kind: 'wildcard', pattern: 'p?wer' }, position: 0 }],
  ['process.name:"power*"', match('process.name', 'power*')],
  ['process.name:power\\*', match('process.name', 'power*')],
  ['file.path:C:\\Windows\\System32\\cmd.exe', match('file.path', 'C:\\Windows\\System32\\cmd.exe')],
  ['file.path:*\\cmd.exe', { type: 'match', field: 'file.path', value: { kind: 'wildcard', pattern: '*\\\\cmd.exe' }, position: 0 }],
  ['file.path:a\\*b*', { type: 'match', field: 'file.path', value: { kind: 'wildcard', pattern: 'a\\*b*' }, position: 0 }],
  ['winlog.event_data.LogonType:3', match('winlog.event_data.LogonType', '3')],
  ['url.path:/admin/x', match('url.path', '/admin/x')],
  ['@timestamp:2024-01-01', { type: 'match', field: '@timestamp', value: { kind: 'date', from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 0, 2) }, position: 0 }],
  ['source.port:443', { type: 'match', field: 'source.port', value: { kind: 'number', value: 443 }, position: 0 }],
  ['host.name:*', { type: 'exists', field: 'host.name', position: 0 }],
  ['host.name:"*"', match('host.name', '*')],
  ['NOT winlog.event_data.Image:*', { type: 'not', child: { type: 'exists', field: 'winlog.event_data.Image', position: 4 } }],
  ['event.code:(4624 OR 4625)', { type: 'or', children: [match('event.code', '4624'), match('event.code', '4625')] }],
  ['event.code:(4624 4625 4634)', { type: 'or', children: [match('event.code', '4624'), match('event.code', '4625'), match('event.code', '4634')] }],
  ['user.name:(a b AND c)', { type: 'or', children: [match('user.name', 'a'), { type: 'and', children: [match('user.name', 'b'), match('user.name', 'c')] }] }],
  ['user.name:(NOT a)', { type: 'not', child: match('user.name', 'a') }],
  ['user.name:(a OR (b AND c))', { type: 'or', children: [match('user.name', 'a'), { type: 'and', children: [match('user.name', 'b'), match('user.name', 'c')] }] }],
  ['tags:(x OR *)', { type: 'or', children: [match('tags', 'x'), { type: 'exists', field: 'tags', position: 0 }] }],
  ['source.port>=1024', { type: 'range', field: 'source.port', op: '>=', value: { kind: 'number', value: 1024 }, position: 0 }],
  ['source.port >= 1024', { type: 'range', field: 'source.port', op: '>=', value: { kind: 'number', value: 1024 }, position: 0 }],
  ['source.port<1e3', { type: 'range', field: 'source.port', op: '<', value: { kind: 'number', value: 1000 }, position: 0 }],
  ['x.bytes>-1.5', { type: 'range', field: 'x.bytes', op: '>', value: { kind: 'number', value: -1.5 }, position: 0 }],
  ['@timestamp<"2024-01-01"', { type: 'range', field: '@timestamp', op: '<', value: { kind: 'date', from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 0, 2) }, position: 0 }],
  ['@timestamp<=1700000000000', { type: 'range', field: '@timestamp', op: '<=', value: { kind: 'date', from: 1700000000000, to: 1700000000001 }, position: 0 }],
  ['x.when>2024-05-01T10:00:00+02:00', { type: 'range', field: 'x.when', op: '>', value: { kind: 'date', from: Date.UTC(2024, 4, 1, 8), to: Date.UTC(2024, 4, 1, 8, 0, 1) }, position: 0 }],
  ['event.code>=4600', { type: 'range', field: 'event.code', op: '>=', value: { kind: 'number', value: 4600 }, position: 0 }],
  ['source.ip>10.0.0.1', { type: 'range', field: 'source.ip', op: '>', value: { kind: 'ip', address: '10.0.0.1' }, position: 0 }],
  ['source.ip:10.0.0.0/8', { type: 'match', field: 'source.ip', value: { kind: 'cidr', address: '10.0.0.0', prefix: 8 }, position: 0 }],
  ['source.ip:2001:db8::/32', { type: 'match', field: 'source.ip', value: { kind: 'cidr', address: '2001:db8::', prefix: 32 }, position: 0 }],
  ['source.ip:"2001:db8::/32"', { type: 'match', field: 'source.ip', value: { kind: 'cidr', address: '2001:db8::', prefix: 32 }, position: 0 }],
  ['source.ip:::1', { type: 'match', field: 'source.ip', value: { kind: 'ip', address: '::1' }, position: 0 }],
  ['host.ip:fe80::1%eth0', { type: 'match', field: 'host.ip', value: { kind: 'ip', address: 'fe80::1%eth0' }, position: 0 }],
  ['source.ip:10.0.*', { type: 'match', field: 'source.ip', value: { kind: 'wildcard', pattern: '10.0.*' }, position: 0 }],
  ['zeek.conn.id.orig_h:10.0.0.0/8', { type: 'match', field: 'zeek.conn.id.orig_h', value: { kind: 'cidr', address: '10.0.0.0', prefix: 8 }, position: 0 }],
  ['zeek.conn.id.orig_h:10.0.0.0/99', match('zeek.conn.id.orig_h', '10.0.0.0/99')],
];

describe('parseQuery: AST', () => {
  for (const [query, ast] of ASTS) {
    test(JSON.stringify(query), () => assert.deepEqual(parseQuery(query), ast));
  }
});

const ERRORS: [query: string, position: number, message: RegExp][] = [
  ['(a', 0, /missing '\)'/],
  ['a (b', 2, /missing '\)'/],
  ['((a)', 0, /missing '\)'/],
  ['a)', 1, /unexpected '\)'/],
  ['(a OR b))', 8, /unexpected '\)'/],
  ['()', 0, /empty parentheses/],
  ['a AND', 2, /AND must be followed by a term/],
  ['a OR', 2, /OR must be followed by a term/],
  ['NOT', 0, /NOT must be followed by a term/],
  ['(NOT)', 1, /NOT must be followed by a term/],
  ['(a OR)', 3, /OR must be followed by a term/],
  ['AND a', 0, /AND needs a term on its left/],
  ['OR a', 0, /OR needs a term on its left/],
  ['a AND OR b', 6, /OR cannot follow AND/],
  ['a OR OR b', 5, /OR cannot follow OR/],
  ['NOT AND a', 4, /AND cannot follow NOT/],
  ['user.name:', 10, /missing value after 'user.name:'/],
  ['user.name:   ', 13, /missing value/],
  ['(user.name:)', 11, /missing value/],
  ['user.name: AND x', 11, /missing value.*quote the word/],
  ['user.name:""', 10, /empty value/],
  ['""', 0, /empty phrase/],
  ['user.name:"abc', 10, /unterminated quoted string/],
  ['"abc', 0, /unterminated quoted string/],
  ['user.name:()', 10, /empty value list/],
  ['user.name:(a', 10, /missing '\)'/],
  ['user.name:(a OR (b)', 10, /missing '\)'/],
  ['user.name:(a OR)', 13, /OR must be followed by a value/],
  ['user.name:(OR a)', 11, /OR needs a value on its left/],
  ['source.port>', 11, /bad range operand: missing value/],
  ['source.port> AND x', 11, /bad range operand: missing value/],
  ['source.port>abc', 12, /bad range operand: 'abc' is not a number/],
  ['source.port>=(1 OR 2)', 13, /bad range operand: a range takes a single value/],
  ['source.port>1*', 12, /bad range operand: wildcards/],
  ['source.port>""', 12, /bad range operand: empty value/],
  ['@timestamp>yesterday', 11, /bad range operand: 'yesterday' is not a date/],
  ['user.name>abc', 10, /bad range operand: 'abc' is neither a number nor a date/],
  ['source.ip>abc', 10, /bad range operand: 'abc' is not an IP address/],
  ['source.port>1e999', 12, /not a number/],
  ['source.ip:10.0.0.0/33', 10, /bad CIDR '10.0.0.0\/33': the prefix length must be a number from 0 to 32/],
  ['source.ip:10.0.0/8', 10, /bad CIDR '10.0.0\/8': '10.0.0' is not an IP address/],
  ['source.ip:10.0.0.0/', 10, /bad CIDR/],
  ['source.ip:10.0.0.0/-1', 10, /bad CIDR/],
  ['source.ip:2001:db8::/129', 10, /bad CIDR.*0 to 128/],
  ['source.ip:2001:db8:::/32', 10, /bad CIDR/],
  ['x AND source.ip:"1::2::3/64"', 16, /bad CIDR/],
  ['source.ip:banana', 10, /'banana' is not an IP address/],
  ['source.ip:256.1.1.1', 10, /not an IP address/],
  ['source.port:abc', 12, /'abc' is not a number/],
  ['source.port:80*', 12, /wildcards cannot be used on 'source.port'/],
  ['@timestamp:2024-13-01', 11, /not a date/],
  ['@timestamp:2023-02-29', 11, /not a date/],
  ['@timestamp:2024-01-01T24:00', 11, /not a date/],
  ['@timestamp:2024*', 11, /wildcards cannot be used on '@timestamp'/],
  ['us*er:x', 0, /invalid field name 'us\*er'/],
  ['x user\\:name:x', 2, /invalid field name 'user:name'/],
  ['a..b:x', 0, /invalid field name/],
  [`${'a'.repeat(300)}:x`, 0, /field name longer than 256/],
  [':x', 0, /':' must follow a field name/],
  ['a > ', 2, /bad range operand: missing value/],
  ['user.name=bob', 9, /write field:value/],
  ['user.name:>5', 10, /a range is written without ':'/],
  ['abc\\', 3, /'\\' must be followed/],
  ['user.name:abc\\', 13, /'\\' must be followed/],
  [`${'('.repeat(MAX_QUERY_DEPTH + 1)}a${')'.repeat(MAX_QUERY_DEPTH + 1)}`, MAX_QUERY_DEPTH, /nests deeper/],
  [`${'NOT '.repeat(MAX_QUERY_DEPTH + 1)}a`, MAX_QUERY_DEPTH * 4, /nests deeper/],
  ['a'.repeat(MAX_QUERY_LENGTH + 1), MAX_QUERY_LENGTH, /longer than/],
];

describe('parseQuery: errors carry their position', () => {
  for (const [query, position, message] of ERRORS) {
    test(JSON.stringify(query.length > 60 ? `${query.slice(0, 60)}…` : query), () => {
      assert.throws(
        () => parseQuery(query),
        (error: unknown) => {
          assert.ok(error instanceof QuerySyntaxError, `expected QuerySyntaxError, got ${String(error)}`);
          assert.equal(error.position, position, error.message);
          assert.match(error.message, message);
          assert.match(error.message, new RegExp(`at position ${position}$`));
          assert.equal(error.code, 'query_syntax');
          assert.equal(error.status, 400);
          return true;
        },
      );
    });
  }
});

describe('parseQuery: limits', () => {
  test('nesting up to the limit is accepted', () => {
    const query = `${'('.repeat(MAX_QUERY_DEPTH)}a${')'.repeat(MAX_QUERY_DEPTH)}`;
    assert.deepEqual(parseQuery(query), text('a', MAX_QUERY_DEPTH));
  });
});
