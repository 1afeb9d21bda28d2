// Cutting record text at a byte limit without splitting a UTF-8 character.

/** The longest prefix of `text` that is at most `maxBytes` long in UTF-8 and ends on a character boundary. */
export function utf8Cut(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the character the limit falls in.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.toString('utf8', 0, end);
}
