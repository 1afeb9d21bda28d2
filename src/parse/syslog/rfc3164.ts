// BSD syslog (RFC 3164) and the variants seen in practice: with or without PRI, with or without
// hostname, "Mmm dd hh:mm:ss" or an RFC 3339 time (rsyslog's high-precision format), an optional
// year (Cisco), and a "tag[pid]:" or "tag:" before the message.

import { ECS } from '../../event/fields.js';
import type { Draft } from '../format.js';
import { newMonthTime, parseIsoTime, readMonthTime, withYear } from '../shared/time.js';

const time = newMonthTime();

/** True when `text[start]` begins a time this reader understands. */
export function startsWithTime(text: string, start: number): boolean {
  const c = text.charCodeAt(start);
  if (c >= 65 && c <= 90) return readMonthTime(text, start, time); // A-Z: "Oct 11 22:14:15"
  return c >= 48 && c <= 57 && text.charCodeAt(start + 4) === 45 && text.charCodeAt(start + 10) === 84; // 2024-01-01T
}

/**
 * Reads the header at `start` (just after "<PRI>", or 0). Writes host and process fields and the
 * time, and returns the message; returns undefined, having written nothing, when there is no
 * header to read and `hasPri` is false (a line without PRI must at least have time and host).
 */
export function read3164(text: string, start: number, hasPri: boolean, d: Draft, received: number): string | undefined {
  let i = start;
  let timestamp = NaN;
  let timed = false;
  const c = text.charCodeAt(i);
  if (c >= 65 && c <= 90 && readMonthTime(text, i, time)) {
    timestamp = withYear(time, received);
    timed = true;
    i = time.end;
  } else if (c >= 48 && c <= 57 && text.charCodeAt(i + 4) === 45) {
    const sp = text.indexOf(' ', i);
    const end = sp < 0 ? text.length : sp;
    timestamp = parseIsoTime(text, i, end);
    if (!Number.isNaN(timestamp)) {
      timed = true;
      i = end;
    }
  }
  if (!timed) {
    if (!hasPri) return undefined;
    return text.slice(i);
  }
  // Cisco and others put a colon right after the time.
  if (text.charCodeAt(i) === 58) i++;
  if (text.charCodeAt(i) === 32) i++;

  // Next comes the hostname, unless the first word is already the tag.
  let host: string | undefined;
  let sp = text.indexOf(' ', i);
  let word = sp < 0 ? text.slice(i) : text.slice(i, sp);
  if (word !== '' && !isTagWord(word) && !isContentStart(word)) {
    host = word;
    i = sp < 0 ? text.length : sp + 1;
    sp = text.indexOf(' ', i);
    word = sp < 0 ? text.slice(i) : text.slice(i, sp);
  }
  if (!hasPri && host === undefined && !isTagWord(word) && !isContentStart(word)) return undefined;

  let name: string | undefined;
  let pid: string | undefined;
  if (isTagWord(word) && !isContentStart(word)) {
    const bracket = word.indexOf('[');
    const colon = word.endsWith(':') ? word.length - 1 : word.length;
    if (bracket > 0) {
      name = word.slice(0, bracket);
      const close = word.indexOf(']', bracket);
      pid = word.slice(bracket + 1, close);
    } else {
      name = word.slice(0, colon);
    }
    i = sp < 0 ? text.length : sp + 1;
  }

  const f = d.fields;
  if (!Number.isNaN(timestamp)) d.timestamp = timestamp;
  if (host !== undefined) {
    f[ECS.log.syslogHostname] = host;
    f[ECS.host.hostname] = host;
    f[ECS.host.name] = host;
  }
  if (name !== undefined && name !== '') {
    f[ECS.log.syslogAppname] = name;
    f[ECS.process.name] = name;
  }
  if (pid !== undefined) {
    f[ECS.log.syslogProcid] = pid;
    const n = Number(pid);
    if (Number.isInteger(n) && pid !== '') f[ECS.process.pid] = n;
  }
  return text.slice(i);
}

/** "sshd[123]:", "sshd:", "kernel:" — a program name followed by an optional [pid] and a colon. */
function isTagWord(word: string): boolean {
  const n = word.length;
  if (n < 2 || n > 64) return false;
  if (word.charCodeAt(n - 1) === 58) { // ends with ":"
    const bracket = word.indexOf('[');
    if (bracket < 0) return word.indexOf(':') === n - 1;
    return bracket > 0 && word.charCodeAt(n - 2) === 93 && isDigits(word, bracket + 1, n - 2);
  }
  // Some senders omit the colon after "[pid]".
  const bracket = word.indexOf('[');
  return bracket > 0 && word.charCodeAt(n - 1) === 93 && isDigits(word, bracket + 1, n - 1);
}

function isDigits(s: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A message that starts right after the time or host with a format prefix, not a tag. */
function isContentStart(word: string): boolean {
  return word.startsWith('CEF:') || word.startsWith('LEEF:') || word.charCodeAt(0) === 123;
}
