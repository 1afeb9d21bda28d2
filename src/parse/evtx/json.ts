// A decoded record as JSON in the evtx_dump shape ({"Event":{"#attributes":…,"System":…}}), the
// shape src/parse/windows/event-xml-json.ts reads, for debugging and for JSON-based pipelines.

import type { FieldValue } from '../../event/event.js';
import { attributeOf, elementText, hasElementChildren } from './tree.js';
import type { EvtxElement, EvtxValue } from './types.js';

export type EvtxJson = { [key: string]: EvtxJsonValue };
export type EvtxJsonValue = FieldValue | EvtxJson | EvtxValue;

function attributesJson(element: EvtxElement, skip?: string): EvtxJson | undefined {
  let out: EvtxJson | undefined;
  for (const attribute of element.attributes) {
    if (attribute.name === skip) continue;
    (out ??= {})[attribute.name] = attribute.value;
  }
  return out;
}

function add(out: EvtxJson, key: string, value: EvtxJsonValue, repeated: Set<string>): void {
  if (!(key in out)) {
    out[key] = value;
    return;
  }
  const current = out[key];
  if (repeated.has(key)) (current as EvtxJsonValue[]).push(value);
  else {
    out[key] = [current, value];
    repeated.add(key);
  }
}

/**
 * One element as evtx_dump renders it: its text alone when it has nothing else, null when
 * empty, else an object with "#attributes", one key per child element (repeated names become
 * lists) and "#text". <Data Name="X">v</Data> becomes "X": v; unnamed <Data> a "Data" list.
 * Empty elements are null, except in EventData where they are "" (present, but empty).
 */
export function elementJson(element: EvtxElement, skipAttribute?: string, empty: null | '' = null): EvtxJsonValue {
  const attributes = attributesJson(element, skipAttribute);
  if (!hasElementChildren(element)) {
    const text = elementText(element) ?? empty;
    if (!attributes) return text;
    return text === null ? { '#attributes': attributes } : { '#attributes': attributes, '#text': text };
  }
  const out: EvtxJson = {};
  if (attributes) out['#attributes'] = attributes;
  const repeated = new Set<string>();
  // An empty <Data/> is a value that is there and empty, not a missing one.
  const childEmpty = element.name === 'EventData' ? '' : null;
  for (const child of element.children) {
    if (child.type !== 'element') continue;
    const name = child.name === 'Data' ? attributeOf(child, 'Name') : undefined;
    if (typeof name === 'string') add(out, name, elementJson(child, 'Name', childEmpty), repeated);
    else if (child.name === 'Data') {
      // Unnamed <Data> always form a list, so a lone array value stays one item.
      if (!('Data' in out)) {
        out.Data = [];
        repeated.add('Data');
      }
      add(out, 'Data', elementJson(child, undefined, childEmpty), repeated);
    } else add(out, child.name, elementJson(child, undefined, childEmpty), repeated);
  }
  const text = elementText(element);
  if (text !== null && text !== '') out['#text'] = text;
  return out;
}

/** The record's top element as {"Event": …}. */
export function evtxToJson(element: EvtxElement): EvtxJson {
  return { [element.name]: elementJson(element) };
}
