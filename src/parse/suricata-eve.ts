// Suricata EVE JSON (alert, dns, http, tls, flow, fileinfo and every other event_type) to ECS,
// following Elastic's Suricata module: network fields to source/destination/network, alerts to
// rule.* and event.kind alert. Everything not mapped stays under suricata.eve.*.

import type { FieldValue, Fields } from '../event/event.js';
import { ECS } from '../event/fields.js';
import type { Draft, JsonFormat, JsonObject } from './format.js';
import { flattenInto, keyTree } from './shared/flatten.js';
import { parseIsoTime } from './shared/time.js';
import { baseName, isIp, isObject, toInt, toKeyword, toStr, transport } from './shared/values.js';

const PREFIX = 'suricata.eve.';

/** Paths (relative to the EVE document) that end up in ECS fields and are not repeated under suricata.eve.*. */
const MAPPED = new Set([
  'timestamp', 'src_ip', 'src_port', 'dest_ip', 'dest_port', 'proto', 'community_id', 'dns.ttl', 'dns.rdata',
  'alert.signature', 'alert.signature_id', 'alert.category', 'alert.severity',
  'http.hostname', 'http.url', 'http.http_method', 'http.status', 'http.http_user_agent', 'http.http_refer', 'http.length',
  'http.http_content_type',
  'dns.rrname', 'dns.rrtype', 'dns.rcode', 'dns.id', 'dns.type',
  'tls.sni', 'tls.subject', 'tls.issuerdn', 'tls.ja3.hash', 'tls.ja3s.hash', 'tls.fingerprint', 'tls.notbefore', 'tls.notafter',
  'flow.pkts_toserver', 'flow.pkts_toclient', 'flow.bytes_toserver', 'flow.bytes_toclient',
  'fileinfo.filename', 'fileinfo.size', 'fileinfo.md5', 'fileinfo.sha1', 'fileinfo.sha256',
]);

const KEYS = keyTree(PREFIX, MAPPED);

function set(f: Fields, key: string, value: FieldValue | undefined): void {
  if (value !== undefined) f[key] = value;
}

function mapAlert(alert: JsonObject, f: Fields): void {
  f[ECS.event.kind] = 'alert';
  f[ECS.event.category] = ['network', 'intrusion_detection'];
  // "allowed" when Suricata only watched, "blocked" in IPS mode.
  f[ECS.event.type] = [alert.action === 'blocked' ? 'denied' : 'allowed'];
  set(f, ECS.rule.name, toStr(alert.signature));
  set(f, ECS.rule.id, toKeyword(alert.signature_id));
  set(f, ECS.rule.category, toStr(alert.category));
  set(f, ECS.event.severity, toInt(alert.severity));
  set(f, ECS.message, toStr(alert.signature));
}

function mapHttp(http: JsonObject, f: Fields): void {
  const host = toStr(http.hostname);
  set(f, ECS.url.domain, host);
  const url = toStr(http.url);
  if (url !== undefined) {
    f[ECS.url.original] = url;
    const q = url.indexOf('?');
    f[ECS.url.path] = q < 0 ? url : url.slice(0, q);
    if (q >= 0) f[ECS.url.query] = url.slice(q + 1);
  }
  set(f, ECS.http.method, toStr(http.http_method));
  set(f, ECS.http.statusCode, toInt(http.status));
  set(f, ECS.http.userAgent, toStr(http.http_user_agent));
  set(f, ECS.http.referrer, toStr(http.http_refer));
  set(f, ECS.http.responseBytes, toInt(http.length));
  set(f, ECS.http.responseMimeType, toStr(http.http_content_type));
  const protocol = toStr(http.protocol);
  if (protocol !== undefined && protocol.startsWith('HTTP/')) f[ECS.http.version] = protocol.slice(5);
}

function answer(rrname: unknown, rrtype: unknown, ttl: unknown, rdata: unknown): Record<string, FieldValue> {
  const a: Record<string, FieldValue> = {};
  if (typeof rrname === 'string') a.name = rrname;
  if (typeof rrtype === 'string') a.type = rrtype;
  if (typeof ttl === 'number') a.ttl = ttl;
  if (typeof rdata === 'string') a.data = rdata;
  return a;
}

function mapDns(dns: JsonObject, f: Fields): void {
  set(f, ECS.dns.type, toStr(dns.type));
  set(f, ECS.dns.id, toKeyword(dns.id));
  set(f, ECS.dns.responseCode, toStr(dns.rcode));
  // Suricata 7+ lists the question under "queries"; older versions put it at the top.
  const queries = Array.isArray(dns.queries) && isObject(dns.queries[0]) ? dns.queries[0] : dns;
  set(f, ECS.dns.questionName, toStr(queries.rrname));
  set(f, ECS.dns.questionType, toStr(queries.rrtype));

  const answers: Record<string, FieldValue>[] = [];
  const resolved: string[] = [];
  if (dns.type === 'answer' && dns.rdata !== undefined) answers.push(answer(dns.rrname, dns.rrtype, dns.ttl, dns.rdata)); // EVE v1: one answer per event
  if (Array.isArray(dns.answers)) {
    for (const a of dns.answers) if (isObject(a)) answers.push(answer(a.rrname, a.rrtype, a.ttl, a.rdata));
  } else if (isObject(dns.grouped)) {
    for (const type in dns.grouped) {
      const list = dns.grouped[type];
      if (Array.isArray(list)) for (const rdata of list) answers.push(answer(undefined, type, undefined, typeof rdata === 'string' ? rdata : undefined));
    }
  }
  for (const a of answers) if (typeof a.data === 'string' && isIp(a.data)) resolved.push(a.data);
  if (answers.length > 0) f[ECS.dns.answers] = answers;
  if (resolved.length > 0) f[ECS.dns.resolvedIp] = resolved;
}

const TLS_DATES = [['notbefore', ECS.tls.notBefore], ['notafter', ECS.tls.notAfter]] as const;
const TLS_VERSION = /^(TLS|SSL)\s*v?\s*(\d(?:\.\d)?)$/i;

function mapTls(tls: JsonObject, f: Fields): void {
  const sni = toStr(tls.sni);
  if (sni !== undefined) {
    f[ECS.tls.serverName] = sni;
    f[ECS.destination.domain] = sni;
  }
  set(f, ECS.tls.subject, toStr(tls.subject));
  set(f, ECS.tls.issuer, toStr(tls.issuerdn));
  const version = toStr(tls.version); // "TLS 1.2", "TLSv1.3", "SSLv3"
  if (version !== undefined) {
    const m = TLS_VERSION.exec(version);
    if (m) {
      f[ECS.tls.versionProtocol] = m[1]!.toLowerCase();
      f[ECS.tls.version] = m[2]!;
    }
  }
  if (isObject(tls.ja3)) set(f, ECS.tls.ja3, toStr(tls.ja3.hash));
  if (isObject(tls.ja3s)) set(f, ECS.tls.ja3s, toStr(tls.ja3s.hash));
  const fingerprint = toStr(tls.fingerprint);
  if (fingerprint !== undefined) f[ECS.tls.serverSha1] = fingerprint.replaceAll(':', '').toUpperCase();
  // Certificate validity, written without a zone (UTC); kept as sent when unreadable.
  for (const [key, field] of TLS_DATES) {
    const v = tls[key];
    if (typeof v !== 'string') continue;
    const t = parseIsoTime(v);
    f[Number.isNaN(t) ? `${PREFIX}tls.${key}` : field] = Number.isNaN(t) ? v : t;
  }
}

function mapFlow(flow: JsonObject, f: Fields): void {
  const sp = toInt(flow.pkts_toserver);
  const dp = toInt(flow.pkts_toclient);
  const sb = toInt(flow.bytes_toserver);
  const db = toInt(flow.bytes_toclient);
  set(f, ECS.source.packets, sp);
  set(f, ECS.destination.packets, dp);
  set(f, ECS.source.bytes, sb);
  set(f, ECS.destination.bytes, db);
  if (sb !== undefined || db !== undefined) f[ECS.network.bytes] = (sb ?? 0) + (db ?? 0);
  if (sp !== undefined || dp !== undefined) f[ECS.network.packets] = (sp ?? 0) + (dp ?? 0);
  const start = typeof flow.start === 'string' ? parseIsoTime(flow.start) : NaN;
  const end = typeof flow.end === 'string' ? parseIsoTime(flow.end) : NaN;
  if (!Number.isNaN(start)) f[ECS.event.start] = start;
  if (!Number.isNaN(end)) f[ECS.event.end] = end;
  if (!Number.isNaN(start) && !Number.isNaN(end)) f[ECS.event.duration] = (end - start) * 1_000_000;
}

function mapFileinfo(info: JsonObject, f: Fields): void {
  const name = toStr(info.filename);
  if (name !== undefined) {
    f[ECS.file.path] = name;
    f[ECS.file.name] = baseName(name);
  }
  set(f, ECS.file.size, toInt(info.size));
  set(f, ECS.file.md5, toStr(info.md5));
  set(f, ECS.file.sha1, toStr(info.sha1));
  set(f, ECS.file.sha256, toStr(info.sha256));
}

/** What each event type is, for event.category / event.type when it is not an alert. */
const KINDS = new Map<string, { category: string[]; type: string[] }>(Object.entries({
  flow: { category: ['network'], type: ['connection'] },
  netflow: { category: ['network'], type: ['connection'] },
  http: { category: ['network', 'web'], type: ['access', 'protocol'] },
  dns: { category: ['network'], type: ['protocol'] },
  tls: { category: ['network'], type: ['protocol'] },
  fileinfo: { category: ['file'], type: ['info'] },
  anomaly: { category: ['network'], type: ['info'] },
}));

function fill(doc: JsonObject, d: Draft): void {
  const f = d.fields;
  const time = typeof doc.timestamp === 'string' ? parseIsoTime(doc.timestamp) : NaN;
  if (!Number.isNaN(time)) d.timestamp = time;
  else f[PREFIX + 'timestamp'] = doc.timestamp as FieldValue; // unreadable: kept as sent
  const eventType = String(doc.event_type);
  f[ECS.event.kind] = 'event';
  f[ECS.event.module] = 'suricata';
  f[ECS.event.dataset] = 'suricata.eve';
  const kind = KINDS.get(eventType);
  if (kind !== undefined) {
    f[ECS.event.category] = kind.category;
    f[ECS.event.type] = kind.type;
  }
  set(f, ECS.source.ip, toStr(doc.src_ip));
  set(f, ECS.source.port, toInt(doc.src_port));
  set(f, ECS.destination.ip, toStr(doc.dest_ip));
  set(f, ECS.destination.port, toInt(doc.dest_port));
  set(f, ECS.network.transport, transport(doc.proto));
  const app = toStr(doc.app_proto);
  if (app !== undefined && app !== 'failed') f[ECS.network.protocol] = app.toLowerCase();
  set(f, ECS.network.communityId, toStr(doc.community_id));
  set(f, ECS.observer.hostname, toStr(doc.host));

  if (isObject(doc.alert)) mapAlert(doc.alert, f);
  if (isObject(doc.http)) mapHttp(doc.http, f);
  if (isObject(doc.dns)) mapDns(doc.dns, f);
  if (isObject(doc.tls)) mapTls(doc.tls, f);
  if (isObject(doc.flow)) mapFlow(doc.flow, f);
  if (isObject(doc.fileinfo)) mapFileinfo(doc.fileinfo, f);
  flattenInto(f, KEYS, doc);
}

export const suricataEve: JsonFormat = {
  name: 'suricata-eve',
  description: 'Suricata EVE JSON: alert, dns, http, tls, flow, fileinfo and all other event types',
  module: 'suricata',
  dataset: 'suricata.eve',
  input: 'json',
  matches: (doc) => typeof doc.event_type === 'string' && typeof doc.timestamp === 'string',
  fill: (doc, d) => fill(doc, d),
};
