// Small readers over decoded element trees, shared by the JSON rendering and the event mapping.

import type { EvtxElement, EvtxValue } from './types.js';
import { valueText } from './values.js';

export function attributeOf(element: EvtxElement | undefined, name: string): EvtxValue | undefined {
  if (!element) return undefined;
  for (const attribute of element.attributes) if (attribute.name === name) return attribute.value;
  return undefined;
}

export function hasElementChildren(element: EvtxElement): boolean {
  for (const child of element.children) if (child.type === 'element') return true;
  return false;
}

/**
 * The character content of an element: null when empty, the typed value when it is one value
 * (a number stays a number), else the concatenated text.
 */
export function elementText(element: EvtxElement): EvtxValue {
  const children = element.children;
  if (children.length === 0) return null;
  if (children.length === 1) {
    const only = children[0];
    if (only.type === 'text') return only.value;
    if (only.type === 'cdata') return only.text;
  }
  let text = '';
  let any = false;
  for (const child of children) {
    if (child.type === 'text') {
      text += valueText(child.value);
      any = true;
    } else if (child.type === 'cdata') {
      text += child.text;
      any = true;
    }
  }
  return any ? text : null;
}
