import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { NotFoundError } from '../errors.js';
import type { RawRecord } from '../pipeline/stages.js';
import { listLogFiles, parseRecord, readLogFile } from './index.js';
import type { ReadLogFileOptions } from './index.js';

let dir: string;

async function readAll(path: string, options: ReadLogFileOptions = {}): Promise<{ batches: number[]; records: RawRecord[] }> {
  const batches: number[] = [];
  const records: RawRecord[] = [];
  for await (const batch of readLogFile(path, { now: () => 1000, ...options })) {
    batches.push(batch.length);
    records.push(...batch);
  }
  return { batches, records };
}

const NDJSON = '{"a":1}\r\n\n{"a":2}\n   \n{"a":3}';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-files-'));
  writeFileSync(join(dir, 'events.ndjson'), NDJSON);
  writeFileSync(join(dir, 'events.ndjson.gz'), gzipSync(NDJSON));
  writeFileSync(join(dir, 'compressed-without-extension'), gzipSync('line one\nline two\n'));
  writeFileSync(join(dir, 'auth.log'), 'Mar 10 08:00:01 h sshd[1]: Accepted password for a from 10.0.0.1 port 1 ssh2\nplain line\n');
  writeFileSync(join(dir, 'alerts.json'), '[\n  {\n    "event_type": "alert",\n    "timestamp": "2024-03-10T10:00:00Z"\n  },\n  {\n    "event_type": "dns",\n    "timestamp": "2024-03-10T10:00:01Z",\n    "note": "a ] and a \\" in a string"\n  }\n]\n');
  writeFileSync(join(dir, 'empty-array.json'), '[ ]');
  writeFileSync(join(dir, 'cloudtrail.json'), JSON.stringify({ Records: [{ eventVersion: '1.08', eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventTime: '2024-03-10T10:00:00Z' }, { eventVersion: '1.08', eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', eventTime: '2024-03-10T10:00:01Z' }] }));
  writeFileSync(join(dir, 'cloudtrail-pretty.json'), JSON.stringify({ Records: [{ eventVersion: '1.08', eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', eventTime: '2024-03-10T10:00:00Z' }] }, null, 2));
  writeFileSync(join(dir, 'event.json'), '{\n  "Event": {\n    "System": {"EventID": 1, "Channel": "Microsoft-Windows-Sysmon/Operational", "Computer": "pc"}\n  }\n}\n');
  writeFileSync(join(dir, 'broken.json'), '{\n  "a": 1,\n  oops\n');
  const tsv = (path: string | undefined, rows: string[]): string => [
    '#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', ...(path ? [`#path\t${path}`] : []),
    '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice',
    '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring',
    ...rows, '#close\t2024-04-12-19-34-07',
  ].join('\n') + '\n';
  writeFileSync(join(dir, 'weird-name.log'), tsv('conn', ['1709985600.5\tC1\t10.0.0.1\t1234\t10.0.0.2\t80\ttcp\thttp']) + tsv('dns', ['1709985601\tC2\t10.0.0.1\t53000\t10.0.0.53\t53\tudp\t-']));
  writeFileSync(join(dir, 'conn.log'), tsv(undefined, ['1709985600\tC3\t10.0.0.9\t1\t10.0.0.8\t2\ttcp\t-']));
  writeFileSync(join(dir, 'Security.evtx'), Buffer.from('ElfFile\0 not really'));
  mkdirSync(join(dir, 'nested', 'deeper'), { recursive: true });
  writeFileSync(join(dir, 'nested', 'b.log'), 'b\n');
  writeFileSync(join(dir, 'nested', 'deeper', 'a.log'), 'a\n');
  writeFileSync(join(dir, 'nested', '.hidden'), 'x\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('readLogFile', () => {
  test('JSON lines: empty lines skipped, CR removed, 1-based lines, origin and tenant set', async () => {
    const { records } = await readAll(join(dir, 'events.ndjson'), { tenant: 'acme', format: 'json' });
    assert.deepEqual(records.map((r) => [r.text, r.origin.line]), [['{"a":1}', 1], ['{"a":2}', 3], ['{"a":3}', 5]]);
    const first = records[0]!;
    assert.deepEqual(first.origin, { source: `file:${join(dir, 'events.ndjson')}`, file: join(dir, 'events.ndjson'), line: 1 });
    assert.equal(first.tenant, 'acme');
    assert.equal(first.format, 'json');
    assert.equal(first.received, 1000);
  });

  test('gzip is recognised by extension and by its magic bytes', async () => {
    const gz = await readAll(join(dir, 'events.ndjson.gz'));
    assert.deepEqual(gz.records.map((r) => r.text), ['{"a":1}', '{"a":2}', '{"a":3}']);
    const magic = await readAll(join(dir, 'compressed-without-extension'));
    assert.deepEqual(magic.records.map((r) => r.text), ['line one', 'line two']);
  });

  test('records come in batches of the requested size', async () => {
    const lines = Array.from({ length: 2500 }, (_, i) => `line ${i}`).join('\n');
    writeFileSync(join(dir, 'many.log.gz'), gzipSync(lines));
    const { batches, records } = await readAll(join(dir, 'many.log.gz'), { batchSize: 1000 });
    assert.deepEqual(batches, [1000, 1000, 500]);
    assert.equal(records[2499]!.text, 'line 2499');
    assert.equal(records[2499]!.origin.line, 2500);
  });

  test('a reader stopped after its first batch closes cleanly', async () => {
    let batches = 0;
    for await (const batch of readLogFile(join(dir, 'many.log.gz'), { batchSize: 10 })) {
      batches++;
      assert.equal(batch.length, 10);
      break;
    }
    assert.equal(batches, 1);
  });

  test('a top-level JSON array gives one record per element, with its own line', async () => {
    const { records } = await readAll(join(dir, 'alerts.json'));
    assert.equal(records.length, 2);
    assert.deepEqual(records.map((r) => r.origin.line), [2, 6]);
    assert.deepEqual(records[1]!.json, { event_type: 'dns', timestamp: '2024-03-10T10:00:01Z', note: 'a ] and a " in a string' });
    assert.equal(parseRecord(records[0]!).fields['event.dataset'], 'suricata.eve');
    assert.deepEqual((await readAll(join(dir, 'empty-array.json'))).records, []);
  });

  test('CloudTrail files: the Records array, on one line or pretty-printed', async () => {
    const one = await readAll(join(dir, 'cloudtrail.json'));
    assert.deepEqual(one.records.map((r) => parseRecord(r).fields['event.action']), ['GetObject', 'CreateUser']);
    assert.deepEqual(one.records.map((r) => r.origin.line), [1, 1]);
    const pretty = await readAll(join(dir, 'cloudtrail-pretty.json'));
    assert.equal(pretty.records.length, 1);
    assert.equal(parseRecord(pretty.records[0]!).fields['event.action'], 'AssumeRole');
  });

  test('one pretty-printed JSON document is one record', async () => {
    const { records } = await readAll(join(dir, 'event.json'));
    assert.equal(records.length, 1);
    assert.equal(parseRecord(records[0]!).fields['winlog.event_id'], 1);
  });

  test('a broken multi-line JSON document is read line by line, nothing lost', async () => {
    const { records } = await readAll(join(dir, 'broken.json'));
    assert.deepEqual(records.map((r) => r.text), ['{', '  "a": 1,', '  oops']);
  });

  test('Zeek TSV: header blocks give the columns and the log; each row is typed JSON named zeek', async () => {
    const { records } = await readAll(join(dir, 'weird-name.log'));
    assert.equal(records.length, 2);
    const [conn, dns] = records as [RawRecord, RawRecord];
    assert.equal(conn.format, 'zeek');
    assert.equal(conn.text, '1709985600.5\tC1\t10.0.0.1\t1234\t10.0.0.2\t80\ttcp\thttp');
    assert.deepEqual(conn.json, { _path: 'conn', ts: 1709985600.5, uid: 'C1', 'id.orig_h': '10.0.0.1', 'id.orig_p': 1234, 'id.resp_h': '10.0.0.2', 'id.resp_p': 80, proto: 'tcp', service: 'http' });
    assert.equal(conn.origin.line, 8);
    assert.equal(dns.json!._path, 'dns');
    const event = parseRecord(dns);
    assert.equal(event.fields['event.dataset'], 'zeek.dns');
    assert.equal(event.fields['event.original'], dns.text);
    // Without #path, the file name says which log it is.
    const named = await readAll(join(dir, 'conn.log'));
    assert.equal(parseRecord(named.records[0]!).fields['event.dataset'], 'zeek.conn');
  });

  test('.evtx files go to the EVTX reader, never read as text: a damaged one gives a warning', async () => {
    const warnings: string[] = [];
    const { records } = await readAll(join(dir, 'Security.evtx'), { onWarning: (m) => warnings.push(m) });
    assert.deepEqual(records, []);
    assert.ok(warnings.length >= 1);
    assert.match(warnings[0]!, /Security\.evtx: /);
  });

  test('a real .evtx file gives one record per event, numbered by EventRecordID', async () => {
    const sample = join(process.cwd(), '../shared/corpus/evtx-attack-samples/AutomatedTestingTools/Malware/rundll32_cmd_schtask.evtx');
    const { records } = await readAll(sample);
    assert.equal(records.length, 50);
    assert.equal(records[0]!.format, 'evtx');
    const event = parseRecord(records[0]!);
    assert.equal(event.fields['winlog.channel'], 'Microsoft-Windows-Sysmon/Operational');
    assert.equal(records[0]!.origin.line, event.fields['winlog.record_id']);
  });
});

describe('listLogFiles', () => {
  test('directories are walked recursively in name order, dot-files left out, files kept as given', async () => {
    const files = await listLogFiles([join(dir, 'nested'), join(dir, 'auth.log')]);
    assert.deepEqual(files, [join(dir, 'nested', 'b.log'), join(dir, 'nested', 'deeper', 'a.log'), join(dir, 'auth.log')]);
  });

  test('a path that does not exist is a NotFoundError', async () => {
    await assert.rejects(listLogFiles([join(dir, 'nope')]), NotFoundError);
  });
});
