// The parsed query: a plain tree of boolean nodes over field terms, with values already typed
// for the field they apply to (number, date period, IP, CIDR, wildcard pattern, string).

export type QueryNode = MatchAllNode | AndNode | OrNode | NotNode | FreeTextNode | MatchNode | ExistsNode | RangeNode;

/** The empty query, or a bare `*`: every event. */
export interface MatchAllNode {
  type: 'all';
}

export interface AndNode {
  type: 'and';
  children: QueryNode[];
}

export interface OrNode {
  type: 'or';
  children: QueryNode[];
}

export interface NotNode {
  type: 'not';
  child: QueryNode;
}

/** A bare word or phrase: contained in any of the free-text fields. */
export interface FreeTextNode {
  type: 'text';
  value: StringValue | WildcardValue;
  /** 0-based offset of the term in the query text. */
  position: number;
}

/** `field:value`; a value group `field:(a OR b)` becomes one of these per value. */
export interface MatchNode {
  type: 'match';
  field: string;
  value: MatchValue;
  /** 0-based offset of the field name in the query text. */
  position: number;
}

/** `field:*`: the field has a value. */
export interface ExistsNode {
  type: 'exists';
  field: string;
  position: number;
}

export type RangeOperator = '<' | '<=' | '>' | '>=';

/** `field>=value` and the like. */
export interface RangeNode {
  type: 'range';
  field: string;
  op: RangeOperator;
  value: RangeValue;
  position: number;
}

/** A value compared as text: whole value on keyword fields, contained in text fields. */
export interface StringValue {
  kind: 'string';
  value: string;
}

/**
 * A value with wildcards: `*` any run of characters, `?` one character; `\` before `*`, `?`
 * or `\` makes it literal. Only the wildcards and these escapes are special in `pattern`.
 */
export interface WildcardValue {
  kind: 'wildcard';
  pattern: string;
}

export interface NumberValue {
  kind: 'number';
  value: number;
}

/** The period a date was written to: `2024-01-01` is the whole day. Epoch ms, end exclusive. */
export interface DateValue {
  kind: 'date';
  from: number;
  to: number;
}

/** One IP address, as written (IPv4, IPv6, IPv4-mapped IPv6). */
export interface IpValue {
  kind: 'ip';
  address: string;
}

/** A network: every address whose first `prefix` bits are those of `address`. */
export interface CidrValue {
  kind: 'cidr';
  address: string;
  prefix: number;
}

export type MatchValue = StringValue | WildcardValue | NumberValue | DateValue | IpValue | CidrValue;

export type RangeValue = NumberValue | DateValue | IpValue;
