// Windows events as flat JSON: the System fields and the EventData names side by side at the
// top level, e.g. {"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"pc","Image":"…"}.
// System fields are recognised under the names exporters use for them (Provider_Name, TimeCreated_SystemTime …).

import type { FieldValue } from '../../event/event.js';
import type { JsonObject } from '../format.js';
import { anyTime } from '../shared/time.js';
import { isObject, toInt, toKeyword } from '../shared/values.js';
import { keywordsText } from './keywords.js';
import type { WindowsEventInput } from './normalize.js';

/** Each System field and the top-level names it may go by, first match wins. */
const SYSTEM = {
  provider: ['Provider_Name', 'ProviderName', 'Provider', 'SourceName'],
  providerGuid: ['Provider_Guid', 'ProviderGuid'],
  eventId: ['EventID', 'EventId'],
  version: ['Version'],
  level: ['Level'],
  task: ['Task'],
  opcode: ['Opcode'],
  keywords: ['Keywords'],
  time: ['TimeCreated_SystemTime', 'TimeCreated', 'SystemTime', '@timestamp'],
  recordId: ['EventRecordID', 'RecordID', 'RecordNumber'],
  activityId: ['Correlation_ActivityID', 'ActivityID'],
  processId: ['Execution_ProcessID', 'ProcessID'],
  threadId: ['Execution_ThreadID', 'ThreadID'],
  channel: ['Channel'],
  computer: ['Computer'],
  userId: ['Security_UserID', 'UserID'],
  message: ['Message', 'RenderedMessage'],
} as const;

const SYSTEM_KEYS = new Set<string>(Object.values(SYSTEM).flat());

export function isFlatWindows(doc: JsonObject): boolean {
  return (doc.EventID !== undefined || doc.EventId !== undefined) && typeof doc.Channel === 'string' && typeof doc.Computer === 'string';
}

function pick(doc: JsonObject, names: readonly string[]): unknown {
  for (const name of names) if (doc[name] !== undefined) return doc[name];
  return undefined;
}

export function fromFlatWindows(doc: JsonObject): WindowsEventInput {
  const eventData: Record<string, FieldValue> = {};
  for (const key in doc) if (!SYSTEM_KEYS.has(key)) eventData[key] = doc[key] as FieldValue;
  const provider = pick(doc, SYSTEM.provider);
  const rawTime = pick(doc, SYSTEM.time);
  const time = anyTime(isObject(rawTime) ? rawTime.SystemTime : rawTime);
  const message = pick(doc, SYSTEM.message);
  return {
    provider: toKeyword(isObject(provider) ? provider.Name : provider) ?? '',
    providerGuid: toKeyword(pick(doc, SYSTEM.providerGuid)),
    eventId: toInt(pick(doc, SYSTEM.eventId)) ?? 0,
    version: toInt(pick(doc, SYSTEM.version)),
    level: toInt(pick(doc, SYSTEM.level)),
    task: toInt(pick(doc, SYSTEM.task)),
    opcode: toInt(pick(doc, SYSTEM.opcode)),
    keywords: keywordsText(pick(doc, SYSTEM.keywords)),
    timeCreated: Number.isNaN(time) ? undefined : time,
    recordId: toInt(pick(doc, SYSTEM.recordId)),
    activityId: toKeyword(pick(doc, SYSTEM.activityId)),
    processId: toInt(pick(doc, SYSTEM.processId)),
    threadId: toInt(pick(doc, SYSTEM.threadId)),
    channel: toKeyword(doc.Channel) ?? '',
    computer: toKeyword(doc.Computer) ?? '',
    userId: toKeyword(pick(doc, SYSTEM.userId)),
    eventData,
    message: typeof message === 'string' ? message : undefined,
  };
}
