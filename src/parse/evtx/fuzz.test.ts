// Fuzzes the EVTX reader with seeded mutations of corpus files (bit flips, truncation, byte
// runs, block and chunk swaps, splices): it must never throw, must finish, and every record it
// returns must convert to an event, XML and JSON.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evtxRecordToEvent, evtxToJson, evtxToXml, parseEvtx } from './index.js';
import { corpusEvtxFiles } from './test-support/corpus.js';
import { prng } from '../../test-support/prng.js';

const ROUNDS = 300;
const SEED = 20260805;


type Mutation = (buf: Buffer, at: () => number, rand: () => number) => Buffer;

/** Where the interesting bytes are: headers and records, not the zeros after them. */
function usedEnd(buf: Buffer): number {
  let end = Math.min(buf.length, 4096 + 512);
  for (let offset = 4096; offset + 512 <= buf.length; offset += 65536) {
    const free = buf.readUInt32LE(offset + 48);
    end = Math.max(end, offset + Math.min(free, 65536));
  }
  return Math.min(end, buf.length);
}

const MUTATIONS: Record<string, Mutation> = {
  'bit flips': (buf, at, rand) => {
    const out = Buffer.from(buf);
    const flips = 1 + Math.floor(rand() * 64);
    for (let i = 0; i < flips; i++) {
      const p = at();
      out[p] ^= 1 << Math.floor(rand() * 8);
    }
    return out;
  },
  truncation: (buf, at) => buf.subarray(0, at()),
  'byte run': (buf, at, rand) => {
    const out = Buffer.from(buf);
    const start = at();
    const values = [0x00, 0xff, 0x41, 0x0c, 0x0f, Math.floor(rand() * 256)];
    out.fill(values[Math.floor(rand() * values.length)], start, Math.min(out.length, start + 1 + Math.floor(rand() * 256)));
    return out;
  },
  'block swap': (buf, at, rand) => {
    const out = Buffer.from(buf);
    const size = 8 + Math.floor(rand() * 512);
    const a = at();
    const b = at();
    if (a + size > out.length || b + size > out.length) return out;
    const first = Buffer.from(out.subarray(a, a + size));
    out.copy(out, a, b, b + size);
    first.copy(out, b);
    return out;
  },
  'chunk swap': (buf, _at, rand) => {
    const chunks = Math.floor((buf.length - 4096) / 65536);
    if (chunks < 2) return buf;
    const a = Math.floor(rand() * chunks);
    const b = Math.floor(rand() * chunks);
    const out = Buffer.from(buf);
    buf.copy(out, 4096 + a * 65536, 4096 + b * 65536, 4096 + (b + 1) * 65536);
    buf.copy(out, 4096 + b * 65536, 4096 + a * 65536, 4096 + (a + 1) * 65536);
    return out;
  },
  splice: (buf, at, rand) => {
    const out = Buffer.from(buf);
    const from = at();
    const to = at();
    const size = Math.min(1 + Math.floor(rand() * 2048), out.length - Math.max(from, to));
    if (size > 0) buf.copy(out, to, from, from + size);
    return out;
  },
};

test(`EVTX reader survives ${ROUNDS} rounds of mutated corpus files`, { timeout: 60_000 }, (t) => {
  const files = corpusEvtxFiles();
  if (files.length === 0) {
    t.skip('corpus not found');
    return;
  }
  const rand = prng(SEED);
  const names = Object.keys(MUTATIONS);
  const cache = new Map<string, Buffer>();
  let records = 0;
  let problems = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const file = files[Math.floor(rand() * files.length)];
    let buf = cache.get(file.path) ?? readFileSync(file.path);
    cache.set(file.path, buf);
    const applied: string[] = [];
    for (let m = 1 + Math.floor(rand() * 3); m > 0; m--) {
      const name = names[Math.floor(rand() * names.length)];
      const end = usedEnd(buf);
      // Mostly where the data is; sometimes anywhere.
      const at = () => Math.floor(rand() * (rand() < 0.9 ? end : buf.length));
      buf = MUTATIONS[name](buf, at, rand);
      applied.push(name);
    }
    const where = `round ${round}: ${file.name} (${applied.join(', ')})`;
    let items = 0;
    try {
      for (const item of parseEvtx(buf)) {
        items++;
        if (item.kind === 'problem') {
          problems++;
          assert.ok(item.offset >= 0 && item.offset <= buf.length + 65536, `${where}: problem offset ${item.offset}`);
          continue;
        }
        records++;
        assert.ok(item.offset >= 4096 && item.offset < buf.length, `${where}: record offset ${item.offset}`);
        const event = evtxRecordToEvent(item, 0);
        assert.equal(typeof event.fields['event.original'], 'string', where);
        evtxToXml(item.event);
        JSON.stringify(evtxToJson(item.event));
      }
    } catch (error) {
      assert.fail(`${where}: threw ${error instanceof Error ? error.stack : String(error)}`);
    }
    // Every item is a record or a problem anchored at distinct bytes: far fewer than the bytes.
    assert.ok(items <= buf.length / 8 + 16, `${where}: ${items} items from ${buf.length} bytes`);
  }
  assert.ok(records > 0 && problems > 0, `${records} records, ${problems} problems`);
});
