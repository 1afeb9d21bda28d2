import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import type { ParsedEvent } from '../../event/event.js';
import { TAGS } from '../../event/fields.js';
import { parseRecord, readLogFile } from '../index.js';
import { corpus, parse, pick, tags } from '../test-support/records.js';
import { zeekLogFromPath } from './log-name.js';
import { newZeekHeader, readHeaderLine, zeekRow } from './tsv.js';

async function parseFile(path: string): Promise<{ line: number; event: ParsedEvent }[]> {
  const out: { line: number; event: ParsedEvent }[] = [];
  for await (const batch of readLogFile(path, { now: () => 0 })) for (const r of batch) out.push({ line: r.origin.line!, event: parseRecord(r) });
  return out;
}

describe('Zeek TSV lines', () => {
  const header = newZeekHeader();
  for (const line of [
    '#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tdns',
    '#fields\tts\tuid\tid.orig_h\tid.orig_p\tquery\tAA\tanswers\tTTLs\ttags\tnote',
    '#types\ttime\tstring\taddr\tport\tstring\tbool\tvector[string]\tvector[interval]\tset[string]\tstring',
  ]) assert.ok(readHeaderLine(line, header));

  test('header lines give separator, names, types and path', () => {
    assert.equal(header.separator, '\t');
    assert.equal(header.path, 'dns');
    assert.equal(header.fields.length, 10);
    assert.equal(header.types[6], 'vector[string]');
  });

  test('a data line becomes typed JSON: unset left out, (empty) empty, containers split, escapes decoded', () => {
    const row = zeekRow('1521911720.865716\tCq1\t10.47.1.100\t41772\ta\\x09b\\\\c\tT\tx\\x2cy,134.71.3.16\t2230.000000,41830.5\t(empty)\t-', header);
    assert.deepEqual(row, {
      ts: 1521911720.865716, uid: 'Cq1', 'id.orig_h': '10.47.1.100', 'id.orig_p': 41772, query: 'a\tb\\c', AA: true,
      answers: ['x,y', '134.71.3.16'], TTLs: [2230, 41830.5], tags: [],
    });
  });

  test('the log name comes from the file name when there is no #path or _path', () => {
    assert.equal(zeekLogFromPath('/var/log/zeek/conn.log'), 'conn');
    assert.equal(zeekLogFromPath('conn.00:00:00-01:00:00.log.gz'), 'conn');
    assert.equal(zeekLogFromPath('NASHUA_smb_files.log'), 'smb_files');
    assert.equal(zeekLogFromPath('/x/files.json'), 'files');
    assert.equal(zeekLogFromPath('/x/readme.txt'), undefined);
    const event = parse('{"ts":1588205199.82437,"uid":"C1","id.orig_h":"10.0.0.1","fuid":"F1","filename":"a.exe","md5":"0cc175b9c0f1b6a831c399e269772661"}', undefined, { origin: { source: 'test', file: '/logs/files.log' } });
    assert.equal(event.fields['event.dataset'], 'zeek.files');
    assert.equal(event.fields['file.hash.md5'], '0cc175b9c0f1b6a831c399e269772661');
  });
});

describe('Zeek JSON mappings', () => {
  test('conn', () => {
    const event = parse('{"_path":"conn","ts":"2024-03-10T10:00:00.250000Z","uid":"C1","id.orig_h":"10.0.0.1","id.orig_p":5000,"id.resp_h":"10.0.0.2","id.resp_p":443,"proto":"tcp","service":"ssl","duration":1.5,"orig_bytes":100,"resp_bytes":2000,"conn_state":"SF","orig_pkts":5,"orig_ip_bytes":360,"resp_pkts":6,"resp_ip_bytes":2320,"community_id":"1:abc="}');
    const expected = {
      'event.module': 'zeek', 'event.dataset': 'zeek.conn', 'event.category': ['network'], 'event.type': ['connection'], 'zeek.session_id': 'C1',
      'source.ip': '10.0.0.1', 'source.port': 5000, 'destination.ip': '10.0.0.2', 'destination.port': 443, 'network.transport': 'tcp', 'network.protocol': 'ssl',
      'event.duration': 1_500_000_000, 'source.bytes': 360, 'destination.bytes': 2320, 'network.bytes': 2680, 'source.packets': 5, 'destination.packets': 6, 'network.packets': 11,
      'network.community_id': '1:abc=', 'zeek.conn.orig_bytes': 100, 'zeek.conn.conn_state': 'SF', 'zeek.conn.id.orig_h': undefined,
    };
    assert.deepEqual(pick(event, expected), expected);
    assert.equal(new Date(event.timestamp).toISOString(), '2024-03-10T10:00:00.250Z');
  });

  test('ssl, http and ssh', () => {
    const ssl = parse('{"_path":"ssl","ts":1,"version":"TLSv12","cipher":"TLS_AES","server_name":"example.com","established":true,"ja3":"abc","subject":"CN=example.com"}');
    assert.deepEqual(pick(ssl, { 'tls.version': '1.2', 'tls.version_protocol': 'tls', 'tls.cipher': 'TLS_AES', 'tls.client.server_name': 'example.com', 'tls.established': true, 'tls.client.ja3': 'abc', 'tls.server.subject': 'CN=example.com', 'network.protocol': 'tls' }),
      { 'tls.version': '1.2', 'tls.version_protocol': 'tls', 'tls.cipher': 'TLS_AES', 'tls.client.server_name': 'example.com', 'tls.established': true, 'tls.client.ja3': 'abc', 'tls.server.subject': 'CN=example.com', 'network.protocol': 'tls' });
    const ssh = parse('{"_path":"ssh","ts":1,"auth_success":false,"client":"SSH-2.0-libssh"}');
    assert.equal(ssh.fields['event.outcome'], 'failure');
    assert.equal(ssh.fields['zeek.ssh.client'], 'SSH-2.0-libssh');
  });

  test('a log Vigil has no mapping for keeps every field under zeek.<log>.*', () => {
    const event = parse('{"_path":"modbus","ts":1521911720.5,"uid":"C9","id.orig_h":"10.0.0.1","func":"READ_COILS","exception":"ILLEGAL"}');
    assert.deepEqual(pick(event, { 'event.dataset': 'zeek.modbus', 'zeek.modbus.func': 'READ_COILS', 'zeek.modbus.exception': 'ILLEGAL', 'source.ip': '10.0.0.1' }),
      { 'event.dataset': 'zeek.modbus', 'zeek.modbus.func': 'READ_COILS', 'zeek.modbus.exception': 'ILLEGAL', 'source.ip': '10.0.0.1' });
  });
});

const DEFAULT = 'zeek/brimdata-wrccdc2018/zeek-default';
const JSON_DIR = 'zeek/brimdata-wrccdc2018/zeek-json';
const APT29 = 'zeek/otrf-apt29-day1';

describe('Zeek corpus: every line of every file', () => {
  test('TSV logs (WRCCDC 2018): counts per log, no failure, known records', async () => {
    const expected: Record<string, number> = {
      analyzer: 16461, capture_loss: 3, dce_rpc: 78, dns: 53615, dpd: 77, ftp: 93, kerberos: 11, known_certs: 35, known_hosts: 253,
      known_services: 1579, ldap_search: 1, loaded_scripts: 512, modbus: 268, notice: 207, ntlm: 422, ntp: 904, ocsp: 1308, packet_filter: 1,
      pe: 21, rdp: 4122, rfb: 3, smb_files: 13, smb_mapping: 393, smtp: 1188, snmp: 65, software: 376, ssh: 22, ssl: 49474, stats: 6,
      syslog: 2378, weird: 24202, x509: 348,
    };
    const files = readdirSync(corpus(DEFAULT)).filter((f) => f.endsWith('.log.gz')).sort();
    assert.equal(files.length, 32);
    const counts: Record<string, number> = {};
    for (const file of files) {
      const events = await parseFile(corpus(`${DEFAULT}/${file}`));
      const log = file.slice(0, -'.log.gz'.length);
      counts[log] = events.length;
      assert.ok(events.every((e) => e.event.fields['event.dataset'] === `zeek.${log}`), log);
      assert.ok(events.every((e) => !tags(e.event).includes(TAGS.parseFailure)), log);
      // loaded_scripts has no ts; every other log does.
      if (log !== 'loaded_scripts') assert.ok(events.every((e) => tags(e.event).length === 0), log);

      if (log === 'dns') {
        const dns = events.find((e) => e.line === 9)!.event;
        const want = {
          'source.ip': '10.47.1.100', 'source.port': 41772, 'destination.ip': '10.0.0.100', 'destination.port': 53, 'network.transport': 'udp',
          'dns.question.name': 'ise.wrccdc.org', 'dns.question.type': 'A', 'dns.response_code': 'NOERROR', 'dns.id': '36329', 'dns.type': 'answer',
          'dns.answers': [{ data: 'ise.wrccdc.cpp.edu', ttl: 2230 }, { data: '134.71.3.16', ttl: 41830 }], 'dns.resolved_ip': ['134.71.3.16'], 'dns.header_flags': ['RD', 'RA'],
        };
        assert.deepEqual(pick(dns, want), want);
        assert.equal(dns.timestamp, 1521911720865);
      }
      if (log === 'ssl') {
        const ssl = events.find((e) => e.line === 17)!.event;
        assert.deepEqual(pick(ssl, { 'tls.client.server_name': 'ise.wrccdc.org', 'tls.version': '1.2', 'tls.cipher': 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'tls.resumed': true, 'destination.ip': '134.71.3.16', 'source.port': 50649 }),
          { 'tls.client.server_name': 'ise.wrccdc.org', 'tls.version': '1.2', 'tls.cipher': 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'tls.resumed': true, 'destination.ip': '134.71.3.16', 'source.port': 50649 });
      }
      if (log === 'notice') {
        const notice = events.find((e) => e.line === 9)!.event;
        assert.equal(notice.fields['event.kind'], 'alert');
        assert.equal(notice.fields['rule.name'], 'SSL::Invalid_Server_Cert');
        assert.equal(notice.fields['zeek.notice.sub'], 'unstructuredName=1315656901\\,564d7761726520496e632e,CN=localhost.localdomain,emailAddress=ssl-certificates@vmware.com,OU=VMware ESX Server Default Certificate,O=VMware\\, Inc,L=Palo Alto,ST=California,C=US');
        assert.deepEqual(notice.fields['zeek.notice.actions'], ['Notice::ACTION_LOG']);
      }
    }
    assert.deepEqual(counts, expected);
  });

  test('JSON logs (WRCCDC 2018) give the same events as the TSV logs of the same traffic', async () => {
    const files = readdirSync(corpus(JSON_DIR)).filter((f) => f.endsWith('.json.gz')).sort();
    assert.equal(files.length, 27);
    const compared = ['event.dataset', 'event.kind', 'source.ip', 'source.port', 'destination.ip', 'destination.port', 'network.transport', 'rule.name', 'zeek.session_id', 'event.outcome', 'message'];
    for (const file of files) {
      const log = file.slice(0, -'.json.gz'.length);
      const fromJson = await parseFile(corpus(`${JSON_DIR}/${file}`));
      const fromTsv = await parseFile(corpus(`${DEFAULT}/${log}.log.gz`));
      assert.equal(fromJson.length, fromTsv.length, log);
      assert.ok(fromJson.every((e) => !tags(e.event).includes(TAGS.parseFailure)), log);
      fromJson.forEach((e, i) => {
        const t = fromTsv[i]!.event;
        assert.equal(e.event.timestamp, t.timestamp, `${log} #${i}`);
        for (const key of compared) assert.deepEqual(e.event.fields[key], t.fields[key], `${log} #${i} ${key}`);
      });
    }
  });

  test('APT29 NDJSON (@stream, id_orig_h, epoch ts): counts per log and known records', async () => {
    const files = readdirSync(corpus(APT29)).filter((f) => f.endsWith('.log')).sort();
    const counts: Record<string, number> = {};
    const byFile = new Map<string, { line: number; event: ParsedEvent }[]>();
    for (const file of files) {
      const events = await parseFile(corpus(`${APT29}/${file}`));
      byFile.set(file, events);
      assert.ok(events.every((e) => tags(e.event).length === 0), file);
      for (const e of events) counts[e.event.fields['event.dataset'] as string] = (counts[e.event.fields['event.dataset'] as string] ?? 0) + 1;
    }
    assert.deepEqual(counts, {
      'zeek.conn': 613, 'zeek.dce_rpc': 123, 'zeek.dns': 53, 'zeek.dpd': 12, 'zeek.files': 448, 'zeek.kerberos': 35, 'zeek.notice': 2,
      'zeek.smb_files': 12, 'zeek.smb_mapping': 11, 'zeek.ssl': 378, 'zeek.weird': 12, 'zeek.x509': 378, 'zeek.http': 62, 'zeek.pe': 1,
    });
    const conn = byFile.get('NASHUA_conn.log')![0]!.event;
    const connExpected = {
      'source.ip': '10.0.1.6', 'source.port': 54243, 'destination.ip': '10.0.0.4', 'destination.port': 53, 'network.transport': 'udp', 'network.protocol': 'dns',
      'source.bytes': 67, 'destination.bytes': 83, 'network.bytes': 150, 'source.mac': '00:0d:3a:13:e3:69', 'observer.hostname': 'bobs.bigwheel.local',
      'zeek.conn.orig_bytes': 39, 'zeek.conn.history': 'Dd', 'zeek.conn.@proc': 'zeek',
    };
    assert.deepEqual(pick(conn, connExpected), connExpected);
    assert.equal(conn.timestamp, 1588205199824);
    const dns = byFile.get('NASHUA_dns.log')![0]!.event;
    assert.deepEqual(pick(dns, { 'dns.question.name': 'newyork.dmevals.local', 'dns.resolved_ip': ['10.0.0.4'], 'dns.header_flags': ['AA', 'RD', 'RA'] }),
      { 'dns.question.name': 'newyork.dmevals.local', 'dns.resolved_ip': ['10.0.0.4'], 'dns.header_flags': ['AA', 'RD', 'RA'] });
    const http = byFile.get('SCRANTON_http.log')![0]!.event;
    const httpExpected = { 'http.request.method': 'OPTIONS', 'url.domain': '192.168.0.4', 'url.original': '/', 'http.response.status_code': 403, 'user_agent.original': 'DavClnt', 'http.response.body.bytes': 209, 'zeek.http.status_msg': 'Forbidden' };
    assert.deepEqual(pick(http, httpExpected), httpExpected);
    const ssl = byFile.get('NASHUA_ssl.log')![0]!.event;
    assert.deepEqual(pick(ssl, { 'tls.client.server_name': '192.168.0.4', 'tls.version': '1.2', 'destination.port': 8443, 'tls.server.issuer': 'emailAddress=synthesize@rempel.group.net,CN=rempel.group.net,OU=synthesize,O=Rempel Group,ST=SC,C=US' }),
      { 'tls.client.server_name': '192.168.0.4', 'tls.version': '1.2', 'destination.port': 8443, 'tls.server.issuer': 'emailAddress=synthesize@rempel.group.net,CN=rempel.group.net,OU=synthesize,O=Rempel Group,ST=SC,C=US' });
    const files0 = byFile.get('NASHUA_files.log')![0]!.event;
    assert.deepEqual(pick(files0, { 'file.name': 'dmevals.local\\Policies\\{31B2F340-016D-11D2-945F-00C04FB984F9}\\gpt.ini', 'file.mime_type': 'text/ini', 'file.size': 22, 'file.hash.sha1': '1a1a10b819f321b91b47d7dd73668406a15992db' }),
      { 'file.name': 'dmevals.local\\Policies\\{31B2F340-016D-11D2-945F-00C04FB984F9}\\gpt.ini', 'file.mime_type': 'text/ini', 'file.size': 22, 'file.hash.sha1': '1a1a10b819f321b91b47d7dd73668406a15992db' });
  });
});
