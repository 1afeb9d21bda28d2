// Observables from alerts: which ECS fields of an alert's events hold which kind of indicator.
// The rules are data (field → kind); adding a field is adding a row.
import { isIP } from 'node:net';
import type { FieldValue, Fields } from '../event/event.js';
import { ECS } from '../event/fields.js';
import { canonicalObservable, OBSERVABLE_TYPES, type HashAlgorithm, type ObservableType } from './observable-types.js';

/**
 * How a field's value becomes an observable: a type, or
 * - `address`: an IP, else a dotted name (fqdn), else a bare host name, told by the value;
 * - `hash-list`: Sysmon's "MD5=…,SHA256=…,IMPHASH=…" list, one hash per file-hash algorithm.
 */
export type ExtractKind = ObservableType | 'address' | 'hash-list';

export interface ExtractRule {
  field: string;
  kind: ExtractKind;
}

export const EXTRACT_RULES: readonly ExtractRule[] = [
  { field: ECS.source.ip, kind: 'ip' },
  { field: ECS.destination.ip, kind: 'ip' },
  { field: ECS.client.ip, kind: 'ip' },
  { field: ECS.server.ip, kind: 'ip' },
  { field: ECS.host.ip, kind: 'ip' },
  { field: ECS.related.ip, kind: 'ip' },
  { field: ECS.host.name, kind: 'hostname' },
  { field: ECS.host.hostname, kind: 'hostname' },
  { field: ECS.source.domain, kind: 'address' },
  { field: ECS.destination.domain, kind: 'address' },
  { field: ECS.client.domain, kind: 'address' },
  { field: ECS.server.domain, kind: 'address' },
  { field: ECS.related.hosts, kind: 'address' },
  { field: ECS.url.domain, kind: 'address' },
  { field: ECS.dns.questionName, kind: 'address' },
  { field: ECS.tls.serverName, kind: 'address' },
  { field: ECS.url.registeredDomain, kind: 'domain' },
  { field: ECS.dns.registeredDomain, kind: 'domain' },
  { field: ECS.url.original, kind: 'url' },
  { field: ECS.url.full, kind: 'url' },
  { field: ECS.http.userAgent, kind: 'user-agent' },
  { field: ECS.user.name, kind: 'user' },
  { field: ECS.user.targetName, kind: 'user' },
  { field: ECS.source.userName, kind: 'user' },
  { field: ECS.destination.userName, kind: 'user' },
  { field: ECS.related.user, kind: 'user' },
  { field: ECS.user.email, kind: 'mail' },
  { field: ECS.email.fromAddress, kind: 'mail' },
  { field: ECS.email.senderAddress, kind: 'mail' },
  { field: ECS.email.replyToAddress, kind: 'mail' },
  { field: ECS.email.toAddress, kind: 'mail' },
  { field: ECS.email.ccAddress, kind: 'mail' },
  { field: ECS.file.md5, kind: 'hash' },
  { field: ECS.file.sha1, kind: 'hash' },
  { field: ECS.file.sha256, kind: 'hash' },
  { field: ECS.file.sha512, kind: 'hash' },
  { field: ECS.process.hashMd5, kind: 'hash' },
  { field: ECS.process.hashSha1, kind: 'hash' },
  { field: ECS.process.hashSha256, kind: 'hash' },
  { field: ECS.process.hashSha512, kind: 'hash' },
  { field: ECS.process.parentHashSha256, kind: 'hash' },
  { field: ECS.dll.sha256, kind: 'hash' },
  { field: ECS.related.hash, kind: 'hash' },
  { field: ECS.winlog.hashes, kind: 'hash-list' },
  { field: ECS.winlog.hash, kind: 'hash-list' },
  { field: ECS.file.name, kind: 'filename' },
  { field: ECS.file.path, kind: 'file-path' },
  { field: ECS.process.executable, kind: 'file-path' },
  { field: ECS.dll.path, kind: 'file-path' },
  { field: ECS.registry.path, kind: 'registry' },
  { field: ECS.registry.key, kind: 'registry' },
  { field: ECS.winlog.targetObject, kind: 'registry' },
];

/**
 * Values that name nobody in particular: placeholders, loopback and wildcard addresses, and
 * Windows' built-in service accounts, which appear in almost every event and identify nothing.
 */
const NOISE: Partial<Record<ObservableType, ReadonlySet<string>>> = {
  ip: new Set(['127.0.0.1', '::1', '0.0.0.0', '::']),
  user: new Set(['-', 'system', 'local service', 'network service', 'anonymous logon', 'n/a']),
  hostname: new Set(['-', 'localhost', 'n/a']),
  fqdn: new Set(['localhost.localdomain']),
};
const PLACEHOLDERS = new Set(['', '-', 'n/a', 'null', 'none', 'unknown']);

/** The file-hash algorithms of Sysmon's hash lists (IMPHASH identifies an import table, not a file). */
const LISTED_HASHES: Record<string, HashAlgorithm> = { MD5: 'md5', SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };

export interface ExtractedObservable {
  type: ObservableType;
  value: string;
  hash_algorithm: HashAlgorithm | null;
  /** The field it was first found in. */
  field: string;
}

/** Where extraction reads: an alert's sample events and the entities the detector named. */
export interface ExtractInput {
  events: { fields: Fields }[];
  entities?: { type: string; value: string }[];
}

/** No case needs more than this many observables from one batch of alerts. */
export const MAX_EXTRACTED = 1000;

function scalars(value: FieldValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => scalars(v));
  if (typeof value === 'object') return [];
  return [String(value)];
}

function addressType(value: string): ObservableType {
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (isIP(bare)) return 'ip';
  return value.replace(/\.$/, '').includes('.') ? 'fqdn' : 'hostname';
}

function candidates(kind: ExtractKind, raw: string): { type: ObservableType; value: string }[] {
  if (kind === 'address') return [{ type: addressType(raw), value: raw }];
  if (kind === 'hash-list') {
    return raw.split(',').flatMap((part) => {
      const eq = part.indexOf('=');
      const algorithm = eq > 0 ? LISTED_HASHES[part.slice(0, eq).trim().toUpperCase()] : undefined;
      return algorithm ? [{ type: 'hash' as const, value: part.slice(eq + 1) }] : [];
    });
  }
  return [{ type: kind, value: raw }];
}

/** Entities name their kind either as an observable type or as the ECS field they came from. */
function entityKind(type: string): ExtractKind | undefined {
  if ((OBSERVABLE_TYPES as readonly string[]).includes(type)) return type as ObservableType;
  if (type === 'email') return 'mail';
  return EXTRACT_RULES.find((rule) => rule.field === type)?.kind;
}

/**
 * Every distinct observable in the inputs, in the order first met, canonical and deduplicated
 * by (type, value). Values that are not valid for their type are skipped, never an error.
 */
export function extractObservables(inputs: readonly ExtractInput[], rules: readonly ExtractRule[] = EXTRACT_RULES): ExtractedObservable[] {
  const found = new Map<string, ExtractedObservable>();
  const take = (kind: ExtractKind, raw: string, field: string): void => {
    for (const candidate of candidates(kind, raw)) {
      if (found.size >= MAX_EXTRACTED) return;
      if (PLACEHOLDERS.has(candidate.value.trim().toLowerCase())) continue;
      const canonical = canonicalObservable(candidate.type, candidate.value);
      if (!canonical.ok || NOISE[candidate.type]?.has(canonical.value.toLowerCase())) continue;
      const key = `${candidate.type}\u0000${canonical.value}`;
      if (!found.has(key)) found.set(key, { type: candidate.type, value: canonical.value, hash_algorithm: canonical.hash_algorithm, field });
    }
  };
  for (const input of inputs) {
    for (const entity of input.entities ?? []) {
      const kind = entityKind(entity.type);
      if (kind) take(kind, entity.value, entity.type);
    }
    for (const event of input.events) {
      for (const rule of rules) {
        for (const raw of scalars(event.fields[rule.field])) take(rule.kind, raw, rule.field);
      }
    }
  }
  return [...found.values()];
}
