// The shapes the EVTX reader hands out: records as element trees, and problems found on the way.

/**
 * A substitution or text value, already formatted the way Windows renders it where it has no
 * JSON type of its own: GUIDs "{…}", SIDs "S-1-…", times ISO 8601 UTC, hex "0x…", binary as
 * upper-case hex. Integers that fit a double exactly are numbers; larger 64-bit ones are strings.
 */
export type EvtxValue = string | number | boolean | null | EvtxValue[];

export interface EvtxAttribute {
  name: string;
  value: EvtxValue;
}

/** Trees are read-only: elements without attributes or children share one empty list. */
export interface EvtxElement {
  type: 'element';
  name: string;
  attributes: readonly EvtxAttribute[];
  children: readonly EvtxNode[];
}

/** Character data; `value` keeps the type the log gave it (a number stays a number). */
export interface EvtxText {
  type: 'text';
  value: EvtxValue;
}

export interface EvtxCData {
  type: 'cdata';
  text: string;
}

export interface EvtxPi {
  type: 'pi';
  target: string;
  data: string;
}

export type EvtxNode = EvtxElement | EvtxText | EvtxCData | EvtxPi;

/** One event record, decoded. */
export interface EvtxRecord {
  kind: 'record';
  /** EventRecordID from the record header. */
  recordId: number;
  /** The record header's written time, epoch ms. */
  written: number;
  /** Byte offset of the record in the file. */
  offset: number;
  /** 0-based index of the chunk holding the record. */
  chunk: number;
  /** The top element, normally <Event>. */
  event: EvtxElement;
}

export type EvtxProblemCode =
  /** Missing or bad "ElfFile" header: chunks are still looked for. */
  | 'file_header'
  | 'file_checksum'
  /** The file header counts fewer chunks than the file holds (left dirty): all are read. */
  | 'file_header_stale'
  /** A chunk-sized block that is neither a chunk nor empty. */
  | 'chunk_header'
  | 'chunk_checksum'
  | 'chunk_data_checksum'
  /** The chunk header's free-space offset is not where the records end: all records are read. */
  | 'chunk_header_stale'
  /** Bytes where a record should start that are not one: skipped up to the next record. */
  | 'record_header'
  /** A record whose binary XML could not be decoded: the record is lost. */
  | 'record_binxml'
  /** The file ends inside a chunk or a record. */
  | 'truncated';

/** Something wrong in the file. Reading goes on after every problem. */
export interface EvtxProblem {
  kind: 'problem';
  code: EvtxProblemCode;
  message: string;
  /** Byte offset in the file where the problem was found. */
  offset: number;
  chunk?: number;
  recordId?: number;
}

export type EvtxItem = EvtxRecord | EvtxProblem;
