// ECS-shaped JSON (Filebeat, Elastic Agent and other Beats documents, ECS loggers): the fields
// are kept as they are, flattened to dotted names, with @timestamp as the event's time.

import { ECS } from '../event/fields.js';
import type { Draft, JsonFormat, JsonObject } from './format.js';
import { flattenInto, keyTree } from './shared/flatten.js';
import { anyTime } from './shared/time.js';
import { isObject } from './shared/values.js';

const KEYS = keyTree('', new Set(['@timestamp']));

function fill(doc: JsonObject, d: Draft): void {
  const f = d.fields;
  const t = anyTime(doc['@timestamp']);
  if (!Number.isNaN(t)) d.timestamp = t;
  flattenInto(f, KEYS, doc);
  f[ECS.event.kind] ??= 'event';
  f[ECS.event.dataset] ??= f['data_stream.dataset'] ?? 'generic.json';
  f[ECS.event.module] ??= 'generic';
}

export const ecsJson: JsonFormat = {
  name: 'ecs-json',
  description: 'ECS documents (Filebeat/Beats, ECS loggers): fields kept as they are, @timestamp as time',
  module: 'generic',
  dataset: 'generic.json',
  input: 'json',
  // @timestamp and one of the objects every Beats/ECS document has.
  matches: (doc) => doc['@timestamp'] !== undefined && (isObject(doc.ecs) || doc['ecs.version'] !== undefined || isObject(doc.agent) || isObject(doc.event) || isObject(doc.data_stream)),
  fill: (doc, d) => fill(doc, d),
};
