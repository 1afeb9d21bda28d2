// Whole-file JSON documents: a top-level array of records (pretty-printed Suricata alert dumps)
// or one object (a CloudTrail file's {"Records":[…]}, one pretty-printed event).

/** One element of a top-level array: its text and the 1-based line it starts on. */
export interface ArrayElement {
  text: string;
  line: number;
}

/**
 * The elements of the array starting at text[start] ("["), found by tracking strings and
 * nesting rather than parsing, so each keeps its own text and line. Returns undefined when the
 * array is not closed.
 */
export function splitTopLevelArray(text: string, start: number, startLine: number): ArrayElement[] | undefined {
  const elements: ArrayElement[] = [];
  let line = startLine;
  let depth = 0;
  let inString = false;
  let elementStart = -1;
  let elementLine = line;
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (elementStart < 0 && c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 44 && c !== 93) {
      elementStart = i;
      elementLine = line;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if ((c === 44 || c === 93) && depth === 0) {
      if (elementStart >= 0) elements.push({ text: text.slice(elementStart, i).trim(), line: elementLine });
      elementStart = -1;
      if (c === 93) return elements;
    } else if (c === 125 || c === 93) depth--;
  }
  return undefined;
}

/** 1-based line of text[index]. */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
