// Small value helpers shared by the case modules: tag lists and change summaries.

/** Tags trimmed, without blanks, each once, in the order given. */
export function uniqueTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))];
}

/** { field: { from, to } } for the fields whose value differs. */
export function changedFields<T extends object>(before: T, after: T, fields: readonly (keyof T)[]): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of fields) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) changes[String(field)] = { from: before[field], to: after[field] };
  }
  return changes;
}
