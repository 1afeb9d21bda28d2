// Nested JSON to the flat dotted-key fields of the event model. Arrays stay arrays.
//
// Field names are built once per distinct path and kept in a tree, because concatenating and
// then hashing "suricata.eve.alert.signature" again for every event was the largest cost of
// parsing JSON formats. The tree is bounded so that documents with endless distinct keys
// cannot grow it without limit; past the bound names are simply concatenated.

import type { FieldValue, Fields } from '../../event/event.js';

/**
 * One path below a prefix: its full field name, whether a format mapped it already (a leaf
 * left out) or already wrote all of it (an object not walked), its children.
 */
export interface KeyNode {
  readonly field: string;
  readonly rel: string;
  readonly skip: boolean;
  readonly prune: boolean;
  /** How many keys down from the root. */
  readonly depth: number;
  children: Map<string, KeyNode> | undefined;
}

interface KeyTree extends KeyNode {
  readonly skipSet: ReadonlySet<string> | undefined;
  /** Each pruned path and its number of keys: "a.b" is pruned as {a:{b:…}}, not as a key "a.b". */
  readonly pruneDepth: ReadonlyMap<string, number> | undefined;
  size: number;
}

const MAX_NODES = 20_000;

/**
 * The root for field names under `prefix` ("suricata.eve.", or "" for top-level fields);
 * `skip` lists relative paths of values a format has mapped to ECS and does not repeat, `prune`
 * those of objects it has written all the leaves of (walking them again would add nothing).
 */
export function keyTree(prefix: string, skip?: ReadonlySet<string>, prune?: ReadonlySet<string>): KeyNode {
  const pruneDepth = prune && new Map([...prune].map((rel) => [rel, rel.split('.').length]));
  const tree: KeyTree = { field: prefix, rel: '', skip: false, prune: false, depth: 0, children: undefined, skipSet: skip, pruneDepth, size: 0 };
  return tree;
}

function child(tree: KeyTree, parent: KeyNode, key: string): KeyNode {
  let children = parent.children;
  const found = children?.get(key);
  if (found !== undefined) return found;
  const rel = parent.rel === '' ? key : parent.rel + '.' + key;
  const depth = parent.depth + 1;
  const node: KeyNode = { field: tree.field + rel, rel, skip: tree.skipSet?.has(rel) ?? false, prune: tree.pruneDepth?.get(rel) === depth, depth, children: undefined };
  if (tree.size < MAX_NODES) {
    if (children === undefined) children = parent.children = new Map();
    children.set(key, node);
    tree.size++;
  }
  return node;
}

/** Copies every leaf of `obj` into `out` under the tree's prefix. Empty objects carry nothing and are left out. */
export function flattenInto(out: Fields, root: KeyNode, obj: Record<string, unknown>): void {
  flattenNode(out, root as KeyTree, root, obj);
}

function flattenNode(out: Fields, tree: KeyTree, node: KeyNode, obj: Record<string, unknown>): void {
  for (const key in obj) {
    const v = obj[key];
    if (v === undefined) continue;
    const next = child(tree, node, key);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      if (!next.prune) flattenNode(out, tree, next, v as Record<string, unknown>);
    } else if (next.skip) continue;
    // A top-level "__proto__" from JSON.parse is an ordinary key; assigning it would set the prototype instead.
    else if (next.field === '__proto__') Object.defineProperty(out, next.field, { value: v, enumerable: true, writable: true, configurable: true });
    else out[next.field] = v as FieldValue;
  }
}

/** The field name for one key under a tree's root (for formats that walk documents themselves). */
export function fieldName(root: KeyNode, key: string): string {
  return child(root as KeyTree, root, key).field;
}
