// Public API of the Sigma engine: load rules (files, folders, pasted YAML), compile them into
// a matcher, and read what a match says. Correlation lives in ../correlate.

export { loadRules, loadRulesFromText, type LoadResult } from './load.js';
export { createSigmaEngine, type EngineOptions, type EngineStats, type RuleInfo, type RuleMatch, type SigmaEngine } from './engine.js';
export { testRules, type RuleTestResult } from './test-rule.js';
export { RuleError, type RuleErrorReason } from './errors.js';
export { MODIFIERS, type ModifierDef } from './modifiers.js';
export {
  DEFAULT_MAPPINGS,
  mappingsFor,
  readSigmaField,
  type FieldMapping,
  type FieldSource,
  type GuardCondition,
  type LogsourceKey,
  type LogsourceMapping,
} from './mapping/index.js';
export type { UnknownPlaceholder } from './compile/placeholders.js';
export type {
  Condition,
  CorrelationCondition,
  CorrelationRule,
  CorrelationType,
  Detection,
  DetectionItem,
  Detections,
  Level,
  LogSource,
  RuleMeta,
  RuleSource,
  SigmaDocument,
  SigmaFilter,
  SigmaRule,
  SigmaValue,
  Status,
} from './types.js';
