// Observable types and how each value is checked and put in one canonical spelling, so that
// the same indicator met twice (from two alerts, or typed by hand) is stored once per case.
import { isIP } from 'node:net';
import type { Actor, Tlp } from './types.js';

export const OBSERVABLE_TYPES = [
  'ip', 'domain', 'fqdn', 'url', 'hash', 'mail', 'user-agent', 'user', 'hostname', 'filename', 'registry', 'file-path', 'other',
] as const;
export type ObservableType = (typeof OBSERVABLE_TYPES)[number];

export type HashAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha512';

export interface Observable {
  id: string;
  case_id: string;
  type: ObservableType;
  value: string;
  /** For hashes, told by the length of the hex digest. */
  hash_algorithm: HashAlgorithm | null;
  tags: string[];
  tlp: Tlp;
  /** A known indicator of compromise. */
  ioc: boolean;
  /** Seen in the monitored environment. */
  sighted: boolean;
  description: string;
  /** "alert" when extracted from an alert's events, "manual" when an analyst added it. */
  source: 'alert' | 'manual';
  created_at: number;
  created_by: Actor;
  updated_at: number;
  version: number;
}

const HASH_LENGTHS: Record<number, HashAlgorithm> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };

export function hashAlgorithm(hex: string): HashAlgorithm | null {
  return /^[0-9a-f]+$/i.test(hex) ? HASH_LENGTHS[hex.length] ?? null : null;
}

const HOST_LABELS = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;
const MAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const MAX_VALUE_LENGTH = 8192;

/** IPv6 in its compressed lower-case form, IPv4 as given; null when not an address. */
function canonicalIp(text: string): string | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const version = isIP(bare);
  if (version === 4) return bare;
  if (version === 6) return new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  return null;
}

export type Canonical = { ok: true; value: string; hash_algorithm: HashAlgorithm | null } | { ok: false; reason: string };

/**
 * The canonical value of an observable, or why it is not one of its type. Case-insensitive
 * kinds (host and domain names, hashes, mail addresses) are lower-cased; the rest is kept as written.
 */
export function canonicalObservable(type: ObservableType, raw: string): Canonical {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty value' };
  if (text.length > MAX_VALUE_LENGTH) return { ok: false, reason: `longer than ${MAX_VALUE_LENGTH} characters` };
  const ok = (value: string, algorithm: HashAlgorithm | null = null): Canonical => ({ ok: true, value, hash_algorithm: algorithm });
  switch (type) {
    case 'ip': {
      const ip = canonicalIp(text);
      return ip ? ok(ip) : { ok: false, reason: 'not an IPv4 or IPv6 address' };
    }
    case 'domain':
    case 'fqdn':
    case 'hostname': {
      const name = text.toLowerCase().replace(/\.$/, '');
      if (!HOST_LABELS.test(name)) return { ok: false, reason: 'not a host name' };
      if (type !== 'hostname' && !name.includes('.')) return { ok: false, reason: 'a domain has at least two labels' };
      return ok(name);
    }
    case 'hash': {
      const algorithm = hashAlgorithm(text);
      return algorithm ? ok(text.toLowerCase(), algorithm) : { ok: false, reason: 'not an MD5, SHA-1, SHA-256 or SHA-512 hex digest' };
    }
    case 'mail':
      return MAIL.test(text) ? ok(text.toLowerCase()) : { ok: false, reason: 'not a mail address' };
    case 'url':
      return URL_SCHEME.test(text) ? ok(text) : { ok: false, reason: 'not an absolute URL' };
    case 'user-agent':
    case 'user':
    case 'filename':
    case 'registry':
    case 'file-path':
    case 'other':
      return ok(text);
  }
}
