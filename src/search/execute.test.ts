// Compiled queries run against a real (in-memory) DuckDB table shaped like the event store:
// each case names exactly the events it must return.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, listValue, timestampValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { FieldValue } from '../event/event.js';
import { EXTRA_COLUMN, hotColumn, ID_COLUMN, tableColumns, TENANT_COLUMN, TIMESTAMP_COLUMN } from '../store/events/columns.js';
import { unmapIpv4 } from '../event/ip.js';
import { compileQuery, fieldExpression, SEARCH_SQL_MACROS } from './index.js';

interface Fixture {
  id: string;
  at: string;
  fields: Record<string, FieldValue>;
}

const EVENTS: Fixture[] = [
  {
    id: 'e01',
    at: '2024-01-01T10:00:00Z',
    fields: {
      'process.name': 'powershell.exe',
      'process.command_line': 'powershell.exe -enc SQBFAFgA',
      'user.name': 'Alice',
      'host.name': 'WS-01',
      'event.code': '4688',
      'event.category': ['process'],
      'event.severity': 3,
      message: 'A new process has been created.',
      'event.original': 'EventID=4688 NewProcessName=powershell.exe',
      'winlog.event_data.Image': 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      'winlog.event_data.IntegrityLevel': 'High',
    },
  },
  {
    id: 'e02',
    at: '2024-01-01T23:59:59.999Z',
    fields: { 'process.name': 'PowerShell_ISE.exe', 'user.name': 'bob', 'event.code': '4104', 'event.category': ['process'], message: 'Script block logged' },
  },
  {
    id: 'e03',
    at: '2024-01-02T00:00:00Z',
    fields: {
      'source.ip': '10.1.2.3',
      'destination.ip': '8.8.8.8',
      'source.port': 51000,
      'destination.port': 53,
      'network.transport': 'udp',
      'zeek.conn.history': 'Dd',
      'zeek.conn.duration': 0.5,
      'zeek.conn.orig_bytes': 120,
    },
  },
  { id: 'e04', at: '2024-01-15T12:00:00Z', fields: { 'source.ip': '172.16.5.4', 'destination.port': 443, 'http.response.status_code': 200 } },
  { id: 'e05', at: '2024-02-01T00:00:00Z', fields: { 'source.ip': '172.32.0.1', 'http.response.status_code': 404 } },
  { id: 'e06', at: '2024-02-10T08:30:00Z', fields: { 'source.ip': '2001:db8::1', 'destination.ip': '2001:db8:1::53' } },
  { id: 'e07', at: '2024-03-01T00:00:00Z', fields: { 'source.ip': '2001:db9::1', 'host.ip': ['192.168.1.10', 'fe80::1'] } },
  { id: 'e08', at: '2024-03-05T10:00:00Z', fields: { 'source.ip': '192.168.10.200', 'destination.ip': '192.168.16.1' } },
  {
    id: 'e09',
    at: '2024-03-05T10:00:00.500Z',
    fields: { tags: ['malware', 'Beacon'], message: 'Beacon detected: 100% sure_thing', 'event.original': '{"raw": "x"}' },
  },
  { id: 'e10', at: '2024-04-01T00:00:00Z', fields: { 'user.name': "x' OR 1=1 --", message: 'He said "hi" (twice)' } },
  {
    id: 'e11',
    at: '2024-04-02T00:00:00Z',
    fields: {
      'dns.answers.data': ['1.2.3.4', '5.6.7.8'],
      'custom.sizes': [5, 50],
      'custom.flag': true,
      'custom.when': '2024-03-05T12:00:00+02:00',
    },
  },
  { id: 'e12', at: '2024-05-01T00:00:00Z', fields: { 'user.name': 'Élodie', message: 'Power failure on rack 7 (code 1000), sureXthing' } },
  { id: 'e13', at: '2024-05-02T00:00:00Z', fields: { 'event.ingested': '2024-05-02T00:00:05Z', 'file.path': 'C:\\Temp\\a*b.txt' } },
  {
    id: 'e14',
    at: '2024-06-01T00:00:00Z',
    fields: { 'process.name': 'cmd.exe', 'process.parent.name': 'powershell.exe', 'file.path': 'C:\\Temp\\aXb.txt', 'url.original': 'http://evil.example/a?b=c' },
  },
  // IPv4-mapped IPv6: stored as dotted quads in the typed IP columns, as written in `extra`.
  { id: 'e15', at: '2024-06-02T00:00:00Z', fields: { 'source.ip': '::ffff:10.9.9.9', 'host.ip': ['::FFFF:c0a8:10b'], 'client.ip': '::ffff:10.9.9.9' } },
  { id: 'e16', at: '2024-06-03T00:00:00Z', fields: { 'source.ip': '2001:0DB8:0000:0000:0001::5' } },
  // Code points lower() turns into ASCII letters (İ → i, Kelvin sign → k), and one it does not (ſ).
  { id: 'e17', at: '2024-06-04T00:00:00Z', fields: { message: 'İNFO from KELVİN: ſtop axb\nline two' } },
];

const ALL = EVENTS.map((e) => e.id);
const except = (...ids: string[]) => ALL.filter((id) => !ids.includes(id));

function micros(iso: string): DuckDBValue {
  return timestampValue(BigInt(Date.parse(iso)) * 1000n);
}

/** A row's values in table order: typed columns for hot fields, the rest in extra (as the store does). */
function rowValues(event: Fixture): DuckDBValue[] {
  const extra: Record<string, FieldValue> = {};
  for (const [field, value] of Object.entries(event.fields)) if (!hotColumn(field)) extra[field] = value;
  return tableColumns().map(({ name }) => {
    if (name === ID_COLUMN) return event.id;
    if (name === TENANT_COLUMN) return 'default';
    if (name === TIMESTAMP_COLUMN) return micros(event.at);
    if (name === EXTRA_COLUMN) return JSON.stringify(extra);
    const value = hotColumn(name) ? event.fields[name] : undefined;
    if (value === undefined || value === null) return null;
    const type = hotColumn(name)!.type;
    if (Array.isArray(value)) return listValue(value.map((v) => (type === 'ip[]' ? unmapIpv4(String(v)) : String(v))));
    if (type === 'date') return micros(String(value));
    if (type === 'ip') return unmapIpv4(String(value));
    return value as DuckDBValue;
  });
}

let connection: DuckDBConnection;

before(async () => {
  const instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  for (const macro of SEARCH_SQL_MACROS) await connection.run(macro);
  const columns = tableColumns();
  await connection.run(`CREATE TABLE events (${columns.map((c) => `"${c.name}" ${c.sqlType}`).join(', ')})`);
  const insert = `INSERT INTO events VALUES (${columns.map(() => '?').join(', ')})`;
  for (const event of EVENTS) await connection.run(insert, rowValues(event));
});

after(() => connection.closeSync());

async function matching(query: string): Promise<string[]> {
  const { where, params } = compileQuery(query);
  const reader = await connection.runAndReadAll(`SELECT id FROM events WHERE ${where} ORDER BY id`, params);
  return reader.getRowObjectsJS().map((r) => String(r.id));
}

type Case = [query: string, ids: string[]];

function cases(title: string, table: Case[]): void {
  describe(title, () => {
    for (const [query, ids] of table) {
      test(query, async () => assert.deepEqual(await matching(query), ids));
    }
  });
}

cases('keyword fields: whole value, case-insensitive', [
  ['user.name:alice', ['e01']],
  ['user.name:ALICE', ['e01']],
  ['process.name:POWERSHELL.EXE', ['e01']],
  ['process.name:powershell', []],
  ['user.name:élodie', ['e12']],
  ['event.code:4688', ['e01']],
  ['process.parent.name:powershell.exe', ['e14']],
]);

cases('wildcards', [
  ['process.name:power*', ['e01', 'e02']],
  ['process.name:*shell*', ['e01', 'e02']],
  ['process.name:*.exe', ['e01', 'e02', 'e14']],
  ['process.name:cmd.ex?', ['e14']],
  ['process.name:cmd.e?', []],
  ['process.name:?md.exe', ['e14']],
  ['file.path:C:\\Temp\\a*b.txt', ['e13', 'e14']],
  ['source.ip:172.*', ['e04', 'e05']],
  ['winlog.event_data.Image:*\\powershell.exe', ['e01']],
]);

cases('escapes: wildcard and LIKE characters taken literally', [
  ['file.path:C:\\Temp\\a\\*b.txt', ['e13']],
  ['file.path:"C:\\Temp\\a*b.txt"', ['e13']],
  ['message:"100%"', ['e09']],
  ['message:sure_thing', ['e09']],
  ['url.original:"a?b=c"', ['e14']],
  ['url.original:a\\?b\\=c', ['e14']],
  ['message:"said \\"hi\\""', ['e10']],
  ['message:Power\\ failure', ['e12']],
  ['detected\\:', ['e09']],
  ['winlog.event_data.Image:"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"', ['e01']],
]);

cases('phrases and text fields: contained, case-insensitive', [
  ['message:"process has been"', ['e01']],
  ['message:"been process"', []],
  ['message:BEACON', ['e09']],
  ['process.command_line:-enc', ['e01']],
  ['message:fail*', ['e12']],
]);

cases('case and characters as lower() has them, whatever the matching engine', [
  ['message:info', ['e17']],
  ['kelvin', ['e17']],
  ['message:stop', []],
  ['message:axb', ['e17']],
  ['message:"a.b"', []],
  ['message:"(twice)"', ['e10']],
  ['message:"(twice"', ['e10']],
  ['message:*b?line*', ['e17']],
  ['message:k*two', ['e17']],
  ['user.name:?lodie', ['e12']],
]);

cases('free text: message and event.original', [
  ['beacon', ['e09']],
  ['"new process"', ['e01']],
  ['power', ['e01', 'e12']],
  ['power*', ['e01', 'e12']],
  ['raw', ['e09']],
  ['*', ALL],
  ['', ALL],
  ['power failure', ['e12']],
  ['power OR beacon', ['e01', 'e09', 'e12']],
]);

cases('boolean logic and precedence', [
  ['process.name:cmd.exe OR user.name:bob', ['e02', 'e14']],
  ['user.name:alice OR user.name:bob AND process.name:cmd.exe', ['e01']],
  ['(user.name:alice OR user.name:bob) AND process.name:power*', ['e01', 'e02']],
  ['user.name:bob AND process.name:power* OR process.name:cmd.exe', ['e02', 'e14']],
  ['process.name:power* user.name:bob', ['e02']],
  ['NOT user.name:alice', except('e01')],
  ['not user.name:alice and not user.name:bob', except('e01', 'e02')],
  ['NOT NOT user.name:alice', ['e01']],
  ['NOT process.name:power* AND process.name:*', ['e14']],
  ['NOT (process.name:power* OR source.ip:*)', except('e01', 'e02', 'e03', 'e04', 'e05', 'e06', 'e07', 'e08', 'e15', 'e16')],
  ['NOT user.name:alice AND user.name:*', ['e02', 'e10', 'e12']],
]);

cases('value groups and lists', [
  ['user.name:(alice OR bob)', ['e01', 'e02']],
  ['user.name:(alice bob)', ['e01', 'e02']],
  ['process.name:(power* AND NOT *ise*)', ['e01']],
  ['destination.port:(53 OR 443)', ['e03', 'e04']],
  ['event.code:(4688 4104 9999)', ['e01', 'e02']],
]);

cases('numbers: typed columns and extra', [
  ['destination.port:53', ['e03']],
  ['http.response.status_code:404', ['e05']],
  ['destination.port>=443', ['e04']],
  ['destination.port<100', ['e03']],
  ['source.port>50000', ['e03']],
  ['http.response.status_code>=400', ['e05']],
  ['event.severity<=3', ['e01']],
  ['zeek.conn.orig_bytes:120', ['e03']],
  ['zeek.conn.duration:0.50', ['e03']],
  ['zeek.conn.duration>0.1', ['e03']],
  ['zeek.conn.orig_bytes>=100 AND zeek.conn.orig_bytes<121', ['e03']],
  ['event.code>=4688', ['e01']],
  ['event.code<4688', ['e02']],
  ['custom.sizes>10', ['e11']],
  ['custom.sizes<1', []],
]);

cases('dates: @timestamp, date columns, extra', [
  ['@timestamp<2024-01-02', ['e01', 'e02']],
  ['@timestamp<=2024-01-01', ['e01', 'e02']],
  ['@timestamp>2024-06-01', ['e15', 'e16', 'e17']],
  ['@timestamp>=2024-06-01', ['e14', 'e15', 'e16', 'e17']],
  ['@timestamp>=2024-06-01 AND @timestamp<=2024-06-02', ['e14', 'e15']],
  ['@timestamp>="2024-03-05T10:00:00Z" AND @timestamp<"2024-03-05T10:00:01Z"', ['e08', 'e09']],
  ['@timestamp:2024-03-05', ['e08', 'e09']],
  ['@timestamp:2024-03', ['e07', 'e08', 'e09']],
  ['@timestamp:2024-03-05T10:00:00Z', ['e08', 'e09']],
  ['@timestamp:"2024-03-05T10:00:00.000Z"', ['e08']],
  ['@timestamp:"2024-01-01T11:00:00+01:00"', ['e01']],
  ['@timestamp>=1717200000000', ['e14', 'e15', 'e16', 'e17']],
  ['event.ingested:*', ['e13']],
  ['event.ingested>2024-05-02T00:00:04Z', ['e13']],
  ['event.ingested>2024-05-02T00:00:05Z', []],
  ['custom.when>=2024-03-05T10:00:00Z', ['e11']],
  ['custom.when>2024-03-05T10:00:00Z', []],
  ['custom.when<2024-03-06', ['e11']],
]);

cases('IP addresses and CIDR networks', [
  ['source.ip:10.0.0.0/8', ['e03', 'e15']],
  ['source.ip:172.16.0.0/12', ['e04']],
  ['source.ip:172.16.0.0/11', ['e04']],
  ['source.ip:172.32.0.0/11', ['e05']],
  ['source.ip:192.168.0.0/20', ['e08']],
  ['destination.ip:192.168.0.0/20', []],
  ['destination.ip:192.168.16.0/20', ['e08']],
  ['source.ip:10.1.2.3', ['e03']],
  ['source.ip:10.1.2.3/32', ['e03']],
  ['source.ip:10.9.9.9', ['e15']],
  ['source.ip:0.0.0.0/0', ['e03', 'e04', 'e05', 'e08', 'e15']],
  ['source.ip:::/0', ['e03', 'e04', 'e05', 'e06', 'e07', 'e08', 'e15', 'e16']],
  ['source.ip:::/8', ['e03', 'e04', 'e05', 'e08', 'e15']],
  ['source.ip:::ffff:10.0.0.0/104', ['e03', 'e15']],
  ['source.ip:::ffff:0:0/96', ['e03', 'e04', 'e05', 'e08', 'e15']],
  ['source.ip:2001:db8::/32', ['e06', 'e16']],
  ['source.ip:"2001:db8::/32"', ['e06', 'e16']],
  ['source.ip:2001:db8::/31', ['e06', 'e07', 'e16']],
  ['source.ip:2001:db8:0:0:1::/80', ['e16']],
  ['source.ip:2001:db8:0:0:1::5', ['e16']],
  ['source.ip:2001:0db8::/16', ['e06', 'e07', 'e16']],
  ['source.ip:2000::/3', ['e06', 'e07', 'e16']],
  ['source.ip:2001:DB8:0:0:0:0:0:1', ['e06']],
  ['source.ip:2001:db8::1/128', ['e06']],
  ['destination.ip:2001:db8:1::/48', ['e06']],
  ['destination.ip:2001:db8::/48', []],
  ['host.ip:fe80::/10', ['e07']],
  ['host.ip:192.168.1.0/24', ['e07', 'e15']],
  ['host.ip:192.168.1.11', ['e15']],
  ['host.ip:"::ffff:192.168.1.11"', ['e15']],
  ['source.ip:"::ffff:10.9.9.9"', ['e15']],
  ['source.ip:"::ffff:a09:909"', ['e15']],
  ['source.ip:::ffff:10.9.9.0/120', ['e15']],
  ['source.ip:::ffff:0:0/95', ['e03', 'e04', 'e05', 'e08', 'e15']],
  ['client.ip:10.9.9.0/24', ['e15']],
  ['client.ip:::ffff:10.9.9.0/120', ['e15']],
  ['client.ip:0.0.0.0/0', ['e15']],
  ['host.ip:192.168.1.10', ['e07']],
  ['dns.answers.data:5.6.0.0/16', ['e11']],
  ['dns.answers.data:1.2.3.4', ['e11']],
  ['source.ip>=172.16.0.0 AND source.ip<=172.31.255.255', ['e04']],
]);

cases('existence', [
  ['source.ip:*', ['e03', 'e04', 'e05', 'e06', 'e07', 'e08', 'e15', 'e16']],
  ['NOT source.ip:*', ['e01', 'e02', 'e09', 'e10', 'e11', 'e12', 'e13', 'e14', 'e17']],
  ['host.ip:*', ['e07', 'e15']],
  ['tags:*', ['e09']],
  ['winlog.event_data.Image:*', ['e01']],
  ['custom.flag:*', ['e11']],
  ['zeek.conn.history:*', ['e03']],
  ['no.such.field:*', []],
]);

cases('arrays: any element matches', [
  ['tags:beacon', ['e09']],
  ['tags:(malware AND beacon)', ['e09']],
  ['tags:(malware AND benign)', []],
  ['tags:mal*', ['e09']],
  ['event.category:process', ['e01', 'e02']],
  ['custom.sizes:50', ['e11']],
  ['custom.flag:true', ['e11']],
  ['winlog.event_data.IntegrityLevel:high', ['e01']],
  ['NOT tags:beacon', except('e09')],
]);

cases('values that try to be SQL stay values', [
  [`user.name:"x' OR 1=1 --"`, ['e10']],
  ['message:"); DROP TABLE events; --"', []],
  [`"'; DROP TABLE events; --"`, []],
  [`user.name:x'`, []],
  [`winlog.event_data.Image:"') OR TRUE --"`, []],
]);

describe('after the injection attempts', () => {
  test('the table is still there with every event', async () => {
    assert.deepEqual(await matching('*'), ALL);
  });
});

describe('fieldExpression: values for top-N grouping', () => {
  async function top(field: string): Promise<Record<string, number>> {
    const expression = fieldExpression(field);
    const reader = await connection.runAndReadAll(
      `SELECT value, count(*) AS n FROM (SELECT ${expression.sql} AS value FROM events) WHERE value IS NOT NULL GROUP BY value`,
      expression.params,
    );
    return Object.fromEntries(reader.getRowObjectsJS().map((r) => [String(r.value), Number(r.n)]));
  }

  test('keyword column', async () => assert.deepEqual(await top('process.name'), { 'powershell.exe': 1, 'PowerShell_ISE.exe': 1, 'cmd.exe': 1 }));
  test('number column as text', async () => assert.deepEqual(await top('destination.port'), { '53': 1, '443': 1 }));
  test('list column, one row per element', async () => assert.deepEqual(await top('event.category'), { process: 2 }));
  test('tags', async () => assert.deepEqual(await top('tags'), { malware: 1, Beacon: 1 }));
  test('extra scalar', async () => assert.deepEqual(await top('zeek.conn.history'), { Dd: 1 }));
  test('extra array', async () => assert.deepEqual(await top('custom.sizes'), { '5': 1, '50': 1 }));
  test('date column as ISO text', async () => assert.deepEqual(await top('event.ingested'), { '2024-05-02T00:00:05.000Z': 1 }));
  test('a bad field name is refused before any SQL is built', () => {
    assert.throws(() => fieldExpression('x" FROM events; --'), { code: 'bad_request' });
  });
});
