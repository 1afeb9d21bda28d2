// key=value lines (logfmt, Fortinet, auditd, iptables and the like): `key=value key2="a b" key3='c'`.
// Every pair is kept under kv.* as text; the keys that commonly name addresses, ports, users,
// actions and times are mapped to ECS.

import type { FieldValue, Fields } from '../event/event.js';
import { ECS } from '../event/fields.js';
import type { Draft, TextFormat } from './format.js';
import { fieldName, keyTree } from './shared/flatten.js';
import { anyTime, parseIsoTime } from './shared/time.js';
import { toInt, transport } from './shared/values.js';

const NAMES = keyTree('kv.');

const str = (v: string): FieldValue => v;
const int = (v: string): FieldValue | undefined => toInt(v);

/** Common key spellings (lower-cased) and the ECS field each gives. */
const KEYS = new Map<string, [field: string, convert: (v: string) => FieldValue | undefined]>();
function keys(names: string[], field: string, convert: (v: string) => FieldValue | undefined): void {
  for (const name of names) KEYS.set(name, [field, convert]);
}
keys(['src', 'srcip', 'src_ip', 'source_ip', 'sourceip', 'client_ip', 'clientip'], ECS.source.ip, str);
keys(['dst', 'dstip', 'dst_ip', 'dest_ip', 'destip', 'destination_ip', 'destinationip'], ECS.destination.ip, str);
keys(['spt', 'sport', 'srcport', 'src_port', 'source_port', 'sourceport'], ECS.source.port, int);
keys(['dpt', 'dport', 'dstport', 'dst_port', 'dest_port', 'destination_port', 'destinationport'], ECS.destination.port, int);
keys(['proto', 'protocol', 'transport'], ECS.network.transport, (v) => transport(v));
keys(['user', 'username', 'user_name', 'usrname', 'suser', 'srcuser', 'uname', 'acct'], ECS.user.name, str);
keys(['action', 'act'], ECS.event.action, str);
keys(['msg', 'message'], ECS.message, str);
keys(['host', 'hostname'], ECS.host.name, str);
keys(['devname'], ECS.observer.name, str);
keys(['pid'], ECS.process.pid, int);
keys(['ppid'], ECS.process.parentPid, int);
keys(['comm', 'process'], ECS.process.name, str);
keys(['exe'], ECS.process.executable, str);
keys(['url'], ECS.url.original, str);
keys(['method'], ECS.http.method, str);
keys(['sentbyte', 'bytes_out', 'bytesout'], ECS.source.bytes, int);
keys(['rcvdbyte', 'bytes_in', 'bytesin'], ECS.destination.bytes, int);
keys(['level', 'severity', 'lvl'], ECS.log.level, (v) => v.toLowerCase());

/** Keys that carry the event's time, most specific first. */
const TIME_KEYS = ['@timestamp', 'timestamp', 'ts', 'time', 'eventtime', 'datetime'];
/** Every key timeOf reads. */
const TIME_PARTS = new Set([...TIME_KEYS, 'date', 'tz', 'msg']);
/** auditd: msg=audit(1364481363.243:24287) */
const AUDIT_TIME = /^audit\((\d+(?:\.\d+)?):\d+\)/;

/** Reads `key=value` pairs; a word without "=" continues the previous value. Returns the pair count. */
function readPairs(text: string, visit: (key: string, value: string) => void): number {
  let count = 0;
  let i = 0;
  let lastKey: string | undefined;
  let lastValue = '';
  const n = text.length;
  while (i < n) {
    while (i < n && text.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    const wordStart = i;
    while (i < n && text.charCodeAt(i) !== 61 && text.charCodeAt(i) !== 32) i++;
    if (i >= n || text.charCodeAt(i) === 32 || i === wordStart) {
      // Not a pair: part of the previous value (unquoted values with spaces).
      while (i < n && text.charCodeAt(i) !== 32) i++;
      if (lastKey !== undefined) lastValue += ' ' + text.slice(wordStart, i);
      continue;
    }
    const key = text.slice(wordStart, i);
    i++; // =
    let value: string;
    const q = text.charCodeAt(i);
    if (q === 34 || q === 39) { // " or '
      let out = '';
      let from = ++i;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c === 92 && i + 1 < n) {
          out += text.slice(from, i);
          from = i + 1;
          i++;
        } else if (c === q) break;
      }
      value = out + text.slice(from, i);
      i++; // closing quote
    } else {
      const start = i;
      while (i < n && text.charCodeAt(i) !== 32) i++;
      value = text.slice(start, i);
    }
    if (lastKey !== undefined) visit(lastKey, lastValue);
    lastKey = key;
    lastValue = value;
    count++;
  }
  if (lastKey !== undefined) visit(lastKey, lastValue);
  return count;
}

interface KeyInfo {
  field: string;
  lower: string;
  mapping: [field: string, convert: (v: string) => FieldValue | undefined] | undefined;
  /** Whether timeOf looks at this key. */
  time: boolean;
}

/** What each key spelling means, worked out once (bounded: keys are whatever senders write). */
const KEY_INFO = new Map<string, KeyInfo>();

function keyInfo(key: string): KeyInfo {
  let info = KEY_INFO.get(key);
  if (info === undefined) {
    const lower = key.toLowerCase();
    info = { field: fieldName(NAMES, key), lower, mapping: KEYS.get(lower), time: TIME_PARTS.has(lower) };
    if (KEY_INFO.size < 10_000) KEY_INFO.set(key, info);
  }
  return info;
}

function fillKv(text: string, d: Draft): boolean {
  const f: Fields = d.fields;
  const byKey = new Map<string, string>();
  const count = readPairs(text, (key, value) => {
    const info = keyInfo(key);
    const prev = f[info.field];
    // A repeated key (auditd's two msg=) becomes a list rather than losing a value.
    f[info.field] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    if (info.time && !byKey.has(info.lower)) byKey.set(info.lower, value);
    if (value === '' || info.mapping === undefined || f[info.mapping[0]] !== undefined) return;
    const converted = info.mapping[1](value);
    if (converted !== undefined) f[info.mapping[0]] = converted;
  });
  if (count === 0) return false;
  f[ECS.event.kind] = 'event';
  f[ECS.event.module] = 'kv';
  f[ECS.event.dataset] = 'kv.log';
  d.timestamp = timeOf(byKey);
  return true;
}

function timeOf(byKey: Map<string, string>): number | undefined {
  // Fortinet: date=2019-05-10 time=11:37:47 (tz="-0700")
  const date = byKey.get('date');
  const clock = byKey.get('time');
  if (date !== undefined && clock !== undefined && clock.length >= 5 && clock.charCodeAt(2) === 58) {
    const t = parseIsoTime(`${date}T${clock}${byKey.get('tz') ?? ''}`);
    if (!Number.isNaN(t)) return t;
  }
  for (const key of TIME_KEYS) {
    const v = byKey.get(key);
    if (v === undefined) continue;
    const t = anyTime(v);
    if (!Number.isNaN(t)) return t;
  }
  const audit = byKey.get('msg');
  const m = audit === undefined ? null : AUDIT_TIME.exec(audit);
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}

/** Starts with a key and "=" and has a second "=" somewhere: cheap enough for detection. */
function looksKv(text: string): boolean {
  const c = text.charCodeAt(0);
  if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) return false;
  for (let i = 1; i < text.length && i < 64; i++) {
    const k = text.charCodeAt(i);
    if (k === 61) return text.indexOf('=', i + 1) > 0;
    if (!((k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95 || k === 46 || k === 45)) return false;
  }
  return false;
}

export const kv: TextFormat = {
  name: 'kv',
  description: 'key=value lines (logfmt, Fortinet, auditd …), quoted values allowed',
  module: 'kv',
  dataset: 'kv.log',
  input: 'text',
  content: true,
  detect: looksKv,
  fill: (text, d) => fillKv(text, d),
};
