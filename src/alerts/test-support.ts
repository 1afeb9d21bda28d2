// Builders for alert tests: a migrated in-memory state database and detection hits.
import type { Fields } from '../event/event.js';
import { ECS } from '../event/fields.js';
import { openStateDb, type StateDb } from '../store/state/database.js';
import type { AlertCandidate, Severity } from './types.js';

export function memoryDb(): StateDb {
  return openStateDb(':memory:');
}

export const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 3_600_000;

let seq = 0;

export interface HitOptions {
  tenant?: string;
  ruleId?: string;
  title?: string;
  level?: Severity;
  host?: string | null;
  user?: string | null;
  ip?: string | null;
  /** Event time, epoch ms. */
  at?: number;
  fields?: Fields;
}

/** A Sigma hit on a Windows process creation event. */
export function hit(options: HitOptions = {}): AlertCandidate {
  seq += 1;
  const fields: Fields = {
    [ECS.event.code]: '1',
    [ECS.process.commandLine]: 'powershell.exe -enc SQBFAFgA',
    ...(options.host === null ? {} : { [ECS.host.name]: options.host ?? 'ws01' }),
    ...(options.user === null ? {} : { [ECS.user.name]: options.user ?? 'alice' }),
    ...(options.ip === null || options.ip === undefined ? {} : { [ECS.source.ip]: options.ip }),
    ...options.fields,
  };
  return {
    tenant: options.tenant ?? 'default',
    rule: {
      id: options.ruleId ?? 'rule-encoded-powershell',
      title: options.title ?? 'Encoded PowerShell command line',
      level: options.level ?? 'high',
      author: 'Jane Doe',
      description: 'Detects encoded PowerShell',
      references: ['https://attack.mitre.org/techniques/T1059/001/'],
      tags: ['attack.execution', 'attack.t1059.001'],
      status: 'test',
      falsepositives: ['Admin scripts'],
      source: 'sigma',
    },
    event: { id: `evt-${seq}`, timestamp: options.at ?? T0, fields },
    matchedFields: { [ECS.process.commandLine]: fields[ECS.process.commandLine]! },
  };
}
