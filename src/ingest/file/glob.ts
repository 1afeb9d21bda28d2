// Expands the file source's path globs: `*` and `?` within a name, `**` across
// directories, `[...]` classes and `{a,b}` alternatives. Names starting with a dot are
// only matched by patterns that start with one, as in a shell.

import { readdir, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

const MAGIC = /[*?[{]/;
/** Rotated and compressed: reading them again would duplicate what was read before rotation. */
const COMPRESSED = /\.(gz|bz2|xz|zst|lz4|zip|z)$/i;

export function isCompressed(path: string): boolean {
  return COMPRESSED.test(path);
}

/** The directory to watch for a pattern: the fixed part before its first wildcard segment. */
export function globBase(pattern: string): string {
  const segments = resolve(pattern).split(sep);
  const first = segments.findIndex((s) => MAGIC.test(s));
  const fixed = first === -1 ? segments.slice(0, -1) : segments.slice(0, first);
  return fixed.join(sep) || sep;
}

/** Every existing path the patterns match, compressed files left out, sorted, without repeats. */
export async function expandGlobs(patterns: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const absolute = resolve(pattern);
    const segments = absolute.split(sep).slice(1);
    for (const path of await walk(sep, segments)) if (!isCompressed(path)) found.add(path);
  }
  return [...found].sort();
}

async function walk(dir: string, segments: string[]): Promise<string[]> {
  if (segments.length === 0) return [dir];
  const [segment, ...rest] = segments as [string, ...string[]];
  if (!MAGIC.test(segment)) {
    const next = join(dir, segment);
    if (rest.length === 0) return (await exists(next)) ? [next] : [];
    return walk(next, rest);
  }
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  if (segment === '**') {
    out.push(...(await walk(dir, rest)));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      if (await isDirectory(join(dir, entry.name), entry.isDirectory(), entry.isSymbolicLink())) out.push(...(await walk(join(dir, entry.name), segments)));
    }
    return out;
  }
  const matcher = segmentRegExp(segment);
  for (const entry of entries) {
    if (entry.name.startsWith('.') && !segment.startsWith('.')) continue;
    if (!matcher.test(entry.name)) continue;
    const path = join(dir, entry.name);
    if (rest.length === 0) out.push(path);
    else if (await isDirectory(path, entry.isDirectory(), entry.isSymbolicLink())) out.push(...(await walk(path, rest)));
  }
  return out;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function isDirectory(path: string, directory: boolean, symlink: boolean): Promise<boolean> {
  if (directory) return true;
  if (!symlink) return false;
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** One path segment's pattern as an anchored regular expression. */
export function segmentRegExp(segment: string): RegExp {
  let source = '';
  let braces = 0;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      source += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else if (c === '{') {
      braces++;
      source += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      source += ')';
    } else if (c === ',' && braces > 0) source += '|';
    else source += c.replace(/[.+^$()|\\/\]{}]/g, '\\$&');
  }
  // An unclosed `{` is a literal brace, not an alternative.
  if (braces > 0) return new RegExp(`^${segment.replace(/[.*+?^$()|[\]\\/{}]/g, '\\$&')}$`);
  return new RegExp(`^${source}$`);
}
