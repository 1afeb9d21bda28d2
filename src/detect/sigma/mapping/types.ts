// The shape of logsource mappings: which events a Sigma logsource means (conditions on our ECS
// fields) and where each Sigma field is read from. Mappings are data, listed in mapping/index.ts.

/** A logsource as rules write it; a mapping applies to rules whose category/product/service are exactly these. */
export interface LogsourceKey {
  product?: string;
  category?: string;
  service?: string;
}

/** A condition an event must meet to belong to the logsource. */
export type GuardCondition =
  /** The field equals one of the values (text compared case-insensitively; numbers also as text). */
  | { field: string; equals: readonly (string | number)[] }
  /** The field is present. */
  | { field: string; exists: true };

/** Where a Sigma field is read from. */
export interface FieldSource {
  /** Event fields tried in order; the first present one is used. */
  from: readonly string[];
  /**
   * Rewrites event values (keyed by lower-cased text) into the values rules compare with, e.g.
   * winlog.level "error" → [2, "error"] so `Level: 2` and `Level: Error` both match.
   */
  values?: Readonly<Record<string, readonly (string | number)[]>>;
  /** For a list of objects (dns.answers), the key whose values rules compare with ("data"). */
  pluck?: string;
}

export interface FieldMapping {
  /** Sigma field → source. A string or list is shorthand for `{ from }`. */
  fields: Readonly<Record<string, FieldSource | string | readonly string[]>>;
  /** For Sigma fields without an entry: these prefixes + the name are tried in order, then the name itself. */
  prefixes: readonly string[];
  /**
   * Event field names under the prefixes may hold spaces that Sigma names leave out (Defender's
   * "Threat Name" is ThreatName in rules); when set, such names are found too.
   */
  spacedNames?: boolean;
}

export interface LogsourceMapping {
  /** Stable id, carried by matches and used by correlation to read group-by fields. */
  id: string;
  description: string;
  logsources: readonly LogsourceKey[];
  /** All must hold. */
  conditions: readonly GuardCondition[];
  fields: FieldMapping;
}
