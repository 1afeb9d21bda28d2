// URL query strings as plain strings both ways, so shared links stay readable
// (?status=new,acknowledged&range=24h) rather than JSON-encoded.

export type SearchRecord = Record<string, string>;

export function parseSearch(text: string): SearchRecord {
  const out: SearchRecord = {};
  for (const [key, value] of new URLSearchParams(text.startsWith('?') ? text.slice(1) : text)) out[key] = value;
  return out;
}

export function stringifySearch(search: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** "a,b" → ["a", "b"]; missing → []. */
export function listParam(value: string | undefined): string[] {
  return value ? value.split(',').map((v) => v.trim()).filter(Boolean) : [];
}

/** The list with the value added, or removed if it was there. */
export function toggled(list: readonly string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}
