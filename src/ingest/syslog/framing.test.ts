import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_RECORD_BYTES } from '../../event/fields.js';
import { wasCut } from '../record-text.js';
import { createFrameDecoder } from './framing.js';
import type { Frame } from './framing.js';

const RFC5424 = '<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - BOM\u00e9 su root failed on /dev/pts/8';
const RFC3164 = '<13>Oct 11 22:14:15 host app[42]: plain old syslog';

function octet(message: string): string {
  return `${Buffer.byteLength(message)} ${message}`;
}

function decodeAll(chunks: Buffer[]): { frames: Frame[]; error: string | null; end: ReturnType<ReturnType<typeof createFrameDecoder>['end']> } {
  const decoder = createFrameDecoder();
  const frames: Frame[] = [];
  let error: string | null = null;
  for (const chunk of chunks) {
    error = decoder.push(chunk, frames);
    if (error) break;
  }
  return { frames, error, end: decoder.end() };
}

const texts = (frames: Frame[]) => frames.map((f) => f.text);

const cases: { name: string; stream: string; expected: string[] }[] = [
  { name: 'octet-counted', stream: octet(RFC5424) + octet(RFC3164), expected: [RFC5424, RFC3164] },
  { name: 'newline-terminated', stream: `${RFC5424}\n${RFC3164}\n`, expected: [RFC5424, RFC3164] },
  { name: 'CRLF-terminated', stream: `${RFC3164}\r\n${RFC5424}\r\n`, expected: [RFC3164, RFC5424] },
  { name: 'NUL-terminated', stream: `${RFC3164}\0${RFC5424}\0`, expected: [RFC3164, RFC5424] },
  { name: 'mixed framings in one stream', stream: `${octet(RFC5424)}${RFC3164}\n${octet('<14>1 - - - - - - x')}${RFC5424}\0`, expected: [RFC5424, RFC3164, '<14>1 - - - - - - x', RFC5424] },
  { name: 'octet count whose message contains newlines', stream: octet('<13>line one\nline two') + octet('<13>b'), expected: ['<13>line one\nline two', '<13>b'] },
  { name: 'LF inside an octet-counted frame end (rsyslog templates)', stream: octet('<13>1 - h a - - - msg\n') + octet('<13>next\n'), expected: ['<13>1 - h a - - - msg', '<13>next'] },
  { name: 'blank lines and NUL padding skipped', stream: `\n\n${RFC3164}\n\0\0\r\n${RFC3164}\n`, expected: [RFC3164, RFC3164] },
  { name: 'digits not followed by a space start a line', stream: '2024-01-01 12:00:00 app started\n123abc\n', expected: ['2024-01-01 12:00:00 app started', '123abc'] },
  { name: 'leading zero is not an octet count', stream: '0 zero first\n', expected: ['0 zero first'] },
];

describe('syslog frame decoder', () => {
  for (const c of cases) {
    test(`${c.name}: whole stream`, () => {
      const { frames, error } = decodeAll([Buffer.from(c.stream)]);
      assert.equal(error, null);
      assert.deepEqual(texts(frames), c.expected);
    });

    test(`${c.name}: split at every byte boundary`, () => {
      const bytes = Buffer.from(c.stream);
      for (let at = 1; at < bytes.length; at++) {
        const { frames, error } = decodeAll([bytes.subarray(0, at), bytes.subarray(at)]);
        assert.equal(error, null, `split at ${at}`);
        assert.deepEqual(texts(frames), c.expected, `split at ${at}`);
      }
    });
  }

  test('one byte per chunk', () => {
    const stream = Buffer.from(`${octet(RFC5424)}${RFC3164}\n${octet(RFC3164)}`);
    const { frames } = decodeAll([...stream].map((b) => Buffer.from([b])));
    assert.deepEqual(texts(frames), [RFC5424, RFC3164, RFC3164]);
  });

  test('an oversized newline frame is cut at MAX_RECORD_BYTES and the rest of it skipped', () => {
    const huge = `<13>${'x'.repeat(MAX_RECORD_BYTES * 2)}`;
    const { frames, error } = decodeAll([Buffer.from(`${huge}\n${RFC3164}\n`)]);
    assert.equal(error, null);
    assert.equal(frames.length, 2);
    assert.equal(frames[0]!.cut, true);
    assert.equal(frames[0]!.text, huge.slice(0, MAX_RECORD_BYTES));
    assert.ok(wasCut(frames[0]!.text));
    assert.deepEqual(frames[1], { text: RFC3164, cut: false });
  });

  test('an oversized octet-counted frame is cut and the next frame still found', () => {
    const huge = `<13>${'y'.repeat(MAX_RECORD_BYTES + 500)}`;
    const stream = Buffer.from(octet(huge) + octet(RFC5424));
    const chunks = [stream.subarray(0, 1000), stream.subarray(1000, 70_000), stream.subarray(70_000)];
    const { frames } = decodeAll(chunks);
    assert.deepEqual(texts(frames), [huge.slice(0, MAX_RECORD_BYTES), RFC5424]);
    assert.equal(frames[0]!.cut, true);
  });

  test('a cut inside a multi-byte character still reads as cut', () => {
    const huge = `<13>a${'é'.repeat(MAX_RECORD_BYTES)}`;
    const { frames } = decodeAll([Buffer.from(`${huge}\n`)]);
    assert.ok(wasCut(frames[0]!.text));
    assert.ok(!wasCut(RFC5424));
  });

  test('a bogus huge octet count is a framing error', () => {
    const { frames, error } = decodeAll([Buffer.from(`${octet(RFC3164)}9999999999 <13>hello`)]);
    assert.deepEqual(texts(frames), [RFC3164]);
    assert.match(error ?? '', /octet count 9999999999/);
  });

  test('a half octet-counted frame at disconnect is reported incomplete, not handed on', () => {
    const { frames, end } = decodeAll([Buffer.from(`${octet(RFC3164)}200 <13>only part`)]);
    assert.deepEqual(texts(frames), [RFC3164]);
    assert.deepEqual(end, { frame: null, incomplete: true });
  });

  test('a last line without LF at disconnect is a complete message', () => {
    const { frames, end } = decodeAll([Buffer.from(`${RFC3164}\n<13>no newline at the end\r`)]);
    assert.deepEqual(texts(frames), [RFC3164]);
    assert.deepEqual(end, { frame: { text: '<13>no newline at the end', cut: false }, incomplete: false });
  });

  test('binary garbage yields bounded records and no error', () => {
    const garbage = Buffer.alloc(300_000);
    let seed = 42;
    for (let i = 0; i < garbage.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      garbage[i] = seed >>> 24;
    }
    const { frames, error } = decodeAll([garbage]);
    assert.equal(error, null);
    assert.ok(frames.length > 100);
    for (const frame of frames) assert.ok(Buffer.byteLength(frame.text) < 4 * MAX_RECORD_BYTES);
  });
});
