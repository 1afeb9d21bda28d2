// What a format parser is made of: the shared types every file under src/parse/ fills in.
// A format reads either decoded JSON documents or text and writes ECS fields into a Draft;
// the registry (registry.ts) chooses the format, and turns drafts into events.

import type { Fields } from '../event/event.js';
import type { RawRecord } from '../pipeline/stages.js';
import { VigilError } from '../errors.js';

export type JsonObject = Record<string, unknown>;

/** The event being built. Formats write fields and, when the record has one, its own time. */
export interface Draft {
  fields: Fields;
  /** The event's own time, epoch ms; undefined when the record carries none (or an unreadable one). */
  timestamp: number | undefined;
  /** Tags to add, created on first use. */
  tags: string[] | undefined;
}

/** Lets a format hand part of its record to other formats without importing the registry. */
export interface ParseContext {
  /** Dispatches a decoded JSON document on its shape (syslog carrying JSON, for example). */
  json(doc: JsonObject, d: Draft, record: RawRecord, expect?: Format): void;
  /**
   * Parses a message carried inside an envelope (a syslog message) with the content formats:
   * CEF, LEEF, Linux auth, JSON, key=value. With `expect`, only that format is tried.
   * Returns false when no content format claims it.
   */
  content(text: string, d: Draft, record: RawRecord, expect?: Format): boolean;
}

interface FormatBase {
  /** The name used in configuration and in `record.format`: "cef", "suricata-eve". */
  readonly name: string;
  readonly description: string;
  /** `event.module` / `event.dataset` a failed record of this format is filed under. */
  readonly module: string;
  readonly dataset: string;
}

/** A format whose records are JSON documents. */
export interface JsonFormat extends FormatBase {
  readonly input: 'json';
  /** Whether a document has this format's shape; called in registry order, so keep it to property checks. */
  matches(doc: JsonObject, record: RawRecord): boolean;
  /** Fills the draft. Throws ParseFailure when the document has the shape but not the content. */
  fill(doc: JsonObject, d: Draft, ctx: ParseContext, record: RawRecord): void;
}

/** A format whose records are text lines. */
export interface TextFormat extends FormatBase {
  readonly input: 'text';
  /** Cheap check used by detection (first characters); formats without it are only used when named. */
  detect?(text: string): boolean;
  /**
   * Fills the draft and returns true, or returns false (having written nothing) when the text
   * is not of this format. Throws ParseFailure when the text claims the format but breaks it.
   */
  fill(text: string, d: Draft, ctx: ParseContext, record: RawRecord): boolean;
  /** True for formats that also travel as a syslog message (CEF, LEEF, Linux auth, key=value). */
  readonly content?: boolean;
}

export type Format = JsonFormat | TextFormat;

/** A record that claims a format (a declared one, a `{`, a `CEF:` prefix) but does not follow it. */
export class ParseFailure extends VigilError {
  constructor(message: string) {
    super('parse_failed', message);
  }
}

/** Adds a tag to a draft once. */
export function addTag(d: Draft, tag: string): void {
  if (d.tags === undefined) d.tags = [tag];
  else if (!d.tags.includes(tag)) d.tags.push(tag);
}
