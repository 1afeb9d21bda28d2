// Events to files: CSV (the chosen columns, RFC 4180 quoting, formulas defused for
// spreadsheets) and NDJSON (every field, one event per line).

export type Row = Record<string, unknown>;

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A spreadsheet would run a cell starting with = + - @ (or a tab/CR) as a formula: prefix a quote. */
function defused(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvCell(value: unknown): string {
  const text = defused(cellText(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly Row[], columns: readonly string[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function toNdjson(rows: readonly Row[]): string {
  return rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length ? '\n' : '');
}

/** Every field name in the rows, the given leading ones first, the rest sorted. */
export function allColumns(rows: readonly Row[], leading: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  const rest = [...seen].filter((k) => !leading.includes(k)).sort();
  return [...leading.filter((k) => seen.has(k)), ...rest];
}

/** Hands a file to the browser's download. */
export function download(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
