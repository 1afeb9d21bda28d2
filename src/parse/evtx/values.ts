// Typed values of EVTX substitutions, decoded and formatted as Windows renders them in event XML.

import type { EvtxValue } from './types.js';

/** Value types of binary XML substitutions (libyal EVTX document, "Value types"). */
export const VT = {
  null: 0x00,
  string: 0x01,
  ansiString: 0x02,
  int8: 0x03,
  uint8: 0x04,
  int16: 0x05,
  uint16: 0x06,
  int32: 0x07,
  uint32: 0x08,
  int64: 0x09,
  uint64: 0x0a,
  real32: 0x0b,
  real64: 0x0c,
  bool: 0x0d,
  binary: 0x0e,
  guid: 0x0f,
  sizeT: 0x10,
  filetime: 0x11,
  systemtime: 0x12,
  sid: 0x13,
  hex32: 0x14,
  hex64: 0x15,
  evtHandle: 0x20,
  binXml: 0x21,
  evtXml: 0x23,
  /** Flag on a value type: an array of that type. */
  array: 0x80,
} as const;

const TWO_32 = 4294967296;
/** Seconds from 1601-01-01 (FILETIME epoch) to 1970-01-01. */
const FILETIME_EPOCH_SECONDS = 11644473600;
/** 2^32 = 429 * 10^7 + 4967296: splits a FILETIME into seconds and ticks without losing bits. */
const TWO_32_TICKS_REM = 4967296;

/** Byte width of fixed-size types, for arrays and size checks. */
const WIDTH: Record<number, number> = {
  [VT.int8]: 1, [VT.uint8]: 1, [VT.int16]: 2, [VT.uint16]: 2, [VT.int32]: 4, [VT.uint32]: 4,
  [VT.int64]: 8, [VT.uint64]: 8, [VT.real32]: 4, [VT.real64]: 8, [VT.bool]: 4, [VT.guid]: 16,
  [VT.filetime]: 8, [VT.systemtime]: 16, [VT.hex32]: 4, [VT.hex64]: 8,
};

function pad(n: number, width: number): string {
  const text = String(n);
  return text.length >= width ? text : '0000000'.slice(0, width - text.length) + text;
}

/** FILETIME (two 32-bit halves) as seconds since the Unix epoch and the 100 ns remainder. */
function splitFiletime(lo: number, hi: number): { seconds: number; ticks: number } {
  // Exact for every FILETIME up to year 9999: the intermediate products stay below 2^53.
  const ticks = ((hi % 1e7) * TWO_32_TICKS_REM % 1e7 + lo % 1e7) % 1e7;
  const seconds = hi * 429 + Math.floor((hi * TWO_32_TICKS_REM + lo) / 1e7) - FILETIME_EPOCH_SECONDS;
  return { seconds, ticks };
}

/** FILETIME as epoch milliseconds. */
export function filetimeToMs(lo: number, hi: number): number {
  const { seconds, ticks } = splitFiletime(lo, hi);
  return seconds * 1000 + Math.floor(ticks / 1e4);
}

/** The "YYYY-MM-DDTHH:MM:SS" of the last second formatted: records come in bursts within a second. */
let lastSecond = NaN;
let lastSecondText = '';

/** FILETIME as ISO 8601 UTC with the full 100 ns precision: 2021-06-03T19:39:52.8931155Z. */
export function formatFiletime(lo: number, hi: number): string {
  const { seconds, ticks } = splitFiletime(lo, hi);
  if (seconds !== lastSecond) {
    lastSecond = seconds;
    lastSecondText = new Date(seconds * 1000).toISOString().slice(0, 19);
  }
  return `${lastSecondText}.${pad(ticks, 7)}Z`;
}

function formatSystemtime(b: Buffer, p: number): string {
  return `${pad(b.readUInt16LE(p), 4)}-${pad(b.readUInt16LE(p + 2), 2)}-${pad(b.readUInt16LE(p + 6), 2)}T${pad(b.readUInt16LE(p + 8), 2)}:` +
    `${pad(b.readUInt16LE(p + 10), 2)}:${pad(b.readUInt16LE(p + 12), 2)}.${pad(b.readUInt16LE(p + 14), 3)}Z`;
}

const HEX_BYTE: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase());

/** {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}: the first three groups are little-endian. */
function formatGuid(b: Buffer, p: number): string {
  const h = HEX_BYTE;
  return `{${h[b[p + 3]]}${h[b[p + 2]]}${h[b[p + 1]]}${h[b[p]]}-${h[b[p + 5]]}${h[b[p + 4]]}-${h[b[p + 7]]}${h[b[p + 6]]}-` +
    `${h[b[p + 8]]}${h[b[p + 9]]}-${h[b[p + 10]]}${h[b[p + 11]]}${h[b[p + 12]]}${h[b[p + 13]]}${h[b[p + 14]]}${h[b[p + 15]]}}`;
}

/** Bytes a SID at p takes, or 0 when it does not fit in `size`. */
function sidLength(b: Buffer, p: number, size: number): number {
  if (size < 8) return 0;
  const length = 8 + 4 * b[p + 1];
  return length <= size ? length : 0;
}

/** S-1-5-21-…: authority is 48-bit big-endian, sub-authorities 32-bit little-endian. */
function formatSid(b: Buffer, p: number, length: number): string {
  const authorityHigh = (b[p + 2] << 8) | b[p + 3];
  const authorityLow = b.readUInt32BE(p + 4);
  const authority = authorityHigh === 0
    ? String(authorityLow)
    : `0x${authorityHigh.toString(16).padStart(4, '0')}${authorityLow.toString(16).padStart(8, '0')}`;
  let text = `S-${b[p]}-${authority}`;
  for (let q = p + 8; q < p + length; q += 4) text += `-${b.readUInt32LE(q)}`;
  return text;
}

function hex64(lo: number, hi: number): string {
  return hi === 0 ? `0x${lo.toString(16)}` : `0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')}`;
}

function int64(b: Buffer, p: number, signed: boolean): number | string {
  const lo = b.readUInt32LE(p);
  const hi = signed ? b.readInt32LE(p + 4) : b.readUInt32LE(p + 4);
  // Exact as a double while |hi| < 2^21; beyond that the decimal text keeps every digit.
  if (hi < 0x200000 && hi >= -0x200000) return hi * TWO_32 + lo;
  return (signed ? b.readBigInt64LE(p) : b.readBigUInt64LE(p)).toString();
}

/** Upper-case hex of a byte range, the way Windows shows binary data. */
export function formatBinary(b: Buffer, p: number, size: number): string {
  return b.toString('hex', p, p + size).toUpperCase();
}

function utf16(b: Buffer, p: number, size: number): string {
  let end = p + (size & ~1);
  // Counted strings often carry their terminating NUL; Windows does not show it.
  while (end > p && b[end - 1] === 0 && b[end - 2] === 0) end -= 2;
  return b.toString('utf16le', p, end);
}

function ansi(b: Buffer, p: number, size: number): string {
  let end = p + size;
  while (end > p && b[end - 1] === 0) end--;
  return b.toString('latin1', p, end);
}

/** One fixed-size value of `type` at p (the caller has checked that WIDTH[type] bytes are there). */
function fixed(b: Buffer, p: number, type: number): EvtxValue {
  switch (type) {
    case VT.int8: return b.readInt8(p);
    case VT.uint8: return b[p];
    case VT.int16: return b.readInt16LE(p);
    case VT.uint16: return b.readUInt16LE(p);
    case VT.int32: return b.readInt32LE(p);
    case VT.uint32: return b.readUInt32LE(p);
    case VT.int64: return int64(b, p, true);
    case VT.uint64: return int64(b, p, false);
    case VT.real32: return b.readFloatLE(p);
    case VT.real64: return b.readDoubleLE(p);
    case VT.bool: return b.readUInt32LE(p) !== 0;
    case VT.guid: return formatGuid(b, p);
    case VT.filetime: return formatFiletime(b.readUInt32LE(p), b.readUInt32LE(p + 4));
    case VT.systemtime: return formatSystemtime(b, p);
    case VT.hex32: return `0x${b.readUInt32LE(p).toString(16)}`;
    case VT.hex64: return hex64(b.readUInt32LE(p), b.readUInt32LE(p + 4));
    default: return null;
  }
}

/**
 * Decodes `size` bytes at p as a value of `type`. Never throws: a size that does not fit the
 * type gives the bytes as hex, as does a type this reader does not know. Binary XML (0x21) is
 * not handled here but by the binary XML reader, which can parse it.
 */
export function decodeValue(b: Buffer, p: number, size: number, type: number): EvtxValue {
  if (type & VT.array) return decodeArray(b, p, size, type & ~VT.array);
  switch (type) {
    case VT.null: return null;
    case VT.string: return utf16(b, p, size);
    case VT.ansiString: return ansi(b, p, size);
    case VT.binary: return formatBinary(b, p, size);
    case VT.sid: {
      const length = sidLength(b, p, size);
      return length ? formatSid(b, p, length) : formatBinary(b, p, size);
    }
    case VT.sizeT:
      if (size === 4) return `0x${b.readUInt32LE(p).toString(16)}`;
      if (size === 8) return hex64(b.readUInt32LE(p), b.readUInt32LE(p + 4));
      return formatBinary(b, p, size);
    case VT.evtHandle:
      if (size === 4) return b.readUInt32LE(p);
      if (size === 8) return int64(b, p, false);
      return formatBinary(b, p, size);
    case VT.bool:
      // Booleans are 32-bit, but a one-byte one is readable too.
      if (size >= 1 && size < 4) return b[p] !== 0;
      break;
  }
  const width = WIDTH[type];
  if (width !== undefined && size >= width) return fixed(b, p, type);
  return formatBinary(b, p, size);
}

function decodeArray(b: Buffer, p: number, size: number, type: number): EvtxValue {
  const items: EvtxValue[] = [];
  if (type === VT.string || type === VT.ansiString) {
    const text = type === VT.string ? b.toString('utf16le', p, p + (size & ~1)) : b.toString('latin1', p, p + size);
    const parts = text.split('\0');
    // Every item ends with a NUL, so the split leaves one empty string after the last.
    if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    return parts;
  }
  if (type === VT.sid) {
    let q = p;
    while (q < p + size) {
      const length = sidLength(b, q, p + size - q);
      if (!length) break;
      items.push(formatSid(b, q, length));
      q += length;
    }
    return items;
  }
  // Size-typed arrays hold pointers of the writer's width; 8 when the size allows it.
  const itemType = type === VT.sizeT ? (size % 8 === 0 ? VT.hex64 : VT.hex32) : type;
  const width = WIDTH[itemType];
  if (width === undefined) return formatBinary(b, p, size);
  for (let q = p; q + width <= p + size; q += width) items.push(fixed(b, q, itemType));
  return items;
}

/** A value as XML text shows it: arrays comma-separated, null empty. */
export function valueText(value: EvtxValue): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.map(valueText).join(',');
  return String(value);
}
