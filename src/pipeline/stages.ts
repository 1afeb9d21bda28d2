// The pipeline's stage interfaces, side by side: sources feed records to the intake,
// parsers turn records into events, enrichers add context, detectors raise alerts,
// sinks store. Per-record stages are plain functions; batch stages take arrays.

import type { ZodType } from 'zod';
import type { Logger } from 'pino';
import type { ParsedEvent, VigilEvent } from '../event/event.js';
import type { Metrics } from '../metrics/metrics.js';

/** Where a record came from, kept for provenance and for `vigil hunt` output. */
export interface Origin {
  /** The configured source's name, e.g. "syslog-udp", "http", "file:/var/log/auth.log". */
  source: string;
  /** Peer address of the sender, for network sources. */
  address?: string;
  /** File path and 1-based line (or EVTX record id) for file sources. */
  file?: string;
  line?: number;
}

/** One record as a source received it, before any parsing. */
export interface RawRecord {
  /** The record's text: a syslog message, a log line, a JSON document. */
  text: string;
  /**
   * The record as a JSON document, when the source has it: decoded from `text` (HTTP JSON bodies,
   * to avoid decoding twice) or built with context the text alone lacks (a Zeek TSV line read
   * with its file's header, an EVTX record beside its XML rendering).
   */
  json?: Record<string, unknown>;
  /** True when `json` is `text` decoded and nothing more, so `text` alone gives it again. */
  jsonIsText?: boolean;
  /** Receive time, epoch ms. */
  received: number;
  origin: Origin;
  /** The owning tenant, decided by the source (API key or source config). */
  tenant: string;
  /** Parser to use, from the source's configuration; absent means detect. */
  format?: string;
}

/** A format parser. `parse` must not throw: the pipeline tags what it cannot read. */
export interface Parser {
  /** The format's name, used in configuration: "suricata-eve", "cef", "linux-auth". */
  readonly name: string;
  readonly description: string;
  /** Cheap check used by format detection; parsers without it are only used when named. */
  detect?(record: RawRecord): boolean;
  /** Returns the event, or null when the record is not of this format. */
  parse(record: RawRecord): ParsedEvent | null;
}

/** Batch stage that adds context (GeoIP, intel, assets) to events in place. */
export interface Enricher {
  readonly name: string;
  enrich(events: VigilEvent[]): void | Promise<void>;
}

/** Batch stage that looks at events and reports what it found. */
export interface Detector<Finding = unknown> {
  readonly name: string;
  detect(events: VigilEvent[]): Finding[];
}

/** Where events end up. `write` resolves only once the events are durable. */
export interface Sink {
  readonly name: string;
  write(events: VigilEvent[]): Promise<void>;
  close(): Promise<void>;
}

/** What a source hands its records to. */
export interface Intake {
  /**
   * Parses, enriches, detects and stores the records. Resolves once every one is durable,
   * which is when a source may acknowledge them. Rejects with OverloadedError, without
   * taking any record, when the pipeline is full: HTTP answers 429, TCP stops reading.
   */
  submit(records: RawRecord[]): Promise<void>;
  /** True while the pipeline holds more than its limit. */
  readonly overloaded: boolean;
  /** Resolves when the pipeline has room again (immediately if it has). */
  whenReady(): Promise<void>;
}

/** A running source. */
export interface Source {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Addresses it listens on, for the start-up banner ("udp://0.0.0.0:5514"). */
  addresses(): string[];
}

export interface SourceContext {
  intake: Intake;
  logger: Logger;
  metrics: Metrics;
}

/** A kind of source: its name, its config schema and a factory. */
export interface SourceKind<Config = unknown> {
  readonly type: string;
  readonly description: string;
  readonly configSchema: ZodType<Config>;
  create(config: Config, ctx: SourceContext): Source;
}
