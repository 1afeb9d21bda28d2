// Reading the events pasted on the rule test page into what POST /api/rules/test takes.

/**
 * Events from the pasted text: a JSON array (of objects or log lines), or one event per line,
 * each line a JSON object or a raw log line the server parses like an ingested one.
 */
export function parseEvents(text: string): (Record<string, unknown> | string)[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (Array.isArray(parsed)) return parsed.map((item) => (typeof item === 'string' || (item && typeof item === 'object' && !Array.isArray(item)) ? item : JSON.stringify(item)));
    } catch {
      // Not one JSON array: read it line by line below.
    }
  }
  return trimmed.split('\n').map((line) => line.trim()).filter((line) => line !== '').map((line) => {
    if (!line.startsWith('{')) return line;
    try {
      const parsed = JSON.parse(line) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : line;
    } catch {
      return line;
    }
  });
}
