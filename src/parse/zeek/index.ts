// Zeek logs (JSON, or TSV lines turned into JSON by the file reader) to ECS, after Elastic's Zeek
// module: id.orig_h → source.ip and so on, per-log mappings for conn, dns, http, ssl, files,
// notice, weird and ssh, and every other field under zeek.<log>.*. The log comes from _path
// (or @stream), else from the file name.

import type { FieldValue, Fields } from '../../event/event.js';
import { ECS } from '../../event/fields.js';
import type { Draft, JsonFormat, JsonObject } from '../format.js';
import { fieldName, flattenInto, keyTree } from '../shared/flatten.js';
import type { KeyNode } from '../shared/flatten.js';
import { anyTime } from '../shared/time.js';
import { isIp, isObject, toInt, toKeyword, toNumber, toStr, transport } from '../shared/values.js';
import type { RawRecord } from '../../pipeline/stages.js';
import { zeekLogFromPath } from './log-name.js';

/** Zeek's connection uid, shared by every log about the connection (as Elastic names it). */
const SESSION_ID = 'zeek.session_id';

/** Maps one Zeek field; returns false to keep the value under zeek.<log>.* instead. */
type Handler = (value: unknown, f: Fields, doc: JsonObject) => boolean;

function to(field: string, convert: (v: unknown) => FieldValue | undefined): Handler {
  return (v, f) => {
    const x = convert(v);
    if (x === undefined) return false;
    f[field] = x;
    return true;
  };
}

const str = toStr;
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
/** Zeek intervals are seconds; event.duration is nanoseconds. */
const nanos = (v: unknown): number | undefined => {
  const n = toNumber(v);
  return n === undefined ? undefined : Math.round(n * 1e9);
};

const COMMON: Record<string, Handler> = {
  uid: to(SESSION_ID, str),
  'id.orig_h': to(ECS.source.ip, str),
  'id.orig_p': to(ECS.source.port, toInt),
  'id.resp_h': to(ECS.destination.ip, str),
  'id.resp_p': to(ECS.destination.port, toInt),
  proto: to(ECS.network.transport, transport),
  community_id: to(ECS.network.communityId, str),
  '@system': to(ECS.observer.hostname, str),
};

const DNS_FLAGS = ['AA', 'TC', 'RD', 'RA'] as const;

function dnsAnswers(v: unknown, f: Fields, doc: JsonObject): boolean {
  if (!Array.isArray(v)) return false;
  const ttls = Array.isArray(doc.TTLs) ? doc.TTLs : [];
  const answers: Record<string, FieldValue>[] = [];
  const resolved: string[] = [];
  v.forEach((data, i) => {
    if (typeof data !== 'string') return;
    const answer: Record<string, FieldValue> = { data };
    const ttl = toNumber(ttls[i]);
    if (ttl !== undefined) answer.ttl = ttl;
    answers.push(answer);
    if (isIp(data)) resolved.push(data);
  });
  f[ECS.dns.answers] = answers;
  if (resolved.length > 0) f[ECS.dns.resolvedIp] = resolved;
  return true;
}

function dnsFlag(flag: (typeof DNS_FLAGS)[number]): Handler {
  return (v, f) => {
    if (typeof v !== 'boolean') return false;
    if (v) {
      const flags = f[ECS.dns.headerFlags];
      if (Array.isArray(flags)) flags.push(flag);
      else f[ECS.dns.headerFlags] = [flag];
    }
    return true;
  };
}

const TLS_VERSION = /^(TLS|SSL|DTLS)v(\d)(\d)?$/;

function tlsVersion(v: unknown, f: Fields): boolean {
  const m = typeof v === 'string' ? TLS_VERSION.exec(v) : null;
  if (!m) return false;
  f[ECS.tls.versionProtocol] = m[1]!.toLowerCase();
  f[ECS.tls.version] = m[3] === undefined ? `${m[2]}.0` : `${m[2]}.${m[3]}`;
  return true;
}

function uri(v: unknown, f: Fields): boolean {
  if (typeof v !== 'string') return false;
  f[ECS.url.original] = v;
  const q = v.indexOf('?');
  f[ECS.url.path] = q < 0 ? v : v.slice(0, q);
  if (q >= 0) f[ECS.url.query] = v.slice(q + 1);
  return true;
}

function serverName(v: unknown, f: Fields): boolean {
  if (typeof v !== 'string' || v === '') return false;
  f[ECS.tls.serverName] = v;
  f[ECS.destination.domain] = v;
  return true;
}

interface LogMapping {
  handlers: Record<string, Handler>;
  kind?: string;
  category?: string[];
  type?: string[];
  /** network.protocol when the log is about one application protocol. */
  protocol?: string;
  /** Fields computed from the mapped ones once the record is read. */
  after?: (f: Fields, doc: JsonObject) => void;
}

const LOGS: Record<string, LogMapping> = {
  conn: {
    category: ['network'],
    type: ['connection'],
    handlers: {
      service: to(ECS.network.protocol, str),
      duration: to(ECS.event.duration, nanos),
      orig_ip_bytes: to(ECS.source.bytes, toInt),
      resp_ip_bytes: to(ECS.destination.bytes, toInt),
      orig_pkts: to(ECS.source.packets, toInt),
      resp_pkts: to(ECS.destination.packets, toInt),
      orig_l2_addr: to(ECS.source.mac, str),
      resp_l2_addr: to(ECS.destination.mac, str),
    },
    after(f) {
      const sb = f[ECS.source.bytes];
      const db = f[ECS.destination.bytes];
      if (typeof sb === 'number' || typeof db === 'number') f[ECS.network.bytes] = (typeof sb === 'number' ? sb : 0) + (typeof db === 'number' ? db : 0);
      const sp = f[ECS.source.packets];
      const dp = f[ECS.destination.packets];
      if (typeof sp === 'number' || typeof dp === 'number') f[ECS.network.packets] = (typeof sp === 'number' ? sp : 0) + (typeof dp === 'number' ? dp : 0);
    },
  },
  dns: {
    category: ['network'],
    type: ['protocol'],
    protocol: 'dns',
    handlers: {
      trans_id: to(ECS.dns.id, toKeyword),
      query: to(ECS.dns.questionName, str),
      qclass_name: to(ECS.dns.questionClass, str),
      qtype_name: to(ECS.dns.questionType, str),
      rcode_name: to(ECS.dns.responseCode, str),
      answers: dnsAnswers,
      AA: dnsFlag('AA'),
      TC: dnsFlag('TC'),
      RD: dnsFlag('RD'),
      RA: dnsFlag('RA'),
    },
    after(f) {
      f[ECS.dns.type] = f[ECS.dns.answers] !== undefined || f[ECS.dns.responseCode] !== undefined ? 'answer' : 'query';
    },
  },
  http: {
    category: ['network', 'web'],
    type: ['access', 'protocol'],
    protocol: 'http',
    handlers: {
      method: to(ECS.http.method, str),
      host: to(ECS.url.domain, str),
      uri,
      referrer: to(ECS.http.referrer, str),
      version: to(ECS.http.version, str),
      user_agent: to(ECS.http.userAgent, str),
      request_body_len: to(ECS.http.requestBytes, toInt),
      response_body_len: to(ECS.http.responseBytes, toInt),
      status_code: to(ECS.http.statusCode, toInt),
      username: to(ECS.user.name, str),
    },
  },
  ssl: {
    category: ['network'],
    type: ['protocol'],
    protocol: 'tls',
    handlers: {
      version: tlsVersion,
      cipher: to(ECS.tls.cipher, str),
      curve: to(ECS.tls.curve, str),
      server_name: serverName,
      resumed: to(ECS.tls.resumed, bool),
      established: to(ECS.tls.established, bool),
      subject: to(ECS.tls.subject, str),
      issuer: to(ECS.tls.issuer, str),
      ja3: to(ECS.tls.ja3, str),
      ja3s: to(ECS.tls.ja3s, str),
    },
  },
  files: {
    category: ['file'],
    type: ['info'],
    handlers: {
      filename: to(ECS.file.name, str),
      mime_type: to(ECS.file.mimeType, str),
      total_bytes: to(ECS.file.size, toInt),
      md5: to(ECS.file.md5, str),
      sha1: to(ECS.file.sha1, str),
      sha256: to(ECS.file.sha256, str),
    },
  },
  notice: {
    kind: 'alert',
    category: ['intrusion_detection'],
    type: ['info'],
    handlers: {
      note: to(ECS.rule.name, str),
      msg: to(ECS.message, str),
      src: to(ECS.source.ip, str),
      dst: to(ECS.destination.ip, str),
      p: to(ECS.destination.port, toInt),
    },
  },
  weird: {
    category: ['network'],
    type: ['info'],
    handlers: {
      name: to(ECS.rule.name, str),
    },
  },
  ssh: {
    category: ['network'],
    type: ['protocol'],
    protocol: 'ssh',
    handlers: {
      auth_success: (v, f) => {
        if (typeof v !== 'boolean') return false;
        f[ECS.event.outcome] = v ? 'success' : 'failure';
        return true;
      },
    },
  },
};

/** Each log's handlers merged with the common ones, built once. */
const HANDLERS = new Map<string, Map<string, Handler>>();
const COMMON_HANDLERS = new Map(Object.entries(COMMON));
for (const [log, mapping] of Object.entries(LOGS)) HANDLERS.set(log, new Map([...COMMON_HANDLERS, ...Object.entries(mapping.handlers)]));

/** Keys that say which log a record is, and are not kept as fields. */
const ENVELOPE = new Set(['_path', '@stream', 'ts']);

const NESTED = keyTree('');

/** What one log's records need, worked out once per log rather than looked up per record and key. */
interface LogPlan {
  mapping: LogMapping | undefined;
  handlers: Map<string, Handler>;
  /** Field names under zeek.<log>. */
  names: KeyNode;
  dataset: string;
  keys: Map<string, KeyPlan>;
}

/** One key of a log's records: its spelling with "id." restored, its handler, where its value goes otherwise. */
interface KeyPlan {
  envelope: boolean;
  key: string;
  handler: Handler | undefined;
  field: string;
}

/** Plans by log, bounded (like their keys): _path is whatever the sender wrote. */
const PLANS = new Map<string, LogPlan>();
const MAX_LOGS = 256;
const MAX_KEYS = 1024;

function planFor(log: string): LogPlan {
  let plan = PLANS.get(log);
  if (plan === undefined) {
    plan = {
      mapping: Object.hasOwn(LOGS, log) ? LOGS[log] : undefined,
      handlers: HANDLERS.get(log) ?? COMMON_HANDLERS,
      names: keyTree(`zeek.${log}.`),
      dataset: `zeek.${log}`,
      keys: new Map(),
    };
    if (PLANS.size < MAX_LOGS) PLANS.set(log, plan);
  }
  return plan;
}

function keyPlan(plan: LogPlan, raw: string): KeyPlan {
  let k = plan.keys.get(raw);
  if (k === undefined) {
    // Some exporters write id.orig_h as id_orig_h (the OTRF data sets) or nest it under "id".
    const key = raw.startsWith('id_') ? 'id.' + raw.slice(3) : raw;
    const envelope = ENVELOPE.has(raw);
    k = { envelope, key, handler: plan.handlers.get(key), field: envelope ? '' : fieldName(plan.names, key) };
    if (plan.keys.size < MAX_KEYS) plan.keys.set(raw, k);
  }
  return k;
}

function logOf(doc: JsonObject, record: RawRecord): string {
  if (typeof doc._path === 'string' && doc._path !== '') return doc._path;
  if (typeof doc['@stream'] === 'string' && doc['@stream'] !== '') return doc['@stream'];
  return (record.origin?.file !== undefined ? zeekLogFromPath(record.origin.file) : undefined) ?? 'unknown';
}

function fill(doc: JsonObject, d: Draft, record: RawRecord): void {
  const f = d.fields;
  const plan = planFor(logOf(doc, record));
  const { mapping, handlers } = plan;
  const time = anyTime(doc.ts);
  if (!Number.isNaN(time)) d.timestamp = time;
  f[ECS.event.kind] = mapping?.kind ?? 'event';
  f[ECS.event.module] = 'zeek';
  f[ECS.event.dataset] = plan.dataset;
  if (mapping?.category) f[ECS.event.category] = mapping.category;
  if (mapping?.type) f[ECS.event.type] = mapping.type;
  if (mapping?.protocol) f[ECS.network.protocol] = mapping.protocol;

  for (const raw in doc) {
    const k = keyPlan(plan, raw);
    if (k.envelope) continue;
    const value = doc[raw];
    if (value === undefined || value === null) continue;
    if (isObject(value)) {
      const nested: Fields = {};
      flattenInto(nested, NESTED, { [k.key]: value });
      for (const n in nested) if (!handlers.get(n)?.(nested[n], f, doc)) f[fieldName(plan.names, n)] = nested[n]!;
      continue;
    }
    if (k.handler === undefined || !k.handler(value, f, doc)) f[k.field] = value as FieldValue;
  }
  mapping?.after?.(f, doc);
}

export const zeek: JsonFormat = {
  name: 'zeek',
  description: 'Zeek logs as JSON (_path, @stream or file name gives the log) or TSV lines read by the file reader',
  module: 'zeek',
  dataset: 'zeek',
  input: 'json',
  matches(doc, record) {
    if (typeof doc._path === 'string' || typeof doc['@stream'] === 'string') return true;
    if (doc.ts === undefined) return false;
    if (doc.uid !== undefined || doc['id.orig_h'] !== undefined || doc.id_orig_h !== undefined || doc.fuid !== undefined) return true;
    return record.origin?.file !== undefined && zeekLogFromPath(record.origin.file) !== undefined;
  },
  fill: (doc, d, _ctx, record) => fill(doc, d, record),
};
