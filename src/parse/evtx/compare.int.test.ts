// Compares the EVTX reader, file by file over the shared corpus, with two independent parsers run
// fresh by this test: python-evtx's evtx_dump.py and libevtx's evtxexport.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { FieldValue } from '../../event/event.js';
import { evtxRecordToWindowsInput, parseEvtx, type EvtxElement, type EvtxProblem } from './index.js';
import { corpusEvtxFiles, type CorpusFile } from './test-support/corpus.js';
import { EVTXEXPORT, EVTX_DUMP, pool, runEvtxDump, runEvtxexport, type ReferenceEvent, type ReferenceResult } from './test-support/reference-tools.js';

const files = corpusEvtxFiles();
const missing = !EVTX_DUMP || !EVTXEXPORT ? 'evtx_dump.py (python3-evtx) and evtxexport (libevtx-utils) are needed' : false;
const WORKERS = 2;

interface Ours {
  events: ReferenceEvent[];
  problems: EvtxProblem[];
  /** Records the chunk headers announce (last minus first record number, plus one, per chunk). */
  announced: number;
  eventIds: Set<number>;
}

function childElement(element: EvtxElement | undefined, name: string): EvtxElement | undefined {
  for (const child of element?.children ?? []) if (child.type === 'element' && child.name === name) return child;
  return undefined;
}

function fieldText(value: FieldValue): string | string[] {
  if (value === null) return '';
  if (Array.isArray(value)) return value.map((item) => String(fieldText(item)));
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function announcedRecords(buf: Buffer): number {
  let total = 0;
  for (let offset = 4096; offset + 512 <= buf.length; offset += 65536) {
    if (buf.toString('latin1', offset, offset + 8) !== 'ElfChnk\0') continue;
    total += Number(buf.readBigUInt64LE(offset + 16) - buf.readBigUInt64LE(offset + 8)) + 1;
  }
  return total;
}

function readOurs(file: CorpusFile): Ours {
  const buf = readFileSync(file.path);
  const ours: Ours = { events: [], problems: [], announced: announcedRecords(buf), eventIds: new Set() };
  for (const item of parseEvtx(buf)) {
    if (item.kind === 'problem') {
      ours.problems.push(item);
      continue;
    }
    const input = evtxRecordToWindowsInput(item);
    const timeCreated = childElement(childElement(item.event, 'System'), 'TimeCreated');
    const systemTime = timeCreated?.attributes.find((a) => a.name === 'SystemTime')?.value;
    const data: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(input.eventData ?? {})) data[name] = fieldText(value);
    ours.eventIds.add(input.eventId);
    ours.events.push({
      recordId: String(input.recordId),
      eventId: String(input.eventId),
      channel: input.channel,
      provider: input.provider,
      computer: input.computer,
      systemTime: typeof systemTime === 'string' ? systemTime : undefined,
      data,
    });
  }
  return ours;
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
const HEX = /^0x[0-9a-f]+$/i;
const OUR_TIME = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)\.(\d{7})Z$/;

/**
 * Formatting differences allowed between parsers, as data: each turns a value of a kind into a
 * canonical form. Anything else must be equal character for character.
 */
const KNOWN_DIFFERENCES: { name: string; canonical: (value: string) => string | undefined }[] = [
  { name: 'GUID case and braces (python-evtx: lower case)', canonical: (v) => GUID.exec(v)?.[1].toUpperCase() },
  { name: 'hex zero-padding (both pad to the type width)', canonical: (v) => (HEX.test(v) ? `0x${BigInt(v).toString(16)}` : undefined) },
  { name: 'boolean case (python-evtx: True/False)', canonical: (v) => (/^(true|false)$/i.test(v) ? v.toLowerCase() : undefined) },
];

function canonical(value: string): string {
  for (const difference of KNOWN_DIFFERENCES) {
    const c = difference.canonical(value);
    if (c !== undefined) return c;
  }
  return value;
}

/**
 * What python-evtx prints for one of our FILETIMEs: it computes
 * datetime.utcfromtimestamp(float(filetime) * 1e-7 - 11644473600), in doubles (so up to a few
 * µs off), rounds half-even to µs and prints isoformat(' ').
 */
function pythonTime(ours: string): string | undefined {
  const m = OUR_TIME.exec(ours);
  if (!m) return undefined;
  const unix = BigInt(Date.parse(`${m[1]}T${m[2]}Z`) / 1000);
  const t = Number((unix + 11644473600n) * 10000000n + BigInt(m[3])) * 1e-7 - 11644473600;
  let whole = Math.floor(t);
  const scaled = (t - whole) * 1e6;
  let us = Math.round(scaled);
  if (us - scaled === 0.5 && us % 2 === 1) us -= 1;
  if (us >= 1e6) {
    whole += 1;
    us -= 1e6;
  }
  const iso = new Date(whole * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${us ? `.${String(us).padStart(6, '0')}` : ''}`;
}

type Data = Record<string, string | string[]>;

interface Tool {
  name: string;
  /** Our time text as this tool prints the same FILETIME. */
  time(ours: string): string | undefined;
  /** Our binary (hex) value as this tool prints it. */
  binary(hex: string): string;
  /** Our text as this tool would print it. */
  text(ours: string): string;
  /** python-evtx keeps an element whose optional substitution is NULL, empty; Windows and libevtx leave it out. */
  keepsNullElements: boolean;
  /** Both sides' EventData brought to a form where the tool's own quirks no longer show. */
  data(ours: Data, ref: Data): [Data, Data];
}

const PYTHON_ARRAY = /^(?:<string>[\s\S]*?<\/string>\n)+$/;
/** Characters U+0100, U+0200 … U+FF00: python-evtx's array splitting takes them for separators. */
const PYTHON_CUTS = new RegExp(`[${Array.from({ length: 255 }, (_, i) => `\\u${((i + 1) << 8).toString(16).padStart(4, '0')}`).join('')}]`);
/** What python-evtx's XML escaping deletes (Views.py RESTRICTED_CHARS). */
const PYTHON_RESTRICTED = /[\x01-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F]/g;

/**
 * python-evtx prints a string array in one element as <string>a</string>\n<string>b</string>\n
 * where Windows and libevtx repeat the element. Its splitting drops leading empty items and
 * treats any character U+xx00 as a separator. When a record has such an array, both sides are
 * compared as the sequence of their non-empty items with those characters taken out: unnamed
 * Data together (one python element may be several of ours), named Data per name.
 */
function pythonData(ours: Data, ref: Data): [Data, Data] {
  const arrays = Object.values(ref).some((v) => typeof v === 'string' && PYTHON_ARRAY.test(v));
  if (!arrays) return [ours, ref];
  const items = (value: string | string[], python: boolean): string[] => {
    if (Array.isArray(value)) return value;
    return python && PYTHON_ARRAY.test(value) ? [...value.matchAll(/<string>([\s\S]*?)<\/string>\n/g)].map((m) => m[1]) : [value];
  };
  const flatten = (data: Data, python: boolean): Data => {
    const out: Data = {};
    const unnamed: string[] = [];
    const join = (list: string[]) => list.flatMap((item) => item.split(PYTHON_CUTS).filter((piece) => piece !== '')).join('\n');
    for (const [name, value] of Object.entries(data)) {
      if (/^param\d+$/.test(name)) unnamed.push(...items(value, python));
      else out[name] = join(items(value, python));
    }
    if (unnamed.length) out['param*'] = join(unnamed);
    return out;
  };
  return [flatten(ours, false), flatten(ref, true)];
}

const PYTHON: Tool = {
  name: 'evtx_dump.py',
  time: pythonTime,
  binary: (hex) => Buffer.from(hex, 'hex').toString('base64'),
  text: (ours) => ours.replace(PYTHON_RESTRICTED, ''),
  keepsNullElements: true,
  data: pythonData,
};

/** libevtx prints the full 100 ns precision, with nine fraction digits. */
const LIBEVTX: Tool = {
  name: 'evtxexport',
  time: (ours) => (OUR_TIME.test(ours) ? ours.replace(/Z$/, '00Z') : undefined),
  binary: (hex) => hex,
  text: (ours) => ours,
  keepsNullElements: false,
  data: (ours, ref) => [ours, ref],
};

function same(tool: Tool, ours: string | string[] | undefined, ref: string | string[] | undefined): boolean {
  if (Array.isArray(ours) || Array.isArray(ref)) {
    const a = [ours ?? []].flat();
    const b = [ref ?? []].flat();
    return a.length === b.length && a.every((item, i) => same(tool, item, b[i]));
  }
  if (ours === ref) return true;
  if (ours === undefined || ref === undefined) return false;
  const time = tool.time(ours);
  if (time !== undefined) return time === ref;
  if (/^(?:[0-9A-F]{2})+$/.test(ours) && tool.binary(ours) === ref) return true;
  return canonical(tool.text(ours)) === canonical(ref);
}

function compareEvent(tool: Tool, where: string, ours: ReferenceEvent, ref: ReferenceEvent, out: string[]): void {
  for (const key of ['recordId', 'eventId', 'channel', 'provider', 'computer', 'systemTime'] as const) {
    if (!same(tool, ours[key], ref[key])) out.push(`${where} ${key}: ours ${JSON.stringify(ours[key])}, ${tool.name} ${JSON.stringify(ref[key])}`);
  }
  const [ourData, refData] = tool.data(ours.data, ref.data);
  const names = new Set([...Object.keys(ourData), ...Object.keys(refData)]);
  for (const name of names) {
    const a = ourData[name];
    const b = refData[name];
    if (a === undefined && b === '' && tool.keepsNullElements) continue;
    if (!same(tool, a, b)) out.push(`${where} EventData.${name}: ours ${JSON.stringify(a)}, ${tool.name} ${JSON.stringify(b)}`);
  }
}

/** Files and records compared with each tool, for the summary. */
const compared = new Map<string, { files: number; records: number }>();

/** Our records against a tool's, file by file; the list of every difference. */
function mismatches(tool: Tool, results: Map<string, ReferenceResult>, ours: Map<string, Ours>, skip: (file: CorpusFile) => boolean): string[] {
  const out: string[] = [];
  const count = { files: 0, records: 0 };
  for (const file of files) {
    const ref = results.get(file.path);
    const mine = ours.get(file.path)!;
    if (!ref || skip(file)) continue;
    if (mine.events.length !== ref.events.length) out.push(`${file.name}: ${mine.events.length} records, ${tool.name} ${ref.events.length} (${ref.error ?? 'no error'})`);
    const n = Math.min(mine.events.length, ref.events.length);
    for (let i = 0; i < n; i++) compareEvent(tool, `${file.name}#${i}`, mine.events[i], ref.events[i], out);
    count.files++;
    count.records += n;
  }
  compared.set(tool.name, count);
  return out;
}

describe('EVTX reader against evtx_dump.py and evtxexport over the corpus', { skip: files.length === 0 ? 'corpus not found' : missing }, () => {
  const ours = new Map<string, Ours>();
  let python = new Map<string, ReferenceResult>();
  const libevtx = new Map<string, ReferenceResult>();

  before(async () => {
    for (const file of files) ours.set(file.path, readOurs(file));
    const [dump, exported] = await Promise.all([
      runEvtxDump(files.map((f) => f.path), WORKERS),
      pool(files, WORKERS, async (file) => [file.path, await runEvtxexport(file.path)] as const),
    ]);
    python = dump;
    for (const [path, result] of exported) libevtx.set(path, result);
  });

  after(() => {
    const records = [...ours.values()].reduce((n, o) => n + o.events.length, 0);
    const problems = [...ours.values()].reduce((n, o) => n + o.problems.length, 0);
    const against = [...compared].map(([tool, c]) => `${tool}: ${c.files} files, ${c.records} records`).join('; ');
    console.log(`read ${files.length} files, ${records} records, ${problems} problems; compared with ${against}`);
  });

  test('evtx_dump.py fails on exactly the files evtx-index.csv says it fails on', () => {
    const disagree = files.filter((f) => f.pythonError !== '' !== (python.get(f.path)?.error !== undefined)).map((f) => f.name);
    assert.deepEqual(disagree, []);
  });

  test('every record evtx_dump.py reads, we read, with the same fields and values', () => {
    const found = mismatches(PYTHON, python, ours, (file) => file.pythonError !== '');
    assert.deepEqual(found.slice(0, 300), [], `${found.length} differences`);
  });

  test('every record evtxexport reads, we read, with the same fields and values', () => {
    // libevtx stops on the same files python-evtx cannot read (records starting with a bare element).
    const found = mismatches(LIBEVTX, libevtx, ours, (file) => file.pythonError !== '' && libevtx.get(file.path)?.error !== undefined);
    assert.deepEqual(found.slice(0, 30), [], `${found.length} differences`);
  });

  test('files the reference parsers cannot read are read whole, with sound System fields', () => {
    const broken = files.filter((f) => f.pythonError !== '');
    assert.ok(broken.length >= 6, 'the corpus holds the files python-evtx cannot read');
    for (const file of broken) {
      const mine = ours.get(file.path)!;
      assert.deepEqual(mine.problems, [], file.name);
      assert.equal(mine.events.length, mine.announced, `${file.name}: every record the chunk headers announce`);
      for (const event of mine.events) {
        assert.ok(event.provider && event.channel && event.computer && Number(event.eventId) > 0, `${file.name}: ${JSON.stringify(event)}`);
        assert.ok(Number.isFinite(Date.parse(event.systemTime?.slice(0, 23) ?? '')), `${file.name}: TimeCreated ${event.systemTime}`);
      }
      // The files are named after the event ids they hold: ID2003-4950-…, ID70-…
      const named = /^ID([\d-]+?)(?:-\D|[ ,])/.exec(file.path.split('/').pop()!)?.[1].split('-').map(Number) ?? [];
      for (const id of named) assert.ok(mine.eventIds.has(id), `${file.name}: event ${id} found`);
    }
  });
});
