// RFC 5424 syslog header: VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG.

import type { FieldValue } from '../../event/event.js';
import { ECS } from '../../event/fields.js';
import type { Draft } from '../format.js';
import { parseIsoTime } from '../shared/time.js';
import { toInt } from '../shared/values.js';

const NIL = '-';

/** True when the text after "<PRI>" (at `start`) begins like an RFC 5424 header: "1 ". */
export function looks5424(text: string, start: number): boolean {
  const c = text.charCodeAt(start);
  return c >= 49 && c <= 57 && text.charCodeAt(start + 1) === 32;
}

/**
 * Reads the header after "<PRI>" and writes log.syslog.*, host and process fields.
 * Returns the message (BOM removed), or undefined, having written nothing, when the header is incomplete.
 */
export function read5424(text: string, start: number, d: Draft): string | undefined {
  const parts: string[] = [];
  let i = start;
  for (let n = 0; n < 6; n++) {
    const sp = text.indexOf(' ', i);
    if (sp < 0) {
      // The header may end the record when there is neither structured data nor message.
      if (n !== 5) return undefined;
      parts.push(text.slice(i));
      i = text.length;
      break;
    }
    parts.push(text.slice(i, sp));
    i = sp + 1;
  }
  const [version, time, host, app, procid, msgid] = parts as [string, string, string, string, string, string];
  let sd: Record<string, FieldValue> | undefined;
  if (i < text.length) {
    if (text.charCodeAt(i) === 45) i += 1; // "-": no structured data
    else if (text.charCodeAt(i) === 91) {
      const read = readStructuredData(text, i);
      if (read === undefined) return undefined;
      sd = read.data;
      i = read.end;
    } else return undefined;
  }
  if (text.charCodeAt(i) === 32) i++;
  let message = text.slice(i);
  if (message.charCodeAt(0) === 0xfeff) message = message.slice(1);

  const f = d.fields;
  f[ECS.log.syslogVersion] = version;
  if (time !== NIL) {
    const t = parseIsoTime(time);
    if (!Number.isNaN(t)) d.timestamp = t;
  }
  if (host !== NIL) {
    f[ECS.log.syslogHostname] = host;
    f[ECS.host.hostname] = host;
    f[ECS.host.name] = host;
  }
  if (app !== NIL) {
    f[ECS.log.syslogAppname] = app;
    f[ECS.process.name] = app;
  }
  if (procid !== NIL) {
    f[ECS.log.syslogProcid] = procid;
    const pid = toInt(procid);
    if (pid !== undefined) f[ECS.process.pid] = pid;
  }
  if (msgid !== NIL) f[ECS.log.syslogMsgid] = msgid;
  if (sd) f[ECS.log.syslogStructuredData] = sd;
  return message;
}

/** `[id k="v" ...][id2 ...]` → { id: { k: "v" }, id2: {...} }; a repeated parameter becomes a list. */
function readStructuredData(text: string, start: number): { data: Record<string, FieldValue>; end: number } | undefined {
  const data: Record<string, FieldValue> = {};
  let i = start;
  while (text.charCodeAt(i) === 91) { // [
    let k = i + 1;
    while (k < text.length && text.charCodeAt(k) !== 32 && text.charCodeAt(k) !== 93) k++;
    if (k >= text.length) return undefined;
    const id = text.slice(i + 1, k);
    const params: Record<string, FieldValue> = {};
    while (text.charCodeAt(k) === 32) {
      k++;
      const eq = text.indexOf('=', k);
      if (eq < 0 || text.charCodeAt(eq + 1) !== 34) return undefined;
      const name = text.slice(k, eq);
      let value = '';
      let j = eq + 2;
      let from = j;
      for (; j < text.length; j++) {
        const c = text.charCodeAt(j);
        if (c === 92) { // backslash escapes only ", \ and ]
          const next = text.charCodeAt(j + 1);
          if (next === 34 || next === 92 || next === 93) {
            value += text.slice(from, j);
            from = j + 1;
            j++;
          }
        } else if (c === 34) break;
      }
      if (j >= text.length) return undefined;
      value += text.slice(from, j);
      const prev = params[name];
      params[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
      k = j + 1;
    }
    if (text.charCodeAt(k) !== 93) return undefined;
    data[id] = params;
    i = k + 1;
  }
  return { data, end: i };
}
