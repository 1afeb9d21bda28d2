import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParsedEvent } from '../event/event.js';
import { TAGS } from '../event/fields.js';
import { parseRecord, readLogFile } from './index.js';
import { corpus, parse, pick, tags } from './test-support/records.js';

/** Every record of a file, parsed, with the record's line. */
async function parseFile(path: string, format?: string): Promise<{ line: number; text: string; event: ParsedEvent }[]> {
  const out: { line: number; text: string; event: ParsedEvent }[] = [];
  for await (const batch of readLogFile(path, { format })) for (const r of batch) out.push({ line: r.origin.line!, text: r.text, event: parseRecord(r) });
  return out;
}

function count<T>(items: T[], key: (item: T) => unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = String(key(item));
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

describe('Suricata EVE mapping', () => {
  test('TLS event (Suricata 7 fields)', () => {
    const event = parse(JSON.stringify({
      timestamp: '2024-03-10T10:00:00.000000+0000', flow_id: 1, event_type: 'tls', src_ip: '10.0.0.5', src_port: 50000, dest_ip: '93.184.216.34', dest_port: 443, proto: 'TCP',
      tls: { subject: 'CN=example.com', issuerdn: 'CN=R3, O=Let\'s Encrypt', serial: '04:AB', fingerprint: 'aa:bb:cc:dd', sni: 'example.com', version: 'TLS 1.3', notbefore: '2024-01-01T00:00:00', ja3: { hash: 'e7d705a3286e19ea42f587b344ee6865', string: '771,...' }, ja3s: { hash: '15af977ce25de452b96affa2addb1036' } },
    }));
    const expected = {
      'event.category': ['network'], 'tls.client.server_name': 'example.com', 'destination.domain': 'example.com', 'tls.server.subject': 'CN=example.com',
      'tls.server.issuer': 'CN=R3, O=Let\'s Encrypt', 'tls.version': '1.3', 'tls.version_protocol': 'tls', 'tls.client.ja3': 'e7d705a3286e19ea42f587b344ee6865',
      'tls.server.ja3s': '15af977ce25de452b96affa2addb1036', 'tls.server.hash.sha1': 'AABBCCDD', 'suricata.eve.tls.serial': '04:AB', 'suricata.eve.tls.ja3.string': '771,...',
      'tls.server.not_before': Date.UTC(2024, 0, 1), 'suricata.eve.tls.notbefore': undefined,
    };
    assert.deepEqual(pick(event, expected), expected);
  });

  test('DNS v2 answer with an answers array and blocked alert', () => {
    const dns = parse('{"timestamp":"2024-03-10T10:00:00Z","event_type":"dns","dns":{"version":2,"type":"answer","id":7,"rrname":"example.org","rrtype":"A","rcode":"NOERROR","answers":[{"rrname":"example.org","rrtype":"CNAME","ttl":60,"rdata":"edge.example.net"},{"rrname":"edge.example.net","rrtype":"A","ttl":60,"rdata":"192.0.2.80"}]}}');
    assert.deepEqual(dns.fields['dns.answers'], [{ name: 'example.org', type: 'CNAME', ttl: 60, data: 'edge.example.net' }, { name: 'edge.example.net', type: 'A', ttl: 60, data: '192.0.2.80' }]);
    assert.deepEqual(dns.fields['dns.resolved_ip'], ['192.0.2.80']);
    const alert = parse('{"timestamp":"2024-03-10T10:00:00Z","event_type":"alert","alert":{"action":"blocked","signature_id":1,"signature":"x","severity":1}}');
    assert.deepEqual(alert.fields['event.type'], ['denied']);
  });

  test('an event type without a mapping is kept under suricata.eve.*', () => {
    const event = parse('{"timestamp":"2024-03-10T10:00:00Z","event_type":"smb","src_ip":"10.0.0.1","smb":{"command":"SMB2_COMMAND_CREATE","filename":"a.txt"}}');
    assert.equal(event.fields['event.dataset'], 'suricata.eve');
    assert.equal(event.fields['suricata.eve.smb.command'], 'SMB2_COMMAND_CREATE');
    assert.equal(event.fields['source.ip'], '10.0.0.1');
  });
});

describe('Suricata corpus (surevego, suricata-sample-data)', () => {
  test('eve.json: every line parses, counts per event type, known records', async () => {
    const events = await parseFile(corpus('suricata/surevego/eve.json'));
    assert.equal(events.length, 266);
    assert.equal(events.filter((e) => tags(e.event).length > 0).length, 0, 'no failure, every event has its own time');
    assert.deepEqual(count(events, (e) => e.event.fields['event.dataset']), { 'suricata.eve': 266 });
    assert.deepEqual(count(events, (e) => e.event.fields['suricata.eve.event_type']), { dns: 48, alert: 68, http: 68, fileinfo: 68, flow: 13, stats: 1 });
    assert.deepEqual(count(events, (e) => e.event.fields['event.kind']), { event: 198, alert: 68 });

    const byLine = new Map(events.map((e) => [e.line, e.event]));
    const alert = byLine.get(49)!;
    const alertExpected = {
      'event.kind': 'alert', 'rule.name': 'ET POLICY GNU/Linux APT User-Agent Outbound likely related to package management', 'rule.id': '2013504',
      'rule.category': 'Not Suspicious Traffic', 'event.severity': 3, 'source.ip': '172.17.0.2', 'source.port': 41402, 'destination.ip': '54.230.202.37',
      'destination.port': 80, 'network.transport': 'tcp', 'url.domain': 'deb.debian.org', 'suricata.eve.alert.rev': 5, 'suricata.eve.alert.gid': 1,
    };
    assert.deepEqual(pick(alert, alertExpected), alertExpected);
    assert.equal(new Date(alert.timestamp).toISOString(), '2017-01-30T15:12:36.066Z');

    const query = byLine.get(1)!;
    assert.deepEqual(pick(query, { 'dns.type': 'query', 'dns.question.name': '_http._tcp.security.debian.org', 'dns.question.type': 'SRV', 'dns.id': '13786', 'destination.port': 53 }),
      { 'dns.type': 'query', 'dns.question.name': '_http._tcp.security.debian.org', 'dns.question.type': 'SRV', 'dns.id': '13786', 'destination.port': 53 });
    assert.deepEqual(byLine.get(5)!.fields['dns.resolved_ip'], ['151.101.12.204']);

    const flow = byLine.get(253)!;
    const flowExpected = {
      'source.packets': 3247, 'destination.packets': 6922, 'source.bytes': 216833, 'destination.bytes': 10333230, 'network.bytes': 10550063,
      'network.packets': 10169, 'event.duration': 2_906_000_000, // start and end read to the millisecond 'suricata.eve.flow.state': 'new', 'suricata.eve.tcp.tcp_flags': '00',
    };
    assert.deepEqual(pick(flow, flowExpected), flowExpected);

    const fileinfo = byLine.get(68)!;
    assert.deepEqual(pick(fileinfo, { 'file.name': 'libgdbm3_1.8.3-14_amd64.deb', 'file.size': 1448, 'suricata.eve.fileinfo.state': 'CLOSED', 'http.response.status_code': 200 }),
      { 'file.name': 'libgdbm3_1.8.3-14_amd64.deb', 'file.size': 1448, 'suricata.eve.fileinfo.state': 'CLOSED', 'http.response.status_code': 200 });
  });

  test('eve_broken.json as a suricata-eve source: the bad lines are failures with their text kept', async () => {
    const events = await parseFile(corpus('suricata/surevego/eve_broken.json'), 'suricata-eve');
    // 273 lines, of which 4 are empty (no record) and 6 are not JSON.
    assert.equal(events.length, 269);
    const failures = events.filter((e) => tags(e.event).includes(TAGS.parseFailure));
    assert.deepEqual(failures.map((e) => e.line), [1, 4, 5, 104, 160, 270]);
    for (const f of failures) {
      assert.equal(f.event.fields['event.original'], f.text);
      assert.equal(f.event.fields.message, f.text);
      assert.equal(f.event.fields['event.dataset'], 'suricata.eve');
      assert.match(f.event.fields['error.message'] as string, /invalid JSON|not a suricata-eve record/);
    }
    assert.equal(events.filter((e) => e.event.fields['event.dataset'] === 'suricata.eve' && !tags(e.event).includes(TAGS.parseFailure)).length, 263);
    // Valid JSON with junk in its time: parsed, time missing, the junk kept.
    const junk = events.find((e) => e.line === 2)!.event;
    assert.deepEqual(tags(junk), [TAGS.noTimestamp]);
    assert.equal(junk.fields['suricata.eve.timestamp'], '2017-01-30T16:12:26.985026+0100asloefbnjhowebfg');
    assert.equal(junk.fields['dns.question.name'], '_http._tcp.security.debian.org');
  });

  test('alerts-only.json (pretty-printed arrays): every element is an alert', async () => {
    const expectedCounts: Record<string, number> = { 'first-org-conf-2015': 136, 'honeypot-2018': 44, 'wrccdc-2017': 161, 'wrccdc-2018': 207 };
    for (const [sample, expected] of Object.entries(expectedCounts)) {
      const events = await parseFile(corpus(`suricata/suricata-sample-data/samples/${sample}/alerts-only.json`));
      assert.equal(events.length, expected, sample);
      assert.ok(events.every((e) => e.event.fields['event.kind'] === 'alert' && tags(e.event).length === 0), sample);
      assert.equal(new Set(events.map((e) => e.event.fields['rule.id'])).size, expected, `${sample}: one alert per signature`);
    }
    const wrccdc = await parseFile(corpus('suricata/suricata-sample-data/samples/wrccdc-2018/alerts-only.json'));
    const first = wrccdc[0]!;
    assert.equal(first.line, 2);
    assert.deepEqual(pick(first.event, { 'rule.name': 'ET SCAN Potential SSH Scan', 'rule.id': '2001219', 'source.ip': '0.0.0.0', 'source.port': 26078, 'destination.ip': '10.47.8.150', 'destination.port': 22, 'event.severity': 2, 'source.bytes': 74 }),
      { 'rule.name': 'ET SCAN Potential SSH Scan', 'rule.id': '2001219', 'source.ip': '0.0.0.0', 'source.port': 26078, 'destination.ip': '10.47.8.150', 'destination.port': 22, 'event.severity': 2, 'source.bytes': 74 });
    assert.equal(new Date(first.event.timestamp).toISOString(), '2018-03-24T20:37:19.037Z');
  });
});
