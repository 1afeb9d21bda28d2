import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TAGS } from '../event/fields.js';
import { parse, pick, tags } from './test-support/records.js';

const cases: { name: string; text: string; time?: string; fields: Record<string, unknown> }[] = [
  {
    name: 'the CEF specification example',
    text: 'CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232',
    fields: {
      'event.kind': 'event', 'event.module': 'cef', 'event.dataset': 'cef.log',
      'cef.version': '0', 'cef.device.vendor': 'Security', 'cef.device.product': 'threatmanager', 'cef.device.version': '1.0',
      'cef.device.event_class_id': '100', 'cef.name': 'worm successfully stopped', 'cef.severity': '10',
      'observer.vendor': 'Security', 'observer.product': 'threatmanager', 'observer.version': '1.0', 'event.code': '100', 'event.severity': 10,
      'source.ip': '10.0.0.1', 'destination.ip': '2.1.2.2', 'source.port': 1232, message: 'worm successfully stopped',
      'cef.extensions.src': '10.0.0.1', 'cef.extensions.spt': '1232',
    },
  },
  {
    name: 'escapes in header and extension, values with spaces, standard keys to ECS',
    text: 'CEF:0|Vendor\\|Inc|Prod\\\\uct|2.0|sig-7|Login \\| failure|High|suser=alice duser=bob act=blocked outcome=Failure msg=Bad password for user bob\\=admin from host spt=5000 dpt=22 proto=TCP request=https://example.com/a?b\\=c requestMethod=POST rt=1709985600000 cs1Label=Policy cs1=Default Policy',
    time: '2024-03-09T12:00:00.000Z',
    fields: {
      'cef.device.vendor': 'Vendor|Inc', 'cef.device.product': 'Prod\\uct', 'cef.name': 'Login | failure', 'event.severity': 8,
      'source.user.name': 'alice', 'destination.user.name': 'bob', 'user.name': 'alice', 'event.action': 'blocked', 'event.outcome': 'failure',
      message: 'Bad password for user bob=admin from host', 'source.port': 5000, 'destination.port': 22, 'network.transport': 'tcp',
      'url.original': 'https://example.com/a?b=c', 'http.request.method': 'POST',
      'cef.extensions.cs1Label': 'Policy', 'cef.extensions.cs1': 'Default Policy', 'cef.extensions.rt': '1709985600000',
    },
  },
  {
    name: 'no extension and no last pipe',
    text: 'CEF:1|V|P|1|42|Heartbeat|Low',
    fields: { 'cef.version': '1', 'cef.severity': 'Low', 'event.severity': 3, 'event.code': '42', message: 'Heartbeat' },
  },
  {
    name: 'date-style rt and byte counts',
    text: 'CEF:0|V|P|1|2|Traffic|1|rt=Mar 09 2024 12:00:00.250 UTC in=1024 out=2048 dvchost=fw1 fname=a.txt fsize=77',
    time: '2024-03-09T12:00:00.250Z',
    fields: { 'source.bytes': 1024, 'destination.bytes': 2048, 'observer.hostname': 'fw1', 'file.name': 'a.txt', 'file.size': 77 },
  },
];

describe('CEF', () => {
  for (const c of cases) {
    test(c.name, () => {
      const event = parse(c.text);
      assert.deepEqual(pick(event, c.fields), c.fields);
      assert.ok(!tags(event).includes(TAGS.parseFailure));
      if (c.time) assert.equal(new Date(event.timestamp).toISOString(), c.time);
      else assert.ok(tags(event).includes(TAGS.noTimestamp));
    });
  }

  test('a CEF record with missing header fields is kept as a failure', () => {
    for (const text of ['CEF:0|Vendor|Product|1.0|100|name', 'CEF:', 'CEF:0']) {
      const event = parse(text);
      assert.ok(tags(event).includes(TAGS.parseFailure), text);
      assert.match(event.fields['error.message'] as string, /CEF header has \d of 7 fields/);
      assert.equal(event.fields['event.original'], text);
      assert.equal(event.fields['event.dataset'], 'cef.log');
    }
  });

  test('extension keys named like Object properties are plain keys', () => {
    const event = parse('CEF:0|V|P|1|2|n|Unknown-ish|toString=x constructor=y');
    assert.equal(event.fields['cef.extensions.toString'], 'x');
    assert.equal(event.fields['cef.extensions.constructor'], 'y');
    assert.equal(event.fields['event.severity'], undefined);
  });
});
