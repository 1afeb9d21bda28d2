// Windows events as NXLog im_msvistalog writes them in JSON: System fields under NXLog's names
// (EventID, SourceName, Hostname, EventTime ...) and the EventData fields at the top level.

import type { FieldValue } from '../../event/event.js';
import type { JsonObject } from '../format.js';
import { anyTime, parseIsoTime } from '../shared/time.js';
import { toInt, toKeyword } from '../shared/values.js';
import { keywordsText } from './keywords.js';
import type { WindowsEventInput } from './normalize.js';

/** Top-level keys NXLog adds itself; every other key is EventData. */
const SYSTEM_KEYS = new Set([
  'EventTime', 'EventReceivedTime', 'Hostname', 'SourceName', 'ProviderGuid', 'EventID', 'Version', 'Task', 'OpcodeValue',
  'Opcode', 'RecordNumber', 'ActivityID', 'RelatedActivityID', 'ProcessID', 'ThreadID', 'Channel', 'Keywords', 'EventType',
  'SeverityValue', 'Severity', 'Category', 'Message', 'UserID', 'AccountName', 'Domain', 'AccountType', 'SourceModuleName',
  'SourceModuleType', 'Level', 'LevelValue', 'ERROR_EVT_UNRESOLVED',
]);

/** NXLog's severity scale back to Windows levels (NXLog maps 0 and 4 both to INFO). */
const LEVELS: Record<number, number> = { 1: 5, 2: 4, 3: 3, 4: 2, 5: 1 };

export function isNxlog(doc: JsonObject): boolean {
  return doc.EventID !== undefined && typeof doc.SourceName === 'string' && (typeof doc.Hostname === 'string' || doc.EventTime !== undefined);
}

function time(v: unknown): number | undefined {
  // NXLog's default "2024-01-15 10:00:00" has no zone; it is taken as UTC.
  const t = typeof v === 'string' ? parseIsoTime(v) : anyTime(v);
  return Number.isNaN(t) ? undefined : t;
}

/** NXLog's own additions kept under nxlog.* (they have no place in the Windows event). */
export const NXLOG_EXTRAS = [
  'EventReceivedTime', 'SourceModuleName', 'SourceModuleType', 'EventType', 'Severity', 'SeverityValue', 'Category', 'Opcode',
  'AccountName', 'Domain', 'AccountType', 'RelatedActivityID',
] as const;

export function fromNxlog(doc: JsonObject): WindowsEventInput {
  const eventData: Record<string, FieldValue> = {};
  for (const key in doc) if (!SYSTEM_KEYS.has(key)) eventData[key] = doc[key] as FieldValue;
  const severity = toInt(doc.SeverityValue);
  const level = toInt(doc.LevelValue) ?? toInt(doc.Level) ?? (severity === undefined ? undefined : LEVELS[severity]);
  return {
    provider: toKeyword(doc.SourceName) ?? '',
    providerGuid: toKeyword(doc.ProviderGuid),
    eventId: toInt(doc.EventID) ?? 0,
    version: toInt(doc.Version),
    level,
    task: toInt(doc.Task),
    opcode: toInt(doc.OpcodeValue),
    keywords: keywordsText(doc.Keywords),
    timeCreated: time(doc.EventTime),
    recordId: toInt(doc.RecordNumber),
    activityId: toKeyword(doc.ActivityID),
    processId: toInt(doc.ProcessID),
    threadId: toInt(doc.ThreadID),
    channel: toKeyword(doc.Channel) ?? '',
    computer: toKeyword(doc.Hostname) ?? '',
    userId: toKeyword(doc.UserID),
    eventData,
    message: typeof doc.Message === 'string' ? doc.Message : undefined,
  };
}
