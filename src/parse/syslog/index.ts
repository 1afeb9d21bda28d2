// The syslog envelope (RFC 3164 and RFC 5424): host, program, pid, priority and time, then the
// message is handed to the content formats (CEF, LEEF, Linux auth, JSON, key=value), so an
// sshd line over syslog becomes an authentication event and CEF over syslog a CEF event.

import { ECS } from '../../event/fields.js';
import type { Draft, Format, ParseContext, TextFormat } from '../format.js';
import type { RawRecord } from '../../pipeline/stages.js';
import { readPriority, writePriority } from './priority.js';
import { looks5424, read5424 } from './rfc5424.js';
import { read3164, startsWithTime } from './rfc3164.js';

const MODULE = 'syslog';
const DATASET = 'syslog.log';

/**
 * Reads the envelope and writes its fields; returns the message, or undefined (having written
 * nothing) when the text has no syslog envelope.
 */
function readEnvelope(text: string, d: Draft, received: number): string | undefined {
  const pri = readPriority(text);
  if (pri < 0) return read3164(text, 0, false, d, received);
  const start = text.indexOf('>') + 1;
  let message: string | undefined;
  if (looks5424(text, start)) message = read5424(text, start, d);
  if (message === undefined) message = read3164(text, start, true, d, received)!;
  writePriority(d.fields, pri);
  return message;
}

export const syslog: TextFormat = {
  name: 'syslog',
  description: 'Syslog, RFC 3164 (BSD) and RFC 5424, with or without PRI; the message goes on to CEF, LEEF, Linux auth, JSON or key=value',
  module: MODULE,
  dataset: DATASET,
  input: 'text',
  detect(text: string): boolean {
    const c = text.charCodeAt(0);
    if (c === 60) return readPriority(text) >= 0; // <PRI>
    return startsWithTime(text, 0);
  },
  fill(text: string, d: Draft, ctx: ParseContext, record: RawRecord): boolean {
    return fillSyslog(text, d, ctx, record);
  },
};

/**
 * The syslog fill, with `expect` for a format named by the source that travels inside syslog
 * (a "cef" source receiving CEF over syslog): then the message must be of that format.
 */
export function fillSyslog(text: string, d: Draft, ctx: ParseContext, record: RawRecord, expect?: Format): boolean {
  const f = d.fields;
  // Checked before writing anything, so that returning false leaves the draft untouched.
  const c = text.charCodeAt(0);
  if (c !== 60 && !startsWithTime(text, 0)) return false;
  const message = readEnvelope(text, d, record.received);
  if (message === undefined) return false;
  f[ECS.event.kind] = 'event';
  f[ECS.event.module] = MODULE;
  f[ECS.event.dataset] = DATASET;
  if (ctx.content(message, d, record, expect)) return true;
  if (expect !== undefined) return false;
  f[ECS.message] = message;
  return true;
}
