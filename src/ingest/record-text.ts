// Turns received bytes into a record's text, cutting at MAX_RECORD_BYTES.
//
// The agreement with the parsers: a source never hands over more than MAX_RECORD_BYTES
// of a record; what it cut is exactly MAX_RECORD_BYTES long in bytes, or a little longer
// when the cut fell inside a UTF-8 character (the broken tail decodes to U+FFFD, 3 bytes).
// So `Buffer.byteLength(text) >= MAX_RECORD_BYTES` means "cut": the parser tags it
// `truncated`. RawRecord has no flag for it, and this keeps it that way.

import { MAX_RECORD_BYTES } from '../event/fields.js';

export { MAX_RECORD_BYTES };

/** Decodes `bytes[start, end)` as UTF-8, keeping at most MAX_RECORD_BYTES of it. */
export function recordText(bytes: Buffer, start = 0, end = bytes.length): string {
  const stop = Math.min(end, start + MAX_RECORD_BYTES);
  return bytes.toString('utf8', start, stop);
}

/** Whether a record's text is as long as the limit, i.e. was (or may have been) cut. */
export function wasCut(text: string): boolean {
  return Buffer.byteLength(text, 'utf8') >= MAX_RECORD_BYTES;
}
