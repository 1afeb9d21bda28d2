// The parser registry: checks the format list once at start-up, picks the format of each record
// (the one the source named, else detection), and turns what the format wrote into an event.
// Never throws on a record: whatever goes wrong becomes a kept event tagged parse_failure.

import type { Fields, ParsedEvent } from '../event/event.js';
import { ECS, MAX_RECORD_BYTES, TAGS } from '../event/fields.js';
import { ConfigError } from '../errors.js';
import type { RawRecord } from '../pipeline/stages.js';
import { addTag, ParseFailure } from './format.js';
import type { Draft, Format, JsonFormat, JsonObject, ParseContext, TextFormat } from './format.js';
import { closeTruncatedJson } from './shared/json-repair.js';
import { utf8Cut } from './shared/text.js';
import { isObject } from './shared/values.js';
import { fillSyslog, syslog } from './syslog/index.js';

export interface Registry {
  /** Parses one record; never throws. */
  parse(record: RawRecord): ParsedEvent;
}

export interface RegistryOptions {
  /** Name of the text format that takes any line no other format claims. */
  fallback: string;
}

/**
 * Builds the registry. Throws ConfigError at start-up when two formats share a name or the
 * fallback is missing; nothing on the record path throws.
 */
export function createRegistry(formats: readonly Format[], options: RegistryOptions): Registry {
  const byName = new Map<string, Format>();
  for (const format of formats) {
    if (byName.has(format.name)) throw new ConfigError(`duplicate parser name "${format.name}"`);
    byName.set(format.name, format);
  }
  const fallback = byName.get(options.fallback);
  if (fallback === undefined || fallback.input !== 'text') throw new ConfigError(`fallback parser "${options.fallback}" is not a registered text format`);
  const jsonFormats = formats.filter((f): f is JsonFormat => f.input === 'json');
  const detectable = formats.filter((f): f is TextFormat => f.input === 'text' && f.detect !== undefined && f !== fallback);
  const contentFormats = formats.filter((f): f is TextFormat => f.input === 'text' && f.content === true);

  // The format whose fill is running, so that a failure is filed under it, and whether the
  // record being parsed was cut at the size limit (JSON inside it is then read up to the cut).
  let running: Format | undefined;
  let cutNow = false;

  function fillJson(format: JsonFormat, doc: JsonObject, d: Draft, record: RawRecord): void {
    running = format;
    format.fill(doc, d, ctx, record);
  }

  function fillText(format: TextFormat, text: string, d: Draft, record: RawRecord): boolean {
    running = format;
    return format.fill(text, d, ctx, record);
  }

  const ctx: ParseContext = {
    json(doc, d, record, expect) {
      if (expect !== undefined) {
        if (expect.input !== 'json' || !expect.matches(doc, record)) throw new ParseFailure(`not a ${expect.name} document`);
        fillJson(expect, doc, d, record);
        return;
      }
      for (const format of jsonFormats) {
        if (format.matches(doc, record)) {
          fillJson(format, doc, d, record);
          return;
        }
      }
      throw new ParseFailure('no JSON format takes this document');
    },
    content(text, d, record, expect) {
      if (expect !== undefined) {
        if (expect.input === 'json') {
          if (text.charCodeAt(0) !== 123) return false;
          ctx.json(decodeJson(text, cutNow), d, record, expect);
          return true;
        }
        return (expect.detect === undefined || expect.detect(text)) && fillText(expect, text, d, record);
      }
      for (const format of contentFormats) {
        if ((format.detect === undefined || format.detect(text)) && fillText(format, text, d, record)) return true;
      }
      if (text.charCodeAt(0) === 123) {
        ctx.json(decodeJson(text, cutNow), d, record);
        return true;
      }
      return false;
    },
  };

  function detectAndFill(text: string, d: Draft, record: RawRecord): void {
    if (record.json !== undefined) {
      ctx.json(record.json, d, record);
      return;
    }
    const start = firstNonSpace(text);
    if (start === text.length) throw new ParseFailure('empty record');
    if (text.charCodeAt(start) === 123) {
      ctx.json(decodeJson(start === 0 ? text : text.slice(start), cutNow), d, record);
      return;
    }
    for (const format of detectable) {
      if (format.detect!(text) && fillText(format, text, d, record)) return;
    }
    fillText(fallback as TextFormat, text, d, record);
  }

  function fillNamed(format: Format, text: string, d: Draft, record: RawRecord): void {
    if (format.input === 'json') {
      const start = firstNonSpace(text);
      if (record.json !== undefined || text.charCodeAt(start) === 123) {
        const doc = record.json ?? decodeJson(start === 0 ? text : text.slice(start), cutNow);
        ctx.json(doc, d, record, format);
        return;
      }
      running = syslog;
      if (fillSyslog(text, d, ctx, record, format)) return;
      throw new ParseFailure(`not a ${format.name} record: expected a JSON document`);
    }
    if (format.content === true && syslog.detect!(text)) {
      running = syslog;
      if (fillSyslog(text, d, ctx, record, format)) return;
      // The envelope may have written fields before the message turned out not to match.
      d.fields = {};
      d.timestamp = undefined;
    }
    if (firstNonSpace(text) === text.length) throw new ParseFailure('empty record');
    if ((format.detect === undefined || format.detect(text)) && fillText(format, text, d, record)) return;
    throw new ParseFailure(`not a ${format.name} record`);
  }

  function parse(record: RawRecord): ParsedEvent {
    const received = typeof record.received === 'number' ? record.received : Date.now();
    let text = typeof record.text === 'string' ? record.text : '';
    const d: Draft = { fields: {}, timestamp: undefined, tags: undefined };
    let cut = false;
    // A UTF-16 code unit is at most 3 UTF-8 bytes, so short texts skip the byte count.
    if (text.length * 3 >= MAX_RECORD_BYTES) {
      const bytes = Buffer.byteLength(text, 'utf8');
      // Sources cut at exactly the limit, so a record that long was (or may have been) cut.
      if (bytes >= MAX_RECORD_BYTES) {
        addTag(d, TAGS.truncated);
        cut = true;
        if (bytes > MAX_RECORD_BYTES) text = utf8Cut(text, MAX_RECORD_BYTES);
      }
    }
    running = undefined;
    cutNow = cut;
    const name = record.format;
    const named = name ? byName.get(name) : undefined;
    try {
      if (name && named === undefined) addTag(d, TAGS.unknownFormat);
      if (named !== undefined) fillNamed(named, text, d, record);
      else detectAndFill(text, d, record);
    } catch (err) {
      // A record that fails its named format is filed under that format, whatever ran last.
      failed(d, text, err, named ?? running);
    }
    return finish(d, text, received);
  }

  return { parse };
}

/** JSON.parse for a record; a record cut at the size limit is read up to the cut. */
function decodeJson(text: string, cut: boolean): JsonObject {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    if (cut) doc = closeTruncatedJson(text);
    if (doc === undefined) throw new ParseFailure(`invalid JSON: ${(err as Error).message}`);
  }
  if (!isObject(doc)) throw new ParseFailure('JSON document is not an object');
  return doc;
}

function firstNonSpace(text: string): number {
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xfeff) break;
  }
  return i;
}

/** Replaces whatever the format wrote with the failure event: the text, why, and the tags so far. */
function failed(d: Draft, text: string, err: unknown, format: Format | undefined): void {
  const fields: Fields = {};
  fields[ECS.event.kind] = 'event';
  fields[ECS.event.module] = format?.module ?? 'generic';
  fields[ECS.event.dataset] = format?.dataset ?? 'generic.log';
  fields[ECS.message] = text;
  fields[ECS.error.message] = err instanceof Error ? err.message : String(err);
  fields[ECS.error.type] = err instanceof ParseFailure ? 'parse_failure' : err instanceof Error ? err.name : 'unknown';
  d.fields = fields;
  d.timestamp = undefined;
  addTag(d, TAGS.parseFailure);
}

function finish(d: Draft, text: string, received: number): ParsedEvent {
  const f = d.fields;
  f[ECS.event.original] = text;
  let timestamp = d.timestamp;
  if (timestamp === undefined || Number.isNaN(timestamp)) {
    timestamp = received;
    addTag(d, TAGS.noTimestamp);
  }
  if (d.tags !== undefined) {
    const own = f[ECS.tags];
    f[ECS.tags] = Array.isArray(own) ? [...own, ...d.tags.filter((t) => !own.includes(t))] : typeof own === 'string' ? [own, ...d.tags] : d.tags;
  }
  return { timestamp, fields: f };
}
