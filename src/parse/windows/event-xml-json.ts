// Windows events as the XML rendering turned into JSON ({"Event":{"System":…,"EventData":…}}),
// the shape evtx_dump writes and the SigmaHQ regression data uses.

import type { FieldValue } from '../../event/event.js';
import type { WindowsEventInput } from './normalize.js';

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

function attrs(v: unknown): Json {
  return obj(obj(v)?.['#attributes']) ?? {};
}

/** The text of an element that may carry attributes ({"#text": …}). */
function text(v: unknown): unknown {
  const o = obj(v);
  return o && '#text' in o ? o['#text'] : v;
}

function toNumber(v: unknown): number | undefined {
  const t = text(v);
  if (typeof t === 'number') return t;
  if (typeof t === 'string' && t.trim() !== '') {
    const n = Number(t);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function toString(v: unknown): string | undefined {
  const t = text(v);
  return t === null || t === undefined ? undefined : String(t);
}

function toFieldValue(v: unknown): FieldValue {
  const t = text(v);
  if (t === undefined) return null;
  if (t === null || typeof t === 'string' || typeof t === 'number' || typeof t === 'boolean') return t;
  return t as FieldValue;
}

/** True when the document is an Event in this shape. */
export function isEventXmlJson(doc: Json): boolean {
  const event = obj(doc.Event);
  return !!event && !!obj(event.System);
}

export function fromEventXmlJson(doc: Json): WindowsEventInput | null {
  const event = obj(doc.Event);
  const system = obj(event?.System);
  if (!event || !system) return null;
  const provider = attrs(system.Provider);
  const time = attrs(system.TimeCreated).SystemTime;
  const execution = attrs(system.Execution);
  const timeCreated = typeof time === 'string' ? Date.parse(time) : NaN;
  return {
    provider: String(provider.Name ?? provider.EventSourceName ?? ''),
    providerGuid: provider.Guid === undefined ? undefined : String(provider.Guid),
    eventId: toNumber(system.EventID) ?? 0,
    version: toNumber(system.Version),
    level: toNumber(system.Level),
    task: toNumber(system.Task),
    opcode: toNumber(system.Opcode),
    keywords: toString(system.Keywords),
    timeCreated: Number.isFinite(timeCreated) ? timeCreated : undefined,
    recordId: toNumber(system.EventRecordID),
    activityId: toString(attrs(system.Correlation).ActivityID),
    processId: toNumber(execution.ProcessID),
    threadId: toNumber(execution.ThreadID),
    channel: toString(system.Channel) ?? '',
    computer: toString(system.Computer) ?? '',
    userId: toString(attrs(system.Security).UserID),
    eventData: eventData(event.EventData),
    userData: userData(event.UserData),
  };
}

function eventData(v: unknown): Record<string, FieldValue> | undefined {
  const data = obj(v);
  if (!data) return undefined;
  const out: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === '#attributes') continue;
    // Unnamed <Data> elements arrive as a "Data" list or value.
    if (key === 'Data') {
      const list = Array.isArray(value) ? value : [value];
      list.forEach((item, i) => {
        const name = attrs(item).Name;
        out[typeof name === 'string' ? name : `param${i + 1}`] = toFieldValue(item);
      });
      continue;
    }
    out[key] = toFieldValue(value);
  }
  return out;
}

function userData(v: unknown): Record<string, FieldValue> | undefined {
  const data = obj(v);
  if (!data) return undefined;
  const out: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === '#attributes') continue;
    const inner = obj(value);
    if (!inner) {
      out[key] = toFieldValue(value);
      continue;
    }
    for (const [name, item] of Object.entries(inner)) {
      if (name !== '#attributes') out[name] = toFieldValue(item);
    }
  }
  return out;
}
