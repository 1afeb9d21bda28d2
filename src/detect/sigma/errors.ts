// The error a Sigma rule, correlation or filter is reported with when it cannot be loaded or compiled.

import { VigilError, type ErrorLocation } from '../../errors.js';

/** Why a rule was refused; lets the report and the API group rules by cause. */
export type RuleErrorReason =
  | 'io'
  | 'yaml'
  | 'schema'
  | 'modifier'
  | 'value'
  | 'condition'
  | 'legacy_aggregation'
  | 'duplicate_id'
  | 'reference'
  | 'placeholder'
  | 'regex';

export class RuleError extends VigilError {
  readonly reason: RuleErrorReason;
  /** Title or id of the rule, when it got far enough to have one. */
  readonly rule?: string;

  constructor(reason: RuleErrorReason, message: string, options: { location?: ErrorLocation; rule?: string; cause?: unknown } = {}) {
    super('rule_invalid', message, { location: options.location, cause: options.cause, details: { reason, rule: options.rule } });
    this.reason = reason;
    this.rule = options.rule;
  }
}
