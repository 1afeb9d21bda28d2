// Any JSON object no specific format claims: flattened to dotted fields as they are, with the
// time taken from the first of the usual time keys.

import { ECS } from '../event/fields.js';
import type { Draft, JsonFormat, JsonObject } from './format.js';
import { flattenInto, keyTree } from './shared/flatten.js';
import { anyTime } from './shared/time.js';

/** Keys that hold the event's own time in common JSON logs, most specific first. */
const TIME_KEYS = ['@timestamp', 'timestamp', 'time', 'ts', 'eventTime', 'EventTime', 'datetime', 'date', 'created_at'];

/** Only @timestamp is left out of the fields: it is the event's time column itself. */
const KEYS = keyTree('', new Set(['@timestamp']));

function fill(doc: JsonObject, d: Draft): void {
  const f = d.fields;
  for (const key of TIME_KEYS) {
    if (doc[key] === undefined) continue;
    const t = anyTime(doc[key]);
    if (!Number.isNaN(t)) {
      d.timestamp = t;
      break;
    }
  }
  flattenInto(f, KEYS, doc);
  f[ECS.event.kind] ??= 'event';
  f[ECS.event.module] ??= 'generic';
  f[ECS.event.dataset] ??= 'generic.json';
}

export const json: JsonFormat = {
  name: 'json',
  description: 'Any JSON object, flattened to dotted fields (time from @timestamp, timestamp, time, ts …)',
  module: 'generic',
  dataset: 'generic.json',
  input: 'json',
  matches: () => true,
  fill: (doc, d) => fill(doc, d),
};
