// Zeek's TSV log format: the #separator/#fields/#types/#path header, then one record a line.
// Each data line becomes a JSON object with typed values, as Zeek's JSON writer would give it.

import type { JsonObject } from '../format.js';

export interface ZeekHeader {
  separator: string;
  setSeparator: string;
  emptyField: string;
  unsetField: string;
  path: string | undefined;
  fields: string[];
  types: string[];
}

export function newZeekHeader(): ZeekHeader {
  return { separator: '\t', setSeparator: ',', emptyField: '(empty)', unsetField: '-', path: undefined, fields: [], types: [] };
}

/** Zeek escapes separators and non-printable bytes as \xHH and the backslash as \\. */
function unescape(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) !== 92) continue;
    const next = s.charCodeAt(i + 1);
    if (next === 120 && i + 3 < s.length) { // \xHH
      const code = parseInt(s.slice(i + 2, i + 4), 16);
      if (!Number.isNaN(code)) {
        out += s.slice(from, i) + String.fromCharCode(code);
        i += 3;
        from = i + 1;
      }
    } else if (next === 92) {
      out += s.slice(from, i) + '\\';
      i += 1;
      from = i + 1;
    }
  }
  return out + s.slice(from);
}

/** Reads a "#..." header line into `header`; returns false for a data line. */
export function readHeaderLine(line: string, header: ZeekHeader): boolean {
  if (line.charCodeAt(0) !== 35) return false; // #
  if (line.startsWith('#separator ')) {
    header.separator = unescape(line.slice('#separator '.length));
    return true;
  }
  const sep = line.indexOf(header.separator);
  const key = sep < 0 ? line.slice(1) : line.slice(1, sep);
  const rest = sep < 0 ? [] : line.slice(sep + header.separator.length).split(header.separator);
  switch (key) {
    case 'set_separator': header.setSeparator = unescape(rest[0] ?? ','); break;
    case 'empty_field': header.emptyField = rest[0] ?? '(empty)'; break;
    case 'unset_field': header.unsetField = rest[0] ?? '-'; break;
    case 'path': header.path = rest[0]; break;
    case 'fields': header.fields = rest; break;
    case 'types': header.types = rest; break;
  }
  return true;
}

function scalar(value: string, type: string): unknown {
  switch (type) {
    case 'count':
    case 'int':
    case 'port':
    case 'time':
    case 'interval':
    case 'double': {
      const n = Number(value);
      return Number.isFinite(n) ? n : value;
    }
    case 'bool':
      return value === 'T' ? true : value === 'F' ? false : value;
    default:
      return unescape(value);
  }
}

/** One data line as a JSON object keyed by the #fields names; unset fields are left out. */
export function zeekRow(line: string, header: ZeekHeader): JsonObject {
  const values = line.split(header.separator);
  const row: JsonObject = {};
  const n = Math.min(values.length, header.fields.length);
  for (let i = 0; i < n; i++) {
    const value = values[i]!;
    if (value === header.unsetField) continue;
    const type = header.types[i] ?? 'string';
    const bracket = type.indexOf('[');
    if (bracket > 0) { // set[T], vector[T]
      const inner = type.slice(bracket + 1, -1);
      row[header.fields[i]!] = value === header.emptyField ? [] : value.split(header.setSeparator).map((v) => scalar(v, inner));
    } else {
      row[header.fields[i]!] = value === header.emptyField ? '' : scalar(value, type);
    }
  }
  return row;
}
