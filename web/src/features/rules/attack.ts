// The MITRE ATT&CK Enterprise tactics, in kill-chain order, and the coverage matrix built
// from rules' Sigma tags ("attack.execution", "attack.t1059.001") and alert counts.

export const TACTICS: { id: string; name: string; tag: string }[] = [
  { id: 'TA0043', name: 'Reconnaissance', tag: 'reconnaissance' },
  { id: 'TA0042', name: 'Resource Development', tag: 'resource_development' },
  { id: 'TA0001', name: 'Initial Access', tag: 'initial_access' },
  { id: 'TA0002', name: 'Execution', tag: 'execution' },
  { id: 'TA0003', name: 'Persistence', tag: 'persistence' },
  { id: 'TA0004', name: 'Privilege Escalation', tag: 'privilege_escalation' },
  { id: 'TA0005', name: 'Defense Evasion', tag: 'defense_evasion' },
  { id: 'TA0006', name: 'Credential Access', tag: 'credential_access' },
  { id: 'TA0007', name: 'Discovery', tag: 'discovery' },
  { id: 'TA0008', name: 'Lateral Movement', tag: 'lateral_movement' },
  { id: 'TA0009', name: 'Collection', tag: 'collection' },
  { id: 'TA0011', name: 'Command and Control', tag: 'command_and_control' },
  { id: 'TA0010', name: 'Exfiltration', tag: 'exfiltration' },
  { id: 'TA0040', name: 'Impact', tag: 'impact' },
];

export const OTHER_TACTIC = 'other';

export interface TechniqueCell {
  id: string;
  rules: string[];
  alerts: number;
}

export interface MatrixColumn {
  tactic: string;
  name: string;
  techniques: TechniqueCell[];
}

/** "attack.t1059.001" → "T1059.001"; null for other tags. */
export function techniqueOf(tag: string): string | null {
  const match = /^attack\.(t\d{4}(?:\.\d{3})?)$/i.exec(tag);
  return match ? match[1]!.toUpperCase() : null;
}

/** "attack.defense-evasion" or "attack.defense_evasion" → "defense_evasion"; null for other tags. */
export function tacticOf(tag: string): string | null {
  const match = /^attack\.([a-z-_]+)$/i.exec(tag);
  if (!match) return null;
  const name = match[1]!.toLowerCase().replace(/-/g, '_');
  return TACTICS.some((t) => t.tag === name) ? name : null;
}

/**
 * Techniques covered by the rules, under each tactic the rules tag them with (techniques of a
 * rule without a tactic go under "Other"), with the rules covering each and the alerts raised
 * for it (alertsByTechnique). Techniques in a column are sorted by id.
 */
export function buildMatrix(rules: readonly { title: string; tags: string[] }[], alertsByTechnique: ReadonlyMap<string, number>): MatrixColumn[] {
  const cells = new Map<string, Map<string, TechniqueCell>>();
  for (const rule of rules) {
    const techniques = rule.tags.map(techniqueOf).filter((t): t is string => t !== null);
    if (techniques.length === 0) continue;
    const tactics = rule.tags.map(tacticOf).filter((t): t is string => t !== null);
    for (const tactic of tactics.length ? tactics : [OTHER_TACTIC]) {
      const column = cells.get(tactic) ?? new Map<string, TechniqueCell>();
      cells.set(tactic, column);
      for (const id of techniques) {
        const cell = column.get(id) ?? { id, rules: [], alerts: alertsByTechnique.get(id) ?? 0 };
        if (!cell.rules.includes(rule.title)) cell.rules.push(rule.title);
        column.set(id, cell);
      }
    }
  }
  const columns = [...TACTICS.map((t) => ({ tactic: t.tag, name: t.name })), { tactic: OTHER_TACTIC, name: 'Other' }];
  return columns
    .map((c) => ({ ...c, techniques: [...(cells.get(c.tactic)?.values() ?? [])].sort((a, b) => a.id.localeCompare(b.id)) }))
    .filter((c) => c.tactic !== OTHER_TACTIC || c.techniques.length > 0);
}
