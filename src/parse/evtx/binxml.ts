// Binary XML of EVTX records: tokens to element trees, with the chunk's template definitions
// compiled once (by offset) and instantiated with each record's substitution values.

import { EvtxFormatError } from './format-error.js';
import type { EvtxAttribute, EvtxCData, EvtxElement, EvtxNode, EvtxPi, EvtxText, EvtxValue } from './types.js';
import { VT, decodeValue, formatBinary, valueText } from './values.js';

/** Records, names and templates live after the 512-byte chunk header. */
export const CHUNK_HEADER_SIZE = 512;
/** Deepest nesting of elements plus nested binary XML values; real events stay below 10. */
const MAX_DEPTH = 64;
/** More substitution values than this in one template instance is corruption. */
const MAX_VALUES = 4096;
/**
 * Most a record may expand to, in elements plus characters of text. A template can use one
 * value many times, so a crafted 64 KiB record could otherwise render to gigabytes; real
 * records stay far below (the largest in the corpus is about 24,000).
 */
const MAX_EXPANSION = 1 << 22;

const T = {
  eof: 0x00,
  openStart: 0x01,
  closeStart: 0x02,
  closeEmpty: 0x03,
  end: 0x04,
  value: 0x05,
  attribute: 0x06,
  cdata: 0x07,
  charRef: 0x08,
  entityRef: 0x09,
  piTarget: 0x0a,
  piData: 0x0b,
  templateInstance: 0x0c,
  normalSubst: 0x0d,
  optionalSubst: 0x0e,
  fragmentHeader: 0x0f,
  /** "More follows" flag on element, attribute and value tokens. */
  more: 0x40,
} as const;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** A substitution slot in a template definition. */
interface Subst {
  type: 'subst';
  index: number;
  optional: boolean;
}

/** A template element: attribute values and content may hold substitution slots. */
interface TemplateElement {
  type: 'element';
  name: string;
  attributes: { name: string; parts: TemplatePart[] }[];
  children: TemplateNode[];
}

type TemplatePart = EvtxText | Subst;
type TemplateNode = TemplateElement | EvtxText | EvtxCData | EvtxPi | Subst;

interface Template {
  nodes: TemplateNode[];
  /** Bytes of the definition's body, to step over an inline definition. */
  size: number;
}

/** One substitution value of a template instance. */
interface SubValue {
  type: number;
  value: EvtxValue;
  /** Decoded content of a binary XML (0x21) value. */
  nodes?: EvtxNode[];
  /** What one use of the value adds to the record's expansion. */
  weight: number;
}

/**
 * What the decoder keeps per chunk: offsets in binary XML are relative to the chunk, and names
 * and template definitions are written once per chunk and referenced by offset afterwards.
 */
export interface ChunkContext {
  /** The chunk's bytes; an offset in binary XML indexes it directly. */
  buf: Buffer;
  names: Map<number, string>;
  /** null marks a definition that is being read or could not be read. */
  templates: Map<number, Template | null>;
  /** Parts of the current record that were replaced by their raw bytes, for the problem list. */
  notes: string[];
  /** Elements plus text characters the current record has expanded to (see MAX_EXPANSION). */
  expansion: number;
}

export function createChunkContext(buf: Buffer): ChunkContext {
  return { buf, names: new Map(), templates: new Map(), notes: [], expansion: 0 };
}

/** Where the decoder is: a position, the end it may not pass, and what it is inside of. */
interface Cursor {
  ctx: ChunkContext;
  pos: number;
  end: number;
  /** Template bodies carry a dependency id in element starts; records and values do not. */
  inTemplate: boolean;
  depth: number;
}

function fail(message: string, offset: number): never {
  throw new EvtxFormatError(message, offset);
}

function need(c: Cursor, bytes: number): void {
  if (c.pos + bytes > c.end) fail(`binary XML runs past its end (${bytes} bytes needed)`, c.pos);
}

function u16(b: Buffer, p: number): number {
  return b[p] | (b[p + 1] << 8);
}

function u32(b: Buffer, p: number): number {
  return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16)) + b[p + 3] * 0x1000000;
}

/** Byte length of the name structure at `offset` when it is well formed inside `limit`, else 0. */
function nameLength(b: Buffer, offset: number, limit: number): number {
  if (offset < CHUNK_HEADER_SIZE || offset + 8 > limit) return 0;
  const end = offset + 8 + 2 * u16(b, offset + 6);
  return end + 2 <= limit && b[end] === 0 && b[end + 1] === 0 ? end + 2 - offset : 0;
}

function nameAt(ctx: ChunkContext, offset: number, at: number): string {
  const cached = ctx.names.get(offset);
  if (cached !== undefined) return cached;
  const length = nameLength(ctx.buf, offset, ctx.buf.length);
  if (!length) fail(`bad name reference ${offset}`, at);
  const name = ctx.buf.toString('utf16le', offset + 8, offset + length - 2);
  ctx.names.set(offset, name);
  return name;
}

/** Reads a 4-byte name offset and, when the name is stored right there, steps over it. */
function readNameRef(c: Cursor): string {
  need(c, 4);
  const offset = u32(c.ctx.buf, c.pos);
  c.pos += 4;
  const name = nameAt(c.ctx, offset, c.pos - 4);
  if (offset === c.pos) {
    c.pos += nameLength(c.ctx.buf, offset, c.ctx.buf.length);
    if (c.pos > c.end) fail('name runs past its end', offset);
  }
  return name;
}

/**
 * Whether an element start at `pos` reads well with a header of `length` bytes (11 with the
 * dependency id, 9 without): its data fits, and its name is either stored right after the
 * header or is a well-formed name earlier in the chunk.
 */
function elementHeaderFits(c: Cursor, pos: number, length: number): boolean {
  if (pos + length > c.end) return false;
  const b = c.ctx.buf;
  const dataSize = u32(b, pos + length - 8);
  if (pos + length - 4 + dataSize > c.end) return false;
  const nameOffset = u32(b, pos + length - 4);
  if (nameOffset === pos + length) return nameLength(b, nameOffset, c.end) > 0;
  return nameOffset < pos && (c.ctx.names.has(nameOffset) || nameLength(b, nameOffset, b.length) > 0);
}

/**
 * Element starts carry a 2-byte dependency id inside template definitions but not in records
 * written without a template (forwarded or converted logs) nor in nested binary XML values.
 * The expected layout is tried first, the other one when the bytes do not fit it.
 */
function elementHeaderLength(c: Cursor, pos: number): number {
  const expected = c.inTemplate ? 11 : 9;
  if (elementHeaderFits(c, pos, expected)) return expected;
  const other = expected === 11 ? 9 : 11;
  if (elementHeaderFits(c, pos, other)) return other;
  return fail('bad element start', pos);
}

function readUtf16(c: Cursor): string {
  need(c, 2);
  const bytes = 2 * u16(c.ctx.buf, c.pos);
  c.pos += 2;
  need(c, bytes);
  const text = c.ctx.buf.toString('utf16le', c.pos, c.pos + bytes);
  c.pos += bytes;
  return text;
}

/** A value, reference or substitution token, as part of an attribute value or of content. */
function readPart(c: Cursor, token: number): TemplatePart {
  const b = c.ctx.buf;
  // Substitution tokens have no "more" variant; the others do.
  switch (token === T.normalSubst || token === T.optionalSubst ? token : token & ~T.more) {
    case T.value: {
      need(c, 2);
      const type = b[c.pos + 1];
      if (type !== VT.string) fail(`value text of type ${type}`, c.pos);
      c.pos += 2;
      return { type: 'text', value: readUtf16(c) };
    }
    case T.charRef: {
      need(c, 3);
      const code = u16(b, c.pos + 1);
      c.pos += 3;
      return { type: 'text', value: String.fromCharCode(code) };
    }
    case T.entityRef: {
      c.pos += 1;
      const name = readNameRef(c);
      return { type: 'text', value: ENTITIES[name] ?? `&${name};` };
    }
    case T.normalSubst:
    case T.optionalSubst: {
      need(c, 4);
      if (!c.inTemplate) fail('substitution outside a template', c.pos);
      const index = u16(b, c.pos + 1);
      c.pos += 4;
      return { type: 'subst', index, optional: token === T.optionalSubst };
    }
    default:
      return fail(`unexpected token 0x${token.toString(16)}`, c.pos);
  }
}

function isPartToken(token: number): boolean {
  const t = token & ~T.more;
  return t === T.value || t === T.charRef || t === T.entityRef || token === T.normalSubst || token === T.optionalSubst;
}

function readPi(c: Cursor): EvtxPi {
  c.pos += 1;
  const target = readNameRef(c);
  need(c, 1);
  if (c.ctx.buf[c.pos] !== T.piData) fail('processing instruction without data', c.pos);
  c.pos += 1;
  return { type: 'pi', target, data: readUtf16(c) };
}

function readElement(c: Cursor): TemplateElement {
  if (++c.depth > MAX_DEPTH) fail('elements nested too deep', c.pos);
  const b = c.ctx.buf;
  const start = c.pos;
  const hasAttributes = (b[start] & T.more) !== 0;
  c.pos += elementHeaderLength(c, start) - 4;
  const name = readNameRef(c);
  const attributes: TemplateElement['attributes'] = [];
  if (hasAttributes) {
    need(c, 4);
    c.pos += 4; // attribute list size: the attribute tokens themselves say where the list ends
    while (c.pos < c.end && (b[c.pos] & ~T.more) === T.attribute) {
      c.pos += 1;
      const attributeName = readNameRef(c);
      const parts: TemplatePart[] = [];
      while (c.pos < c.end && isPartToken(b[c.pos])) parts.push(readPart(c, b[c.pos]));
      attributes.push({ name: attributeName, parts });
    }
  }
  need(c, 1);
  const close = b[c.pos++];
  const children: TemplateNode[] = [];
  if (close === T.closeStart) readContent(c, children);
  else if (close !== T.closeEmpty) fail(`unexpected token 0x${close.toString(16)} in element start`, c.pos - 1);
  c.depth--;
  return { type: 'element', name, attributes, children };
}

function readContent(c: Cursor, children: TemplateNode[]): void {
  const b = c.ctx.buf;
  for (;;) {
    need(c, 1);
    const token = b[c.pos];
    switch (token) {
      case T.openStart:
      case T.openStart | T.more:
        children.push(readElement(c));
        break;
      case T.end:
        c.pos += 1;
        return;
      case T.cdata:
      case T.cdata | T.more:
        c.pos += 1;
        children.push({ type: 'cdata', text: readUtf16(c) });
        break;
      case T.piTarget:
        children.push(readPi(c));
        break;
      default:
        children.push(readPart(c, token));
    }
  }
}

function readTemplate(ctx: ChunkContext, offset: number, depth: number, at: number): Template {
  const cached = ctx.templates.get(offset);
  if (cached) return cached;
  if (cached === null) fail(`template at ${offset} is unreadable`, at);
  const b = ctx.buf;
  if (offset < CHUNK_HEADER_SIZE || offset + 24 > b.length) fail(`bad template reference ${offset}`, at);
  const size = u32(b, offset + 20);
  const c: Cursor = { ctx, pos: offset + 24, end: offset + 24 + size, inTemplate: true, depth };
  if (c.end > b.length) fail(`template at ${offset} runs past the chunk`, at);
  ctx.templates.set(offset, null);
  const nodes: TemplateNode[] = [];
  while (c.pos < c.end) {
    const token = b[c.pos];
    if (token === T.eof) break;
    if (token === T.fragmentHeader) c.pos += 4;
    else if ((token & ~T.more) === T.openStart) nodes.push(readElement(c));
    else if (token === T.piTarget) nodes.push(readPi(c));
    else fail(`unexpected token 0x${token.toString(16)} in template`, c.pos);
  }
  const template = { nodes, size };
  ctx.templates.set(offset, template);
  return template;
}

/** Decodes the values of a template instance; binary XML values become nested trees. */
function readValues(c: Cursor): SubValue[] {
  const b = c.ctx.buf;
  need(c, 4);
  const count = u32(b, c.pos);
  c.pos += 4;
  if (count > MAX_VALUES || count * 4 > c.end - c.pos) fail(`template instance with ${count} values`, c.pos - 4);
  let data = c.pos + count * 4;
  const values: SubValue[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const d = c.pos + i * 4;
    const size = u16(b, d);
    const type = b[d + 2];
    if (data + size > c.end) fail(`value ${i} runs past the record`, d);
    if (type === VT.binXml) {
      const before = c.ctx.expansion;
      const nodes = readNestedXml(c, data, size, i);
      values[i] = { type, value: null, nodes, weight: c.ctx.expansion - before + 1 };
    } else {
      const value = size === 0 && type !== VT.string ? null : decodeValue(b, data, size, type);
      values[i] = { type, value, weight: typeof value === 'string' ? value.length + 1 : size + 1 };
    }
    data += size;
  }
  c.pos = data;
  return values;
}

/** A binary XML value; when it cannot be read it is kept as hex and noted, not lost. */
function readNestedXml(c: Cursor, pos: number, size: number, index: number): EvtxNode[] {
  const inner: Cursor = { ctx: c.ctx, pos, end: pos + size, inTemplate: false, depth: c.depth + 1 };
  if (inner.depth > MAX_DEPTH) fail('binary XML values nested too deep', pos);
  try {
    return readDocument(inner);
  } catch (error) {
    if (!(error instanceof EvtxFormatError)) throw error;
    c.ctx.notes.push(`value ${index} (binary XML at ${error.offset}): ${error.message}; kept as hex`);
    return [{ type: 'text', value: formatBinary(c.ctx.buf, pos, size) }];
  }
}

function readTemplateInstance(c: Cursor, out: EvtxNode[]): void {
  const b = c.ctx.buf;
  need(c, 10);
  const at = c.pos;
  const offset = u32(b, c.pos + 6);
  c.pos += 10;
  const template = readTemplate(c.ctx, offset, c.depth, at);
  // An inline definition sits right here; the instance data follows it.
  if (offset === c.pos) c.pos += 24 + template.size;
  if (c.pos > c.end) fail('template definition runs past the record', at);
  instantiate(c.ctx, template.nodes, readValues(c), out);
}

/** A document: fragments, each an element or a template instance, up to the end-of-file token. */
function readDocument(c: Cursor): EvtxNode[] {
  const b = c.ctx.buf;
  const out: EvtxNode[] = [];
  while (c.pos < c.end) {
    const token = b[c.pos];
    if (token === T.eof) break;
    if (token === T.fragmentHeader) c.pos += 4;
    else if (token === T.templateInstance) readTemplateInstance(c, out);
    else if ((token & ~T.more) === T.openStart) instantiate(c.ctx, [readElement(c)], [], out);
    else if (token === T.piTarget) out.push(readPi(c));
    else fail(`unexpected token 0x${token.toString(16)}`, c.pos);
  }
  return out;
}

function nodesText(nodes: readonly EvtxNode[]): string {
  let text = '';
  for (const node of nodes) {
    if (node.type === 'text') text += valueText(node.value);
    else if (node.type === 'cdata') text += node.text;
    else if (node.type === 'element') text += nodesText(node.children);
  }
  return text;
}

/** Counts what the record expands to; fails it past MAX_EXPANSION. */
function grow(ctx: ChunkContext, units: number): void {
  if ((ctx.expansion += units) > MAX_EXPANSION) fail(`record expands past ${MAX_EXPANSION} elements and characters`, 0);
}

function attributeValue(ctx: ChunkContext, parts: TemplatePart[], values: SubValue[]): EvtxValue | undefined {
  if (parts.length === 1) {
    const part = parts[0];
    if (part.type === 'text') return part.value;
    const sub = values[part.index];
    // A null value leaves the attribute out, as Windows renders it.
    if (sub === undefined || sub.type === VT.null || (sub.value === null && !sub.nodes)) return undefined;
    grow(ctx, sub.weight);
    return sub.nodes ? nodesText(sub.nodes) : sub.value;
  }
  let text = '';
  for (const part of parts) {
    if (part.type === 'text') text += valueText(part.value);
    else {
      const sub = values[part.index];
      if (!sub) continue;
      grow(ctx, sub.weight);
      text += sub.nodes ? nodesText(sub.nodes) : valueText(sub.value);
    }
  }
  return text;
}

/** The empty attribute and child list every element without any shares (trees are read-only). */
const NONE: readonly never[] = Object.freeze([]);

/**
 * Fills a template's slots with one record's values. Literal text nodes are shared between the
 * records of a chunk: trees are read-only.
 */
function instantiate(ctx: ChunkContext, nodes: readonly TemplateNode[], values: SubValue[], out: EvtxNode[]): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'element': {
        grow(ctx, 1);
        const only = node.children.length === 1 ? node.children[0] : undefined;
        const sub = only?.type === 'subst' ? values[only.index] : undefined;
        // An element holding only an optional substitution that is NULL is left out, as
        // Windows renders it (libyal's EVTX notes; libevtx does the same).
        if (only?.type === 'subst' && only.optional && (sub === undefined || sub.type === VT.null)) break;
        const items = sub?.value;
        let attributes: readonly EvtxAttribute[] = NONE;
        for (const attribute of node.attributes) {
          const value = attributeValue(ctx, attribute.parts, values);
          if (value === undefined) continue;
          if (attributes === NONE) attributes = [{ name: attribute.name, value }];
          else (attributes as EvtxAttribute[]).push({ name: attribute.name, value });
        }
        if (sub && Array.isArray(items)) {
          grow(ctx, sub.weight);
          // An array value repeats its element once per item, as Windows renders it
          // (<Data>a</Data><Data>b</Data>); an empty array leaves one empty element.
          if (items.length === 0) out.push({ type: 'element', name: node.name, attributes, children: [] });
          for (const item of items) {
            const children: EvtxNode[] = item === null ? [] : [{ type: 'text', value: item }];
            out.push({ type: 'element', name: node.name, attributes, children });
          }
          break;
        }
        let children: readonly EvtxNode[] = NONE;
        if (node.children.length > 0) {
          const filled: EvtxNode[] = [];
          instantiate(ctx, node.children, values, filled);
          children = filled;
        }
        out.push({ type: 'element', name: node.name, attributes, children } satisfies EvtxElement);
        break;
      }
      case 'subst': {
        const sub = values[node.index];
        if (sub === undefined || sub.type === VT.null) break;
        grow(ctx, sub.weight);
        if (sub.nodes) out.push(...sub.nodes);
        else if (sub.value !== null) out.push({ type: 'text', value: sub.value });
        break;
      }
      default:
        if (node.type === 'text') grow(ctx, typeof node.value === 'string' ? node.value.length : 8);
        out.push(node);
    }
  }
}

/**
 * Decodes the binary XML of one record (chunk offsets start..end) to its top element.
 * Throws EvtxFormatError on bytes that break the format.
 */
export function readRecordXml(ctx: ChunkContext, start: number, end: number): EvtxElement {
  ctx.expansion = 0;
  const nodes = readDocument({ ctx, pos: start, end, inTemplate: false, depth: 0 });
  for (const node of nodes) if (node.type === 'element') return node;
  return fail('record holds no element', start);
}
