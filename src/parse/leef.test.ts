import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TAGS } from '../event/fields.js';
import { parse, pick, tags } from './test-support/records.js';

describe('LEEF', () => {
  test('LEEF 1.0 with tab-separated attributes', () => {
    const event = parse('LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.0\tdst=172.50.123.1\tsev=5\tcat=anomaly\tsrcPort=81\tdstPort=21\tusrName=joe.black\tdevTime=1709985600000');
    const expected = {
      'event.dataset': 'leef.log', 'leef.version': '1.0', 'leef.vendor': 'Microsoft', 'leef.product': 'MSExchange', 'leef.product_version': '4.0 SP1', 'leef.event_id': '15345',
      'observer.vendor': 'Microsoft', 'event.code': '15345', 'source.ip': '192.0.2.0', 'destination.ip': '172.50.123.1', 'event.severity': 5,
      'source.port': 81, 'destination.port': 21, 'user.name': 'joe.black', 'leef.attributes.cat': 'anomaly',
    };
    assert.deepEqual(pick(event, expected), expected);
    assert.equal(event.timestamp, 1709985600000);
  });

  test('LEEF 2.0 with a custom delimiter, given as a character or as hex', () => {
    for (const [delimiter, sep] of [['^', '^'], ['0x5E', '^'], ['x7C', '|'], ['', '\t']] as const) {
      const event = parse(`LEEF:2.0|Lancope|StealthWatch|1.0|41|${delimiter}|src=10.0.1.8${sep}dst=10.0.0.5${sep}proto=17${sep}devTime=Mar 09 2024 12:00:00`);
      assert.equal(event.fields['source.ip'], '10.0.1.8', delimiter);
      assert.equal(event.fields['destination.ip'], '10.0.0.5', delimiter);
      assert.equal(event.fields['network.transport'], 'udp', delimiter);
      assert.equal(new Date(event.timestamp).toISOString(), '2024-03-09T12:00:00.000Z');
    }
  });

  test('LEEF 1.0 sent with spaces instead of tabs', () => {
    const event = parse('LEEF:1.0|V|P|1|login|src=10.0.0.1 usrName=alice smith dst=10.0.0.2');
    assert.equal(event.fields['user.name'], 'alice smith');
    assert.equal(event.fields['destination.ip'], '10.0.0.2');
  });

  test('LEEF with too few header fields is a failure', () => {
    const event = parse('LEEF:2.0|V|P|1|41');
    assert.ok(tags(event).includes(TAGS.parseFailure));
    assert.equal(event.fields['error.message'], 'LEEF header has 4 of 6 fields');
  });
});
