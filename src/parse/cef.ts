// ArcSight CEF: "CEF:Version|Vendor|Product|Version|Signature ID|Name|Severity|Extension".
// Header and every extension key are kept under cef.*; the standard keys are mapped to ECS.

import type { FieldValue, Fields } from '../event/event.js';
import { ECS } from '../event/fields.js';
import type { Draft, TextFormat } from './format.js';
import { ParseFailure } from './format.js';
import { forEachExtensionPair } from './shared/extension.js';
import { fieldName, keyTree } from './shared/flatten.js';
import { parseDeviceTime } from './shared/time.js';
import { toInt, transport } from './shared/values.js';

const HEADER_FIELDS = 7;
const EXTENSIONS = keyTree('cef.extensions.');

/** Splits the header at unescaped "|" and unescapes "\|" and "\\"; returns the fields and where the extension starts. */
function splitHeader(text: string, start: number): { fields: string[]; rest: number } {
  const fields: string[] = [];
  let current = '';
  let from = start;
  let i = start;
  for (; i < text.length && fields.length < HEADER_FIELDS; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 && (text.charCodeAt(i + 1) === 124 || text.charCodeAt(i + 1) === 92)) {
      current += text.slice(from, i);
      from = i + 1;
      i++;
    } else if (c === 124) {
      fields.push(current + text.slice(from, i));
      current = '';
      from = i + 1;
    }
  }
  // Senders that leave out the empty extension end the record at the severity, without a last "|".
  if (fields.length === HEADER_FIELDS - 1 && i === text.length && from < text.length) {
    fields.push(current + text.slice(from));
    return { fields, rest: text.length };
  }
  return { fields, rest: i };
}

/** CEF severity: 0-10, or the words ArcSight uses. */
const SEVERITY_WORDS = new Map([['unknown', 0], ['low', 3], ['medium', 6], ['high', 8], ['very-high', 10], ['very high', 10]]);

function outcome(v: string): string {
  const s = v.toLowerCase();
  if (s.includes('fail') || s.includes('denied') || s.includes('block')) return 'failure';
  if (s.includes('succ') || s.includes('allow')) return 'success';
  return 'unknown';
}

const str = (v: string): FieldValue => v;
const lower = (v: string): FieldValue => v.toLowerCase();
const int = (v: string): FieldValue | undefined => toInt(v);

/** Standard extension keys and the ECS field each gives. */
const KEYS = new Map<string, [field: string, convert: (v: string) => FieldValue | undefined]>(Object.entries({
  src: [ECS.source.ip, str],
  spt: [ECS.source.port, int],
  shost: [ECS.source.domain, str],
  smac: [ECS.source.mac, str],
  suser: [ECS.source.userName, str],
  dst: [ECS.destination.ip, str],
  dpt: [ECS.destination.port, int],
  dhost: [ECS.destination.domain, str],
  dmac: [ECS.destination.mac, str],
  duser: [ECS.destination.userName, str],
  act: [ECS.event.action, str],
  outcome: [ECS.event.outcome, outcome],
  reason: [ECS.event.reason, str],
  msg: [ECS.message, str],
  proto: [ECS.network.transport, (v) => transport(v)],
  app: [ECS.network.protocol, lower],
  in: [ECS.source.bytes, int],
  out: [ECS.destination.bytes, int],
  request: [ECS.url.original, str],
  requestMethod: [ECS.http.method, str],
  requestClientApplication: [ECS.http.userAgent, str],
  requestContext: [ECS.http.referrer, str],
  dvc: [ECS.observer.ip, str],
  dvchost: [ECS.observer.hostname, str],
  fname: [ECS.file.name, str],
  filePath: [ECS.file.path, str],
  fsize: [ECS.file.size, int],
  sproc: [ECS.process.name, str],
  spid: [ECS.process.pid, int],
  externalId: [ECS.event.id, str],
}));

function fillCef(text: string, d: Draft, received: number): void {
  const { fields: header, rest } = splitHeader(text, 4);
  if (header.length < HEADER_FIELDS) throw new ParseFailure(`CEF header has ${header.length} of ${HEADER_FIELDS} fields`);
  const [version, vendor, product, deviceVersion, signature, name, severity] = header as [string, string, string, string, string, string, string];
  const f: Fields = d.fields;
  f[ECS.event.kind] = 'event';
  f[ECS.event.module] = 'cef';
  f[ECS.event.dataset] = 'cef.log';
  f['cef.version'] = version;
  f['cef.device.vendor'] = vendor;
  f['cef.device.product'] = product;
  f['cef.device.version'] = deviceVersion;
  f['cef.device.event_class_id'] = signature;
  f['cef.name'] = name;
  f['cef.severity'] = severity;
  f[ECS.observer.vendor] = vendor;
  f[ECS.observer.product] = product;
  f[ECS.observer.version] = deviceVersion;
  f[ECS.event.code] = signature;
  const sev = toInt(severity) ?? SEVERITY_WORDS.get(severity.toLowerCase());
  if (sev !== undefined) f[ECS.event.severity] = sev;

  forEachExtensionPair(text.slice(rest), (key, value) => {
    f[fieldName(EXTENSIONS, key)] = value;
    if (value === '') return;
    if (key === 'rt') {
      const t = parseDeviceTime(value, received);
      if (!Number.isNaN(t)) d.timestamp = t;
      return;
    }
    if (key === 'start' || key === 'end') {
      const t = parseDeviceTime(value, received);
      if (!Number.isNaN(t)) f[key === 'start' ? ECS.event.start : ECS.event.end] = t;
      return;
    }
    const mapping = KEYS.get(key);
    if (mapping === undefined) return;
    const converted = mapping[1](value);
    if (converted !== undefined) f[mapping[0]] = converted;
  });
  const user = f[ECS.source.userName] ?? f[ECS.destination.userName];
  if (user !== undefined) f[ECS.user.name] = user;
  if (f[ECS.message] === undefined) f[ECS.message] = name;
}

export const cef: TextFormat = {
  name: 'cef',
  description: 'ArcSight Common Event Format, alone or as a syslog message',
  module: 'cef',
  dataset: 'cef.log',
  input: 'text',
  content: true,
  detect: (text) => text.startsWith('CEF:'),
  fill(text, d, _ctx, record) {
    if (!text.startsWith('CEF:')) return false;
    fillCef(text, d, record.received);
    return true;
  },
};
