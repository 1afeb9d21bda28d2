// Compact XML text of a decoded record, as Windows renders the event: what analysts read in
// event.original and what the comparison against other parsers looks at.

import type { EvtxElement, EvtxNode, EvtxValue } from './types.js';
import { valueText } from './values.js';

const TEXT_SPECIAL = /[&<>]/;
const ATTRIBUTE_SPECIAL = /[&<>"]/;

function escapeText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  if (!ATTRIBUTE_SPECIAL.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Text of a value for XML: only strings can hold characters that need escaping. */
function textOf(value: EvtxValue, escape: (text: string) => string): string {
  return typeof value === 'string' ? escape(value) : escape(valueText(value));
}

function renderNodes(nodes: readonly EvtxNode[]): string {
  let xml = '';
  for (const node of nodes) {
    switch (node.type) {
      case 'element':
        xml += renderElement(node);
        break;
      case 'text':
        xml += textOf(node.value, escapeText);
        break;
      case 'cdata':
        xml += `<![CDATA[${node.text}]]>`;
        break;
      case 'pi':
        xml += `<?${node.target} ${node.data}?>`;
        break;
    }
  }
  return xml;
}

function renderElement(element: EvtxElement): string {
  let xml = '<' + element.name;
  for (const attribute of element.attributes) xml += ' ' + attribute.name + '="' + textOf(attribute.value, escapeAttribute) + '"';
  if (element.children.length === 0) return xml + '/>';
  return xml + '>' + renderNodes(element.children) + '</' + element.name + '>';
}

/** The element as compact XML: no declaration, no indentation. */
export function evtxToXml(element: EvtxElement): string {
  return renderElement(element);
}
