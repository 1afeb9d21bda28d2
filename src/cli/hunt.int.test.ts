// `vigil hunt` as a real process: the SigmaHQ rules over the SigmaHQ regression EVTX files find
// each case's rule, both output formats field by field, correlations over a text log, filters,
// and exit codes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { runVigil } from '../test-support/server-process.js';
import { tempDir } from '../test-support/temp-dir.js';

const CORPUS = join(process.cwd(), '..', 'shared', 'corpus');
const REGRESSION = join(CORPUS, 'sigma-regression', 'regression_data');
const SIGMA_RULES = ['rules', 'rules-emerging-threats', 'rules-threat-hunting', 'rules-placeholder', 'rules-compliance'].map((d) => join(CORPUS, 'sigma', d));
const ATTACK_SAMPLE = join(CORPUS, 'evtx-attack-samples', 'Discovery', 'discovery_bloodhound.evtx');

interface Case {
  dir: string;
  evtx: string;
  ruleId: string;
  title: string;
  /** The rule file: the case folder's path under regression_data names it. */
  ruleFile: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name === 'info.yml') {
        const info = parseYaml(readFileSync(path, 'utf8')) as { rule_metadata: { id: string; title: string }[] };
        const evtx = readdirSync(dir).find((f) => f.endsWith('.evtx'));
        if (!evtx) continue;
        const rel = relative(REGRESSION, dir);
        out.push({ dir, evtx: join(dir, evtx), ruleId: info.rule_metadata[0]!.id, title: info.rule_metadata[0]!.title, ruleFile: join(CORPUS, 'sigma', `${rel}.yml`) });
      }
    }
  };
  walk(REGRESSION);
  return out;
}

type Row = { rule_id: string; rule_title: string; level: string; author: string; kind: string; file: string; record_id: number; timestamp: string; host: string | null; tags: string[]; matched: Record<string, unknown>; value?: number; event_count?: number };

function rows(stdout: string): Row[] {
  return stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
}

describe('vigil hunt with the SigmaHQ rules over the regression cases', { skip: !existsSync(REGRESSION) && 'corpus not present' }, () => {
  const all = cases();

  test('every case\'s rule is found in its EVTX file; JSON lines carry the rule, the record and the event time', () => {
    assert.ok(all.length >= 150, `${all.length} cases`);
    const run = runVigil(['hunt', ...SIGMA_RULES.flatMap((r) => ['--rules', r]), '--format', 'jsonl', ...all.map((c) => c.evtx)]);
    assert.equal(run.status, 0, run.stderr);
    const found = rows(run.stdout);
    const missed = all.filter((c) => !found.some((r) => r.file === c.evtx && r.rule_id === c.ruleId)).map((c) => relative(REGRESSION, c.dir));
    assert.deepEqual(missed, []);
    assert.match(run.stderr, new RegExp(`^files: ${all.length} \\(`, 'm'));
    assert.match(run.stderr, /^rules: 3780 loaded, 3780 run/m);

    // One row field by field, against the case's rule file and its events as evtx_dump renders them.
    const c = all[0]!;
    const rule = parseYaml(readFileSync(c.ruleFile, 'utf8')) as { level: string; author: string; tags: string[] };
    const events = JSON.parse(`[${readFileSync(join(c.dir, `${c.ruleId}.json`), 'utf8').replace(/}\s*{/g, '},{')}]`) as { Event: { System: { EventRecordID: number; Computer: string; TimeCreated: { '#attributes': { SystemTime: string } } } } }[];
    const row = found.find((r) => r.file === c.evtx && r.rule_id === c.ruleId)!;
    const event = events.find((e) => e.Event.System.EventRecordID === row.record_id);
    assert.ok(event, `record ${row.record_id} is one of the case's events`);
    assert.deepEqual(
      { rule_title: row.rule_title, level: row.level, author: row.author, kind: row.kind, tags: row.tags, host: row.host },
      { rule_title: c.title, level: rule.level, author: rule.author, kind: 'rule', tags: rule.tags, host: event.Event.System.Computer },
    );
    assert.equal(row.timestamp, new Date(Date.parse(event.Event.System.TimeCreated['#attributes'].SystemTime)).toISOString());
    assert.ok(Object.keys(row.matched).length > 0, 'the fields that matched');
    assert.deepEqual(Object.keys(row).sort(), ['author', 'file', 'host', 'kind', 'level', 'matched', 'record_id', 'rule_id', 'rule_title', 'tags', 'timestamp']);
  });
});

describe('vigil hunt: table, filters, correlations, exit codes', () => {
  test('the table shows time, level, rule, host and file:record, then the summary', () => {
    const run = runVigil(['hunt', ATTACK_SAMPLE]);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^TIME\s+LEVEL\s+RULE\s+HOST\s+FILE:RECORD$/);
    const row = lines.find((l) => l.includes('Windows Event Log Cleared'))!;
    assert.match(row, /^2019-01-20T07:00:50\.800Z\s+high\s+Windows Event Log Cleared\s+WIN-77LTAPHIQ1R\.example…\s+.*discovery_bloodhound\.evtx:32853$/);
    assert.match(run.stdout, /^files: 1 \(\d+\.\d MB\), events: \d+, matches: 1 \(critical 0, high 1, medium 0, low 0, informational 0\)$/m);
    assert.match(run.stdout, /^rules: 15 loaded, 15 run, 0 without a logsource mapping, rule errors: 0$/m);
    assert.match(run.stdout, /^elapsed: \d+\.\d\d s \(rules \d+\.\d\d s, files \d+\.\d\d s: \d+\.\d MB\/s, \d+ events\/s\)$/m);
  });

  test('correlations over a text log, --min-level and --from/--to', async (t) => {
    const dir = await tempDir(t);
    const log = join(dir, 'auth.log');
    const lines = Array.from({ length: 11 }, (_, i) => `Mar  3 10:0${Math.floor(i / 6)}:${String((i * 10) % 60).padStart(2, '0')} web01 sshd[${2200 + i}]: Failed password for root from 203.0.113.50 port ${52000 + i} ssh2`);
    await writeFile(log, lines.join('\n') + '\n');
    const run = runVigil(['hunt', '--format', 'jsonl', log]);
    assert.equal(run.status, 0, run.stderr);
    const found = rows(run.stdout);
    // The single failures only feed the correlation: one match in all, on the tenth line.
    assert.equal(found.length, 1);
    const [hit] = found;
    assert.deepEqual(
      { rule_title: hit!.rule_title, kind: hit!.kind, level: hit!.level, author: hit!.author, file: hit!.file, record_id: hit!.record_id, value: hit!.value, event_count: hit!.event_count, matched: hit!.matched },
      { rule_title: 'SSH Brute Force From One Address', kind: 'correlation', level: 'high', author: 'Vigil', file: log, record_id: 10, value: 10, event_count: 10, matched: { 'source.ip': '203.0.113.50' } },
    );
    assert.match(hit!.timestamp, /-03-03T10:01:30\.000Z$/);

    const critical = runVigil(['hunt', '--format', 'jsonl', '--min-level', 'critical', log]);
    assert.deepEqual([critical.status, rows(critical.stdout).length], [0, 0]);
    assert.match(critical.stderr, /rules: 15 loaded, 0 run/);
    // Only the first five minutes' worth before 10:01:00: six failures, no brute force.
    const year = hit!.timestamp.slice(0, 4);
    const early = runVigil(['hunt', '--format', 'jsonl', '--to', `${year}-03-03T10:01:00Z`, log]);
    assert.deepEqual([early.status, rows(early.stdout).length], [0, 0]);
    assert.match(early.stderr, /events: 6,/);
  });

  test('exit codes: 0 without matches, 1 for a missing path or no rules, 2 for bad usage', async (t) => {
    const dir = await tempDir(t);
    const quiet = join(dir, 'quiet.log');
    await writeFile(quiet, 'nothing to see here\n');
    const none = runVigil(['hunt', quiet]);
    assert.equal(none.status, 0, none.stderr);
    assert.match(none.stdout, /matches: 0 /);

    const missing = runVigil(['hunt', join(dir, 'no-such.evtx')]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no-such\.evtx not found/);

    const missingRules = runVigil(['hunt', '--rules', join(dir, 'no-rules'), quiet]);
    assert.equal(missingRules.status, 1);
    assert.match(missingRules.stderr, /rule file or folder .*no-rules not found/);

    const broken = join(dir, 'broken');
    await mkdir(broken);
    await writeFile(join(broken, 'bad.yml'), 'title: Bad\nlogsource: { product: windows }\ndetection:\n  sel: { Image: x }\n  condition: nope\n');
    const noRules = runVigil(['hunt', '--rules', broken, quiet]);
    assert.equal(noRules.status, 1);
    assert.match(noRules.stderr, /no rules loaded from .*broken \(1 errors\)/);

    assert.equal(runVigil(['hunt']).status, 2);
    assert.equal(runVigil(['hunt', '--min-level', 'severe', quiet]).status, 2);
    assert.equal(runVigil(['hunt', '--format', 'xml', quiet]).status, 2);
  });
});
