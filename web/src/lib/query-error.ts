// Where to underline a query syntax error: the API gives the 0-based position where the
// problem starts; the underline covers the word there (at least one character), or the last
// character when the query ended too early.

export function errorSpan(query: string, position: number): [number, number] {
  if (query.length === 0) return [0, 0];
  if (position >= query.length) return [query.length - 1, query.length];
  const start = Math.max(0, position);
  let end = start + 1;
  while (end < query.length && !/[\s()]/.test(query[end]!) && !/[\s()]/.test(query[start]!)) end++;
  return [start, end];
}
