// Compiling the enabled part of the catalog: the Sigma engine over the enabled rules (plus the
// rules enabled correlations build on), and the correlations to run. Every correlation of the
// catalog is shown to the engine so a rule that only feeds correlations stays quiet on its own
// even when its correlation is disabled.
import type { CorrelationRule, EngineOptions, RuleError, SigmaDocument, SigmaEngine } from './sigma/index.js';
import { createSigmaEngine } from './sigma/index.js';
import { referencedDocuments, type RuleCatalog } from './rules/catalog.js';

export interface CompiledRules {
  engine: SigmaEngine;
  /** Correlations to run: the enabled ones and those they are built on. */
  correlations: CorrelationRule[];
  /** What the correlator resolves references against. */
  documents: SigmaDocument[];
  /** Keys whose matches raise alerts: the enabled rules and correlations. */
  alerting: ReadonlySet<string>;
  /** Keys of the rules whose matches the correlations consume. */
  correlated: ReadonlySet<string>;
  /** Rules that could not be compiled (e.g. a missing placeholder). */
  errors: RuleError[];
  /** Enabled rules whose logsource no mapping covers: they never match streamed events. */
  unmapped: number;
}

export function compileRules(catalog: RuleCatalog, enabled: ReadonlySet<string>, options: EngineOptions = {}): CompiledRules {
  const roots = catalog.rules.filter((r) => enabled.has(r.key)).map((r) => r.doc);
  const needed = referencedDocuments(catalog, roots.filter((d) => d.kind === 'correlation'));
  const rules = new Map<string, SigmaDocument>();
  for (const doc of [...roots, ...needed]) if (doc.kind === 'rule') rules.set(doc.key, doc);
  const correlations = needed.filter((d): d is CorrelationRule => d.kind === 'correlation');
  const allCorrelations = catalog.documents.filter((d) => d.kind === 'correlation');
  const engine = createSigmaEngine([...rules.values(), ...catalog.filters, ...allCorrelations], options);
  const correlated = new Set<string>();
  for (const doc of referencedDocuments(catalog, correlations)) if (doc.kind === 'rule') correlated.add(doc.key);
  const stats = engine.stats();
  return {
    engine,
    correlations,
    documents: [...rules.values(), ...correlations],
    alerting: new Set(roots.map((d) => d.key)),
    correlated,
    errors: stats.errors,
    unmapped: stats.unmapped.length,
  };
}
