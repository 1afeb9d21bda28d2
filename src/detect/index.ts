// Detection in the product: the streaming detection service the pipeline feeds, the rule
// library and catalog with enable/disable settings and the default policy, rule management
// shared by the API and the CLI, testing rules on pasted events, ATT&CK coverage, and offline
// hunting over log files. The Sigma engine and correlation are in ./sigma and ./correlate.
export { createDetectionService, type DetectionOptions, type DetectionService, type DetectionStatus } from './detection.js';
export { compileRules, type CompiledRules } from './compile.js';
export { matchCandidate, correlationCandidate } from './candidates.js';
export { loadCatalog, referencedDocuments, type CatalogRule, type RuleCatalog } from './rules/catalog.js';
export {
  BUILTIN_RULES_DIR, SIGMAHQ_RELEASE_URL, importRules, markRulesChanged, ruleLibrary, ruleSets, rulesChangedAt, updateSigmaRules,
  type RuleLibrary, type RuleSetDir,
} from './rules/library.js';
export {
  DEFAULT_ENABLE_POLICY, RULE_LEVELS, RULE_STATUSES, enabledByDefault, enabledKeys, ruleStates, type EnablePolicy, type RuleState,
} from './rules/policy.js';
export { readRuleOverrides, writeRuleOverrides } from './rules/settings.js';
export { changeRules, isEmptyQuery, rulesByIds, rulesForBulk, type RuleChangeResult, type RuleWriter } from './rules/manage.js';
export { logsourceParts, pageOf, ruleMatchesQuery, selectRules, summarize, type RuleQuery, type RuleSummary } from './rules/query.js';
export { attackCoverage, type CoverageEntry } from './rules/coverage.js';
export { alertCountsByRule, recentRuleAlerts, type RuleHit } from './rules/alert-counts.js';
export { ruleYaml } from './rules/yaml-text.js';
export { testPastedRules, type PastedRuleTest } from './rules/test-pasted.js';
export { createHunter, hunt, type Hunter, type HunterOptions, type HuntHit, type HuntOptions, type HuntSummary, type ScanOptions } from './hunt/hunt.js';
