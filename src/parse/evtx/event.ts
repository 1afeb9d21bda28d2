// A decoded EVTX record as the one Windows event shape: WindowsEventInput, then the normalized
// event, with the record's XML as event.original.

import type { FieldValue, Fields, ParsedEvent } from '../../event/event.js';
import { ECS, MAX_RECORD_BYTES, TAGS } from '../../event/fields.js';
import { normalizeWindowsEvent, type WindowsEventInput } from '../windows/normalize.js';
import { elementJson, type EvtxJsonValue } from './json.js';
import { attributeOf, elementText, hasElementChildren } from './tree.js';
import type { EvtxElement, EvtxRecord, EvtxValue } from './types.js';
import { evtxToXml } from './xml.js';

function toNumber(value: EvtxValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function toText(value: EvtxValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}

const ISO_TIME = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?\d*(?:Z| UTC)?$/;
/** The last "YYYY-MM-DDTHH:MM:SS" parsed and its epoch ms: records come in bursts within a second. */
let lastPrefix = '';
let lastPrefixMs = 0;

/** Epoch ms of a SystemTime attribute; Windows writes up to 9 fraction digits, Date.parse takes 3. */
export function parseSystemTime(text: string): number | undefined {
  // Our own rendering (…T12:34:56.1234567Z) takes the fast path.
  if (text.length === 28 && text.charCodeAt(19) === 46 && text.charCodeAt(27) === 90 && text.startsWith(lastPrefix) && lastPrefix !== '') {
    const ms = Number(text.slice(20, 23));
    if (Number.isInteger(ms)) return lastPrefixMs + ms;
  }
  const m = ISO_TIME.exec(text);
  if (!m) return undefined;
  const base = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (!Number.isFinite(base)) return undefined;
  if (text.charCodeAt(10) === 84) {
    lastPrefix = text.slice(0, 19);
    lastPrefixMs = base;
  }
  return base + (m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0);
}

/** The text of a JSON value that may carry attributes ({"#text": …}), as event-xml-json.ts reads it. */
function jsonText(json: EvtxJsonValue): FieldValue {
  if (json !== null && typeof json === 'object' && !Array.isArray(json) && '#text' in json) return json['#text'] as FieldValue;
  return json as FieldValue;
}

/**
 * An element's field value: its typed text when it is a plain leaf (the fast, common case),
 * else what its evtx_dump JSON gives, so EVTX and JSON input agree.
 */
function fieldValue(element: EvtxElement, skipAttribute?: string, empty: null | '' = null): FieldValue {
  let plain = !hasElementChildren(element);
  for (const attribute of element.attributes) if (attribute.name !== skipAttribute) plain = false;
  return plain ? (elementText(element) ?? empty) as FieldValue : jsonText(elementJson(element, skipAttribute, empty));
}

/**
 * EventData: <Data Name="X"> as X, unnamed <Data> as param1, param2 …, other elements by name.
 * An empty element gives "": the value is there and empty (Sigma's `X: null` means absent).
 */
function eventData(element: EvtxElement): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  let lists: Set<string> | undefined;
  let unnamed = 0;
  for (const child of element.children) {
    if (child.type !== 'element') continue;
    const name = child.name === 'Data' ? attributeOf(child, 'Name') : undefined;
    if (child.name === 'Data' && typeof name !== 'string') {
      out[`param${++unnamed}`] = fieldValue(child, undefined, '');
      continue;
    }
    const key = typeof name === 'string' ? name : child.name;
    const value = fieldValue(child, typeof name === 'string' ? 'Name' : undefined, '');
    const current = out[key];
    // A repeated name (an array value written as one element per item) gathers a list.
    if (current === undefined) out[key] = value;
    else if (lists?.has(key)) (current as FieldValue[]).push(value);
    else {
      out[key] = [current, value];
      (lists ??= new Set()).add(key);
    }
  }
  return out;
}

/** UserData's inner element flattened one level, read from its JSON exactly as event-xml-json.ts does. */
function userData(element: EvtxElement): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  const json = elementJson(element);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return out;
  for (const [key, value] of Object.entries(json)) {
    if (key === '#attributes') continue;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      out[key] = jsonText(value);
      continue;
    }
    for (const [name, item] of Object.entries(value)) if (name !== '#attributes') out[name] = jsonText(item);
  }
  return out;
}

function childElement(element: EvtxElement, name: string): EvtxElement | undefined {
  for (const child of element.children) if (child.type === 'element' && child.name === name) return child;
  return undefined;
}

/**
 * System/EventRecordID, the number Event Viewer shows; the record header's own number when the
 * event has none (it differs in exported and forwarded logs).
 */
export function evtxEventRecordId(record: EvtxRecord): number {
  const system = childElement(record.event, 'System');
  const element = system ? childElement(system, 'EventRecordID') : undefined;
  return (element ? toNumber(elementText(element)) : undefined) ?? record.recordId;
}

/** The record as WindowsEventInput: System fields, EventData and UserData. */
export function evtxRecordToWindowsInput(record: EvtxRecord): WindowsEventInput {
  const input: WindowsEventInput = { provider: '', eventId: 0, channel: '', computer: '' };
  let systemTime: string | undefined;
  let recordId: number | undefined;
  for (const part of record.event.children) {
    if (part.type !== 'element') continue;
    switch (part.name) {
      case 'System':
        // One pass over System, in the order Windows writes it.
        for (const e of part.children) {
          if (e.type !== 'element') continue;
          switch (e.name) {
            case 'Provider':
              input.provider = toText(attributeOf(e, 'Name') ?? attributeOf(e, 'EventSourceName')) ?? '';
              input.providerGuid = toText(attributeOf(e, 'Guid'));
              break;
            case 'EventID': input.eventId = toNumber(elementText(e)) ?? 0; break;
            case 'Version': input.version = toNumber(elementText(e)); break;
            case 'Level': input.level = toNumber(elementText(e)); break;
            case 'Task': input.task = toNumber(elementText(e)); break;
            case 'Opcode': input.opcode = toNumber(elementText(e)); break;
            case 'Keywords': input.keywords = toText(elementText(e)); break;
            case 'TimeCreated': systemTime = toText(attributeOf(e, 'SystemTime')); break;
            case 'EventRecordID': recordId = toNumber(elementText(e)); break;
            case 'Correlation': input.activityId = toText(attributeOf(e, 'ActivityID')); break;
            case 'Execution':
              input.processId = toNumber(attributeOf(e, 'ProcessID'));
              input.threadId = toNumber(attributeOf(e, 'ThreadID'));
              break;
            case 'Channel': input.channel = toText(elementText(e)) ?? ''; break;
            case 'Computer': input.computer = toText(elementText(e)) ?? ''; break;
            case 'Security': input.userId = toText(attributeOf(e, 'UserID')); break;
          }
        }
        break;
      // Without child elements there are no fields: the JSON shape has none either.
      case 'EventData':
        if (hasElementChildren(part)) input.eventData = eventData(part);
        break;
      case 'UserData':
        if (hasElementChildren(part)) input.userData = userData(part);
        break;
      case 'RenderingInfo': {
        const message = childElement(part, 'Message');
        const text = message ? toText(elementText(message)) : undefined;
        if (text) input.message = text;
        break;
      }
    }
  }
  input.timeCreated = (systemTime === undefined ? undefined : parseSystemTime(systemTime)) ?? record.written;
  input.recordId = recordId ?? record.recordId;
  return input;
}

export interface EvtxEventOptions {
  /**
   * Put the record's XML in event.original (default true). Detection-only runs (`vigil hunt`)
   * can pass false and call evtxToXml(record.event) for the events they report: rendering is
   * about a third of the conversion's cost. (A lazy getter was tried: defining an accessor on
   * the field map made conversion three times slower than rendering.)
   */
  original?: boolean;
}

/** The record's XML, cut to MAX_RECORD_BYTES (tagging the event) when longer. */
function renderOriginal(element: EvtxElement, fields: Fields): string {
  const xml = evtxToXml(element);
  // Cheap length test first: UTF-8 takes at most 3 bytes per UTF-16 unit.
  if (xml.length * 3 <= MAX_RECORD_BYTES || Buffer.byteLength(xml) <= MAX_RECORD_BYTES) return xml;
  const tags = fields[ECS.tags];
  fields[ECS.tags] = Array.isArray(tags) ? [...tags, TAGS.truncated] : [TAGS.truncated];
  const bytes = Buffer.from(xml);
  let cut = MAX_RECORD_BYTES;
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut--; // not inside a UTF-8 sequence
  return bytes.toString('utf8', 0, cut);
}

/** The normalized event of a record; `received` is the time it was read, epoch ms. */
export function evtxRecordToEvent(record: EvtxRecord, received: number, options: EvtxEventOptions = {}): ParsedEvent {
  const event = normalizeWindowsEvent(evtxRecordToWindowsInput(record), received);
  if (options.original !== false) event.fields[ECS.event.original] = renderOriginal(record.event, event.fields);
  return event;
}
