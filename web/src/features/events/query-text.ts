// Building queries from clicks: "field is / is not this value" appended to what is there.

function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** The query narrowed to events whose field has (or, `exclude`, has not) the value. */
export function withFilter(query: string, field: string, value: unknown, exclude = false): string {
  const term = value === null || value === undefined
    ? `${exclude ? '' : 'NOT '}${field}:*`
    : `${exclude ? 'NOT ' : ''}${field}:${quoted(value)}`;
  const base = query.trim();
  if (base === '' || base === '*') return term;
  // Parentheses keep an OR in the existing query from swallowing the new term.
  return /\bOR\b/i.test(base) ? `(${base}) AND ${term}` : `${base} AND ${term}`;
}
