// The source kinds Vigil can run, listed explicitly: adding a kind is adding a row here.

import { ConfigError } from '../errors.js';
import type { SourceKind } from '../pipeline/stages.js';
import { fileSource } from './file/index.js';
import { syslogSource } from './syslog/index.js';

export { createBatcher } from './batcher.js';
export type { Batcher, BatcherOptions, OverloadPolicy } from './batcher.js';
export { recordText, wasCut } from './record-text.js';
export { fileSource } from './file/index.js';
export type { FileConfig } from './file/index.js';
export { syslogSource } from './syslog/index.js';
export type { SyslogConfig } from './syslog/index.js';

export const SOURCE_KINDS: readonly SourceKind<unknown>[] = [syslogSource, fileSource];

/** The kinds by type; a type listed twice is a start-up error. */
export function sourceKindsByType(kinds: readonly SourceKind<unknown>[] = SOURCE_KINDS): ReadonlyMap<string, SourceKind<unknown>> {
  const byType = new Map<string, SourceKind<unknown>>();
  for (const kind of kinds) {
    if (byType.has(kind.type)) throw new ConfigError(`source kind "${kind.type}" is registered twice`);
    byType.set(kind.type, kind);
  }
  return byType;
}
