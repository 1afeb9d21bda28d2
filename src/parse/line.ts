// Plain lines no other format claims: kept as the message of a generic event, with the time
// read from the start of the line when it begins with one ("2024-03-01 10:00:00,123 INFO …").

import { ECS } from '../event/fields.js';
import type { Draft, TextFormat } from './format.js';
import { newMonthTime, parseIsoTime, readMonthTime, withYear } from './shared/time.js';

const monthTime = newMonthTime();

/** End of an ISO-looking time at the start of the line ("2024-03-01T10:00:00.123Z", "2024-03-01 10:00:00,123"), or -1. */
function isoEnd(text: string): number {
  if (text.length < 19 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58) return -1;
  let i = 19;
  const c = text.charCodeAt(i);
  if (c === 46 || c === 44) for (i++; i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57; i++);
  const z = text.charCodeAt(i);
  if (z === 90) i++;
  else if ((z === 43 || z === 45) && text.charCodeAt(i + 1) >= 48 && text.charCodeAt(i + 1) <= 57) {
    i += 3;
    if (text.charCodeAt(i) === 58) i++;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  }
  return i;
}

function leadingTime(text: string, received: number): number | undefined {
  const c = text.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    const end = isoEnd(text);
    if (end < 0) return undefined;
    const t = parseIsoTime(text, 0, end);
    return Number.isNaN(t) ? undefined : t;
  }
  if (c >= 65 && c <= 90 && readMonthTime(text, 0, monthTime)) {
    const t = withYear(monthTime, received);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

function fill(text: string, d: Draft, received: number): boolean {
  const f = d.fields;
  f[ECS.event.kind] = 'event';
  f[ECS.event.module] = 'generic';
  f[ECS.event.dataset] = 'generic.log';
  f[ECS.message] = text;
  d.timestamp = leadingTime(text, received);
  return true;
}

export const line: TextFormat = {
  name: 'line',
  description: 'Any text line, kept as the message (time read from the start of the line when it has one)',
  module: 'generic',
  dataset: 'generic.log',
  input: 'text',
  fill: (text, d, _ctx, record) => fill(text, d, record.received),
};
