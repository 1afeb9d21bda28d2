// The "key=value key2=value with spaces" notation of CEF extensions (and LEEF sent with spaces):
// a value runs until the space before the next key, and "\=" "\\" "\n" "\r" are escapes.

/** Characters a key may have; a word with anything else before "=" is part of a value. */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 || c === 91 || c === 93;
}

function unescapeValue(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 === s.length) {
      out += c;
      continue;
    }
    const next = s[++i]!;
    out += next === 'n' ? '\n' : next === 'r' ? '\r' : next === 't' ? '\t' : next; // \= \\ \| and anything else: the character
  }
  return out;
}

/** Calls `visit` for each key and its unescaped value, in order. */
export function forEachExtensionPair(ext: string, visit: (key: string, value: string) => void): void {
  let key: string | undefined;
  let valueStart = 0;
  let wordStart = 0;
  for (let i = 0; i < ext.length; i++) {
    const c = ext.charCodeAt(i);
    if (c === 92) { // backslash: the next character is escaped
      i++;
      continue;
    }
    if (c === 32) {
      wordStart = i + 1;
      continue;
    }
    if (c !== 61) continue; // =
    if (wordStart >= i || !keyBetween(ext, wordStart, i)) continue;
    if (key !== undefined) visit(key, unescapeValue(ext.slice(valueStart, wordStart - 1).trim()));
    key = ext.slice(wordStart, i);
    valueStart = i + 1;
    wordStart = i + 1;
  }
  if (key !== undefined) visit(key, unescapeValue(ext.slice(valueStart).trim()));
}

function keyBetween(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isKeyChar(s.charCodeAt(i))) return false;
  return true;
}
