// The MITRE ATT&CK Enterprise tactics in kill-chain order, and the coverage matrix: each
// covered technique (GET /api/rules/coverage) under every tactic its rules tag it with.
import type { CoverageEntry } from './types.js';

export const TACTICS: { id: string; name: string; tag: string }[] = [
  { id: 'TA0043', name: 'Reconnaissance', tag: 'reconnaissance' },
  { id: 'TA0042', name: 'Resource Development', tag: 'resource-development' },
  { id: 'TA0001', name: 'Initial Access', tag: 'initial-access' },
  { id: 'TA0002', name: 'Execution', tag: 'execution' },
  { id: 'TA0003', name: 'Persistence', tag: 'persistence' },
  { id: 'TA0004', name: 'Privilege Escalation', tag: 'privilege-escalation' },
  { id: 'TA0005', name: 'Defense Evasion', tag: 'defense-evasion' },
  { id: 'TA0006', name: 'Credential Access', tag: 'credential-access' },
  { id: 'TA0007', name: 'Discovery', tag: 'discovery' },
  { id: 'TA0008', name: 'Lateral Movement', tag: 'lateral-movement' },
  { id: 'TA0009', name: 'Collection', tag: 'collection' },
  { id: 'TA0011', name: 'Command and Control', tag: 'command-and-control' },
  { id: 'TA0010', name: 'Exfiltration', tag: 'exfiltration' },
  { id: 'TA0040', name: 'Impact', tag: 'impact' },
];

export const OTHER_TACTIC = 'other';

export interface MatrixColumn {
  tactic: string;
  name: string;
  techniques: CoverageEntry[];
}

/** "attack.t1059.001" → "T1059.001"; null for other tags. */
export function techniqueOf(tag: string): string | null {
  const match = /^attack\.(t\d{4}(?:\.\d{3})?)$/i.exec(tag);
  return match ? match[1]!.toUpperCase() : null;
}

/** Old Sigma rules write tactics with underscores (credential_access), newer ones with hyphens. */
function tacticKey(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

/**
 * One column per tactic, in kill-chain order, each with the techniques tagged with it (sorted
 * by id); techniques whose rules name no known tactic go to a last "Other" column.
 */
export function buildMatrix(techniques: readonly CoverageEntry[]): MatrixColumn[] {
  const known = new Set(TACTICS.map((t) => t.tag));
  const byTactic = new Map<string, CoverageEntry[]>();
  for (const entry of techniques) {
    const tactics = [...new Set(entry.tactics.map(tacticKey).filter((t) => known.has(t)))];
    for (const tactic of tactics.length ? tactics : [OTHER_TACTIC]) byTactic.set(tactic, [...(byTactic.get(tactic) ?? []), entry]);
  }
  return [...TACTICS.map((t) => ({ tactic: t.tag, name: t.name })), { tactic: OTHER_TACTIC, name: 'Other' }]
    .map((c) => ({ ...c, techniques: [...(byTactic.get(c.tactic) ?? [])].sort((a, b) => a.technique.localeCompare(b.technique)) }))
    .filter((c) => c.tactic !== OTHER_TACTIC || c.techniques.length > 0);
}
