// Writes docs/sigma-support.md: what the Sigma engine supports and how it maps logsources (from
// the code's own tables), and which SigmaHQ rules of the shared corpus do not load or have no
// mapping (from loading them), so the document stays true.
//
//   node --import tsx scripts/sigma-report.ts            # writes docs/sigma-support.md
//   node --import tsx scripts/sigma-report.ts --stdout   # prints it instead

import { existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createSigmaEngine, DEFAULT_MAPPINGS, loadRules, MODIFIERS, type LogsourceMapping } from '../src/detect/sigma/index.js';
import { CORPUS, readEvents, REGRESSION_DIR, regressionCases, SIGMA_RULE_DIRS } from '../src/detect/sigma/test-support/regression.js';

const OUT = join(process.cwd(), 'docs', 'sigma-support.md');

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function logsourceText(l: { product?: string; category?: string; service?: string }): string {
  return [l.product && `product: ${l.product}`, l.category && `category: ${l.category}`, l.service && `service: ${l.service}`].filter(Boolean).join(', ') || '(none)';
}

function conditionText(m: LogsourceMapping): string {
  return m.conditions.map((c) => ('exists' in c ? `\`${c.field}\` present` : `\`${c.field}\` = ${c.equals.map((v) => `\`${v}\``).join(' or ')}`)).join(' and ');
}

function fieldText(m: LogsourceMapping): string {
  const renames = Object.entries(m.fields.fields)
    .map(([k, v]) => {
      const from = typeof v === 'string' ? [v] : Array.isArray(v) ? (v as string[]) : (v as { from: string[] }).from;
      return `${k} → ${from.join(' / ')}`;
    })
    .join('; ');
  const prefixes = m.fields.prefixes.length ? `others: ${m.fields.prefixes.map((p) => `\`${p}<name>\``).join(', then ')}, then the name` : 'others: the name as written';
  return cell([renames, prefixes].filter(Boolean).join('. '));
}

function corpusSection(): string {
  if (!existsSync(join(CORPUS, 'sigma'))) return '_The shared corpus is not present; rule figures were not computed._\n';
  const loaded = loadRules(SIGMA_RULE_DIRS);
  const perDir = SIGMA_RULE_DIRS.map((d) => {
    const name = relative(join(CORPUS, 'sigma'), d);
    return `| ${name} | ${loaded.rules.filter((r) => r.source.file.startsWith(d + '/')).length} |`;
  });
  const engine = createSigmaEngine(loaded.rules);
  const stats = engine.stats();
  const unmapped = new Map<string, number>();
  for (const u of stats.unmapped) {
    const k = logsourceText(u.logsource);
    unmapped.set(k, (unmapped.get(k) ?? 0) + 1);
  }
  const rel = (file: string | undefined): string => (file ? relative(join(CORPUS, 'sigma'), file) : '?');
  const notLoaded = loaded.errors.length === 0
    ? '**None**: every rule of `rules*` loads.\n'
    : loaded.errors.map((e) => `- \`${rel(e.location?.file)}:${e.location?.line ?? '?'}\` (${e.reason}): ${cell(e.message)}`).join('\n') + '\n';
  const placeholderList = stats.errors.map((e) => `- \`${rel(e.location?.file)}:${e.location?.line ?? '?'}\`: ${cell(e.message)}`).join('\n');

  // Negative check: deprecated/unsupported rules, kept by SigmaHQ for reference.
  const old = loadRules(['deprecated', 'unsupported'].map((d) => join(CORPUS, 'sigma', d)));
  const oldReasons = new Map<string, number>();
  for (const e of old.errors) oldReasons.set(e.reason, (oldReasons.get(e.reason) ?? 0) + 1);

  let regression = '_The regression data is not present._';
  if (existsSync(REGRESSION_DIR)) {
    let pass = 0;
    let total = 0;
    const skipped: string[] = [];
    for (const c of regressionCases()) {
      if (!c.eventsFile?.endsWith('.json')) {
        skipped.push(`\`${c.name}\` (${c.type}, commented out in SigmaHQ CI: run by the conformance test as a message event instead)`);
        continue;
      }
      total++;
      const found = engine.matchBatch(readEvents(c.eventsFile)).filter((m) => m.rule.id === c.ruleId).length;
      if (found >= c.matchCount) pass++;
    }
    regression = `${pass} of ${total} EVTX/JSON cases pass (${((100 * pass) / total).toFixed(1)}%), each case's rule matching at least \`match_count\` times with all SigmaHQ rules loaded. Other cases: ${skipped.join('; ') || 'none'}.`;
  }

  return `### SigmaHQ rules (shared corpus)

| folder | documents loaded |
|---|---|
${perDir.join('\n')}
| **total** | **${loaded.rules.length}** |

Rules not loaded: ${notLoaded}
Compiled: ${stats.compiled} rules into ${stats.units} rule × mapping units, ${stats.indexedUnits} of them reached through the literal index (the rest run for every event of their logsource).

**Rules without a mapping** (loaded, skipped when matching unless \`unmapped: 'all-events'\`): ${stats.unmapped.length}.

| logsource | rules |
|---|---|
${[...unmapped].sort((a, b) => b[1] - a[1]).map(([k, n]) => `| ${k} | ${n} |`).join('\n')}

**Rules needing placeholder values** (loaded; compiled once \`placeholders\` gives the values, or with \`unknownPlaceholder: 'wildcard'\`): ${stats.errors.length}.

${placeholderList}

**Deprecated and unsupported folders** (not part of \`rules*\`, a negative check): ${old.rules.length} documents load, ${old.errors.length} are refused: ${[...oldReasons].map(([r, n]) => `${r} ${n}`).join(', ')} (v1 aggregation conditions like \`| count() by x > 5\` and \`| near\` are refused with a pointer to correlation rules).

### Regression data

${regression}
`;
}

/** Mappings share field sets (every Windows service reads fields the same way): each set is described once. */
const fieldSets = new Map<LogsourceMapping['fields'], string>();
for (const m of DEFAULT_MAPPINGS) if (!fieldSets.has(m.fields)) fieldSets.set(m.fields, `F${fieldSets.size + 1}`);

function mappingTable(): string {
  return DEFAULT_MAPPINGS.map((m) => `| \`${m.id}\` | ${m.logsources.map(logsourceText).join('<br>')} | ${conditionText(m)} | ${fieldSets.get(m.fields)} |`).join('\n');
}

function fieldSetTable(): string {
  return [...fieldSets].map(([fields, label]) => {
    const example = DEFAULT_MAPPINGS.find((m) => m.fields === fields)!;
    return `| ${label} | ${fieldText(example)}${fields.spacedNames ? ' Event field names with spaces answer to their space-less Sigma names.' : ''} |`;
  }).join('\n');
}

function modifierTable(): string {
  return Object.entries(MODIFIERS)
    .map(([name, def]) => `| \`${name}\` | ${def.accepts.join(', ')} | ${cell(def.description)} |`)
    .join('\n');
}

const doc = `# Sigma support

<!-- Generated by scripts/sigma-report.ts from the engine's own tables and the shared corpus. Edit the script, not this file. -->

Vigil runs Sigma rules (specification v2.1.0) in process on every event: \`src/detect/sigma\` loads
and compiles rules, \`src/detect/correlate\` runs correlation rules over their matches. Rules are
loaded with \`loadRules(paths)\` / \`loadRulesFromText(text, name)\`, compiled with
\`createSigmaEngine(documents, options)\` and correlated with \`createCorrelator(documents, options)\`.

## What is supported

- **Every rule field** is kept: title, id, name, related, taxonomy, status, description, license,
  author, references, date, modified, logsource (category, product, service, definition and any
  other key), detection, fields, falsepositives, level, tags, scope, and unknown top-level keys
  (in \`custom\`). A rule without \`id\` gets a stable key from a hash of its content.
- **Documents**: detection rules, correlation rules and filters, several per file (\`---\`), and
  the legacy \`action: global\` / \`repeat\` / \`reset\` forms.
- **Detections**: maps (AND), lists of maps (OR), keyword lists (OR, or AND with \`'|all'\`),
  lists mixing both. Values: strings with \`*\` and \`?\` wildcards and the spec's backslash escapes
  (\`\\*\`, \`\\?\`, \`\\\\\`; a backslash before anything else is literal), numbers, booleans, \`null\`,
  \`''\`.
- **Conditions**: \`and\`, \`or\`, \`not\`, parentheses, \`1 of\`, \`all of\`, \`N of\` (at least N),
  \`them\` (skipping identifiers starting with \`_\`), patterns with \`*\`, and lists of conditions
  (OR). A condition naming an unknown identifier, or a pattern matching none, is a load error.
- **Modifiers** (one table row each, \`src/detect/sigma/modifiers.ts\`), applied left to right:

| modifier | takes | effect |
|---|---|---|
${modifierTable()}

- **Filters** (\`filter:\` documents): the filter's condition is AND-ed to the condition of each
  rule it names (by id or name; \`rules: any\` for all) whose logsource it covers, as pySigma does.
  Write \`condition: not selection\` to exclude what the selection matches.
- **Correlations**: \`event_count\`, \`value_count\`, \`temporal\`, \`temporal_ordered\`, and the v2.1
  \`value_sum\`, \`value_avg\`, \`value_percentile\`; \`group-by\`, \`timespan\` (s, m, h, d),
  \`aliases\`, \`generate\`, conditions \`gt\`, \`gte\`, \`lt\`, \`lte\`, \`eq\`, \`neq\` (several = a range),
  \`field\` (one or several), and chains (a correlation over correlations).

## Matching semantics (choices where the spec leaves room)

- **Case**: text compares case-insensitively with Unicode case folding (final sigma, ß = ss,
  Greek symbol forms, …); \`cased\` and \`re\` (without \`i\`) compare exactly.
- **Numbers and text**: \`EventID: 4688\` matches the number 4688 and the text "4688"; a number
  written \`0x10\` matches 16 and "0x10"; \`true\` matches the boolean and the text "true".
- **Multi-valued fields** (arrays) match when any value matches.
- **null** matches a field that is absent, null or empty; \`''\` only an empty one;
  \`exists: true\` holds for a present field even when it is null or empty.
- **Keywords** (values without a field) are found anywhere (implicit \`*…*\`) in any text field of
  the event: \`message\`, \`event.original\` and every other string field (also inside arrays).
  Numbers are not searched.
- **neq** holds when the field equals none of the values, including when it is absent.
- **fieldref** compares two fields of the same event (folded, or exactly with \`cased\`);
  with \`startswith\`/\`endswith\`/\`contains\` after it, the other field's value is the prefix,
  suffix or part. An absent field never matches.
- **Time modifiers** (\`minute\`…\`year\`) read the field as an ISO date or epoch milliseconds, UTC.
- **Placeholders** (\`expand\`): values come from the engine's \`placeholders\` option (each value
  may hold wildcards; several values are OR-ed). As the spec requires, a rule using a placeholder
  that is not configured is rejected (reported by \`stats().errors\` with file and line), unless
  \`unknownPlaceholder: 'wildcard'\` makes it match anything there (pySigma's wildcard
  placeholders).
- **Regular expressions** are JavaScript RegExps; a leading \`(?i)\`/\`(?s)\`/\`(?m)\` becomes a flag.
  Invalid ones are load errors.
- **Correlation windows** are in event time. Lower bounds (\`gt\`, \`gte\`, and temporal rules without
  condition) are checked on a sliding window as each match arrives; the group then starts over, so
  one burst raises one alert. Upper bounds and equality (\`lt\`, \`lte\`, \`eq\`, \`neq\`) are decided
  on a fixed window from the group's first match when it closes (a later match, or
  \`advance(time)\`). \`value_avg\` and \`value_percentile\` are judged as each match arrives;
  \`value_percentile\` is the share (%) of the window's events with the same value as the one that
  arrived (rare values: \`lte: 1\`). Matches lacking a group-by value are not correlated (as
  \`stats … by\` drops them). Rules referenced by a correlation only feed it (\`alert: false\` on
  their matches) unless it says \`generate: true\`. State is bounded (\`maxGroups\` per
  correlation with least-recently-used eviction reported through \`onEvict\`, \`maxEventsPerGroup\`)
  and \`snapshot()\` / \`restore()\` round-trip it through JSON.

## Logsource mapping

A rule's logsource selects the mappings listing exactly its product, category and service (other
keys such as \`definition\` are ignored). Several mappings are alternatives (process_creation is
Sysmon 1 or Security 4688). Each mapping is data (\`src/detect/sigma/mapping/\`): conditions on the
event, and where each Sigma field is read (the first present source). Windows events are in the
Winlogbeat layout whatever their shipper (see \`src/parse/windows/normalize.ts\`): EventData names
are found under \`winlog.event_data.\`, then \`winlog.user_data.\`, and names with spaces in the
event (Defender's "Threat Name") answer to their space-less Sigma name (ThreatName).

| mapping | logsources | event conditions | fields |
|---|---|---|---|
${mappingTable()}

Field sets (Sigma field → event fields, first present wins):

| set | fields |
|---|---|
${fieldSetTable()}

## Rule sets

${corpusSection()}
### Built-in rules

\`rules/builtin/\` holds Vigil's own rules (Apache-2.0, author Vigil): SSH brute force (correlation
over sshd failures by source.ip), Windows logon brute force (4625 by IpAddress), a member added to
Administrators (4732) and \`net localgroup administrators /add\`, encoded PowerShell, high severity
Suricata alerts, Windows log cleared (1102 / 104), user created (4720), sudo failures, services
installed from temporary folders and account lockouts. Each has a behaviour case in
\`src/detect/sigma/cases/builtin.yml\`, with Linux and Suricata events going through the real parsers.

## Behaviour cases

\`src/detect/sigma/cases/*.yml\` are detection tests written as data and run by
\`src/detect/sigma/cases.test.ts\`. Each file is a list of cases:

\`\`\`yaml
- name: what the case shows
  rules: |                # Sigma YAML (several documents allowed), or rule_files: [rules/builtin/x.yml]
    title: ...
  options: { unmapped: all-events, placeholders: { Name: [value] }, unknown_placeholder: wildcard }
  events:                 # or batches: [{ events: [...] }, { restart: true }, { advance: <ISO time> }]
    - { id: e1, time: '2026-01-01T00:00:00Z', fields: { winlog.channel: Security, winlog.event_id: 4625 } }
    - { id: e2, raw: '<38>Mar  3 10:15:01 web01 sshd[1]: Failed password for root from 203.0.113.5 port 22 ssh2' }
  expect:                 # exact: anything not listed must not happen
    matches: [{ event: e1, rule: <title or id>, fields: { <event field>: <value> }, alert: true }]
    correlations: [{ rule: <title, id or name>, group: { IpAddress: 10.0.0.5 }, value: 3, events: [e1] }]
    errors: [{ reason: schema, line: 12 }]
\`\`\`

\`raw\` events go through Vigil's parsers, so a case also checks that a mapping fits what the parser
writes. \`restart\` passes the correlator's snapshot through JSON into a new correlator.

## Licence of SigmaHQ rules

SigmaHQ rules are under the Detection Rule License 1.1: alerts from them must carry the rule's
author, which every match does (\`match.rule.author\`).
`;

if (process.argv.includes('--stdout')) process.stdout.write(doc);
else {
  writeFileSync(OUT, doc);
  console.log(`wrote ${relative(process.cwd(), OUT)}`);
}
