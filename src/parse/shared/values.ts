// Small value conversions the parsers share: numbers from strings, IP checks, base names.

import { isIP } from 'node:net';

/** A finite number from a number or a decimal string; undefined otherwise. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** An integer from a number or an all-digit string (ports, pids, byte counts); undefined otherwise. */
export function toInt(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > 16) return undefined;
  let n = 0;
  let i = v.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  if (i === v.length) return undefined;
  for (; i < v.length; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  return v.charCodeAt(0) === 45 ? -n : n;
}

/** A non-empty string, or undefined. */
export function toStr(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A string for keyword fields that may arrive as numbers (ids, codes). */
export function toKeyword(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function isIp(s: string): boolean {
  return isIP(s) !== 0;
}

/** The last path element, for both / and \ separators. */
export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** IANA protocol numbers the logs use instead of names. */
const TRANSPORTS = new Map([['1', 'icmp'], ['6', 'tcp'], ['17', 'udp'], ['47', 'gre'], ['50', 'esp'], ['58', 'ipv6-icmp'], ['132', 'sctp']]);

/** `network.transport` from a name ("TCP") or an IANA number ("6"). */
export function transport(v: unknown): string | undefined {
  const s = toKeyword(v);
  if (s === undefined) return undefined;
  return TRANSPORTS.get(s) ?? s.toLowerCase();
}
