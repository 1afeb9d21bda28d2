// RFC 6587 frame decoder for syslog over a byte stream (TCP, TLS), incremental so a
// frame may arrive split anywhere. The framing is detected per message, as rsyslog and
// syslog-ng do: a frame that starts with a non-zero digit run followed by a space is
// octet-counted (`MSG-LEN SP MSG`); anything else is non-transparent and ends at LF or
// NUL (a CR before the LF is dropped). Empty frames (blank lines, NUL padding) are skipped.
//
// Memory is bounded per connection: at most MAX_RECORD_BYTES of a frame is kept; the rest
// of a longer frame is skipped and the kept part is handed on as cut (see record-text.ts).
// An octet count above `maxOctetCount` is taken as garbage, not as a frame to skip: the
// decoder reports a framing error and the listener closes that connection.

import { MAX_RECORD_BYTES, recordText } from '../record-text.js';

export interface Frame {
  text: string;
  /** The frame was longer than MAX_RECORD_BYTES and was cut. */
  cut: boolean;
}

export interface FrameDecoder {
  /** Decodes what `chunk` completes. Returns an error message when the stream is not syslog. */
  push(chunk: Buffer, out: Frame[]): string | null;
  /**
   * The stream ended. A pending non-transparent frame is complete (senders often omit the
   * last LF) and is returned; a pending octet-counted frame is provably short: `incomplete`.
   */
  end(): { frame: Frame | null; incomplete: boolean };
}

/** Octet counts beyond this are garbage rather than oversized messages. */
export const DEFAULT_MAX_OCTET_COUNT = 64 * MAX_RECORD_BYTES;
/** Longest digit run looked at as a possible octet count; longer runs start a line. */
const MAX_COUNT_DIGITS = 10;

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const SPACE = 0x20;
const ZERO = 0x30;
const NINE = 0x39;

type Mode = 'start' | 'count' | 'octets' | 'line';

export function createFrameDecoder(options: { maxOctetCount?: number } = {}): FrameDecoder {
  const maxOctetCount = options.maxOctetCount ?? DEFAULT_MAX_OCTET_COUNT;
  let mode: Mode = 'start';
  /** Kept bytes of the current frame, at most MAX_RECORD_BYTES in all. */
  let parts: Buffer[] = [];
  let kept = 0;
  let cut = false;
  /** Octet-counted: bytes of the frame still to come. */
  let remaining = 0;
  /** Digits read so far while deciding whether the frame is octet-counted. */
  let digits = '';

  function keep(bytes: Buffer): void {
    const room = MAX_RECORD_BYTES - kept;
    if (bytes.length > room) {
      cut = true;
      if (room <= 0) return;
      bytes = bytes.subarray(0, room);
    }
    if (bytes.length === 0) return;
    // Copy: the socket may reuse its chunk; a small frame must not pin a 64 KB one.
    parts.push(Buffer.from(bytes));
    kept += bytes.length;
  }

  function take(): Frame | null {
    let bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, kept);
    // Line ends are framing, not message: a CR before LF, or the LF some senders put
    // inside an octet-counted frame (rsyslog's forwarding templates end with one).
    let stop = bytes.length;
    if (!cut) while (stop > 0 && (bytes[stop - 1] === LF || bytes[stop - 1] === CR)) stop--;
    bytes = bytes.subarray(0, stop);
    const frame = bytes.length === 0 ? null : { text: recordText(bytes), cut };
    parts = [];
    kept = 0;
    cut = false;
    mode = 'start';
    return frame;
  }

  function push(chunk: Buffer, out: Frame[]): string | null {
    let pos = 0;
    const length = chunk.length;
    // Where the next NUL is, found once per chunk rather than once per line.
    let nextNul = -2;
    while (pos < length) {
      switch (mode) {
        case 'start': {
          const byte = chunk[pos]!;
          if (byte === LF || byte === NUL || byte === CR) {
            pos++;
          } else if (byte > ZERO && byte <= NINE) {
            mode = 'count';
            digits = '';
          } else {
            mode = 'line';
          }
          break;
        }
        case 'count': {
          const byte = chunk[pos]!;
          if (byte >= ZERO && byte <= NINE && digits.length < MAX_COUNT_DIGITS) {
            digits += String.fromCharCode(byte);
            pos++;
          } else if (byte === SPACE) {
            const count = Number(digits);
            if (count > maxOctetCount) return `octet count ${digits} is beyond ${maxOctetCount}`;
            pos++;
            remaining = count;
            mode = 'octets';
          } else {
            // Not a count after all: the digits begin a newline-terminated frame.
            keep(Buffer.from(digits, 'latin1'));
            mode = 'line';
          }
          break;
        }
        case 'octets': {
          const n = Math.min(remaining, length - pos);
          keep(chunk.subarray(pos, pos + n));
          pos += n;
          remaining -= n;
          if (remaining === 0) {
            const frame = take();
            if (frame) out.push(frame);
          }
          break;
        }
        case 'line': {
          if (nextNul !== -1 && nextNul < pos) nextNul = chunk.indexOf(NUL, pos);
          let stop = chunk.indexOf(LF, pos);
          if (nextNul !== -1 && (stop === -1 || nextNul < stop)) stop = nextNul;
          if (stop === -1) {
            keep(chunk.subarray(pos));
            pos = length;
          } else {
            keep(chunk.subarray(pos, stop));
            pos = stop + 1;
            const frame = take();
            if (frame) out.push(frame);
          }
          break;
        }
      }
    }
    return null;
  }

  function end(): { frame: Frame | null; incomplete: boolean } {
    switch (mode) {
      case 'start':
        return { frame: null, incomplete: false };
      case 'count':
        // Only digits and no space: a short line, not a frame header.
        keep(Buffer.from(digits, 'latin1'));
        return { frame: take(), incomplete: false };
      case 'line':
        return { frame: take(), incomplete: false };
      case 'octets':
        parts = [];
        kept = 0;
        mode = 'start';
        return { frame: null, incomplete: true };
    }
  }

  return { push, end };
}
