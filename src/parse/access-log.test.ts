import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TAGS } from '../event/fields.js';
import { parse, pick, tags } from './test-support/records.js';

const cases: { name: string; text: string; format?: string; time: string; fields: Record<string, unknown> }[] = [
  {
    name: 'combined log format',
    text: '203.0.113.7 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif?x=1 HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
    time: '2000-10-10T20:55:36.000Z',
    fields: {
      'event.dataset': 'web.access', 'event.category': ['web'], 'event.type': ['access'], 'event.outcome': 'success',
      'source.ip': '203.0.113.7', 'user.name': 'frank', 'http.request.method': 'GET', 'url.original': '/apache_pb.gif?x=1', 'url.path': '/apache_pb.gif', 'url.query': 'x=1',
      'http.version': '1.0', 'http.response.status_code': 200, 'http.response.body.bytes': 2326,
      'http.request.referrer': 'http://www.example.com/start.html', 'user_agent.original': 'Mozilla/4.08 [en] (Win98; I ;Nav)',
    },
  },
  {
    name: 'common log format, failure status, no user',
    text: '198.51.100.4 - - [10/Mar/2024:10:00:00 +0000] "POST /login HTTP/1.1" 401 -',
    time: '2024-03-10T10:00:00.000Z',
    fields: { 'user.name': undefined, 'http.response.status_code': 401, 'http.response.body.bytes': undefined, 'event.outcome': 'failure', 'user_agent.original': undefined },
  },
  {
    name: 'nginx main format with X-Forwarded-For, named nginx',
    text: '10.0.0.5 - - [10/Mar/2024:10:00:00 +0100] "GET / HTTP/2.0" 304 0 "-" "curl/8.0" "192.0.2.1, 10.0.0.1"',
    format: 'nginx',
    time: '2024-03-10T09:00:00.000Z',
    fields: { 'event.module': 'nginx', 'event.dataset': 'nginx.access', 'http.version': '2.0', 'http.request.referrer': undefined, 'nginx.access.extra': '"192.0.2.1, 10.0.0.1"' },
  },
  {
    name: 'Apache vhost_combined, named apache',
    text: 'www.example.com:443 2001:db8::1 - - [10/Mar/2024:10:00:00 +0000] "GET /a HTTP/1.1" 200 10 "-" "UA"',
    format: 'apache',
    time: '2024-03-10T10:00:00.000Z',
    fields: { 'event.dataset': 'apache.access', 'url.domain': 'www.example.com', 'destination.port': 443, 'source.ip': '2001:db8::1' },
  },
  {
    name: 'a TLS handshake sent to an HTTP port',
    text: '192.0.2.9 - - [10/Mar/2024:10:00:00 +0000] "\\x16\\x03\\x01\\x00" 400 157 "-" "-"',
    time: '2024-03-10T10:00:00.000Z',
    fields: { 'http.request.method': undefined, 'web.access.request': '\\x16\\x03\\x01\\x00', 'http.response.status_code': 400 },
  },
  {
    name: 'a host name instead of an address',
    text: 'crawler.example.net - - [10/Mar/2024:10:00:00 +0000] "GET /robots.txt HTTP/1.1" 200 12 "-" "bot"',
    time: '2024-03-10T10:00:00.000Z',
    fields: { 'source.ip': undefined, 'source.domain': 'crawler.example.net', 'source.address': 'crawler.example.net' },
  },
];

describe('access logs', () => {
  for (const c of cases) {
    test(c.name, () => {
      const event = parse(c.text, c.format);
      assert.deepEqual(pick(event, c.fields), c.fields);
      assert.equal(new Date(event.timestamp).toISOString(), c.time);
      assert.ok(!tags(event).includes(TAGS.parseFailure));
    });
  }

  test('a line that is not an access log, named apache, is a failure', () => {
    assert.ok(tags(parse('[Sun Mar 10 10:00:00 2024] [error] client denied', 'apache')).includes(TAGS.parseFailure));
  });
});
