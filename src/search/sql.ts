// SQL fragments with their parameters. Text only comes from template literals in this module's
// callers, identifiers only through ident(), values only through param(): a value cannot end
// up in the SQL text because there is no function that would put it there.

import type { DuckDBTimestampValue } from '@duckdb/node-api';
import { assertNever } from '../errors.js';
import { isValidFieldName } from './schema.js';

/** What a compiled query binds: all accepted as-is by @duckdb/node-api's run(sql, values). */
export type SqlParam = string | number | boolean | DuckDBTimestampValue;

export interface Sql {
  readonly text: string;
  readonly params: readonly SqlParam[];
}

/** SQL text with fragments spliced in, their parameters kept in text order (`?` placeholders). */
export function sql(strings: TemplateStringsArray, ...parts: Sql[]): Sql {
  let text = strings[0]!;
  const params: SqlParam[] = [];
  parts.forEach((part, i) => {
    text += part.text + strings[i + 1]!;
    params.push(...part.params);
  });
  return { text, params };
}

/** One `?` placeholder bound to the value. */
export function param(value: SqlParam): Sql {
  return { text: '?', params: [value] };
}

/** A column name, quoted; throws for a name outside the strict field-name pattern. */
export function ident(name: string): Sql {
  if (!isValidFieldName(name)) throw new Error(`not a valid column name: ${JSON.stringify(name)}`);
  return { text: `"${name}"`, params: [] };
}

export type Joiner = 'AND' | 'OR';

/** `(a AND b AND c)`; an empty list is the joiner's identity (TRUE for AND, FALSE for OR). */
export function joinSql(joiner: Joiner, parts: Sql[]): Sql {
  if (parts.length === 0) {
    switch (joiner) {
      case 'AND':
        return { text: 'TRUE', params: [] };
      case 'OR':
        return { text: 'FALSE', params: [] };
      default:
        return assertNever(joiner, 'joiner');
    }
  }
  if (parts.length === 1) return parts[0]!;
  return {
    text: `(${parts.map((p) => p.text).join(` ${joiner} `)})`,
    params: parts.flatMap((p) => p.params),
  };
}
