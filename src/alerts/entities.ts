// The key entities of a hit (host, user, source IP) read from ECS fields, and the grouping key built from them.
import type { Fields, FieldValue } from '../event/event.js';
import { ECS } from '../event/fields.js';
import type { AlertCandidate } from './types.js';

export interface KeyEntities {
  host: string | null;
  user: string | null;
  sourceIp: string | null;
}

/** Fields tried in order for each entity: the ECS field first, then what some sources fill instead. */
const ENTITY_FIELDS: Record<keyof KeyEntities, readonly string[]> = {
  host: [ECS.host.name, ECS.host.hostname, ECS.winlog.computerName],
  user: [ECS.user.name, ECS.source.userName],
  sourceIp: [ECS.source.ip],
};

/** The ECS field each entity is shown as (and matched by exceptions). */
export const ENTITY_ECS_FIELD: Record<keyof KeyEntities, string> = {
  host: ECS.host.name,
  user: ECS.user.name,
  sourceIp: ECS.source.ip,
};

/** A field's value as one piece of text: the first element of an array, nothing for objects. */
function textOf(value: FieldValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.length > 0 ? textOf(value[0]) : null;
  if (typeof value === 'object') return null;
  const text = String(value);
  return text === '' ? null : text;
}

function firstOf(fields: Fields, names: readonly string[]): string | null {
  for (const name of names) {
    const text = textOf(fields[name]);
    if (text !== null) return text;
  }
  return null;
}

/** The candidate's entities: those it names, else those of its event. */
export function entitiesOf(candidate: AlertCandidate): KeyEntities {
  const given = candidate.entities ?? {};
  const fields = candidate.event.fields;
  const pick = (key: keyof KeyEntities): string | null => {
    const explicit = given[key];
    return explicit !== undefined ? (explicit || null) : firstOf(fields, ENTITY_FIELDS[key]);
  };
  return { host: pick('host'), user: pick('user'), sourceIp: pick('sourceIp') };
}

/** Hits with the same key are the same alert while it is open and they fall in its window. */
export function groupKey(source: string, ruleId: string, entities: KeyEntities): string {
  return JSON.stringify([source, ruleId, entities.host, entities.user, entities.sourceIp]);
}
