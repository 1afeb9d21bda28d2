import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator } from '../../bench/generate.js';
import { createMetrics } from '../metrics/metrics.js';
import { parseRecord } from '../parse/index.js';
import { readLogFile } from '../parse/files.js';
import { openEventStore } from '../store/events/event-store.js';
import { segmentFileName } from '../store/events/layout.js';
import { recordLine } from '../store/events/record-line.js';
import { toRow } from '../store/events/row.js';
import { silentLogger } from '../test-support/logger.js';
import { tempDir } from '../test-support/temp-dir.js';
import { deriveRows } from './derive-rows.js';
import { createPipeline } from './pipeline.js';
import { createRowDeriver } from './row-deriver.js';
import type { RawRecord } from './stages.js';

const CORPUS = new URL('../../../shared/corpus/', import.meta.url);

function normalizer() {
  return createPipeline({
    parse: parseRecord, enrichers: [], store: async () => undefined, storeBacklog: () => 0, listeners: [],
    metrics: createMetrics(), logger: silentLogger, maxInFlight: 1, maxStoreBacklogBytes: 1,
  });
}

async function sampleRecords(): Promise<RawRecord[]> {
  const records: RawRecord[] = [];
  const generate = createGenerator(7);
  for (let i = 0; i < 2000; i++) records.push({ text: generate.next(), received: 1_763_700_000_000 + i * 37, tenant: i % 3 === 0 ? 'acme' : 'default', origin: { source: 'http' } });
  // Zeek TSV and EVTX records carry a document built with context their text lacks.
  for (const file of ['zeek/otrf-apt29-day1/NASHUA_conn.log', 'zeek/brimdata-wrccdc2018/zeek-default/dns.log.gz', 'suricata/surevego/eve.json',
    'suricata/surevego/eve_broken.json', 'evtx-attack-samples/Defense Evasion/DE_UAC_Disabled_Sysmon_12_13.evtx']) {
    for await (const batch of readLogFile(fileURLToPath(new URL(file, CORPUS)), { now: () => 1_763_700_000_000 })) records.push(...batch.slice(0, 300));
  }
  const posted = { event: { code: '4625' }, winlog: { channel: 'Security', event_id: 4625, event_data: { TargetUserName: 'bob' } } };
  records.push(
    { text: JSON.stringify(posted), json: posted, jsonIsText: true, received: 1, tenant: 'default', origin: { source: 'http' } },
    // Zeek JSON without _path is named by the file it was read from: the origin must be logged.
    { text: '{"ts":1588205199.8,"uid":"C1","id.orig_h":"10.0.1.6","id.orig_p":5,"id.resp_h":"10.0.0.4","id.resp_p":53}', received: 2, tenant: 'default', format: 'zeek', origin: { source: 'file', file: '/var/log/zeek/conn.log', line: 9 } },
    { text: 'not any known format \u0000 \u2603', received: 3, tenant: 'default', origin: { source: 'syslog-udp' } },
    { text: '{"broken": json', received: 4, tenant: 'default', format: 'json', origin: { source: 'http' } },
    { text: '<34>1 2026-11-21T10:00:00Z host app - - - message\nwith a newline', received: 5, tenant: 'default', origin: { source: 'syslog-tcp' } },
  );
  return records;
}

test('rows derived from the logged records are exactly the rows of the events the pipeline made', async (t) => {
  const dir = await tempDir(t);
  const records = await sampleRecords();
  const events = normalizer().normalize(records);
  const segment = join(dir, 'segment.ndjson');
  const rows = join(dir, 'rows.ndjson');
  // Record lines and plain row lines (events appended without records) may share a segment.
  const plain = toRow({ id: 'plain', tenant: 'default', timestamp: 1, fields: { 'event.original': 'as a row' } });
  await writeFile(segment, [...events.map((e, i) => recordLine(e.id, records[i]!)), plain].join('\n') + '\n');
  assert.equal(await deriveRows(segment, rows), events.length + 1);
  const derived = (await readFile(rows, 'utf8')).split('\n');
  assert.equal(derived.pop(), '');
  assert.deepEqual(derived, [...events.map(toRow), plain]);
});

test('the worker thread derives rows, reports a segment it cannot read, and keeps working after it', async (t) => {
  const dir = await tempDir(t);
  const deriver = createRowDeriver();
  t.after(() => deriver.close());
  const record: RawRecord = { text: 'Nov 21 10:00:00 host sshd[1]: Accepted password for bob from 1.2.3.4 port 22 ssh2', received: 1_763_700_000_000, tenant: 'default', origin: { source: 'http' } };
  const [event] = normalizer().normalize([record]);
  await writeFile(join(dir, 'good.ndjson'), recordLine(event!.id, record) + '\n');
  await assert.rejects(deriver.derive(join(dir, 'missing.ndjson'), join(dir, 'missing.rows')), /deriving rows of .*missing\.ndjson failed: ENOENT/);
  await deriver.derive(join(dir, 'good.ndjson'), join(dir, 'good.rows'));
  assert.equal(await readFile(join(dir, 'good.rows'), 'utf8'), toRow(event!) + '\n');
  // A damaged line passes through unchanged, for the loader to set aside; its neighbours are derived.
  const damaged = '["only", "part of a record"]';
  await writeFile(join(dir, 'mixed.ndjson'), [damaged, recordLine(event!.id, record)].join('\n') + '\n');
  await deriver.derive(join(dir, 'mixed.ndjson'), join(dir, 'mixed.rows'));
  assert.equal(await readFile(join(dir, 'mixed.rows'), 'utf8'), `${damaged}\n${toRow(event!)}\n`);
});

test('the store logs records, derives their rows on load, and recovers a crashed segment of records exactly once', async (t) => {
  const dir = await tempDir(t);
  const records: RawRecord[] = ['alice', 'bob', 'carol'].map((user, i) => ({
    text: `<38>Nov 21 10:00:0${i} host-1 sshd[7]: Failed password for ${user} from 203.0.113.${i + 1} port 22 ssh2`,
    received: Date.UTC(2026, 10, 21, 10, 0, 5), tenant: 'default', origin: { source: 'syslog-tcp' },
  }));
  const events = normalizer().normalize(records);
  // A crash left a segment of two whole record lines and a torn third one.
  const torn = recordLine(events[2]!.id, records[2]!);
  await mkdir(join(dir, 'wal'), { recursive: true });
  await writeFile(join(dir, 'wal', segmentFileName(3)), `${recordLine(events[0]!.id, records[0]!)}\n${recordLine(events[1]!.id, records[1]!)}\n${torn.slice(0, 40)}`);

  let store = await openEventStore({ dir, logger: silentLogger, deriveRows });
  await store.flush();
  assert.deepEqual((await store.read(`SELECT "user.name" AS u FROM ${await store.relation()} ORDER BY u`)).map((r) => r.u), ['alice', 'bob']);
  // Appended with its record, the event is logged as the record line and stored as its full row.
  await store.append([events[2]!], [records[2]!]);
  const [walFile] = await readdir(join(dir, 'wal'));
  assert.equal(await readFile(join(dir, 'wal', walFile!), 'utf8'), `${torn}\n`);
  await store.close();
  store = await openEventStore({ dir, logger: silentLogger, deriveRows });
  t.after(() => store.close());
  await store.flush();
  const stored = await store.read(`SELECT id, "user.name" AS u, "source.ip" AS ip, "event.outcome" AS outcome FROM ${await store.relation()} ORDER BY u`);
  assert.deepEqual(stored, events.map((e) => ({ id: e.id, u: e.fields['user.name'], ip: e.fields['source.ip'], outcome: 'failure' })));
});

test('a damaged record line is set aside in quarantine and the records around it are stored', async (t) => {
  const dir = await tempDir(t);
  const records: RawRecord[] = ['alice', 'bob'].map((user, i) => ({
    text: `<38>Nov 21 10:00:0${i} host-1 sshd[7]: Failed password for ${user} from 203.0.113.${i + 1} port 22 ssh2`,
    received: Date.UTC(2026, 10, 21, 10, 0, 5), tenant: 'default', origin: { source: 'syslog-tcp' },
  }));
  const events = normalizer().normalize(records);
  // What a disk fault could leave in the middle of a segment.
  const damaged = '["0mwrqlgf1066rjew000009", 1795345898770, "default"';
  await mkdir(join(dir, 'wal'), { recursive: true });
  await writeFile(join(dir, 'wal', segmentFileName(5)), [recordLine(events[0]!.id, records[0]!), damaged, recordLine(events[1]!.id, records[1]!)].join('\n') + '\n');
  const store = await openEventStore({ dir, logger: silentLogger, deriveRows, isolateAfterFailures: 1 });
  t.after(() => store.close());
  await store.flush();
  assert.deepEqual((await store.read(`SELECT "user.name" AS u FROM ${await store.relation()} ORDER BY u`)).map((r) => r.u), ['alice', 'bob']);
  const kept = JSON.parse((await readFile(join(dir, 'quarantine', 'segment-5.ndjson'), 'utf8')).trim()) as { line: string };
  assert.equal(kept.line, damaged);
  assert.deepEqual(await readdir(join(dir, 'wal')), []);
});
