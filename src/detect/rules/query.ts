// Selecting rules by what an operator knows about them (status, level, tag, logsource, set,
// enabled, words of the title), and the summary a rule is listed with by the API and the CLI.
import { VigilError } from '../../errors.js';
import type { CatalogRule, RuleCatalog } from './catalog.js';
import type { RuleState } from './policy.js';

export interface RuleQuery {
  status?: readonly string[];
  level?: readonly string[];
  /** Sigma tags; "attack.t1059" also selects its sub-techniques ("attack.t1059.001"). */
  tag?: readonly string[];
  /** "product/category/service" parts, any order, any subset: "windows/process_creation", "sshd". */
  logsource?: string;
  /** A set (builtin, sigmahq, imported/<name>), or "imported" for every imported set. */
  source?: string;
  enabled?: boolean;
  kind?: 'rule' | 'correlation';
  /** Words that must all appear in the title (or the whole id). */
  q?: string;
}

export interface RuleSummary {
  id: string;
  kind: 'rule' | 'correlation';
  title: string;
  level: string | null;
  status: string | null;
  author: string | null;
  tags: string[];
  logsource: CatalogRule['logsource'];
  /** The rule set: builtin, sigmahq, imported/<name>. */
  source: string;
  enabled: boolean;
  /** What the default policy says, and the explicit setting (null: none, the policy applies). */
  enabled_by_default: boolean;
  override: boolean | null;
  file: string;
  line: number;
  /** Alerts of this rule in the caller's tenants (when counted). */
  alert_count?: number;
}

/** "windows / process_creation" → ["windows", "process_creation"]. */
export function logsourceParts(text: string): string[] {
  return text.split('/').map((p) => p.trim().toLowerCase()).filter(Boolean);
}

function hasTag(tags: readonly string[], wanted: string): boolean {
  const w = wanted.toLowerCase();
  return tags.some((t) => {
    const tag = t.toLowerCase();
    return tag === w || tag.startsWith(`${w}.`);
  });
}

export function ruleMatchesQuery(rule: CatalogRule, state: RuleState, query: RuleQuery): boolean {
  const doc = rule.doc;
  if (query.kind !== undefined && doc.kind !== query.kind) return false;
  if (query.enabled !== undefined && state.enabled !== query.enabled) return false;
  if (query.status?.length && !query.status.includes(doc.status ?? '')) return false;
  if (query.level?.length && !query.level.includes(doc.level ?? '')) return false;
  if (query.tag?.length && !query.tag.some((t) => hasTag(doc.tags, t))) return false;
  if (query.source !== undefined && rule.set !== query.source && !rule.set.startsWith(`${query.source}/`)) return false;
  if (query.logsource !== undefined) {
    const values = [rule.logsource.product, rule.logsource.category, rule.logsource.service].filter((v): v is string => v !== undefined).map((v) => v.toLowerCase());
    if (!logsourceParts(query.logsource).every((part) => values.includes(part))) return false;
  }
  if (query.q !== undefined && query.q.trim() !== '') {
    const title = doc.title.toLowerCase();
    const words = query.q.toLowerCase().split(/\s+/).filter(Boolean);
    if (rule.key.toLowerCase() !== query.q.trim().toLowerCase() && !words.every((w) => title.includes(w))) return false;
  }
  return true;
}

export function summarize(rule: CatalogRule, state: RuleState): RuleSummary {
  const doc = rule.doc;
  return {
    id: rule.key,
    kind: doc.kind,
    title: doc.title,
    level: doc.level ?? null,
    status: doc.status ?? null,
    author: doc.author ?? null,
    tags: [...doc.tags],
    logsource: rule.logsource,
    source: rule.set,
    enabled: state.enabled,
    enabled_by_default: state.byDefault,
    override: state.override,
    file: doc.source.file,
    line: doc.source.line,
  };
}

/** The catalog rules a query selects, in catalog order. */
export function selectRules(catalog: Pick<RuleCatalog, 'rules'>, states: ReadonlyMap<string, RuleState>, query: RuleQuery): CatalogRule[] {
  return catalog.rules.filter((r) => ruleMatchesQuery(r, states.get(r.key)!, query));
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`o${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const m = /^o(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new VigilError('bad_request', 'cursor: not a cursor this list gave');
  return Number(m[1]);
}

/** One page of a selection; `next_cursor` is absent on the last page. */
export function pageOf<T>(items: readonly T[], limit: number, cursor: string | undefined): { items: T[]; total: number; next_cursor?: string } {
  const offset = decodeCursor(cursor);
  const page = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? encodeCursor(offset + limit) : undefined;
  return { items: page, total: items.length, ...(next ? { next_cursor: next } : {}) };
}
