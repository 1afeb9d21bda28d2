// Syslog PRI: facility and severity codes and their names (RFC 5424 section 6.2.1).

import type { Fields } from '../../event/event.js';
import { ECS } from '../../event/fields.js';

const FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp',
  'ntp', 'security', 'console', 'solaris-cron', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
];
const SEVERITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'];

/** Reads "<PRI>" at the start of `text`; returns the PRI (0-191) or -1. */
export function readPriority(text: string): number {
  if (text.charCodeAt(0) !== 60) return -1; // <
  let pri = 0;
  let i = 1;
  for (; i < 5 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 62) break; // >
    const digit = c - 48;
    if (digit < 0 || digit > 9) return -1;
    pri = pri * 10 + digit;
  }
  return i > 1 && text.charCodeAt(i) === 62 && pri <= 191 ? pri : -1;
}

export function writePriority(f: Fields, pri: number): void {
  const facility = pri >> 3;
  const severity = pri & 7;
  f[ECS.log.syslogPriority] = pri;
  f[ECS.log.syslogFacilityCode] = facility;
  f[ECS.log.syslogFacilityName] = FACILITIES[facility]!;
  f[ECS.log.syslogSeverityCode] = severity;
  f[ECS.log.syslogSeverityName] = SEVERITIES[severity]!;
}
