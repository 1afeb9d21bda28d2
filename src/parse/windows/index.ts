// Windows events in JSON, in the four shapes shippers write (Winlogbeat, NXLog, flat EventData,
// evtx_dump's {"Event":…}), all reduced to WindowsEventInput and normalized by normalize.ts so
// that they give the same fields. Also the `evtx` format of records read from .evtx files.

import type { Fields } from '../../event/event.js';
import type { Draft, JsonFormat, JsonObject } from '../format.js';
import { ParseFailure } from '../format.js';
import { flattenInto, keyTree } from '../shared/flatten.js';
import { isObject } from '../shared/values.js';
import { fromEventXmlJson, isEventXmlJson } from './event-xml-json.js';
import { fromFlatWindows, isFlatWindows } from './flat.js';
import { normalizeWindowsEvent } from './normalize.js';
import type { WindowsEventInput } from './normalize.js';
import { fromNxlog, isNxlog, NXLOG_EXTRAS } from './nxlog.js';
import { fromWinlogbeat, isWinlogbeat } from './winlogbeat.js';

function write(d: Draft, input: WindowsEventInput, received: number): Fields {
  const fields = normalizeWindowsEvent(input, received).fields;
  if (Object.keys(d.fields).length === 0) d.fields = fields;
  else Object.assign(d.fields, fields);
  if (input.timeCreated !== undefined) d.timestamp = input.timeCreated;
  return d.fields;
}

function fillWindows(doc: JsonObject, d: Draft, received: number): void {
  if (isWinlogbeat(doc)) {
    const f = write(d, fromWinlogbeat(doc), received);
    // The rest of the Beats document (agent, host details, task and opcode names …) where the
    // normalized event has nothing of its own.
    const extra: Fields = {};
    flattenInto(extra, dataIsFlat(doc.winlog as JsonObject) ? BEATS_KEYS_BUT_DATA : BEATS_KEYS, doc);
    for (const key in extra) if (f[key] === undefined) f[key] = extra[key]!;
    return;
  }
  if (isEventXmlJson(doc)) {
    const input = fromEventXmlJson(doc);
    if (input === null) throw new ParseFailure('Event document without System');
    write(d, input, received);
    return;
  }
  if (isNxlog(doc)) {
    const f = write(d, fromNxlog(doc), received);
    for (const key of NXLOG_EXTRAS) if (doc[key] !== undefined && doc[key] !== null) f[`nxlog.${key}`] = doc[key] as Fields[string];
    return;
  }
  write(d, fromFlatWindows(doc), received);
}

const BEATS_SKIP = new Set(['@timestamp', 'event.original']);
const BEATS_KEYS = keyTree('', BEATS_SKIP);
/**
 * The same walk without winlog.event_data and winlog.user_data: the normalized event holds every
 * one of their values already (as winlog.event_data.<name>), so walking them again adds nothing
 * and was half the cost of the walk. Only when no value nests deeper, whose leaves would be new.
 */
const BEATS_KEYS_BUT_DATA = keyTree('', BEATS_SKIP, new Set(['winlog.event_data', 'winlog.user_data']));

function dataIsFlat(winlog: JsonObject): boolean {
  return hasNoObject(winlog.event_data) && hasNoObject(winlog.user_data);
}

/** True unless `v` is an object holding an object (arrays are values, as flattenInto takes them). */
function hasNoObject(v: unknown): boolean {
  if (!isObject(v)) return true;
  for (const key in v) if (isObject(v[key])) return false;
  return true;
}

export const windows: JsonFormat = {
  name: 'windows',
  description: 'Windows events as JSON: Winlogbeat 7/8 documents, NXLog im_msvistalog, flat EventData, evtx_dump {"Event":…}',
  module: 'windows',
  dataset: 'windows.json',
  input: 'json',
  matches: (doc) => isWinlogbeat(doc) || isEventXmlJson(doc) || isNxlog(doc) || isFlatWindows(doc),
  fill: (doc, d, _ctx, record) => fillWindows(doc, d, record.received),
};

/** Records from the EVTX file reader: evtx_dump JSON in `json`, the record's XML as text. */
export const evtx: JsonFormat = {
  name: 'evtx',
  description: 'Windows event records read from .evtx files (evtx_dump JSON with the XML as original)',
  module: 'windows',
  dataset: 'windows.evtx',
  input: 'json',
  matches: (doc) => isEventXmlJson(doc),
  fill: (doc, d, _ctx, record) => fillWindows(doc, d, record.received),
};
