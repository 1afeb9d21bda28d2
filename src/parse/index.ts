// Parsing records into ECS events: the one entry every path calls (pipeline, vigil parse,
// vigil ingest, vigil hunt), the registry of formats in detection order, and file reading.

import type { ParsedEvent } from '../event/event.js';
import type { RawRecord } from '../pipeline/stages.js';
import { accessLog, apacheAccess, nginxAccess } from './access-log.js';
import { cef } from './cef.js';
import { cloudtrail } from './cloudtrail.js';
import { ecsJson } from './ecs-json.js';
import type { Format } from './format.js';
import { json } from './json.js';
import { kv } from './kv.js';
import { leef } from './leef.js';
import { line } from './line.js';
import { linuxAuth } from './linux-auth/index.js';
import { createRegistry } from './registry.js';
import { suricataEve } from './suricata-eve.js';
import { syslog } from './syslog/index.js';
import { evtx, windows } from './windows/index.js';
import { zeek } from './zeek/index.js';

export type { Format, JsonFormat, TextFormat } from './format.js';
export { createRegistry } from './registry.js';
export { listLogFiles, readLogFile } from './files.js';
export type { ReadLogFileOptions } from './files.js';

/**
 * Every format, in detection order. JSON documents go to the first JSON format whose shape
 * they have (specific shapes first, generic JSON last); text goes to the first text format
 * whose cheap check passes (prefixes first), and `line` takes the rest.
 */
export const PARSERS: readonly Format[] = [
  windows,
  evtx,
  suricataEve,
  zeek,
  cloudtrail,
  ecsJson,
  json,
  cef,
  leef,
  syslog,
  linuxAuth,
  accessLog,
  nginxAccess,
  apacheAccess,
  kv,
  line,
];

// Built at start-up: a duplicate name fails here, before any record is read.
const registry = createRegistry(PARSERS, { fallback: line.name });

/** Parses one record into an event. Never throws: unreadable records come back tagged parse_failure. */
export function parseRecord(record: RawRecord): ParsedEvent {
  return registry.parse(record);
}

/** The format names a source may give, with what each reads (`vigil parse --formats`). */
export function listFormats(): { name: string; description: string }[] {
  return PARSERS.map((f) => ({ name: f.name, description: f.description }));
}
