import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TAGS } from '../event/fields.js';
import { parse, pick, tags } from './test-support/records.js';

describe('generic JSON', () => {
  test('nested objects are flattened to dotted keys, arrays kept, time read', () => {
    const event = parse('{"time":"2024-03-01T10:00:00Z","level":"info","req":{"method":"GET","headers":{"host":"example.com"}},"ids":[1,2],"items":[{"a":1}],"ok":true,"none":null}');
    const expected = {
      'event.kind': 'event', 'event.dataset': 'generic.json', level: 'info', 'req.method': 'GET', 'req.headers.host': 'example.com',
      ids: [1, 2], items: [{ a: 1 }], ok: true, none: null, time: '2024-03-01T10:00:00Z',
    };
    assert.deepEqual(pick(event, expected), expected);
    assert.equal(new Date(event.timestamp).toISOString(), '2024-03-01T10:00:00.000Z');
  });

  test('epoch seconds in ts, and no time at all', () => {
    assert.equal(parse('{"ts":1709985600.5,"x":1}').timestamp, 1709985600500);
    assert.ok(tags(parse('{"x":1}')).includes(TAGS.noTimestamp));
  });

  test('a "__proto__" key is kept as a field and does not change the event object', () => {
    const event = parse('{"__proto__":["x"],"a":{"__proto__":1}}');
    assert.deepEqual(Object.getOwnPropertyDescriptor(event.fields, '__proto__')?.value, ['x']);
    assert.equal(Object.getPrototypeOf(event.fields), Object.prototype);
    assert.equal(event.fields['a.__proto__'], 1);
  });

  test('JSON with leading spaces is still JSON', () => {
    assert.equal(parse('   {"x":1}').fields.x, 1);
  });
});

describe('ECS JSON (Beats documents)', () => {
  test('a Filebeat document keeps its fields, @timestamp is the time and its tags are kept', () => {
    const doc = {
      '@timestamp': '2024-03-01T10:00:00.000Z',
      agent: { type: 'filebeat', version: '8.12.0' },
      ecs: { version: '8.0.0' },
      event: { dataset: 'nginx.access', module: 'nginx', category: ['web'], outcome: 'success' },
      source: { ip: '192.0.2.1' },
      http: { response: { status_code: 200 } },
      tags: ['beats_input_codec_plain_applied'],
      message: '192.0.2.1 - - [...] "GET / HTTP/1.1" 200 5',
    };
    const event = parse(JSON.stringify(doc));
    const expected = {
      'event.dataset': 'nginx.access', 'event.module': 'nginx', 'event.category': ['web'], 'event.outcome': 'success', 'event.kind': 'event',
      'source.ip': '192.0.2.1', 'http.response.status_code': 200, 'agent.type': 'filebeat', 'ecs.version': '8.0.0',
      message: doc.message, '@timestamp': undefined, tags: ['beats_input_codec_plain_applied'],
    };
    assert.deepEqual(pick(event, expected), expected);
    assert.equal(event.timestamp, Date.UTC(2024, 2, 1, 10));
  });

  test('the parser tags are added to a document\'s own tags', () => {
    const event = parse(JSON.stringify({ '@timestamp': 'not a time', ecs: { version: '8' }, tags: ['mine'] }));
    assert.deepEqual(event.fields.tags, ['mine', TAGS.noTimestamp]);
  });
});
