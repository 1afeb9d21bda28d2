// IBM QRadar LEEF 1.0 ("LEEF:1.0|Vendor|Product|Version|EventID|k=v<TAB>k=v") and 2.0 (a sixth
// header field names the attribute delimiter: a character, or its code as "0x09"/"x09").
// Header and attributes are kept under leef.*; the predefined attributes are mapped to ECS.

import type { FieldValue, Fields } from '../event/event.js';
import { ECS } from '../event/fields.js';
import type { Draft, TextFormat } from './format.js';
import { ParseFailure } from './format.js';
import { forEachExtensionPair } from './shared/extension.js';
import { fieldName, keyTree } from './shared/flatten.js';
import { parseDeviceTime } from './shared/time.js';
import { toInt, transport } from './shared/values.js';

const ATTRIBUTES = keyTree('leef.attributes.');

const str = (v: string): FieldValue => v;
const int = (v: string): FieldValue | undefined => toInt(v);

/** Predefined LEEF attributes and the ECS field each gives. */
const KEYS = new Map<string, [field: string, convert: (v: string) => FieldValue | undefined]>(Object.entries({
  src: [ECS.source.ip, str],
  srcPort: [ECS.source.port, int],
  srcMAC: [ECS.source.mac, str],
  srcBytes: [ECS.source.bytes, int],
  srcPackets: [ECS.source.packets, int],
  dst: [ECS.destination.ip, str],
  dstPort: [ECS.destination.port, int],
  dstMAC: [ECS.destination.mac, str],
  dstBytes: [ECS.destination.bytes, int],
  dstPackets: [ECS.destination.packets, int],
  usrName: [ECS.user.name, str],
  accountName: [ECS.user.name, str],
  domain: [ECS.user.domain, str],
  proto: [ECS.network.transport, (v) => transport(v)],
  sev: [ECS.event.severity, int],
  url: [ECS.url.original, str],
  action: [ECS.event.action, str],
  identHostName: [ECS.host.name, str],
}));

/** The LEEF 2.0 delimiter field: "^", "0x09", "x09", "\t"; empty means tab. */
function delimiter(spec: string): string {
  if (spec === '') return '\t';
  if (spec.length === 1) return spec;
  const hex = spec.startsWith('0x') || spec.startsWith('0X') ? spec.slice(2) : spec.startsWith('x') || spec.startsWith('X') ? spec.slice(1) : undefined;
  if (hex !== undefined) {
    const code = parseInt(hex, 16);
    if (!Number.isNaN(code)) return String.fromCharCode(code);
  }
  if (spec === '\\t') return '\t';
  return spec[0]!;
}

function fillLeef(text: string, d: Draft, received: number): void {
  // Header fields do not escape "|", so split on the first five (six for 2.0).
  const header: string[] = [];
  let i = 5; // after "LEEF:"
  const version2 = text.startsWith('LEEF:2');
  const count = version2 ? 6 : 5;
  while (header.length < count) {
    const bar = text.indexOf('|', i);
    if (bar < 0) break;
    header.push(text.slice(i, bar));
    i = bar + 1;
  }
  if (header.length < count) throw new ParseFailure(`LEEF header has ${header.length} of ${count} fields`);
  const [version, vendor, product, productVersion, eventId] = header as [string, string, string, string, string];
  const f: Fields = d.fields;
  f[ECS.event.kind] = 'event';
  f[ECS.event.module] = 'leef';
  f[ECS.event.dataset] = 'leef.log';
  f['leef.version'] = version;
  f['leef.vendor'] = vendor;
  f['leef.product'] = product;
  f['leef.product_version'] = productVersion;
  f['leef.event_id'] = eventId;
  f[ECS.observer.vendor] = vendor;
  f[ECS.observer.product] = product;
  f[ECS.observer.version] = productVersion;
  f[ECS.event.code] = eventId;

  const attributes = text.slice(i);
  const visit = (key: string, value: string): void => {
    f[fieldName(ATTRIBUTES, key)] = value;
    if (value === '') return;
    if (key === 'devTime') {
      const t = parseDeviceTime(value, received);
      if (!Number.isNaN(t)) d.timestamp = t;
      return;
    }
    const mapping = KEYS.get(key);
    if (mapping === undefined) return;
    const converted = mapping[1](value);
    if (converted !== undefined) f[mapping[0]] = converted;
  };
  const delim = version2 ? delimiter(header[5]!) : '\t';
  if (attributes.includes(delim)) {
    for (const pair of attributes.split(delim)) {
      const eq = pair.indexOf('=');
      if (eq > 0) visit(pair.slice(0, eq), pair.slice(eq + 1));
    }
  } else {
    // Many senders use spaces where LEEF wants tabs; then a value runs to the next " key=".
    forEachExtensionPair(attributes, visit);
  }
}

export const leef: TextFormat = {
  name: 'leef',
  description: 'IBM QRadar Log Event Extended Format 1.0 and 2.0, alone or as a syslog message',
  module: 'leef',
  dataset: 'leef.log',
  input: 'text',
  content: true,
  detect: (text) => text.startsWith('LEEF:'),
  fill(text, d, _ctx, record) {
    if (!text.startsWith('LEEF:')) return false;
    fillLeef(text, d, record.received);
    return true;
  },
};
