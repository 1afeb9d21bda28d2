import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TAGS } from '../../event/fields.js';
import { parse, pick, RECEIVED, tags } from '../test-support/records.js';

interface Case {
  name: string;
  text: string;
  format?: string;
  /** Expected @timestamp as an ISO string, or null for "receive time, tagged timestamp_missing". */
  time: string | null;
  fields: Record<string, unknown>;
}

const RFC3164: Case[] = [
  {
    name: 'RFC 3164 example with PRI, hostname and tag',
    text: "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
    // Received 2024-03-10: October 11 of 2024 would be in the future, so 2023.
    time: '2023-10-11T22:14:15.000Z',
    fields: {
      'log.syslog.priority': 34, 'log.syslog.facility.code': 4, 'log.syslog.facility.name': 'auth',
      'log.syslog.severity.code': 2, 'log.syslog.severity.name': 'critical',
      'host.hostname': 'mymachine', 'host.name': 'mymachine', 'log.syslog.hostname': 'mymachine',
      'process.name': 'su', 'log.syslog.appname': 'su', 'process.pid': undefined,
      'event.dataset': 'system.auth', 'user.name': 'lonvick', 'user.effective.name': 'root', 'event.outcome': 'failure',
      message: "'su root' failed for lonvick on /dev/pts/8",
    },
  },
  {
    name: 'without PRI, tag with pid, space-padded day',
    text: 'Mar  9 10:00:01 web1 cron[2211]: (root) CMD (run-parts /etc/cron.hourly)',
    time: '2024-03-09T10:00:01.000Z',
    fields: { 'host.name': 'web1', 'process.name': 'cron', 'process.pid': 2211, 'log.syslog.procid': '2211', 'log.syslog.priority': undefined, message: '(root) CMD (run-parts /etc/cron.hourly)', 'event.dataset': 'syslog.log', 'event.module': 'syslog' },
  },
  {
    name: 'with PRI and without hostname',
    text: '<13>Mar 10 11:59:00 myapp[77]: started',
    time: '2024-03-10T11:59:00.000Z',
    fields: { 'host.name': undefined, 'process.name': 'myapp', 'process.pid': 77, message: 'started' },
  },
  {
    name: 'a time up to a day ahead of the receive time stays in the current year',
    text: '<13>Mar 11 06:00:00 host app: clock ahead',
    time: '2024-03-11T06:00:00.000Z',
    fields: { message: 'clock ahead' },
  },
  {
    name: 'a December time received in March is from the year before',
    text: '<13>Dec 31 23:59:59 host app: happy new year',
    time: '2023-12-31T23:59:59.000Z',
    fields: { 'host.name': 'host' },
  },
  {
    name: 'RFC 3339 time (rsyslog high precision) with zone',
    text: '2024-03-10T13:00:00.123456+01:00 db2 postgres[901]: checkpoint complete',
    time: '2024-03-10T12:00:00.123Z',
    fields: { 'host.name': 'db2', 'process.name': 'postgres', 'process.pid': 901, message: 'checkpoint complete' },
  },
  {
    name: 'with a year after the day (Cisco style) and milliseconds',
    text: '<189>Mar 01 2023 10:00:00.250 core-sw1 %LINK-3-UPDOWN: Interface Gi0/1, changed state to down',
    time: '2023-03-01T10:00:00.250Z',
    fields: { 'host.name': 'core-sw1', 'process.name': '%LINK-3-UPDOWN', 'log.syslog.severity.name': 'notice', 'log.syslog.facility.name': 'local7' },
  },
  {
    name: 'PRI with no header at all',
    text: '<14>free text after the PRI',
    time: null,
    fields: { 'log.syslog.priority': 14, message: 'free text after the PRI', 'host.name': undefined },
  },
];

const RFC5424: Case[] = [
  {
    name: 'RFC 5424 with structured data and BOM',
    text: '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] \ufeffAn application event log entry...',
    time: '2003-10-11T22:14:15.003Z',
    fields: {
      'log.syslog.version': '1', 'log.syslog.priority': 165, 'log.syslog.facility.name': 'local4', 'log.syslog.severity.name': 'notice',
      'host.hostname': 'mymachine.example.com', 'process.name': 'evntslog', 'log.syslog.procid': undefined, 'log.syslog.msgid': 'ID47',
      'log.syslog.structured_data': { 'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' } },
      message: 'An application event log entry...',
    },
  },
  {
    name: 'RFC 5424 with NILVALUEs, numeric offset zone, two SD elements and escapes',
    text: '<13>1 2024-03-10T10:00:00-05:00 - app 1234 - [a@1 x="q\\"uote" y="br\\]acket"][b@2 z="1" z="2"] hello',
    time: '2024-03-10T15:00:00.000Z',
    fields: {
      'host.name': undefined, 'process.name': 'app', 'process.pid': 1234, 'log.syslog.procid': '1234', 'log.syslog.msgid': undefined,
      'log.syslog.structured_data': { 'a@1': { x: 'q"uote', y: 'br]acket' }, 'b@2': { z: ['1', '2'] } },
      message: 'hello',
    },
  },
  {
    name: 'RFC 5424 with NILVALUE time and no message',
    text: '<14>1 - host app - - -',
    time: null,
    fields: { 'host.name': 'host', 'process.name': 'app', message: '' },
  },
];

const CONTENT: Case[] = [
  {
    name: 'sshd over syslog becomes an authentication event',
    text: '<38>Mar 10 09:15:02 bastion sshd[4411]: Accepted publickey for deploy from 198.51.100.7 port 50522 ssh2: ED25519 SHA256:AbCdEf',
    time: '2024-03-10T09:15:02.000Z',
    fields: {
      'event.dataset': 'system.auth', 'event.module': 'system', 'event.category': ['authentication', 'session'], 'event.outcome': 'success',
      'user.name': 'deploy', 'source.ip': '198.51.100.7', 'source.port': 50522, 'host.name': 'bastion', 'process.pid': 4411,
      'system.auth.ssh.method': 'publickey', 'system.auth.ssh.signature': 'ED25519 SHA256:AbCdEf',
    },
  },
  {
    name: 'CEF over syslog becomes a CEF event with the envelope kept',
    text: '<134>Mar 10 10:00:00 fw01 CEF:0|Palo Alto|PAN-OS|10.1|THREAT|Spyware detected|8|src=10.1.1.5 dst=203.0.113.50 dpt=443',
    time: '2024-03-10T10:00:00.000Z',
    fields: { 'event.dataset': 'cef.log', 'host.name': 'fw01', 'process.name': undefined, 'observer.vendor': 'Palo Alto', 'source.ip': '10.1.1.5', 'destination.port': 443, 'event.severity': 8 },
  },
  {
    name: 'JSON over syslog is dispatched on its shape',
    text: '<14>1 2024-03-10T10:00:00Z sensor suricata 42 - - {"timestamp":"2024-03-10T09:59:59.500000+0000","event_type":"alert","src_ip":"10.0.0.9","alert":{"signature":"ET TEST","signature_id":1}}',
    time: '2024-03-10T09:59:59.500Z',
    fields: { 'event.dataset': 'suricata.eve', 'event.kind': 'alert', 'rule.name': 'ET TEST', 'rule.id': '1', 'host.name': 'sensor', 'process.name': 'suricata' },
  },
  {
    name: 'key=value after a PRI without header (Fortinet)',
    text: '<189>date=2024-03-01 time=10:11:12 devname="FGT60E" srcip=10.0.0.2 dstip=8.8.8.8 dstport=53 action="accept"',
    time: '2024-03-01T10:11:12.000Z',
    fields: { 'event.dataset': 'kv.log', 'log.syslog.priority': 189, 'source.ip': '10.0.0.2', 'destination.ip': '8.8.8.8', 'destination.port': 53, 'observer.name': 'FGT60E', 'event.action': 'accept' },
  },
  {
    name: 'a source naming cef accepts CEF inside a syslog envelope',
    text: '<134>Mar 10 10:00:00 fw01 CEF:0|V|P|1|7|name|3|src=10.0.0.1',
    format: 'cef',
    time: '2024-03-10T10:00:00.000Z',
    fields: { 'event.dataset': 'cef.log', 'source.ip': '10.0.0.1', 'host.name': 'fw01' },
  },
  {
    name: 'a source naming linux-auth reads the auth line inside syslog',
    text: 'Mar 10 10:00:00 srv sshd[1]: Invalid user oracle from 192.0.2.4 port 4242',
    format: 'linux-auth',
    time: '2024-03-10T10:00:00.000Z',
    fields: { 'event.action': 'ssh-invalid-user', 'user.name': 'oracle', 'source.ip': '192.0.2.4', 'source.port': 4242, 'event.outcome': 'failure' },
  },
  {
    name: 'a source naming suricata-eve accepts EVE inside a syslog envelope',
    text: 'Mar 10 10:00:00 sensor suricata[9]: {"timestamp":"2024-03-10T10:00:00Z","event_type":"dns","dns":{"rrname":"example.org"}}',
    format: 'suricata-eve',
    time: '2024-03-10T10:00:00.000Z',
    fields: { 'event.dataset': 'suricata.eve', 'dns.question.name': 'example.org', 'host.name': 'sensor' },
  },
];

function run(cases: Case[]): void {
  for (const c of cases) {
    test(c.name, () => {
      const event = parse(c.text, c.format);
      assert.deepEqual(pick(event, c.fields), c.fields);
      assert.equal(event.fields['event.original'], c.text);
      assert.ok(!tags(event).includes(TAGS.parseFailure), String(event.fields['error.message']));
      if (c.time === null) {
        assert.equal(event.timestamp, RECEIVED);
        assert.ok(tags(event).includes(TAGS.noTimestamp));
      } else {
        assert.equal(new Date(event.timestamp).toISOString(), c.time);
        assert.ok(!tags(event).includes(TAGS.noTimestamp));
      }
    });
  }
}

describe('syslog RFC 3164', () => run(RFC3164));
describe('syslog RFC 5424', () => run(RFC5424));
describe('syslog carrying other formats', () => run(CONTENT));

describe('syslog year inference', () => {
  test('February 29 goes back to the last leap year', () => {
    const event = parse('<13>Feb 29 10:00:00 host app: leap', undefined, { received: Date.UTC(2025, 5, 1) });
    assert.equal(new Date(event.timestamp).toISOString(), '2024-02-29T10:00:00.000Z');
  });
});
