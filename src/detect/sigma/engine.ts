// The in-process Sigma matcher. Rules are compiled once per logsource mapping into closures
// ("units"); units are grouped by mapping and groups are indexed by their logsource condition
// (e.g. channel + event id). For an event, the groups it belongs to are found first; then each
// field those groups index is scanned once (anchored tries, Aho-Corasick or a skipping search
// over the literals rules require; keyword literals in every text field; what a recent equal text
// held is reused, compile/scan-cache.ts) and only the units whose required literals are all
// present (one of each clause, compile/requirement.ts), plus units without literals, run. A batch
// is matched kind by kind (events of the same groups in a row), which keeps each kind's tables
// and rules in the CPU caches.

import type { FieldValue, VigilEvent } from '../../event/event.js';
import { RuleError } from './errors.js';
import { buildFieldIndex, type FieldIndex, type LiteralAtom } from './compile/aho-corasick.js';
import { ScanCache } from './compile/scan-cache.js';
import type { CandidateSet } from './compile/candidates.js';
import { AccessorTable, beginEvent, createContext, readField, readText, type Accessor, type EvalContext } from './compile/context.js';
import { fold } from './compile/fold.js';
import type { Test } from './compile/item.js';
import { expandPlaceholders, MissingPlaceholderError, type UnknownPlaceholder } from './compile/placeholders.js';
import { compileDetections } from './compile/rule.js';
import { checkMappings, DEFAULT_MAPPINGS, fieldSource, mappingsFor, type GuardCondition, type LogsourceMapping } from './mapping/index.js';
import type { Level, LogSource, RuleSource, SigmaDocument, SigmaFilter, SigmaRule, Status } from './types.js';

export interface EngineOptions {
  /** Logsource mappings; defaults to the built-in list. */
  mappings?: readonly LogsourceMapping[];
  /** Values for `%placeholders%` used with the `expand` modifier. */
  placeholders?: Readonly<Record<string, readonly string[]>>;
  /** Placeholders missing from `placeholders`: reject the rule (default) or match anything there. */
  unknownPlaceholder?: UnknownPlaceholder;
  /**
   * Rules whose logsource has no mapping: 'skip' them (default), or run them on 'all-events'
   * reading fields by the names the rule writes (useful to test a rule against pasted events).
   */
  unmapped?: 'skip' | 'all-events';
  /**
   * Use the literal index (default). Without it every rule of an event's logsource runs: the
   * same matches, slower; tests use it to check the index never hides a match.
   */
  index?: boolean;
}

/** The rule as a match reports it (DRL 1.1: alerts carry the rule's author). */
export interface RuleInfo {
  key: string;
  id?: string;
  name?: string;
  title: string;
  level?: Level;
  status?: Status;
  author?: string;
  description?: string;
  references: readonly string[];
  tags: readonly string[];
  falsepositives: readonly string[];
  logsource: LogSource;
  source: RuleSource;
}

export interface RuleMatch {
  rule: RuleInfo;
  event: VigilEvent;
  /** Fields that made the rule match: event field name → value. */
  matched: Record<string, FieldValue>;
  /** Id of the logsource mapping the rule matched through; null for unmapped rules run on all events. */
  mapping: string | null;
  /** False when the rule is only an input of correlation rules (without `generate: true`). */
  alert: boolean;
}

export interface EngineStats {
  /** Detection rules given to the engine. */
  rules: number;
  /** Rules compiled for at least one mapping. */
  compiled: number;
  /** Rule × mapping units. */
  units: number;
  /** Units found through the literal index; the rest run on every event of their logsource. */
  indexedUnits: number;
  /** Rules without a mapping for their logsource (skipped unless `unmapped: 'all-events'`). */
  unmapped: { key: string; title: string; logsource: LogSource }[];
  /** Rules that could not be compiled (missing placeholders). */
  errors: RuleError[];
  filters: number;
  events: number;
  matches: number;
  /** Rule evaluations performed; divided by events, the rules run per event. */
  evaluations: number;
  /** Events a matcher failed on (they yield no matches). */
  failedEvents: number;
}

export interface SigmaEngine {
  /** The rules matching one event, in rule order (a shared empty list when none). */
  match(event: VigilEvent): readonly RuleMatch[];
  matchBatch(events: readonly VigilEvent[]): RuleMatch[];
  stats(): EngineStats;
}

interface Unit {
  ruleIndex: number;
  /** One bit per clause of the unit's requirement: all must be found for it to run (0: not indexed). */
  need: number;
  info: RuleInfo;
  mapping: string | null;
  alert: boolean;
  test: Test;
  evidence: (ctx: EvalContext, out: Record<string, FieldValue>) => void;
}

interface Group {
  index: number;
  id: string;
  /** Conditions not covered by the index key. */
  guard: Test;
  /** Units without literal atoms: evaluated for every event of the group. */
  always: number[];
  /** Literal indexes of this group's units, per field. */
  fields: { acc: Accessor; cache: ScanCache }[];
  /** For groups indexing many fields: finding the ones an event holds by its field names. Null for the rest. */
  walk: NameWalk | null;
  /** Literals of the group's units indexed by keyword (searched in every text field). */
  keywords: LiteralAtom[];
  stamp: number;
}

/** Group lists keyed by a field's raw and folded values. */
type KeyTable = Map<string | number, Group[]>;

/**
 * From this many indexed fields on, a group finds the ones an event holds by walking the event's
 * field names rather than probing each (an absent field costs a failed lookup per name it may
 * have; most of the Security log's 64 are absent from any one event).
 */
const WALK_NAMES_FROM = 16;

interface NameWalk {
  /** Which of the group's `fields` each event field name feeds. */
  byName: Map<string, number[]>;
  /** Fields that may be read under spaced names: read for every event. */
  alwaysRead: number[];
  /** Per field, the event it was last scanned for (a field may be met under several names). */
  scanned: Uint32Array;
}

/** Groups indexed by the values of one or two event fields. */
interface Shape {
  accs: Accessor[];
  first: Map<string | number, Group[] | KeyTable>;
}

function infoOf(rule: SigmaRule): RuleInfo {
  return {
    key: rule.key,
    id: rule.id,
    name: rule.name,
    title: rule.title,
    level: rule.level,
    status: rule.status,
    author: rule.author,
    description: rule.description,
    references: rule.references,
    tags: rule.tags,
    falsepositives: rule.falsepositives,
    logsource: rule.logsource,
    source: rule.source,
  };
}

/** Does the filter's logsource cover the rule's (every key the filter sets is equal)? */
function filterCovers(filter: SigmaFilter, rule: SigmaRule): boolean {
  const keys = ['product', 'category', 'service'] as const;
  return keys.every((k) => filter.logsource[k] === undefined || filter.logsource[k]?.toLowerCase() === rule.logsource[k]?.toLowerCase());
}

function conditionKey(c: GuardCondition): string[] {
  return 'equals' in c ? c.equals.map((v) => fold(String(v))) : [];
}

function guardTest(conditions: readonly GuardCondition[], table: AccessorTable): Test {
  const tests: Test[] = conditions.map((c): Test => {
    const acc = table.get({ from: [c.field] }, null);
    if ('exists' in c) return (ctx) => readField(ctx, acc) !== undefined;
    const allowed = new Set(conditionKey(c));
    return (ctx) => {
      const t = readText(ctx, acc);
      if (t === null) return false;
      if (typeof t === 'string') return allowed.has(t);
      return t.some((x) => allowed.has(x));
    };
  });
  if (tests.length === 0) return () => true;
  return (ctx) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(ctx)) return false;
    return true;
  };
}

/** Which rules only feed correlations: referenced by a correlation without `generate: true`. */
function correlationOnly(docs: readonly SigmaDocument[]): Set<string> {
  const byRef = new Map<string, string>();
  for (const d of docs) {
    if (d.id) byRef.set(d.id, d.key);
    if (d.name) byRef.set(d.name, d.key);
    byRef.set(d.key, d.key);
  }
  const only = new Set<string>();
  const generated = new Set<string>();
  for (const d of docs) {
    if (d.kind !== 'correlation') continue;
    for (const ref of d.rules) {
      const key = byRef.get(ref);
      if (!key) continue;
      if (d.generate) generated.add(key);
      else only.add(key);
    }
  }
  for (const k of generated) only.delete(k);
  return only;
}

export function createSigmaEngine(documents: readonly SigmaDocument[], options: EngineOptions = {}): SigmaEngine {
  const mappings = options.mappings ?? DEFAULT_MAPPINGS;
  checkMappings(mappings);
  const placeholders = options.placeholders ?? {};
  const unknownPlaceholder = options.unknownPlaceholder ?? 'reject';
  const rules = documents.filter((d): d is SigmaRule => d.kind === 'rule');
  const filters = documents.filter((d): d is SigmaFilter => d.kind === 'filter');
  const quiet = correlationOnly(documents);
  const table = new AccessorTable();
  const errors: RuleError[] = [];
  const unmapped: EngineStats['unmapped'] = [];
  const groups = new Map<string, Group>();
  const units: Unit[] = [];
  /** Per group, per field (null: keyword search), the literals its units need, by clause id. */
  const atomsByGroup = new Map<Group, Map<Accessor | null, LiteralAtom[]>>();
  /** Per clause id: its unit and its bit in the unit's `need`. */
  const clauseUnit: number[] = [];
  const clauseBit: number[] = [];
  let compiledRules = 0;

  const filtersFor = (rule: SigmaRule): SigmaFilter[] =>
    filters.filter((f) => filterCovers(f, rule) && (f.rules === 'any' || f.rules.some((r) => r === rule.id || r === rule.name || r === rule.key)));

  rules.forEach((rule, ruleIndex) => {
    const found = mappingsFor(rule.logsource, mappings);
    const variants: (LogsourceMapping | null)[] = found.length > 0 ? found : options.unmapped === 'all-events' ? [null] : [];
    if (found.length === 0) unmapped.push({ key: rule.key, title: rule.title, logsource: rule.logsource });
    if (variants.length === 0) return;
    const info = infoOf(rule);
    let detection;
    let ruleFilters;
    try {
      detection = expandPlaceholders(rule.detection, placeholders, unknownPlaceholder);
      ruleFilters = filtersFor(rule).map((f) => expandPlaceholders(f.detection, placeholders, unknownPlaceholder));
    } catch (err) {
      if (!(err instanceof MissingPlaceholderError)) throw err;
      errors.push(new RuleError('placeholder', err.message, { location: { file: rule.source.file, line: err.line || rule.source.line }, rule: rule.title }));
      return;
    }
    compiledRules++;
    for (const mapping of variants) {
      const field = (name: string): Accessor => {
        const { source, spaced } = fieldSource(mapping, name);
        return table.get(source, spaced);
      };
      const compiled = compileDetections(detection, field);
      const filterTests = ruleFilters.map((f) => compileDetections(f, field).test);
      const test: Test = filterTests.length === 0 ? compiled.test : (ctx) => compiled.test(ctx) && filterTests.every((t) => t(ctx));
      const groupId = mapping ? mapping.id : '*';
      let group = groups.get(groupId);
      if (!group) {
        group = { index: groups.size, id: groupId, guard: () => true, always: [], fields: [], keywords: [], walk: null, stamp: 0 };
        groups.set(groupId, group);
        atomsByGroup.set(group, new Map());
      }
      const unit = units.length;
      const requirement = options.index === false ? null : compiled.requirement;
      const need = requirement ? (1 << requirement.length) - 1 : 0;
      units.push({ ruleIndex, need, info, mapping: mapping?.id ?? null, alert: !quiet.has(rule.key), test, evidence: compiled.evidence });
      if (!requirement) {
        group.always.push(unit);
        continue;
      }
      const byAcc = atomsByGroup.get(group)!;
      requirement.forEach((clause, i) => {
        const id = clauseUnit.length;
        clauseUnit.push(unit);
        clauseBit.push(1 << i);
        for (const atom of clause) {
          let list = byAcc.get(atom.acc);
          if (!list) byAcc.set(atom.acc, (list = []));
          list.push({ shape: atom.shape, text: atom.text, id });
        }
      });
    }
  });
  const groupList = [...groups.values()];

  // Literal indexes per group and field: a group's events only scan what its rules need, and
  // small per-group automata stay dense. Keyword literals, searched in every text field, are
  // indexed per combination of groups an event passes (keywordScanFor), so each text is read once.
  // Each index keeps what recent texts held (ScanCache, sharing one set to collect a text's ids).
  const clauses = Math.max(1, clauseUnit.length);
  const newSet = (): CandidateSet => ({ gen: 0, stamp: new Uint32Array(clauses), list: new Int32Array(clauses), count: 0 });
  const scratch = newSet();
  const cached = (index: FieldIndex): ScanCache => new ScanCache(index, scratch);
  for (const [group, byAcc] of atomsByGroup) {
    for (const [acc, atoms] of byAcc) {
      if (acc === null) group.keywords = atoms;
      else group.fields.push({ acc, cache: cached(buildFieldIndex(atoms, { exact: false })) });
    }
    if (group.fields.length >= WALK_NAMES_FROM) {
      const walk: NameWalk = { byName: new Map(), alwaysRead: [], scanned: new Uint32Array(group.fields.length) };
      group.fields.forEach(({ acc }, i) => {
        if (acc.spaced !== null) walk.alwaysRead.push(i);
        for (const name of acc.from) {
          const list = walk.byName.get(name);
          if (!list) walk.byName.set(name, [i]);
          else if (!list.includes(i)) list.push(i);
        }
      });
      group.walk = walk;
    }
  }
  const indexedUnits = units.filter((u) => u.need !== 0).length;

  // Index groups by their leading equality conditions, under raw and folded values.
  const shapes = new Map<string, Shape>();
  const unkeyed: Group[] = [];
  type Equals = Extract<GuardCondition, { equals: unknown }>;
  const keysOf = (c: Equals): (string | number)[] => {
    const keys = new Set<string | number>();
    for (const v of c.equals) {
      keys.add(v);
      keys.add(fold(String(v)));
    }
    return [...keys];
  };
  const addTo = (table: KeyTable, key: string | number, group: Group): void => {
    const list = table.get(key) ?? [];
    if (!list.includes(group)) list.push(group);
    table.set(key, list);
  };
  for (const group of groupList) {
    const mapping = mappings.find((m) => m.id === group.id);
    const conditions = mapping?.conditions ?? [];
    const keyed = conditions.filter((c): c is Equals => 'equals' in c).slice(0, 2);
    const rest = conditions.filter((c) => !keyed.includes(c as Equals));
    group.guard = guardTest(rest, table);
    if (keyed.length === 0) {
      unkeyed.push(group);
      continue;
    }
    const shapeId = keyed.map((c) => c.field).join('\u0000');
    let shape = shapes.get(shapeId);
    if (!shape) {
      shape = { accs: keyed.map((c) => table.get({ from: [c.field] }, null)), first: new Map() };
      shapes.set(shapeId, shape);
    }
    for (const k1 of keysOf(keyed[0]!)) {
      if (keyed.length === 1) {
        addTo(shape.first as KeyTable, k1, group);
        continue;
      }
      let inner = shape.first.get(k1) as KeyTable | undefined;
      if (!inner) shape.first.set(k1, (inner = new Map()));
      for (const k2 of keysOf(keyed[1]!)) addTo(inner, k2, group);
    }
  }
  const shapeList = [...shapes.values()];

  const ctx = createContext(table.list.length);
  const candidates = newSet();
  const unitOfClause = Int32Array.from(clauseUnit);
  const bitOfClause = Int32Array.from(clauseBit);
  /** Clause bits found so far for the current event, per unit (stamped). */
  const foundBits = new Int32Array(Math.max(1, units.length));
  const foundStamp = new Uint32Array(Math.max(1, units.length));
  const ruleStamp = new Uint32Array(rules.length);
  let eventGen = 0;
  const counters = { events: 0, matches: 0, evaluations: 0, failedEvents: 0 };
  /** Groups the current event belongs to, and units that matched it (both reused). */
  const passing: Group[] = [];
  const found: Unit[] = [];

  function scanFields(group: Group): void {
    const fields = group.fields;
    for (let i = 0; i < fields.length; i++) scanValue(fields[i]!.cache, readField(ctx, fields[i]!.acc));
  }

  /** Scans the group's indexed fields the event holds, found from the event's own field names. */
  function scanNamedFields(group: Group, walk: NameWalk): void {
    const all = ctx.fields;
    for (const key in all) {
      const list = walk.byName.get(key);
      if (list === undefined) continue;
      for (let k = 0; k < list.length; k++) scanIndexedOnce(group, walk, list[k]!);
    }
    for (const i of walk.alwaysRead) scanIndexedOnce(group, walk, i);
  }

  /** A field read under several names is scanned once, with the value readField picks. */
  function scanIndexedOnce(group: Group, walk: NameWalk, i: number): void {
    if (walk.scanned[i] === eventGen) return;
    walk.scanned[i] = eventGen;
    const field = group.fields[i]!;
    scanValue(field.cache, readField(ctx, field.acc));
  }

  function scanValue(cache: ScanCache, value: FieldValue | undefined): void {
    if (typeof value === 'string') cache.scan(value, candidates);
    else if (typeof value === 'number' || typeof value === 'boolean') cache.scan(String(value), candidates);
    else if (Array.isArray(value)) for (const v of value) scanValue(cache, v);
  }

  /**
   * The keyword literals of a combination of groups, as one index built on first use: an event's
   * text is scanned once for the few keywords its own groups need (one index of every keyword
   * would be large, slow to walk, and report literals of other logsources). Combinations are
   * keyed by group, in the order events pass them; there are as many as the kinds of event the
   * mappings tell apart, not more.
   */
  interface KeywordCombination {
    next: Map<number, KeywordCombination>;
    groups: Group[];
    scan: ScanCache | null;
  }
  const noKeywords: KeywordCombination = { next: new Map(), groups: [], scan: null };

  function keywordScanFor(groups: readonly Group[]): ScanCache | null {
    let combination = noKeywords;
    for (const group of groups) {
      if (group.keywords.length === 0) continue;
      let next = combination.next.get(group.index);
      if (next === undefined) {
        next = { next: new Map(), groups: [...combination.groups, group], scan: null };
        combination.next.set(group.index, next);
      }
      combination = next;
    }
    if (combination === noKeywords) return null;
    combination.scan ??= cached(buildFieldIndex(combination.groups.flatMap((g) => g.keywords), { exact: false }));
    return combination.scan;
  }

  function scanKeywords(scan: ScanCache): void {
    const all = ctx.fields;
    for (const key in all) {
      const v = all[key];
      if (typeof v === 'string') scan.scan(v, candidates);
      else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') scan.scan(x, candidates);
    }
  }

  function evaluate(unit: Unit): void {
    if (ruleStamp[unit.ruleIndex] === eventGen) return;
    counters.evaluations++;
    if (!unit.test(ctx)) return;
    ruleStamp[unit.ruleIndex] = eventGen;
    found.push(unit);
  }

  function enter(group: Group): void {
    if (group.stamp === eventGen) return;
    group.stamp = eventGen;
    if (!group.guard(ctx)) return;
    passing.push(group);
  }

  function enterAll(list: Group[]): void {
    for (let i = 0; i < list.length; i++) enter(list[i]!);
  }

  function lookupIn(table: KeyTable, v: string | number): void {
    let hit = table.get(v);
    if (hit === undefined && typeof v === 'string') hit = table.get(fold(v));
    if (hit !== undefined) enterAll(hit);
  }

  function lookupSecond(shape: Shape, inner: KeyTable): void {
    const v = readField(ctx, shape.accs[1]!);
    if (typeof v === 'string' || typeof v === 'number') lookupIn(inner, v);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string' || typeof x === 'number') lookupIn(inner, x);
  }

  function lookupFirst(shape: Shape, v: string | number): void {
    let hit = shape.first.get(v);
    if (hit === undefined && typeof v === 'string') hit = shape.first.get(fold(v));
    if (hit === undefined) return;
    if (Array.isArray(hit)) enterAll(hit);
    else lookupSecond(shape, hit);
  }

  function lookup(shape: Shape): void {
    const v = readField(ctx, shape.accs[0]!);
    if (typeof v === 'string' || typeof v === 'number') lookupFirst(shape, v);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string' || typeof x === 'number') lookupFirst(shape, x);
  }

  const NONE: readonly RuleMatch[] = Object.freeze([]);

  /** Fills `passing` with the groups the current event belongs to. */
  function findGroups(): void {
    passing.length = 0;
    for (let i = 0; i < shapeList.length; i++) lookup(shapeList[i]!);
    for (let i = 0; i < unkeyed.length; i++) enter(unkeyed[i]!);
  }

  /** Scans the fields the event's groups index and runs the units whose literals were all found. */
  function scanAndEvaluate(groups: readonly Group[]): void {
    candidates.gen = eventGen;
    candidates.count = 0;
    for (const group of groups) {
      if (group.walk !== null) scanNamedFields(group, group.walk);
      else scanFields(group);
    }
    const keywords = keywordScanFor(groups);
    if (keywords !== null) scanKeywords(keywords);
    // Every index scanned belongs to one of the event's groups, so each literal found is one of their units'.
    const list = candidates.list;
    for (let i = 0; i < candidates.count; i++) {
      const id = list[i]!;
      const u = unitOfClause[id]!;
      const unit = units[u]!;
      const bits = foundStamp[u] === eventGen ? foundBits[u]! | bitOfClause[id]! : bitOfClause[id]!;
      foundStamp[u] = eventGen;
      foundBits[u] = bits;
      // Each clause is reported once per event, so a unit completes (and runs) once.
      if (bits === unit.need) evaluate(unit);
    }
    for (const group of groups) {
      const always = group.always;
      for (let i = 0; i < always.length; i++) evaluate(units[always[i]!]!);
    }
  }

  /** Starts the next event: a new generation for every stamp, and an empty match list. */
  function nextEvent(fields: VigilEvent['fields']): void {
    eventGen = (eventGen + 1) >>> 0;
    if (eventGen === 0) {
      // Wrapped around: clear every stamp so no old one looks current.
      ruleStamp.fill(0);
      foundStamp.fill(0);
      candidates.stamp.fill(0);
      for (const g of groupList) {
        g.stamp = 0;
        g.walk?.scanned.fill(0);
      }
      eventGen = 1;
    }
    found.length = 0;
    beginEvent(ctx, fields);
  }

  /** The matches of the units that passed the current event, in rule order. */
  function collect(event: VigilEvent): readonly RuleMatch[] {
    if (found.length === 0) return NONE;
    if (found.length > 1) found.sort((a, b) => a.ruleIndex - b.ruleIndex);
    const out: RuleMatch[] = [];
    for (const unit of found) {
      const matched: Record<string, FieldValue> = {};
      unit.evidence(ctx, matched);
      out.push({ rule: unit.info, event, matched, mapping: unit.mapping, alert: unit.alert });
    }
    counters.matches += out.length;
    return out;
  }

  function match(event: VigilEvent): readonly RuleMatch[] {
    counters.events++;
    try {
      nextEvent(event.fields);
      findGroups();
      if (passing.length > 0) scanAndEvaluate(passing);
      return collect(event);
    } catch {
      // Never throw on the event path: an event that breaks a matcher is counted and skipped.
      counters.failedEvents++;
      return NONE;
    }
  }

  /**
   * Matches a batch with the events of the same groups one after another: their rules and
   * literal tables then stay in the CPU caches from one event to the next, which makes a mixed
   * batch markedly faster than taking its events in arrival order. Matches come back in event
   * order, as if matched one by one (correlations depend on it).
   */
  function matchBatch(events: readonly VigilEvent[]): RuleMatch[] {
    const out: RuleMatch[] = [];
    if (events.length < 3) {
      for (const e of events) for (const m of match(e)) out.push(m);
      return out;
    }
    // First pass: the groups of each event, and events bucketed by their group list (events of
    // no group are done).
    const groupsOf: (Group[] | undefined)[] = new Array(events.length);
    const buckets = new Map<number, number[]>();
    for (let i = 0; i < events.length; i++) {
      try {
        nextEvent(events[i]!.fields);
        findGroups();
      } catch {
        counters.failedEvents++;
        continue;
      }
      if (passing.length === 0) continue;
      groupsOf[i] = passing.slice();
      // A hash of the group list: events that collide only share a bucket, each keeps its groups.
      let key = 0;
      for (const g of passing) key = (key * 31 + g.index + 1) | 0;
      const bucket = buckets.get(key);
      if (bucket) bucket.push(i);
      else buckets.set(key, [i]);
    }
    const results: (readonly RuleMatch[])[] = new Array(events.length).fill(NONE);
    counters.events += events.length;
    for (const bucket of buckets.values()) {
      for (const i of bucket) {
        try {
          nextEvent(events[i]!.fields);
          scanAndEvaluate(groupsOf[i]!);
          results[i] = collect(events[i]!);
        } catch {
          counters.failedEvents++;
        }
      }
    }
    for (const list of results) for (const m of list) out.push(m);
    return out;
  }

  return {
    match,
    matchBatch,
    stats() {
      return {
        rules: rules.length,
        compiled: compiledRules,
        units: units.length,
        indexedUnits,
        unmapped,
        errors,
        filters: filters.length,
        ...counters,
      };
    },
  };
}
