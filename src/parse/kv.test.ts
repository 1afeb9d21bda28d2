import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TAGS } from '../event/fields.js';
import { parse, pick, tags } from './test-support/records.js';

describe('key=value', () => {
  test('Fortinet traffic log: quoted values, date and time, ports and bytes as numbers', () => {
    const event = parse('date=2019-05-10 time=11:37:47 tz="-0700" logid="0000000013" type="traffic" devname="FGT60D" srcip=10.1.100.11 srcport=58012 dstip=23.59.154.35 dstport=80 proto=6 action="close" user="alice smith" sentbyte=1180 rcvdbyte=7425');
    const expected = {
      'event.dataset': 'kv.log', 'event.module': 'kv', 'kv.logid': '0000000013', 'kv.devname': 'FGT60D', 'kv.user': 'alice smith',
      'observer.name': 'FGT60D', 'source.ip': '10.1.100.11', 'source.port': 58012, 'destination.ip': '23.59.154.35', 'destination.port': 80,
      'network.transport': 'tcp', 'event.action': 'close', 'user.name': 'alice smith', 'source.bytes': 1180, 'destination.bytes': 7425,
    };
    assert.deepEqual(pick(event, expected), expected);
    assert.equal(new Date(event.timestamp).toISOString(), '2019-05-10T18:37:47.000Z');
  });

  test('logfmt with escaped quotes and an ISO time', () => {
    const event = parse('ts=2024-03-01T10:00:00Z level=WARN msg="disk \\"data\\" almost full" path=/var/lib pid=42');
    assert.deepEqual(pick(event, { message: 'disk "data" almost full', 'log.level': 'warn', 'process.pid': 42, 'kv.path': '/var/lib' }),
      { message: 'disk "data" almost full', 'log.level': 'warn', 'process.pid': 42, 'kv.path': '/var/lib' });
    assert.equal(new Date(event.timestamp).toISOString(), '2024-03-01T10:00:00.000Z');
  });

  test('auditd: a repeated key keeps both values, the audit time is read', () => {
    const event = parse("type=USER_LOGIN msg=audit(1709985600.250:812): pid=1234 uid=0 auid=1000 msg='op=login acct=\"bob\" exe=\"/usr/sbin/sshd\" res=failed'");
    assert.deepEqual(event.fields['kv.msg'], ['audit(1709985600.250:812):', 'op=login acct="bob" exe="/usr/sbin/sshd" res=failed']);
    assert.equal(event.fields['process.pid'], 1234);
    assert.equal(event.timestamp, 1709985600250);
  });

  test('empty values and words without "=" are kept with the value before them', () => {
    const event = parse('IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 PROTO=TCP SPT=1 DPT=2 WINDOW=1024 RES=0x00 SYN URGP=0');
    assert.equal(event.fields['kv.OUT'], '');
    assert.equal(event.fields['kv.RES'], '0x00 SYN');
    assert.equal(event.fields['source.ip'], '10.0.0.1');
    assert.equal(event.fields['destination.port'], 2);
  });

  test('a line with a single "=" is not detected as key=value', () => {
    const event = parse('x=1 is the answer');
    assert.equal(event.fields['event.dataset'], 'generic.log');
  });

  test('named kv with no pairs is a failure', () => {
    assert.ok(tags(parse('   ', 'kv')).includes(TAGS.parseFailure));
  });
});
