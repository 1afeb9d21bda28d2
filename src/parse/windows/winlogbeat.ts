// Windows events as Winlogbeat documents (7.x and 8.x): `winlog.*` plus ECS, nested JSON.

import type { FieldValue } from '../../event/event.js';
import type { JsonObject } from '../format.js';
import { anyTime } from '../shared/time.js';
import { isObject, toInt, toKeyword } from '../shared/values.js';
import type { WindowsEventInput } from './normalize.js';

/** Winlogbeat's `log.level` names back to Windows level numbers. */
const LEVELS = new Map([['critical', 1], ['error', 2], ['warning', 3], ['information', 4], ['info', 4], ['verbose', 5]]);

export function isWinlogbeat(doc: JsonObject): boolean {
  const w = doc.winlog;
  return isObject(w) && w.event_id !== undefined && (typeof w.channel === 'string' || typeof w.provider_name === 'string');
}

function record(v: unknown): Record<string, FieldValue> | undefined {
  return isObject(v) ? (v as Record<string, FieldValue>) : undefined;
}

export function fromWinlogbeat(doc: JsonObject): WindowsEventInput {
  const w = doc.winlog as JsonObject;
  const process = isObject(w.process) ? w.process : {};
  const thread = isObject(process.thread) ? process.thread : {};
  const user = isObject(w.user) ? w.user : {};
  const log = isObject(doc.log) ? doc.log : {};
  const level = typeof log.level === 'string' ? LEVELS.get(log.level.toLowerCase()) : undefined;
  const time = anyTime(doc['@timestamp']);
  return {
    provider: toKeyword(w.provider_name) ?? '',
    providerGuid: toKeyword(w.provider_guid),
    eventId: toInt(w.event_id) ?? 0,
    version: toInt(w.version),
    level,
    // Winlogbeat renders task and opcode as names; numbers only when it could not.
    task: toInt(w.task),
    opcode: toInt(w.opcode),
    timeCreated: Number.isNaN(time) ? undefined : time,
    recordId: toInt(w.record_id),
    activityId: toKeyword(w.activity_id),
    processId: toInt(process.pid),
    threadId: toInt(thread.id),
    channel: toKeyword(w.channel) ?? '',
    computer: toKeyword(w.computer_name) ?? '',
    userId: toKeyword(user.identifier),
    eventData: record(w.event_data),
    userData: record(w.user_data),
    message: typeof doc.message === 'string' ? doc.message : undefined,
  };
}
