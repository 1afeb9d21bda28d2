// Typed errors: each has a code, an HTTP status and, where it has one, a file:line location.
// The API's error handler turns them into one JSON shape; nothing else builds error responses.

export type ErrorCode =
  | 'bad_request'
  | 'query_syntax'
  | 'config_invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'overloaded'
  | 'rate_limited'
  | 'payload_too_large'
  | 'rule_invalid'
  | 'parse_failed'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  query_syntax: 400,
  config_invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  overloaded: 429,
  rate_limited: 429,
  payload_too_large: 413,
  rule_invalid: 400,
  parse_failed: 400,
  internal: 500,
};

export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number;
}

export class VigilError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly location?: ErrorLocation;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; location?: ErrorLocation; details?: Record<string, unknown> } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = STATUS[code];
    this.location = options.location;
    this.details = options.details;
  }

  /** "file:line: message" when the error has a location. */
  where(): string {
    const loc = this.location;
    if (!loc?.file) return this.message;
    return `${loc.file}${loc.line ? `:${loc.line}` : ''}${loc.column ? `:${loc.column}` : ''}: ${this.message}`;
  }
}

/** The pipeline is full; retry after the given number of seconds. */
export class OverloadedError extends VigilError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds = 1) {
    super('overloaded', 'ingestion is behind; retry later');
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class QuerySyntaxError extends VigilError {
  /** 0-based offset of the error in the query text. */
  readonly position: number;
  constructor(message: string, position: number) {
    super('query_syntax', `${message} at position ${position}`, { details: { position } });
    this.position = position;
  }
}

export class ConfigError extends VigilError {
  constructor(message: string, options: { location?: ErrorLocation; details?: Record<string, unknown> } = {}) {
    super('config_invalid', message, options);
  }
}

export class NotFoundError extends VigilError {
  constructor(what: string) {
    super('not_found', `${what} not found`);
  }
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
