// Test support: writes small EVTX files byte by byte (file header, chunks with valid checksums,
// records, binary XML with names, templates and substitutions), so tests can state exactly what
// a file holds and what the reader must make of it.

import { crc32 } from '../crc32.js';

/** Content of a template or raw element: text, references, substitutions and child elements. */
export type XmlPart =
  | { text: string }
  | { charRef: number }
  | { entity: string }
  | { cdata: string }
  | { pi: string; data: string }
  | { sub: number; type: number; optional?: boolean }
  | XmlElementSpec;

export interface XmlElementSpec {
  name: string;
  attributes?: [string, XmlPart[]][];
  children?: XmlPart[];
}

/** A substitution value: its type and raw bytes, or a writer of nested binary XML (see nestedXml). */
export interface ValueSpec {
  type: number;
  bytes: Buffer | NestedXml;
}

/** Writes nested binary XML at chunk offset `base`; its length does not depend on `base`. */
export type NestedXml = (base: number, state: ChunkState) => Buffer;

export type RecordSpec =
  | { id: number; written?: bigint; template: XmlElementSpec; values: ValueSpec[]; templateId?: string }
  | { id: number; written?: bigint; raw: XmlElementSpec }
  | { id: number; written?: bigint; bytes: Buffer };

const CHUNK = 65536;

/** Growable little-endian byte writer that knows its offset in the chunk. */
class Writer {
  private parts: number[] = [];
  constructor(readonly base: number) {}
  get offset(): number {
    return this.base + this.parts.length;
  }
  u8(v: number): void {
    this.parts.push(v & 0xff);
  }
  u16(v: number): void {
    this.u8(v);
    this.u8(v >> 8);
  }
  u32(v: number): void {
    this.u16(v & 0xffff);
    this.u16(v >>> 16);
  }
  bytes(b: Uint8Array | number[]): void {
    for (const x of b) this.parts.push(x);
  }
  patch32(offset: number, v: number): void {
    const i = offset - this.base;
    for (let k = 0; k < 4; k++) this.parts[i + k] = (v >>> (8 * k)) & 0xff;
  }
  buffer(): Buffer {
    return Buffer.from(this.parts);
  }
}

/** UTF-16LE bytes of a string. */
export function utf16(text: string): Buffer {
  return Buffer.from(text, 'utf16le');
}

/** Value helpers for the common types. */
export const v = {
  string: (text: string): ValueSpec => ({ type: 0x01, bytes: utf16(text) }),
  uint8: (n: number): ValueSpec => ({ type: 0x04, bytes: Buffer.from([n]) }),
  uint16: (n: number): ValueSpec => ({ type: 0x06, bytes: Buffer.from(new Uint16Array([n]).buffer) }),
  uint32: (n: number): ValueSpec => ({ type: 0x08, bytes: Buffer.from(new Uint32Array([n]).buffer) }),
  uint64: (n: bigint): ValueSpec => ({ type: 0x0a, bytes: Buffer.from(new BigUint64Array([n]).buffer) }),
  hex64: (n: bigint): ValueSpec => ({ type: 0x15, bytes: Buffer.from(new BigUint64Array([n]).buffer) }),
  filetime: (n: bigint): ValueSpec => ({ type: 0x11, bytes: Buffer.from(new BigUint64Array([n]).buffer) }),
  null: (): ValueSpec => ({ type: 0x00, bytes: Buffer.alloc(0) }),
  raw: (type: number, bytes: number[] | Buffer): ValueSpec => ({ type, bytes: Buffer.from(bytes) }),
};

/** A chunk's writer state: names and templates already written, by name / template key. */
export interface ChunkState {
  names: Map<string, number>;
  templates: Map<string, number>;
}

function writeName(w: Writer, state: ChunkState, name: string): void {
  const known = state.names.get(name);
  if (known !== undefined) {
    w.u32(known);
    return;
  }
  const at = w.offset + 4;
  state.names.set(name, at);
  w.u32(at);
  w.u32(0); // next name in the hash bucket: unused by readers
  w.u16(0); // hash: unchecked by readers
  w.u16(name.length);
  w.bytes(utf16(name));
  w.u16(0);
}

function writeParts(w: Writer, state: ChunkState, parts: XmlPart[], template: boolean): void {
  parts.forEach((part, i) => {
    const more = i < parts.length - 1 ? 0x40 : 0;
    if ('name' in part) writeElement(w, state, part, template);
    else if ('text' in part) {
      w.u8(0x05 | more);
      w.u8(0x01);
      w.u16(part.text.length);
      w.bytes(utf16(part.text));
    } else if ('charRef' in part) {
      w.u8(0x08 | more);
      w.u16(part.charRef);
    } else if ('entity' in part) {
      w.u8(0x09 | more);
      writeName(w, state, part.entity);
    } else if ('cdata' in part) {
      w.u8(0x07 | more);
      w.u16(part.cdata.length);
      w.bytes(utf16(part.cdata));
    } else if ('pi' in part) {
      w.u8(0x0a);
      writeName(w, state, part.pi);
      w.u8(0x0b);
      w.u16(part.data.length);
      w.bytes(utf16(part.data));
    } else {
      w.u8(part.optional ? 0x0e : 0x0d);
      w.u16(part.sub);
      w.u8(part.type);
    }
  });
}

/** An element start; `template` elements carry the dependency id, as Windows writes them. */
export function writeElement(w: Writer, state: ChunkState, spec: XmlElementSpec, template: boolean): void {
  const attributes = spec.attributes ?? [];
  w.u8(attributes.length ? 0x41 : 0x01);
  if (template) w.u16(0xffff);
  const sizeAt = w.offset;
  w.u32(0);
  writeName(w, state, spec.name);
  if (attributes.length) {
    const listAt = w.offset;
    w.u32(0);
    attributes.forEach(([name, value], i) => {
      w.u8(i < attributes.length - 1 ? 0x46 : 0x06);
      writeName(w, state, name);
      writeParts(w, state, value, template);
    });
    w.patch32(listAt, w.offset - listAt - 4);
  }
  if (spec.children?.length) {
    w.u8(0x02);
    writeParts(w, state, spec.children, template);
    w.u8(0x04);
  } else w.u8(0x03);
  w.patch32(sizeAt, w.offset - sizeAt - 4);
}

function writeTemplateInstance(w: Writer, state: ChunkState, spec: Extract<RecordSpec, { template: XmlElementSpec }>): void {
  const key = spec.templateId ?? JSON.stringify(spec.template);
  w.u8(0x0c);
  w.u8(0x01);
  w.u32(0x1234);
  const known = state.templates.get(key);
  if (known !== undefined) w.u32(known);
  else {
    const at = w.offset + 4;
    state.templates.set(key, at);
    w.u32(at);
    w.u32(0); // next template
    w.bytes(Buffer.alloc(16, 0xab)); // GUID
    const sizeAt = w.offset;
    w.u32(0);
    w.bytes([0x0f, 0x01, 0x01, 0x00]);
    writeElement(w, state, spec.template, true);
    w.u8(0x00);
    w.patch32(sizeAt, w.offset - sizeAt - 4);
  }
  w.u32(spec.values.length);
  // Nested XML needs its own offset in the chunk: the data follows the descriptors.
  let base = w.offset + 4 * spec.values.length;
  const data = spec.values.map((value) => {
    const bytes = typeof value.bytes === 'function' ? value.bytes(base, state) : value.bytes;
    base += bytes.length;
    return bytes;
  });
  spec.values.forEach((value, i) => {
    w.u16(data[i].length);
    w.u8(value.type);
    w.u8(0);
  });
  for (const bytes of data) w.bytes(bytes);
}

/** Binary XML of a nested fragment (a 0x21 value): a template instance or a bare element. */
export function nestedXml(spec: XmlElementSpec, values?: ValueSpec[]): NestedXml {
  return (base, state) => {
    const w = new Writer(base);
    w.bytes([0x0f, 0x01, 0x01, 0x00]);
    if (values) writeTemplateInstance(w, state, { id: 0, template: spec, values, templateId: `nested:${JSON.stringify(spec)}` });
    else writeElement(w, state, spec, false);
    w.u8(0x00);
    return w.buffer();
  };
}

export interface ChunkOptions {
  /** Free-space offset to write instead of the real one. */
  freeSpace?: number;
  /** Leave the checksums wrong. */
  badHeaderChecksum?: boolean;
  badDataChecksum?: boolean;
  /** Bytes written right after the records, past the free-space offset. */
  slack?: Buffer;
}

/** One 64 KiB chunk holding the records, with header fields and checksums filled in. */
export function buildChunk(records: RecordSpec[], options: ChunkOptions = {}): Buffer {
  const state: ChunkState = { names: new Map(), templates: new Map() };
  const body = new Writer(512);
  let lastRecordOffset = 512;
  for (const record of records) {
    const start = body.offset;
    lastRecordOffset = start;
    body.u32(0x00002a2a);
    const sizeAt = body.offset;
    body.u32(0);
    body.u32(record.id);
    body.u32(0);
    const written = record.written ?? 132000000000000000n;
    body.u32(Number(written & 0xffffffffn));
    body.u32(Number(written >> 32n));
    if ('bytes' in record) body.bytes(record.bytes);
    else {
      body.bytes([0x0f, 0x01, 0x01, 0x00]);
      if ('raw' in record) writeElement(body, state, record.raw, false);
      else writeTemplateInstance(body, state, record);
      body.u8(0x00);
    }
    while ((body.offset - start + 4) % 8) body.u8(0);
    const size = body.offset - start + 4;
    body.u32(size);
    body.patch32(sizeAt, size);
  }
  const records_ = body.buffer();
  const chunk = Buffer.alloc(CHUNK);
  chunk.write('ElfChnk\0', 0, 'latin1');
  const first = records[0]?.id ?? 1;
  const last = records[records.length - 1]?.id ?? 0;
  chunk.writeBigUInt64LE(BigInt(first), 8);
  chunk.writeBigUInt64LE(BigInt(last), 16);
  chunk.writeBigUInt64LE(BigInt(first), 24);
  chunk.writeBigUInt64LE(BigInt(last), 32);
  chunk.writeUInt32LE(128, 40);
  chunk.writeUInt32LE(lastRecordOffset, 44);
  const freeSpace = 512 + records_.length;
  chunk.writeUInt32LE(options.freeSpace ?? freeSpace, 48);
  records_.copy(chunk, 512);
  options.slack?.copy(chunk, freeSpace);
  const dataCrc = crc32(chunk.subarray(512, options.freeSpace ?? freeSpace));
  chunk.writeUInt32LE(options.badDataChecksum ? dataCrc ^ 1 : dataCrc, 52);
  const headerCrc = crc32(chunk.subarray(128, 512), crc32(chunk.subarray(0, 120)));
  chunk.writeUInt32LE(options.badHeaderChecksum ? headerCrc ^ 1 : headerCrc, 124);
  return chunk;
}

export interface FileOptions {
  /** Chunk count to write in the header instead of the real one. */
  chunkCount?: number;
  dirty?: boolean;
  badChecksum?: boolean;
}

/** A whole file: the 4 KiB header block, then the chunks. */
export function buildFile(chunks: Buffer[], options: FileOptions = {}): Buffer {
  const header = Buffer.alloc(4096);
  header.write('ElfFile\0', 0, 'latin1');
  header.writeBigUInt64LE(BigInt(Math.max(0, chunks.length - 1)), 16);
  header.writeUInt32LE(128, 32);
  header.writeUInt16LE(1, 36);
  header.writeUInt16LE(3, 38);
  header.writeUInt16LE(4096, 40);
  header.writeUInt16LE(options.chunkCount ?? chunks.length, 42);
  header.writeUInt32LE(options.dirty ? 1 : 0, 120);
  const crc = crc32(header.subarray(0, 120));
  header.writeUInt32LE(options.badChecksum ? crc ^ 1 : crc, 124);
  return Buffer.concat([header, ...chunks]);
}
