// The query AST → a parameterized DuckDB WHERE clause over the event table (columns.ts).
// Every value is a `?` parameter; a field becomes a quoted identifier only when it is one of
// the table's columns and passes the field-name pattern, and an `extra` key goes as a
// parameter (a JSON pointer).
//
// Evaluation shapes the SQL. DuckDB short-circuits AND / OR (cheap tests spare costly ones on
// most rows) only where a boolean is used as a condition: the WHERE clause itself or the WHEN
// of a CASE. Inside a lambda or a function argument both sides run on every value, ten times
// slower for a CIDR test. So terms stay bare conditions, lambda bodies and NOT go through
// CASE WHEN, and nothing is wrapped in coalesce(): a term may be NULL where a field is absent,
// which a WHERE clause reads as no match, and NOT turns into TRUE (NOT user.name:x matches
// events without user.name).

import { timestampValue } from '@duckdb/node-api';
import { assertNever, QuerySyntaxError, VigilError } from '../errors.js';
import { EXTRA_COLUMN, FREE_TEXT_COLUMNS } from '../store/events/columns.js';
import { re2Char } from '../store/events/duckdb.js';
import type { MatchValue, QueryNode, RangeNode, WildcardValue } from './ast.js';
import { cidrRange, ipKey, ipv4Text, parseIp, V4_MAPPED_HIGH, V4_MAPPED_LOW } from '../event/ip.js';
import { parseNumber } from './literals.js';
import { parseQuery } from './parser.js';
import { fieldStorage, isValidFieldName, type FieldKind } from './schema.js';
import { ident, joinSql, param, sql, type Sql, type SqlParam } from './sql.js';

export interface CompileOptions {
  /** Fields a bare word or phrase is searched in; FREE_TEXT_COLUMNS by default. */
  freeTextFields?: readonly string[];
}

export interface CompiledQuery {
  /**
   * Condition over the event table's columns, with `?` placeholders, for a WHERE clause (AND
   * it with others freely). A row matches when it is TRUE; it may be NULL rather than FALSE
   * for other rows, so negate a query by compiling `NOT (query)`, not by wrapping `where`.
   */
  where: string;
  /** Values of the placeholders, in order. */
  params: SqlParam[];
}

/** How a term compares one value of a field: `e` is the value (one element for lists). */
type Predicate = (e: Sql, kind: FieldKind | 'extra') => Sql;

const ELEMENT: Sql = { text: 'vigil_elem', params: [] };

/** Compiles a query (text or AST). Throws QuerySyntaxError for a bad query or field name. */
export function compileQuery(query: QueryNode | string, options: CompileOptions = {}): CompiledQuery {
  const ast = typeof query === 'string' ? parseQuery(query) : query;
  const compiled = compileNode(ast, options.freeTextFields ?? FREE_TEXT_COLUMNS);
  return { where: compiled.text, params: [...compiled.params] };
}

function compileNode(node: QueryNode, freeText: readonly string[]): Sql {
  switch (node.type) {
    case 'all':
      return sql`TRUE`;
    case 'and':
      return joinSql('AND', node.children.map((c) => compileNode(c, freeText)));
    case 'or':
      return joinSql('OR', node.children.map((c) => compileNode(c, freeText)));
    case 'not':
      return sql`CASE WHEN ${compileNode(node.child, freeText)} THEN FALSE ELSE TRUE END`;
    case 'text':
      return joinSql('OR', freeText.map((field) => anyValue(field, node.position, textPredicate(node.value, true))));
    case 'match':
      return anyValue(node.field, node.position, matchPredicate(node.value, node.position));
    case 'exists':
      return anyValue(node.field, node.position, (e) => sql`${e} IS NOT NULL`);
    case 'range':
      return anyValue(node.field, node.position, rangePredicate(node));
    default:
      return assertNever(node, 'query node');
  }
}

/** TRUE when some value of the field satisfies the predicate (NULL or FALSE otherwise). */
function anyValue(field: string, position: number, predicate: Predicate): Sql {
  if (!isValidFieldName(field)) throw new QuerySyntaxError(`invalid field name ${JSON.stringify(field)}`, position);
  const storage = fieldStorage(field);
  if (storage.in === 'extra') {
    const values = sql`vigil_extra_values(${ident(EXTRA_COLUMN)}, ${param(storage.pointer)})`;
    return sql`len(list_filter(${values}, lambda ${ELEMENT}: ${asCondition(predicate(ELEMENT, 'extra'))})) > 0`;
  }
  const column = ident(storage.column);
  if (storage.list) {
    return sql`len(list_filter(${column}, lambda ${ELEMENT}: ${asCondition(predicate(ELEMENT, storage.kind))})) > 0`;
  }
  return predicate(column, storage.kind);
}

/** The predicate evaluated as a condition (short-circuiting), as a non-NULL boolean. */
function asCondition(predicate: Sql): Sql {
  return sql`CASE WHEN ${predicate} THEN TRUE ELSE FALSE END`;
}

/** The value as VARCHAR, for text comparisons on any kind of field. */
function asText(e: Sql, kind: FieldKind | 'extra'): Sql {
  return kind === 'number' || kind === 'date' ? sql`CAST(${e} AS VARCHAR)` : e;
}

function asNumber(e: Sql, kind: FieldKind | 'extra'): Sql {
  if (kind === 'number') return e;
  if (kind === 'date') return sql`epoch_ms(${e})`;
  return sql`TRY_CAST(${e} AS DOUBLE)`;
}

function asTimestamp(e: Sql, kind: FieldKind | 'extra'): Sql {
  if (kind === 'date') return e;
  if (kind === 'number') return sql`epoch_ms(CAST(${e} AS BIGINT))`;
  return sql`vigil_timestamp(${e})`;
}

function timestampParam(epochMs: number): Sql {
  return param(timestampValue(BigInt(epochMs) * 1000n));
}

/** Text comparison: whole value, or contained in it (text fields, free text). */
function textPredicate(value: { kind: 'string'; value: string } | WildcardValue, contained: boolean): Predicate {
  if (!contained && value.kind === 'string') {
    return (e, kind) => {
      const equal = sql`lower(${asText(e, kind)}) = lower(${param(value.value)})`;
      // `extra` values have no declared type: 1.50 and "1.5" are the same number.
      const number = parseNumber(value.value);
      if (kind !== 'extra' || number === undefined) return equal;
      return sql`(${equal} OR TRY_CAST(${e} AS DOUBLE) = ${param(number)})`;
    };
  }
  // An ASCII word, phrase or wildcard is an RE2 search: about twice as fast as contains() on
  // the lower-cased text (which copies every string it tests), and four to five times as fast
  // as ILIKE, over a row group of event.original. Anything else keeps lower()'s semantics.
  const ascii = value.kind === 'string' ? isAscii(value.value) : isAscii(value.pattern);
  if (ascii) {
    // `.` is one code point, as LIKE's `_` is.
    const body = value.kind === 'string' ? caselessRegex(value.value) : translateWildcard(value, '.*', '.', caselessRegex);
    const pattern = contained ? `(?s)${body}` : `(?s)^${body}$`;
    return (e, kind) => sql`regexp_matches(${asText(e, kind)}, ${param(pattern)})`;
  }
  if (contained && value.kind === 'string') {
    const needle = value.value.toLowerCase();
    return (e, kind) => sql`contains(lower(${asText(e, kind)}), ${param(needle)})`;
  }
  const like = value.kind === 'string' ? likeLiteral(value.value) : translateWildcard(value, '%', '_', likeLiteral);
  const pattern = contained ? `%${like}%` : like;
  return (e, kind) => sql`${asText(e, kind)} ILIKE ${param(pattern)} ESCAPE '\\'`;
}

function matchPredicate(value: MatchValue, position: number): Predicate {
  switch (value.kind) {
    case 'string':
    case 'wildcard':
      return (e, kind) => textPredicate(value, kind === 'text')(e, kind);
    case 'number':
      return (e, kind) => sql`${asNumber(e, kind)} = ${param(value.value)}`;
    case 'date':
      return (e, kind) => {
        const t = asTimestamp(e, kind);
        return sql`(${t} >= ${timestampParam(value.from)} AND ${t} < ${timestampParam(value.to)})`;
      };
    case 'ip':
    case 'cidr':
      return networkPredicate(value.address, value.kind === 'cidr' ? value.prefix : undefined, position);
    default:
      return assertNever(value, 'match value');
  }
}

/**
 * The address is in the network (or is the address, without a prefix). Dotted-quad text is
 * compared as its 32-bit number, IPv6 text on its full key, each behind cheap text tests that
 * rule most rows out before any key is computed.
 */
function networkPredicate(address: string, prefix: number | undefined, position: number): Predicate {
  const ip = parseIp(address);
  if (!ip) throw new QuerySyntaxError(`'${address}' is not an IP address`, position);
  const max = ip.version === 4 ? 32 : 128;
  const bits = prefix ?? max;
  if (!Number.isInteger(bits) || bits < 0 || bits > max) {
    throw new QuerySyntaxError(`bad CIDR: the prefix length must be a number from 0 to ${max}`, position);
  }
  const { low, high } = cidrRange(ip, bits);
  const v4low = low > V4_MAPPED_LOW ? low : V4_MAPPED_LOW;
  const v4high = high < V4_MAPPED_HIGH ? high : V4_MAPPED_HIGH;
  const firstGroup = low >> 112n;
  const ipv4Only = low >= V4_MAPPED_LOW && high <= V4_MAPPED_HIGH;
  return (e, kind) => {
    const text = asText(e, kind);
    const parts: Sql[] = [];
    if (v4low === v4high) {
      // One IPv4 address: its dotted-quad text is the only way to write it without a colon, and
      // plain equality lets DuckDB skip row groups and use the column's dictionary.
      parts.push(sql`${text} = ${param(ipv4Text(v4low))}`);
    } else if (v4low < v4high) {
      const firstOctet = (v4low >> 24n) & 0xffn;
      const textTest = firstOctet === ((v4high >> 24n) & 0xffn)
        ? sql`starts_with(${text}, ${param(`${firstOctet}.`)})`
        : sql`NOT contains(${text}, ':')`;
      const v4 = (n: bigint) => param(Number(n & 0xffffffffn));
      parts.push(sql`(${textTest} AND (vigil_ipv4_int(${text}) BETWEEN ${v4(v4low)} AND ${v4(v4high)}))`);
    }
    // Any address may be written as IPv6 text, IPv4 ones too (::ffff:10.1.2.3) — but not in a
    // typed IP column, which stores those as dotted quads (row.ts). There an IPv4 network needs
    // no IPv6 test, and one address stays a plain equality: an OR beside it would keep DuckDB
    // from filtering inside the Parquet scan (several times slower).
    if (ipv4Only && kind === 'ip') return parts[0]!;
    const textTests = [sql`contains(${text}, ':')`];
    if (firstGroup === high >> 112n) {
      textTests.push(sql`ltrim(lower(split_part(${text}, ':', 1)), '0') = ${param(firstGroup === 0n ? '' : firstGroup.toString(16))}`);
    }
    // An IPv4-mapped address is always written with its ffff group.
    if (ipv4Only) textTests.push(sql`contains(lower(${text}), 'ffff')`);
    parts.push(sql`(${joinSql('AND', textTests)} AND (vigil_ip_key(${text}) BETWEEN ${param(ipKey(low))} AND ${param(ipKey(high))}))`);
    return joinSql('OR', parts);
  };
}

function rangePredicate(node: RangeNode): Predicate {
  const { op, value } = node;
  switch (value.kind) {
    case 'number':
      return (e, kind) => sql`${asNumber(e, kind)} ${operator(op)} ${param(value.value)}`;
    case 'date': {
      // A date is the period written: > 2024-01-31 is after that whole day, <= includes it.
      const bound = op === '>=' || op === '<' ? value.from : value.to;
      const sqlOp = op === '>' || op === '>=' ? '>=' : '<';
      return (e, kind) => sql`${asTimestamp(e, kind)} ${operator(sqlOp)} ${timestampParam(bound)}`;
    }
    case 'ip': {
      const ip = parseIp(value.address);
      if (!ip) throw new QuerySyntaxError(`bad range operand: '${value.address}' is not an IP address`, node.position);
      return (e, kind) => sql`(vigil_ip_key(${asText(e, kind)}) ${operator(op)} ${param(ipKey(ip.value))})`;
    }
    default:
      return assertNever(value, 'range value');
  }
}

// Operators go into the SQL text, so they come from this table, never from the node itself.
const OPERATORS: Record<RangeNode['op'], Sql> = {
  '<': { text: '<', params: [] },
  '<=': { text: '<=', params: [] },
  '>': { text: '>', params: [] },
  '>=': { text: '>=', params: [] },
};

function operator(op: RangeNode['op']): Sql {
  const sqlOp = Object.hasOwn(OPERATORS, op) ? OPERATORS[op] : undefined;
  if (!sqlOp) throw new VigilError('bad_request', `unknown range operator ${JSON.stringify(op)}`);
  return sqlOp;
}

function isAscii(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}

/** Code points other than its capital that DuckDB's lower() turns into an ASCII letter. */
const OTHER_CAPITALS: Record<string, string> = { i: '\u0130', k: '\u212a' };

/**
 * ASCII text as an RE2 pattern matching what lower() would match: each letter also matches its
 * capital, and i and k the other code points lower() turns into them (İ, the Kelvin sign).
 * Not RE2's `(?i)`, whose case folding also matches ſ for s, where the free-text index, built
 * with lower(), would not: a search must find the same through the index as without it.
 */
function caselessRegex(text: string): string {
  let out = '';
  for (const c of text.toLowerCase()) {
    if (c >= 'a' && c <= 'z') out += `[${c}${c.toUpperCase()}${OTHER_CAPITALS[c] ?? ''}]`;
    else if (c >= '0' && c <= '9') out += c;
    else out += re2Char(c);
  }
  return out;
}

/** Literal text as a LIKE pattern matching exactly it. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/** A wildcard value in a pattern language: `*` and `?` as `many` and `one`, every other character (or one escaped by `\`) through `literal`. */
function translateWildcard(value: WildcardValue, many: string, one: string, literal: (c: string) => string): string {
  let out = '';
  const p = value.pattern;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\' && i + 1 < p.length) out += literal(p[++i]!);
    else if (c === '*') out += many;
    else if (c === '?') out += one;
    else out += literal(c);
  }
  return out;
}

/** A field's values as VARCHAR, for grouping (top values); see index.ts. */
export function fieldExpression(field: string): { sql: string; params: SqlParam[] } {
  if (!isValidFieldName(field)) {
    throw new VigilError('bad_request', `invalid field name ${JSON.stringify(field)}: use letters, digits, '_', '-', '@' and dots`);
  }
  const storage = fieldStorage(field);
  let expression: Sql;
  if (storage.in === 'extra') {
    expression = sql`unnest(vigil_extra_values(${ident(EXTRA_COLUMN)}, ${param(storage.pointer)}))`;
  } else {
    const column = ident(storage.column);
    if (storage.list) expression = sql`unnest(${column})`;
    else if (storage.kind === 'date') expression = sql`strftime(${column}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
    else expression = asText(column, storage.kind);
  }
  return { sql: expression.text, params: [...expression.params] };
}
