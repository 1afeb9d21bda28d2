import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evtxParser, evtxToRawRecords, parseEvtx, readEvtxFile, type EvtxItem, type EvtxProblem, type EvtxRecord } from './index.js';
import { buildChunk, buildFile, v, type RecordSpec, type XmlElementSpec } from './test-support/evtx-builder.js';
import { VT } from './values.js';

const TEMPLATE: XmlElementSpec = {
  name: 'Event',
  children: [
    { name: 'System', children: [{ name: 'EventID', children: [{ sub: 0, type: VT.uint16 }] }, { name: 'Channel', children: [{ sub: 1, type: VT.string }] }, { name: 'Computer', children: [{ sub: 2, type: VT.string }] }] },
    { name: 'EventData', children: [{ name: 'Data', attributes: [['Name', [{ text: 'N' }]]], children: [{ sub: 3, type: VT.uint32 }] }] },
  ],
};

function rec(id: number): RecordSpec {
  return { id, template: TEMPLATE, values: [v.uint16(4624), v.string('Security'), v.string('dc1'), v.uint32(id)] };
}

function ids(items: EvtxItem[]): number[] {
  return items.filter((i): i is EvtxRecord => i.kind === 'record').map((r) => r.recordId);
}

function codes(items: EvtxItem[]): string[] {
  return items.filter((i): i is EvtxProblem => i.kind === 'problem').map((p) => p.code);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Offset in the file of record `index` (0-based) of chunk `chunk`. */
function recordOffset(file: Buffer, chunk: number, index: number): number {
  let pos = 4096 + chunk * 65536 + 512;
  for (let i = 0; i < index; i++) pos += file.readUInt32LE(pos + 4);
  return pos;
}

describe('EVTX files, sound and damaged', () => {
  const sound = buildFile([buildChunk(range(1, 30).map(rec)), buildChunk(range(31, 40).map(rec))]);

  test('a sound file: every record, in order, no problem', () => {
    const items = [...parseEvtx(sound)];
    assert.deepEqual(ids(items), range(1, 40));
    assert.deepEqual(codes(items), []);
    const second = items.find((i): i is EvtxRecord => i.kind === 'record' && i.recordId === 31)!;
    assert.equal(second.chunk, 1);
    assert.equal(second.offset, 4096 + 65536 + 512);
  });

  /** [what, damage, records expected, problem codes expected] */
  const CASES: [string, (file: Buffer) => Buffer, number[], string[]][] = [
    ['truncated inside a record of the second chunk', (f) => f.subarray(0, recordOffset(f, 1, 4) + 30), range(1, 34), ['truncated', 'truncated']],
    ['truncated inside the first chunk\'s header', (f) => f.subarray(0, 4096 + 300), [], ['truncated']],
    ['cut right after the file header', (f) => f.subarray(0, 4096), [], []],
    ['file header checksum wrong', (f) => { const c = Buffer.from(f); c[124] ^= 0xff; return c; }, range(1, 40), ['file_checksum']],
    ['no file header at all', (f) => { const c = Buffer.from(f); c.fill(0x41, 0, 4096); return c; }, range(1, 40), ['file_header']],
    ['chunk header checksum wrong', (f) => { const c = Buffer.from(f); c[4096 + 124] ^= 1; return c; }, range(1, 40), ['chunk_checksum']],
    ['record data changed under its checksum', (f) => { const c = Buffer.from(f); c[recordOffset(c, 0, 2) + 16] ^= 1; return c; }, range(1, 40), ['chunk_data_checksum']],
    ['chunk header wiped but for its signature: records read by their id sequence', (f) => { const c = Buffer.from(f); c.fill(0, 4096 + 8, 4096 + 512); return c; },
      range(1, 40), ['chunk_checksum', 'chunk_header_stale']],
    ['chunk signature damaged, records intact', (f) => { const c = Buffer.from(f); c[4096] = 0; return c; }, range(1, 40), ['chunk_header', 'chunk_checksum']],
    ['a record\'s header smashed: skipped, the rest recovered', (f) => { const c = Buffer.from(f); c.fill(0x55, recordOffset(c, 0, 5), recordOffset(c, 0, 5) + 8); return c; },
      [...range(1, 5), ...range(7, 40)], ['chunk_data_checksum', 'record_header']],
    ['a record\'s binary XML smashed: that record lost, reported', (f) => { const c = Buffer.from(f); c.fill(0xff, recordOffset(c, 0, 0) + 24, recordOffset(c, 0, 0) + 40); return c; },
      range(2, 40), ['chunk_data_checksum', 'record_binxml']],
  ];

  for (const [what, damage, expectedIds, expectedCodes] of CASES) {
    test(what, () => {
      const items = [...parseEvtx(damage(sound))];
      assert.deepEqual(ids(items), expectedIds);
      assert.deepEqual(codes(items), expectedCodes);
    });
  }

  test('the header of a file left dirty counts fewer chunks than it holds: all are read', () => {
    const dirty = buildFile([buildChunk(range(1, 30).map(rec)), buildChunk(range(31, 40).map(rec))], { chunkCount: 1, dirty: true });
    const items = [...parseEvtx(dirty)];
    assert.deepEqual(ids(items), range(1, 40));
    assert.deepEqual(codes(items), ['file_header_stale']);
  });

  test('records written after the chunk header was last saved are read; slack from earlier use is not', () => {
    const full = buildChunk(range(1, 5).map(rec));
    let afterThird = 512;
    for (let i = 0; i < 3; i++) afterThird += full.readUInt32LE(afterThird + 4);
    const old = buildChunk([rec(900), rec(901)]);
    // The header vouches for records 1–3; 4 and 5 follow on; then old slack with ids 900, 901.
    const chunk = buildChunk(range(1, 5).map(rec), { freeSpace: afterThird, slack: old.subarray(512, old.readUInt32LE(48)) });
    const items = [...parseEvtx(buildFile([chunk]))];
    assert.deepEqual(ids(items), range(1, 5));
    assert.deepEqual(codes(items), ['chunk_header_stale']);
  });

  test('random bytes and tiny inputs: no throw, problems reported', () => {
    let seed = 7;
    const random = Buffer.from(Array.from({ length: 200_000 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
    for (const input of [Buffer.alloc(0), Buffer.from('ElfFile\0'), random, Buffer.concat([sound.subarray(0, 4096), random])]) {
      const items = [...parseEvtx(input)];
      assert.deepEqual(ids(items), []);
      if (input.length > 4096) assert.ok(codes(items).includes('chunk_header'));
    }
  });

  test('readEvtxFile reads a file on disk one chunk at a time, the same as parseEvtx', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-evtx-'));
    try {
      const path = join(dir, 'damaged.evtx');
      const damaged = CASES[0][1](sound);
      await writeFile(path, damaged);
      const fromDisk: EvtxItem[] = [];
      for await (const item of readEvtxFile(path)) fromDisk.push(item);
      assert.deepEqual(fromDisk, [...parseEvtx(damaged)]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('evtxToRawRecords: batches with file and record id, parsed by evtxParser into events', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-evtx-'));
    try {
      const path = join(dir, 'Security.evtx');
      await writeFile(path, sound);
      const batches = [];
      const problems: EvtxProblem[] = [];
      for await (const batch of evtxToRawRecords(path, { batchSize: 16, tenant: 't1', now: () => 1000, onProblem: (p) => problems.push(p) })) batches.push(batch);
      assert.deepEqual(batches.map((b) => b.length), [16, 16, 8]);
      assert.deepEqual(problems, []);
      const first = batches[0][0];
      assert.deepEqual(first.origin, { source: `file:${path}`, file: path, line: 1 });
      assert.equal(first.tenant, 't1');
      assert.equal(first.format, 'evtx');
      assert.equal(first.text, '<Event><System><EventID>4624</EventID><Channel>Security</Channel><Computer>dc1</Computer></System><EventData><Data Name="N">1</Data></EventData></Event>');
      const event = evtxParser.parse(first)!;
      assert.equal(event.fields['winlog.event_id'], 4624);
      assert.equal(event.fields['winlog.channel'], 'Security');
      assert.equal(event.fields['host.name'], 'dc1');
      assert.equal(event.fields['event.original'], first.text);
      assert.equal(event.timestamp, 1000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

