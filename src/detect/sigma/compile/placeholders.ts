// Expansion of `%name%` placeholders (left in values by the `expand` modifier) from the
// placeholder configuration. A placeholder with several values turns one rule value into
// several OR-ed values; configured values may use wildcards.

import type { Detection, DetectionItem, Detections, SigmaValue, StringPart } from '../types.js';
import { STAR } from '../types.js';
import { hasPlaceholders, isPlaceholder, normalizeParts, parseSigmaString } from '../values.js';

/** What to do with a placeholder the configuration does not define. */
export type UnknownPlaceholder = 'reject' | 'wildcard';

export class MissingPlaceholderError extends Error {
  readonly names: string[];
  /** Line of the first detection item that uses a missing placeholder. */
  readonly line: number;
  constructor(names: string[], line: number) {
    super(`placeholder${names.length > 1 ? 's' : ''} ${names.map((n) => `%${n}%`).join(', ')} not configured`);
    this.names = names;
    this.line = line;
  }
}

interface Missing {
  names: Set<string>;
  line: number;
}

function expandParts(parts: readonly StringPart[], config: Readonly<Record<string, readonly string[]>>, unknown: UnknownPlaceholder, missing: Missing): StringPart[][] {
  let results: StringPart[][] = [[]];
  for (const part of parts) {
    if (!isPlaceholder(part)) {
      results = results.map((r) => [...r, part]);
      continue;
    }
    const values = Object.hasOwn(config, part.placeholder) ? config[part.placeholder]! : undefined;
    if (!values) {
      if (unknown === 'wildcard') results = results.map((r) => [...r, STAR]);
      else missing.names.add(part.placeholder);
      continue;
    }
    const options = values.map((v) => parseSigmaString(v));
    results = results.flatMap((r) => options.map((o) => [...r, ...o]));
  }
  return results.map(normalizeParts);
}

function expandItem(item: DetectionItem, config: Readonly<Record<string, readonly string[]>>, unknown: UnknownPlaceholder, missing: Missing): DetectionItem {
  if (!item.values.some((v) => v.kind === 'string' && hasPlaceholders(v.parts))) return item;
  const before = missing.names.size;
  const values: SigmaValue[] = item.values.flatMap((v): SigmaValue[] => {
    if (v.kind !== 'string' || !hasPlaceholders(v.parts)) return [v];
    return expandParts(v.parts, config, unknown, missing).map((parts) => ({ ...v, parts }));
  });
  if (missing.names.size > before && missing.line === 0) missing.line = item.line;
  return { ...item, values };
}

function expandDetection(d: Detection, config: Readonly<Record<string, readonly string[]>>, unknown: UnknownPlaceholder, missing: Missing): Detection {
  return d.kind === 'map'
    ? { ...d, items: d.items.map((i) => expandItem(i, config, unknown, missing)) }
    : { ...d, entries: d.entries.map((e) => expandDetection(e, config, unknown, missing)) };
}

/** The detections with placeholders replaced; throws MissingPlaceholderError in 'reject' mode. */
export function expandPlaceholders(detection: Detections, config: Readonly<Record<string, readonly string[]>>, unknown: UnknownPlaceholder): Detections {
  const missing: Missing = { names: new Set(), line: 0 };
  const searches = new Map([...detection.searches].map(([name, d]) => [name, expandDetection(d, config, unknown, missing)]));
  if (missing.names.size > 0) throw new MissingPlaceholderError([...missing.names].sort(), missing.line);
  return { ...detection, searches };
}
