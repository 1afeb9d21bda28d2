// The correlator's public shapes: options, what it emits, and its serializable snapshot.

import type { FieldValue } from '../../event/event.js';
import type { LogsourceMapping } from '../sigma/mapping/index.js';
import type { CorrelationType, Level, SigmaDocument, Status } from '../sigma/types.js';

export interface CorrelatorOptions {
  /**
   * Every loaded document (rules and correlations), so references by id or name resolve. The
   * correlation rules passed to createCorrelator are enough when they refer to each other only.
   */
  documents?: readonly SigmaDocument[];
  /** Logsource mappings used to read group-by fields from events (defaults to the built-in list). */
  mappings?: readonly LogsourceMapping[];
  /** Most groups kept per correlation rule; the least recently used is evicted beyond it. */
  maxGroups?: number;
  /** Most events kept per group (raised to a count condition's threshold when that is higher). */
  maxEventsPerGroup?: number;
  /** Called for every evicted group, e.g. to count `correlation_state_evictions_total`. */
  onEvict?: (eviction: { rule: string; group: string }) => void;
}

export interface CorrelationInfo {
  key: string;
  id?: string;
  name?: string;
  title: string;
  type: CorrelationType;
  level?: Level;
  status?: Status;
  author?: string;
  description?: string;
  references: readonly string[];
  tags: readonly string[];
  falsepositives: readonly string[];
}

export interface CorrelationMatch {
  rule: CorrelationInfo;
  /** Group-by field → value shared by the correlated events. */
  group: Record<string, FieldValue>;
  /** Event time of the first and last correlated event (epoch ms). */
  start: number;
  end: number;
  /** The value the condition was checked on: events, distinct values, rules seen, sum, average or share (%). */
  value: number;
  /** Ids of the correlated events (the most recent ones when there were more than the group keeps). */
  events: string[];
  /** Keys of the rules (or correlations) whose matches were correlated. */
  rules: string[];
  /** False when this correlation only feeds another correlation. */
  alert: boolean;
}

/** One correlated occurrence kept in a group. */
export interface Entry {
  t: number;
  event: string;
  /** Positions in the correlation's `rules` list that this occurrence answers. */
  refs: number[];
  /** Key of the rule or correlation that produced it. */
  source: string;
  /** The condition field's value (value_* types): text key, or a number for sums and averages. */
  value?: string | number;
}

export interface GroupState {
  /** Group-by values, to report with a match. */
  group: Record<string, FieldValue>;
  entries: Entry[];
  /** Start of the current window for conditions checked when a window closes. */
  windowStart: number;
}

export interface CorrelatorSnapshot {
  version: 1;
  /** Latest event time seen. */
  watermark: number;
  rules: Record<string, { type: CorrelationType; groups: [string, GroupState][] }>;
}

export interface CorrelatorStats {
  rules: number;
  groups: number;
  evictions: number;
  matches: number;
  /** Rule matches that could not be correlated (an internal error; they are skipped). */
  failed: number;
  watermark: number;
}
