// Reading what is left of a JSON document that was cut at the record size limit.

/**
 * Closes a truncated JSON document so that the part before the cut can still be read:
 * a string value cut in the middle is kept up to the cut, anything else incomplete (a key,
 * a number, a dangling comma) is dropped, and the open objects and arrays are closed.
 * Returns undefined when nothing usable is left.
 */
export function closeTruncatedJson(text: string): unknown {
  let stack = '';
  let expectKey = false;
  let inString = false;
  let isKey = false;
  let escape = 0; // chars of an escape sequence still to come (1 after "\", 4 inside "\u")
  let escapeStart = -1;
  let safePos = -1;
  let safeStack = '';

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escape > 0) {
        if (escape === 1 && c === 117 /* u */ && i === escapeStart + 1) escape = 4;
        else escape--;
        continue;
      }
      if (c === 92) { // backslash
        escape = 1;
        escapeStart = i;
      } else if (c === 34) {
        inString = false;
        if (!isKey) {
          safePos = i + 1;
          safeStack = stack;
        }
      }
      continue;
    }
    switch (c) {
      case 123: // {
      case 91: // [
        stack += c === 123 ? '{' : '[';
        expectKey = c === 123;
        safePos = i + 1;
        safeStack = stack;
        break;
      case 125: // }
      case 93: // ]
        stack = stack.slice(0, -1);
        safePos = i + 1;
        safeStack = stack;
        break;
      case 34: // "
        inString = true;
        isKey = expectKey && stack.endsWith('{');
        break;
      case 44: // ,
        safePos = i;
        safeStack = stack;
        if (stack.endsWith('{')) expectKey = true;
        break;
      case 58: // :
        expectKey = false;
        break;
    }
  }

  let head: string;
  let open: string;
  if (inString && !isKey) {
    head = text.slice(0, escape > 0 ? escapeStart : text.length) + '"';
    open = stack;
  } else {
    if (safePos < 0) return undefined;
    head = text.slice(0, safePos);
    open = safeStack;
  }
  if (open === '' && head === text) return undefined;
  let tail = '';
  for (let i = open.length - 1; i >= 0; i--) tail += open[i] === '{' ? '}' : ']';
  try {
    return JSON.parse(head + tail);
  } catch {
    return undefined;
  }
}
