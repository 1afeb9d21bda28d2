// The query language: parse text to an AST, compile it to a parameterized DuckDB WHERE clause.
// The language is described in docs/query-language.md.

export type {
  AndNode,
  CidrValue,
  DateValue,
  ExistsNode,
  FreeTextNode,
  IpValue,
  MatchAllNode,
  MatchNode,
  MatchValue,
  NotNode,
  NumberValue,
  OrNode,
  QueryNode,
  RangeNode,
  RangeOperator,
  RangeValue,
  StringValue,
  WildcardValue,
} from './ast.js';
export { parseQuery, MAX_QUERY_LENGTH } from './parser.js';
/**
 * compileQuery(ast | text, options?) → { where, params }: `where` uses `?` placeholders bound
 * in order by `params` (connection.run(sql, params)). It calls the macros of SEARCH_SQL_MACROS.
 *
 * fieldExpression(field) → { sql, params }: the field's values as VARCHAR, for a select list
 * (`SELECT <sql> AS value FROM events WHERE ...`). Lists and `extra` fields give an UNNEST:
 * one row per element, so group in an outer query. Throws a bad_request error for a bad name.
 */
export { compileQuery, fieldExpression, type CompiledQuery, type CompileOptions } from './compiler.js';
export { SEARCH_SQL_MACROS } from './macros.js';
export type { SqlParam } from './sql.js';
