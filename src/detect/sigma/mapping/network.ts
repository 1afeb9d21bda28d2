// Network logsources: Zeek logs (service per log, as the Zeek parser files them under
// event.dataset zeek.<log>, with common fields in ECS and the rest under zeek.<log>.*), Suricata
// EVE, and the generic dns, firewall and proxy categories over ECS network fields.

import { ECS } from '../../../event/fields.js';
import type { FieldMapping, LogsourceMapping } from './types.js';

/** Zeek fields the parser moves to ECS, by log. */
const ZEEK_COMMON: FieldMapping['fields'] = {
  'id.orig_h': ECS.source.ip,
  'id.orig_p': ECS.source.port,
  'id.resp_h': ECS.destination.ip,
  'id.resp_p': ECS.destination.port,
  proto: ECS.network.transport,
  community_id: ECS.network.communityId,
  uid: 'zeek.session_id',
};

const ZEEK_LOGS: Record<string, FieldMapping['fields']> = {
  conn: {
    service: ECS.network.protocol,
    duration: ECS.event.duration,
    orig_ip_bytes: ECS.source.bytes,
    resp_ip_bytes: ECS.destination.bytes,
    orig_pkts: ECS.source.packets,
    resp_pkts: ECS.destination.packets,
  },
  dns: {
    trans_id: ECS.dns.id,
    query: ECS.dns.questionName,
    qclass_name: ECS.dns.questionClass,
    qtype_name: ECS.dns.questionType,
    rcode_name: ECS.dns.responseCode,
    answers: { from: [ECS.dns.answers], pluck: 'data' },
  },
  http: {
    method: ECS.http.method,
    host: ECS.url.domain,
    uri: ECS.url.original,
    referrer: ECS.http.referrer,
    version: ECS.http.version,
    user_agent: ECS.http.userAgent,
    request_body_len: ECS.http.requestBytes,
    response_body_len: ECS.http.responseBytes,
    status_code: ECS.http.statusCode,
    username: ECS.user.name,
  },
  ssl: {
    cipher: ECS.tls.cipher,
    curve: ECS.tls.curve,
    server_name: ECS.tls.serverName,
    resumed: ECS.tls.resumed,
    established: ECS.tls.established,
    subject: ECS.tls.subject,
    issuer: ECS.tls.issuer,
  },
  files: { filename: ECS.file.name, mime_type: ECS.file.mimeType, total_bytes: ECS.file.size },
  notice: { note: ECS.rule.name, msg: ECS.message, src: ECS.source.ip, dst: ECS.destination.ip, p: ECS.destination.port },
  weird: { name: ECS.rule.name },
};

const ZEEK_SERVICES = ['conn', 'dns', 'http', 'ssl', 'files', 'notice', 'weird', 'ssh', 'smb_files', 'smb_mapping', 'dce_rpc', 'x509', 'rdp', 'kerberos', 'ntlm', 'smtp', 'ftp'];

function zeek(log: string): LogsourceMapping {
  return {
    id: `zeek-${log}`,
    description: `Zeek ${log}.log (event.dataset zeek.${log})`,
    logsources: [{ product: 'zeek', service: log }],
    conditions: [{ field: ECS.event.dataset, equals: [`zeek.${log}`] }],
    fields: { fields: { ...ZEEK_COMMON, ...(ZEEK_LOGS[log] ?? {}) }, prefixes: [`zeek.${log}.`] },
  };
}

/** EVE keys the Suricata parser moves to ECS. */
const SURICATA_FIELDS: FieldMapping = {
  fields: {
    src_ip: ECS.source.ip,
    src_port: ECS.source.port,
    dest_ip: ECS.destination.ip,
    dest_port: ECS.destination.port,
    proto: ECS.network.transport,
    community_id: ECS.network.communityId,
    'alert.signature': ECS.rule.name,
    'alert.signature_id': ECS.rule.id,
    'alert.category': ECS.rule.category,
    'alert.severity': ECS.event.severity,
    'http.hostname': ECS.url.domain,
    'http.url': ECS.url.original,
    'http.http_method': ECS.http.method,
    'http.status': ECS.http.statusCode,
    'http.http_user_agent': ECS.http.userAgent,
    'http.http_refer': ECS.http.referrer,
    'dns.rrname': ECS.dns.questionName,
    'dns.rrtype': ECS.dns.questionType,
    'dns.rcode': ECS.dns.responseCode,
    'tls.sni': ECS.tls.serverName,
    'tls.subject': ECS.tls.subject,
    'tls.issuerdn': ECS.tls.issuer,
    'tls.ja3.hash': ECS.tls.ja3,
    'tls.ja3s.hash': ECS.tls.ja3s,
    'fileinfo.filename': ECS.file.name,
  },
  prefixes: ['suricata.eve.'],
};

/** W3C-style proxy field names over ECS. */
const PROXY_FIELDS: FieldMapping = {
  fields: {
    'c-uri': ECS.url.original,
    'cs-uri': ECS.url.original,
    'c-uri-query': ECS.url.query,
    'cs-uri-query': ECS.url.query,
    'c-uri-stem': ECS.url.path,
    'cs-uri-stem': ECS.url.path,
    'cs-host': ECS.url.domain,
    'r-dns': ECS.url.domain,
    'c-useragent': ECS.http.userAgent,
    'cs-user-agent': ECS.http.userAgent,
    'cs-method': ECS.http.method,
    'cs-referrer': ECS.http.referrer,
    'cs-referer': ECS.http.referrer,
    'sc-status': ECS.http.statusCode,
    'c-ip': ECS.source.ip,
    'cs-username': ECS.user.name,
    dst_ip: ECS.destination.ip,
  },
  prefixes: [],
};

export const NETWORK_MAPPINGS: readonly LogsourceMapping[] = [
  ...ZEEK_SERVICES.map(zeek),
  {
    id: 'suricata',
    description: 'Suricata EVE events (event.module suricata); EVE keys by their EVE names',
    logsources: [{ product: 'suricata' }],
    conditions: [{ field: ECS.event.module, equals: ['suricata'] }],
    fields: SURICATA_FIELDS,
  },
  {
    id: 'suricata-alert',
    description: 'Suricata EVE alerts (event.module suricata, event.kind alert)',
    logsources: [{ product: 'suricata', category: 'ids' }, { product: 'suricata', service: 'alert' }],
    conditions: [
      { field: ECS.event.module, equals: ['suricata'] },
      { field: ECS.event.kind, equals: ['alert'] },
    ],
    fields: SURICATA_FIELDS,
  },
  {
    id: 'dns',
    description: 'Any DNS event with a question name (Zeek dns, Suricata dns, ECS DNS logs)',
    logsources: [{ category: 'dns' }],
    conditions: [{ field: ECS.dns.questionName, exists: true }],
    fields: {
      fields: {
        query: ECS.dns.questionName,
        record_type: ECS.dns.questionType,
        answer: { from: [ECS.dns.resolvedIp, ECS.dns.answers], pluck: 'data' },
        response_code: ECS.dns.responseCode,
        src_ip: ECS.source.ip,
        dst_ip: ECS.destination.ip,
      },
      prefixes: [],
    },
  },
  {
    id: 'firewall',
    description: 'Network flow and firewall events (event.category network)',
    logsources: [{ category: 'firewall' }],
    conditions: [{ field: ECS.event.category, equals: ['network'] }],
    fields: {
      fields: {
        src_ip: ECS.source.ip,
        src_port: ECS.source.port,
        dst_ip: ECS.destination.ip,
        dst_port: ECS.destination.port,
        action: ECS.event.action,
        protocol: ECS.network.transport,
      },
      prefixes: [],
    },
  },
  {
    id: 'proxy',
    description: 'HTTP requests seen on the network (Zeek http)',
    logsources: [{ category: 'proxy' }],
    conditions: [{ field: ECS.event.dataset, equals: ['zeek.http'] }],
    fields: PROXY_FIELDS,
  },
];

export { PROXY_FIELDS };
