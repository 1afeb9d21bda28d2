import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_RECORD_BYTES, TAGS } from '../event/fields.js';
import { ConfigError } from '../errors.js';
import { createRegistry, listFormats, parseRecord, PARSERS } from './index.js';
import type { TextFormat } from './format.js';
import { line } from './line.js';
import { parse, record, RECEIVED, tags } from './test-support/records.js';

describe('parser registry', () => {
  test('a duplicate parser name fails when the registry is built', () => {
    const twin: TextFormat = { ...line, description: 'a second format called line' };
    assert.throws(() => createRegistry([line, twin], { fallback: 'line' }), (err: unknown) => err instanceof ConfigError && /duplicate parser name "line"/.test(err.message));
  });

  test('a missing fallback fails when the registry is built', () => {
    assert.throws(() => createRegistry([], { fallback: 'line' }), ConfigError);
  });

  test('the shipped registry has unique names and lists every format with a description', () => {
    const names = PARSERS.map((f) => f.name);
    assert.equal(new Set(names).size, names.length);
    const listed = listFormats();
    assert.deepEqual(listed.map((f) => f.name), names);
    for (const f of listed) assert.ok(f.description.length > 10, f.name);
    for (const expected of ['syslog', 'json', 'ecs-json', 'kv', 'cef', 'leef', 'linux-auth', 'suricata-eve', 'zeek', 'cloudtrail', 'windows', 'evtx', 'access-log', 'nginx', 'apache', 'line']) {
      assert.ok(names.includes(expected), expected);
    }
  });

  test('an exception inside a format becomes a tagged failure event, not a throw', () => {
    const broken: TextFormat = {
      name: 'broken', description: 'throws', module: 'broken', dataset: 'broken.log', input: 'text',
      detect: () => true,
      fill: () => { throw new TypeError('bug in the format'); },
    };
    const registry = createRegistry([broken, line], { fallback: 'line' });
    const event = registry.parse(record('anything'));
    assert.deepEqual(tags(event), [TAGS.parseFailure, TAGS.noTimestamp]);
    assert.equal(event.fields['error.message'], 'bug in the format');
    assert.equal(event.fields['error.type'], 'TypeError');
    assert.equal(event.fields['event.dataset'], 'broken.log');
    assert.equal(event.fields.message, 'anything');
    assert.equal(event.fields['event.original'], 'anything');
    assert.equal(event.timestamp, RECEIVED);
  });
});

describe('parseRecord: choosing the format', () => {
  test('the format a source names is used, and one it does not know is tagged and detected', () => {
    const named = parse('a=1 b=2', 'kv');
    assert.equal(named.fields['event.dataset'], 'kv.log');
    const unknown = parse('{"a":1}', 'no-such-format');
    assert.ok(tags(unknown).includes(TAGS.unknownFormat));
    assert.equal(unknown.fields['event.dataset'], 'generic.json');
    assert.equal(unknown.fields.a, 1);
  });

  test('a record that does not follow the format its source names is kept as a failure', () => {
    const event = parse('just some words', 'cef');
    assert.ok(tags(event).includes(TAGS.parseFailure));
    assert.equal(event.fields['error.message'], 'not a cef record');
    assert.equal(event.fields['event.dataset'], 'cef.log');
    assert.equal(event.fields.message, 'just some words');
    assert.equal(event.fields['event.original'], 'just some words');
  });

  test('a plain line no parser claims is an event, not a failure', () => {
    const event = parse('backup finished without errors');
    assert.deepEqual(tags(event), [TAGS.noTimestamp]);
    assert.equal(event.fields['event.kind'], 'event');
    assert.equal(event.fields['event.dataset'], 'generic.log');
    assert.equal(event.fields.message, 'backup finished without errors');
    assert.equal(event.timestamp, RECEIVED);
  });

  test('a plain line that starts with a time gets that time', () => {
    const event = parse('2024-03-01 10:00:00,250 INFO [main] started');
    assert.equal(event.timestamp, Date.UTC(2024, 2, 1, 10, 0, 0, 250));
    assert.deepEqual(tags(event), []);
  });

  test('records decoded as JSON by the source are not decoded again', () => {
    const event = parseRecord(record('not even json', { json: { event_type: 'alert', timestamp: '2024-03-01T10:00:00Z', src_ip: '10.0.0.1' } }));
    assert.equal(event.fields['event.dataset'], 'suricata.eve');
    assert.equal(event.fields['source.ip'], '10.0.0.1');
    assert.equal(event.fields['event.original'], 'not even json');
  });
});

describe('parseRecord: bad input is kept, tagged, never thrown', () => {
  const cases: { name: string; text: string; format?: string; failure: boolean }[] = [
    { name: 'empty record', text: '', failure: true },
    { name: 'whitespace only', text: '  \t ', failure: true },
    { name: 'truncated JSON', text: '{"event_type":"alert","src_ip":"10.0.0', failure: true },
    { name: 'JSON that is not an object', text: '{}}', failure: true },
    { name: 'CEF with missing header fields', text: 'CEF:0|Vendor|Product|1.0', failure: true },
    { name: 'LEEF with missing header fields', text: 'LEEF:2.0|Vendor|Product', failure: true },
    { name: 'binary garbage (no claim)', text: '\u0000\u0001\u00ff\ufffd\u0007garbage\u0000', failure: false },
    { name: 'binary garbage for a named format', text: '\u0000\u0001\u00ff\ufffd', format: 'suricata-eve', failure: true },
    { name: 'garbage named zeek', text: 'not zeek at all', format: 'zeek', failure: true },
    { name: 'garbage named windows', text: '{"hello":"world"}', format: 'windows', failure: true },
    { name: 'garbage named linux-auth', text: 'nothing about logins here', format: 'linux-auth', failure: true },
    { name: 'garbage named syslog', text: 'no envelope here', format: 'syslog', failure: true },
    { name: 'garbage named access-log', text: 'GET / without the rest', format: 'access-log', failure: true },
    { name: 'garbage named kv', text: 'no pairs here', format: 'kv', failure: true },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const event = parse(c.text, c.format);
      assert.equal(event.fields['event.original'], c.text);
      assert.equal(tags(event).includes(TAGS.parseFailure), c.failure);
      if (c.failure) {
        assert.equal(event.fields.message, c.text);
        assert.equal(typeof event.fields['error.message'], 'string');
        assert.equal(event.timestamp, RECEIVED);
      }
    });
  }

  test('a record that is not a string does not throw', () => {
    const event = parseRecord({ ...record(''), text: undefined as unknown as string });
    assert.ok(tags(event).includes(TAGS.parseFailure));
  });
});

describe('parseRecord: records longer than MAX_RECORD_BYTES', () => {
  const big = (prefix: string, fill: string, suffix = ''): string => prefix + fill.repeat(Math.ceil((200 * 1024) / fill.length)) + suffix;

  test('a 200 KiB line is cut at the limit in UTF-8 bytes, without splitting a character', () => {
    // "é" is 2 bytes and "😀" 4: the limit falls inside a character for one of them.
    for (const fill of ['a', 'é', '😀', 'ab😀']) {
      const event = parse(big('Mar 10 11:00:00 host app: ', fill));
      const original = event.fields['event.original'] as string;
      const bytes = Buffer.byteLength(original);
      assert.ok(bytes <= MAX_RECORD_BYTES && bytes > MAX_RECORD_BYTES - 4, `${fill}: ${bytes}`);
      assert.ok(!original.includes('\ufffd'), 'no broken character');
      assert.ok(tags(event).includes(TAGS.truncated));
      // Still parsed as far as possible: the envelope is there.
      assert.equal(event.fields['host.name'], 'host');
      assert.equal(event.fields['process.name'], 'app');
      assert.equal(event.timestamp, Date.UTC(2024, 2, 10, 11, 0, 0));
    }
  });

  test('a cut JSON record is read up to the cut', () => {
    const event = parse(big('{"timestamp":"2024-03-01T10:00:00Z","event_type":"http","src_ip":"10.0.0.1","http":{"hostname":"example.com","url":"/', 'x', '"}}'));
    assert.ok(tags(event).includes(TAGS.truncated));
    assert.ok(!tags(event).includes(TAGS.parseFailure));
    assert.equal(event.fields['event.dataset'], 'suricata.eve');
    assert.equal(event.fields['source.ip'], '10.0.0.1');
    assert.equal(event.fields['url.domain'], 'example.com');
    const url = event.fields['url.original'] as string;
    assert.ok(url.startsWith('/xxx') && url.length > 60_000 && url.length < MAX_RECORD_BYTES);
  });

  test('every format survives a 200 KiB record', () => {
    const records = [
      big('CEF:0|V|P|1|100|name|5|msg=', 'x'),
      big('LEEF:1.0|V|P|1|100|src=10.0.0.1\tmsg=', 'x'),
      big('a=1 b=', 'x'),
      big('10.0.0.1 - - [10/Mar/2024:10:00:00 +0000] "GET /', 'x', ' HTTP/1.1" 200 5 "-" "-"'),
      big('<13>1 2024-03-10T10:00:00Z host app - - - ', 'x'),
      big('Mar 10 10:00:00 host sshd[1]: Failed password for ', 'x', ' from 10.0.0.1 port 22 ssh2'),
      big('{"Event":{"System":{"EventID":1,"Channel":"c","Computer":"pc","Provider":{"#attributes":{"Name":"p"}}},"EventData":{"CommandLine":"', 'x', '"}}}'),
      big('{"_path":"dns","ts":1.5,"query":"', 'x', '"}'),
      big('{"eventVersion":"1","eventSource":"s3","eventName":"GetObject","requestParameters":{"key":"', 'x', '"}}'),
      big('', '\u0000\u00ff'),
    ];
    for (const text of records) {
      const event = parse(text);
      assert.ok(tags(event).includes(TAGS.truncated), text.slice(0, 30));
      assert.ok(Buffer.byteLength(event.fields['event.original'] as string) <= MAX_RECORD_BYTES);
    }
  });
});
