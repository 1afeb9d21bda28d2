// The Sigma rule model after loading: rules, correlations and filters as plain data. Values and
// the condition are discriminated unions so every consumer (matcher, report, a future SQL backend)
// handles each case explicitly.

export type Level = 'informational' | 'low' | 'medium' | 'high' | 'critical';
export type Status = 'stable' | 'test' | 'experimental' | 'deprecated' | 'unsupported';
export type RelationType = 'derived' | 'obsolete' | 'merged' | 'renamed' | 'similar';

export const LEVELS: readonly Level[] = ['informational', 'low', 'medium', 'high', 'critical'];
export const STATUSES: readonly Status[] = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'];
export const RELATION_TYPES: readonly RelationType[] = ['derived', 'obsolete', 'merged', 'renamed', 'similar'];

/** Where a document came from: file (or the name given to a pasted text), 1-based line, document index. */
export interface RuleSource {
  file: string;
  line: number;
  /** 0-based index of the YAML document in its file. */
  document: number;
}

export interface LogSource {
  category?: string;
  product?: string;
  service?: string;
  definition?: string;
  /** Any other logsource keys, kept as written. */
  custom: Record<string, string>;
}

export interface RelatedRule {
  id: string;
  type: RelationType;
}

/** Metadata shared by rules, correlations and filters. Every spec field is kept. */
export interface RuleMeta {
  /** Stable key: the rule's `id`, or a content hash for rules without one (see ruleKey). */
  key: string;
  title: string;
  id?: string;
  name?: string;
  related: RelatedRule[];
  taxonomy: string;
  status?: Status;
  description?: string;
  license?: string;
  author?: string;
  references: string[];
  date?: string;
  modified?: string;
  fields: string[];
  falsepositives: string[];
  level?: Level;
  tags: string[];
  scope: string[];
  /** Keys the spec does not define (e.g. regression_tests_path), kept as parsed. */
  custom: Record<string, unknown>;
  source: RuleSource;
}

// ---- values ---------------------------------------------------------------------------------

export interface Wildcard {
  readonly wildcard: '*' | '?';
}
export const STAR: Wildcard = Object.freeze({ wildcard: '*' });
export const ONE: Wildcard = Object.freeze({ wildcard: '?' });

/** A placeholder (`%name%`) left in a string by the `expand` modifier. */
export interface Placeholder {
  readonly placeholder: string;
}

/** Plain text and wildcards; placeholders only until expansion. */
export type StringPart = string | Wildcard | Placeholder;

export type CompareOp = 'gt' | 'gte' | 'lt' | 'lte';
export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';
export type FieldRefMode = 'equals' | 'startswith' | 'endswith' | 'contains';

export type SigmaValue =
  /** Text with wildcards. `bytes` marks text whose characters are bytes (after utf16*). */
  | { kind: 'string'; parts: StringPart[]; cased: boolean; bytes: boolean }
  /** A YAML number; `text` is how it was written (0x10 stays "0x10" for string comparison). */
  | { kind: 'number'; value: number; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }
  | { kind: 'regex'; pattern: string; flags: string }
  | { kind: 'cidr'; text: string; version: 4 | 6; bits: number[]; prefix: number }
  | { kind: 'compare'; op: CompareOp; value: number }
  | { kind: 'exists'; value: boolean }
  | { kind: 'fieldref'; field: string; mode: FieldRefMode; cased: boolean };

export type ValueKind = SigmaValue['kind'];

export interface DetectionItem {
  /** Sigma field name; null for keyword search. */
  field: string | null;
  modifiers: string[];
  values: SigmaValue[];
  /** `all` modifier: every value must match instead of any. */
  all: boolean;
  /** `neq` modifier: the item holds when no value matches. */
  negate: boolean;
  /** Time modifier: compare this part of the field's date instead of the field. */
  timePart?: TimePart;
  line: number;
}

/** A search identifier's body: a map (all items), a list of maps (any), or keywords. */
export type Detection =
  | { kind: 'map'; items: DetectionItem[]; line: number }
  | { kind: 'list'; entries: Detection[]; line: number };

// ---- condition ------------------------------------------------------------------------------

export type OfTarget = { kind: 'them' } | { kind: 'pattern'; pattern: string };

export type Condition =
  | { kind: 'and'; operands: Condition[] }
  | { kind: 'or'; operands: Condition[] }
  | { kind: 'not'; operand: Condition }
  | { kind: 'ref'; name: string }
  /** `1 of x*`, `all of them`, `2 of selection_*`: at least `count` (or all) of the matching searches. */
  | { kind: 'of'; count: number | 'all'; target: OfTarget };

export interface Detections {
  /** Search identifiers in file order. */
  searches: Map<string, Detection>;
  /** One AST per condition; a list of conditions is OR-ed. */
  conditions: Condition[];
  conditionText: string[];
  line: number;
}

// ---- documents ------------------------------------------------------------------------------

export interface SigmaRule extends RuleMeta {
  kind: 'rule';
  logsource: LogSource;
  detection: Detections;
}

export type CorrelationType =
  | 'event_count'
  | 'value_count'
  | 'temporal'
  | 'temporal_ordered'
  | 'value_sum'
  | 'value_avg'
  | 'value_percentile';

export const CORRELATION_TYPES: readonly CorrelationType[] = [
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
];

export type CountOp = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';
export const COUNT_OPS: readonly CountOp[] = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'];

export interface CorrelationCondition {
  /** All given bounds must hold (a range is gt + lte). */
  bounds: { op: CountOp; value: number }[];
  /** Field(s) for value_count / value_sum / value_avg / value_percentile. */
  field?: string[];
}

export interface CorrelationRule extends RuleMeta {
  kind: 'correlation';
  type: CorrelationType;
  /** Ids or names of the rules (or correlations) correlated. */
  rules: string[];
  groupBy: string[];
  /** Window length in ms. */
  timespan: number;
  timespanText: string;
  condition?: CorrelationCondition;
  /** alias → (rule name or id → field name). */
  aliases: Record<string, Record<string, string>>;
  /** Whether the referenced rules also alert on their own. */
  generate: boolean;
}

export interface SigmaFilter extends RuleMeta {
  kind: 'filter';
  logsource: LogSource;
  /** Rule ids or names the filter applies to; 'any' applies to every rule of the logsource. */
  rules: string[] | 'any';
  detection: Detections;
}

export type SigmaDocument = SigmaRule | CorrelationRule | SigmaFilter;
