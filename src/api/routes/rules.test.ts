import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RawRecord } from '../../pipeline/stages.js';
import { createTenant } from '../../tenants/tenants.js';
import { testEngine, type TestEngine } from '../../test-support/engine.js';

const POWERSHELL_RULE = 'bacb4fc0-1111-41db-aa4f-ba28877ad060';
const SSH_BRUTE_FORCE = '9dcd1a02-8d5c-4539-bbad-8464684e32e5';
const SSH_FAILURE = '6e7307e8-f4cf-41bb-a313-2162ff60114d';
const T0 = Date.parse('2026-03-03T10:00:00Z');

type Method = 'GET' | 'POST';

function client(engine: TestEngine) {
  return async (method: Method, url: string, authorization: string, payload?: unknown) => {
    const response = await engine.app.inject({ method, url, headers: { authorization }, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: response.body ? response.json() : undefined };
  };
}

/** A Sysmon process creation as Winlogbeat ships it. */
function sysmon(commandLine: string, host = 'WS-042', tenant = 'default'): RawRecord {
  const json = {
    '@timestamp': new Date(T0).toISOString(),
    host: { name: host },
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational', provider_name: 'Microsoft-Windows-Sysmon', event_id: 1, computer_name: host,
      event_data: { Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', CommandLine: commandLine, User: 'CORP\\jdoe' },
    },
  };
  return { text: JSON.stringify(json), json, received: T0, origin: { source: 'test' }, tenant };
}

/** A failed SSH password from `ip`, `second` seconds after T0, as syslog. */
function sshFailure(ip: string, second: number, tenant = 'default'): RawRecord {
  const t = new Date(T0 + second * 1000);
  const stamp = `Mar  3 ${t.toISOString().slice(11, 19)}`;
  return { text: `<38>${stamp} web01 sshd[${2200 + second}]: Failed password for root from ${ip} port ${50000 + second} ssh2`, received: T0 + 3_600_000, origin: { source: 'test' }, tenant };
}

function alertsOf(engine: TestEngine, ruleId: string): { tenant_id: string; rule_title: string; event_count: number; rule_json: string; source: string }[] {
  return engine.db.prepare('SELECT tenant_id, rule_title, event_count, rule_json, source FROM alerts WHERE rule_id = ? ORDER BY created_at').all(ruleId) as never;
}

test('the rule list: builtin rules with their state, filters, pages', async (t) => {
  const engine = await testEngine(t);
  const call = client(engine);
  const auth = engine.bearer('analyst');
  const all = await call('GET', '/api/rules?limit=1000', auth);
  assert.equal(all.status, 200, JSON.stringify(all.body));
  assert.equal(all.body.total, 15);
  const ps = all.body.items.find((r: { id: string }) => r.id === POWERSHELL_RULE);
  assert.deepEqual(
    { title: ps.title, level: ps.level, status: ps.status, author: ps.author, source: ps.source, enabled: ps.enabled, override: ps.override, logsource: ps.logsource, kind: ps.kind, alert_count: ps.alert_count },
    { title: 'PowerShell Started With An Encoded Command', level: 'high', status: 'stable', author: 'Vigil', source: 'builtin', enabled: true, override: null, logsource: { product: 'windows', category: 'process_creation' }, kind: 'rule', alert_count: 0 },
  );
  assert.ok(ps.tags.includes('attack.t1059.001'));
  assert.ok(all.body.items.every((r: { enabled: boolean }) => r.enabled), 'built-in rules run by default');

  const ids = async (query: string) => ((await call('GET', `/api/rules?${query}`, auth)).body.items as { id: string }[]).map((r) => r.id);
  assert.deepEqual(await ids('q=encoded command'), [POWERSHELL_RULE]);
  assert.deepEqual(await ids(`q=${POWERSHELL_RULE}`), [POWERSHELL_RULE]);
  assert.deepEqual((await ids('kind=correlation')).length, 2);
  // A correlation is listed under the logsource of the rule it counts.
  assert.deepEqual(await ids('kind=correlation&logsource=linux / sshd'), [SSH_BRUTE_FORCE]);
  assert.deepEqual(await ids('logsource=sshd'), [SSH_BRUTE_FORCE, SSH_FAILURE]);
  // attack.t1110 also selects attack.t1110.001.
  assert.deepEqual((await ids('tag=attack.t1110&level=high')).length, 2);
  assert.deepEqual(await ids('level=critical'), []);
  assert.deepEqual((await ids('level=low,medium&source=builtin')).length, 6);
  assert.equal((await call('GET', '/api/rules?level=severe', auth)).status, 400);
  assert.equal((await call('GET', '/api/rules?colour=red', auth)).status, 400);

  // Pages of 4 cover the 15 rules once each.
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await call('GET', `/api/rules?limit=4${cursor ? `&cursor=${cursor}` : ''}`, auth);
    assert.ok(page.body.items.length <= 4);
    seen.push(...page.body.items.map((r: { id: string }) => r.id));
    cursor = page.body.next_cursor;
  } while (cursor);
  assert.deepEqual([...seen].sort(), all.body.items.map((r: { id: string }) => r.id).sort());
  assert.equal((await call('GET', '/api/rules?cursor=nonsense', auth)).status, 400);
});

test('an ingested event raises an alert with the rule, its author, the event and the matched fields; one rule page shows it', async (t) => {
  const engine = await testEngine(t);
  const call = client(engine);
  const auth = engine.bearer('analyst');
  await engine.pipeline.ingest([sysmon('powershell.exe -nop -w hidden -enc SQBFAFgA'), sysmon('powershell.exe -File C:\\Scripts\\inventory.ps1')]);
  const alerts = alertsOf(engine, POWERSHELL_RULE);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]!.rule_title, 'PowerShell Started With An Encoded Command');
  assert.equal(alerts[0]!.source, 'sigma');
  const rule = JSON.parse(alerts[0]!.rule_json);
  assert.equal(rule.author, 'Vigil');
  assert.ok(rule.tags.includes('attack.t1059.001'));
  assert.ok(rule.references.includes('https://attack.mitre.org/techniques/T1027/010/'));

  const list = await call('GET', `/api/alerts?rule_id=${POWERSHELL_RULE}`, auth);
  assert.equal(list.body.items.length, 1);
  const view = await call('GET', `/api/alerts/${list.body.items[0].id}`, auth);
  assert.equal(view.body.entities.host, 'WS-042');
  assert.equal(view.body.rule.author, 'Vigil');
  assert.equal(view.body.samples[0].matched_fields['winlog.event_data.CommandLine'], 'powershell.exe -nop -w hidden -enc SQBFAFgA');

  const page = await call('GET', `/api/rules/${POWERSHELL_RULE}`, auth);
  assert.equal(page.status, 200);
  assert.equal(page.body.alert_count, 1);
  assert.match(page.body.yaml, /^title: PowerShell Started With An Encoded Command$/m);
  assert.deepEqual(page.body.recent_hits.map((h: { id: string; host: string }) => [h.id, h.host]), [[list.body.items[0].id, 'WS-042']]);
  assert.equal(page.body.description.startsWith('PowerShell run with -EncodedCommand'), true);
  assert.equal((await call('GET', '/api/rules/no-such-rule', auth)).status, 404);

  const coverage = await call('GET', '/api/rules/coverage', auth);
  const t1059 = coverage.body.techniques.find((e: { technique: string }) => e.technique === 'T1059.001');
  assert.deepEqual(t1059, { technique: 'T1059.001', tactics: ['defense-evasion', 'execution'], rules: 1, alerts: 1 });
  const t1110 = coverage.body.techniques.find((e: { technique: string }) => e.technique === 'T1110');
  assert.deepEqual({ rules: t1110.rules, alerts: t1110.alerts }, { rules: 2, alerts: 0 });
  assert.equal(coverage.body.enabled_rules, 15);

  // A client of another tenant sees the rule but none of this tenant's alerts.
  createTenant(engine.db, 'acme', 'ACME');
  const client2 = await call('GET', `/api/rules/${POWERSHELL_RULE}`, engine.bearer('client_viewer', 'acme'));
  assert.deepEqual([client2.body.alert_count, client2.body.recent_hits], [0, []]);
});

test('disable stops a rule at once, enable brings it back after the recompile; both audited', async (t) => {
  const engine = await testEngine(t);
  const call = client(engine);
  const manager = engine.bearer('soc_manager');
  const off = await call('POST', `/api/rules/${POWERSHELL_RULE}/disable`, manager);
  assert.equal(off.status, 200, JSON.stringify(off.body));
  assert.deepEqual([off.body.enabled, off.body.override, off.body.enabled_by_default], [false, false, true]);
  // No waiting for the recompile: the rule is already silent.
  await engine.pipeline.ingest([sysmon('powershell -enc AAAA')]);
  assert.equal(alertsOf(engine, POWERSHELL_RULE).length, 0);

  const on = await call('POST', `/api/rules/${POWERSHELL_RULE}/enable`, manager);
  assert.equal(on.body.enabled, true);
  await engine.ctx.detection.settled();
  await engine.pipeline.ingest([sysmon('powershell -enc BBBB')]);
  assert.equal(alertsOf(engine, POWERSHELL_RULE).length, 1);

  const audit = engine.db.prepare("SELECT action, actor_name, before_json, after_json FROM audit_log WHERE entity_type = 'rule' ORDER BY id").all() as { action: string; before_json: string; after_json: string }[];
  assert.deepEqual(audit.map((a) => [a.action, JSON.parse(a.before_json), JSON.parse(a.after_json)]), [
    ['rule.disable', { enabled: true }, { enabled: false }],
    ['rule.enable', { enabled: false }, { enabled: true }],
  ]);
  assert.deepEqual(engine.db.prepare('SELECT rule_id, enabled FROM rule_settings').all(), [{ rule_id: POWERSHELL_RULE, enabled: 1 }]);

  assert.equal((await call('POST', `/api/rules/${POWERSHELL_RULE}/disable`, engine.bearer('analyst'))).status, 403);
  createTenant(engine.db, 'acme', 'ACME');
  assert.equal((await call('POST', `/api/rules/${POWERSHELL_RULE}/disable`, engine.bearer('soc_manager', 'acme'))).status, 403);
  assert.equal((await call('POST', '/api/rules/no-such-rule/disable', manager)).status, 404);
});

test('bulk changes by filter or ids; an empty filter is refused', async (t) => {
  const engine = await testEngine(t);
  const call = client(engine);
  const admin = engine.bearer('admin');
  const low = await call('POST', '/api/rules/bulk', admin, { filter: { level: ['low'] }, enabled: false });
  assert.equal(low.status, 200, JSON.stringify(low.body));
  assert.deepEqual([low.body.matched, low.body.changed.length], [4, 4]);
  const again = await call('POST', '/api/rules/bulk', admin, { filter: { level: ['low'] }, enabled: false });
  assert.deepEqual([again.body.matched, again.body.changed.length], [4, 0]);
  const disabled = (await call('GET', '/api/rules?enabled=false', admin)).body.items.map((r: { level: string }) => r.level);
  assert.deepEqual(disabled, ['low', 'low', 'low', 'low']);
  const byIds = await call('POST', '/api/rules/bulk', admin, { ids: [SSH_FAILURE], enabled: true });
  assert.deepEqual(byIds.body.changed, [SSH_FAILURE]);
  assert.equal((await call('POST', '/api/rules/bulk', admin, { enabled: false })).status, 400);
  assert.equal((await call('POST', '/api/rules/bulk', admin, { filter: {}, enabled: false })).status, 400);
  assert.equal((await call('POST', '/api/rules/bulk', admin, { ids: ['nope'], enabled: false })).status, 404);
  const audit = engine.db.prepare("SELECT action, detail_json FROM audit_log WHERE entity_type = 'rule' ORDER BY id").all() as { action: string; detail_json: string }[];
  assert.deepEqual(audit.map((a) => [a.action, JSON.parse(a.detail_json).matched]), [['rule.bulk_disable', 4], ['rule.bulk_disable', 4], ['rule.bulk_enable', 1]]);
});

test('correlation: a brute force across batches raises one alert; spread over two tenants it raises none', async (t) => {
  const engine = await testEngine(t);
  createTenant(engine.db, 'acme', 'ACME');
  // Five failures per tenant from one address: ten in all, but five in each tenant.
  for (let i = 0; i < 5; i++) {
    await engine.pipeline.ingest([sshFailure('203.0.113.50', i * 10, 'default')]);
    await engine.pipeline.ingest([sshFailure('203.0.113.50', i * 10 + 5, 'acme')]);
  }
  assert.equal(alertsOf(engine, SSH_BRUTE_FORCE).length, 0);
  // Five more in the default tenant, over two batches, complete its ten.
  await engine.pipeline.ingest([60, 70, 80].map((s) => sshFailure('203.0.113.50', s)));
  await engine.pipeline.ingest([90, 100].map((s) => sshFailure('203.0.113.50', s)));
  const alerts = alertsOf(engine, SSH_BRUTE_FORCE);
  assert.deepEqual(alerts.map((a) => [a.tenant_id, a.rule_title, a.source]), [['default', 'SSH Brute Force From One Address', 'correlation']]);
  const details = engine.db.prepare('SELECT details_json, source_ip FROM alerts WHERE rule_id = ?').get(SSH_BRUTE_FORCE) as { details_json: string; source_ip: string };
  assert.equal(details.source_ip, '203.0.113.50');
  assert.deepEqual({ ...JSON.parse(details.details_json).correlation, event_ids: undefined, start: undefined, end: undefined, rules: undefined },
    { type: 'event_count', value: 10, group: { 'source.ip': '203.0.113.50' }, event_count: 10, event_ids: undefined, start: undefined, end: undefined, rules: undefined });
  // The single failures feed the correlation and raise nothing themselves.
  assert.equal(alertsOf(engine, SSH_FAILURE).length, 0);
});

test('testing pasted YAML on JSON events and raw lines: matches, fields, correlations, errors', async (t) => {
  const engine = await testEngine(t);
  const call = client(engine);
  const auth = engine.bearer('analyst');
  const yaml = `title: Whoami
id: 11111111-2222-3333-4444-555555555555
logsource: { product: windows, category: process_creation }
detection:
  sel: { CommandLine|contains: whoami }
  condition: sel
level: medium
---
title: Failed SSH
name: failed_ssh
logsource: { product: linux, service: sshd }
detection:
  sel: { event.outcome: failure }
  condition: sel
---
title: Two failures
correlation: { type: event_count, rules: [failed_ssh], group-by: [source.ip], timespan: 5m, condition: { gte: 2 } }
level: high
`;
  const events = [
    sysmon('cmd /c whoami /all').json,
    sysmon('cmd /c dir').json,
    sshFailure('198.51.100.7', 0).text,
    sshFailure('198.51.100.7', 5).text,
  ];
  const result = await call('POST', '/api/rules/test', auth, { yaml, events });
  assert.equal(result.status, 200, JSON.stringify(result.body));
  assert.equal(result.body.events, 4);
  assert.deepEqual(result.body.matches.map((m: { index: number; rule_title: string }) => [m.index, m.rule_title]), [[0, 'Whoami'], [2, 'Failed SSH'], [3, 'Failed SSH']]);
  assert.deepEqual(result.body.matches[0].matched_fields, { 'winlog.event_data.CommandLine': 'cmd /c whoami /all' });
  assert.deepEqual(result.body.correlations.map((c: { rule_title: string; value: number; events: number[]; group: unknown }) => [c.rule_title, c.value, c.events, c.group]),
    [['Two failures', 2, [2, 3], { 'source.ip': '198.51.100.7' }]]);
  assert.deepEqual(result.body.errors, []);

  const broken = await call('POST', '/api/rules/test', auth, { yaml: 'title: Bad\nlogsource: { product: windows }\ndetection:\n  sel: { Image|nosuchmodifier: x }\n  condition: sel\n', events: [] });
  assert.equal(broken.status, 200);
  assert.equal(broken.body.errors.length, 1);
  assert.equal(broken.body.errors[0].line, 4);
  assert.equal((await call('POST', '/api/rules/test', auth, { yaml: 'x', events: [42] })).status, 400);
});

test('reload picks up an imported set; its load errors are listed with file and line', async (t) => {
  const engine = await testEngine(t);
  const call = client(engine);
  const admin = engine.bearer('admin');
  const dir = join(engine.dataDir, 'rules', 'imported', 'local');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'good.yml'), 'title: Local Rule\nid: 22222222-3333-4444-5555-666666666666\nstatus: test\nlevel: high\nauthor: Me\nlogsource: { product: windows, category: process_creation }\ndetection:\n  sel: { CommandLine|contains: mimikatz }\n  condition: sel\n');
  await writeFile(join(dir, 'quiet.yml'), 'title: Local Experimental\nid: 33333333-3333-4444-5555-666666666666\nstatus: experimental\nlevel: high\nlogsource: { product: windows, category: process_creation }\ndetection:\n  sel: { CommandLine|contains: rubeus }\n  condition: sel\n');
  await writeFile(join(dir, 'bad.yml'), 'title: Broken\nlogsource: { product: windows }\ndetection:\n  sel: { Image: x }\n  condition: sel and other\n');
  const status = await call('POST', '/api/rules/reload', admin);
  assert.equal(status.status, 200, JSON.stringify(status.body));
  assert.deepEqual([status.body.rules, status.body.enabled, status.body.errors], [17, 16, 1]);
  const local = (await call('GET', '/api/rules?source=imported', admin)).body.items;
  assert.deepEqual(local.map((r: { title: string; source: string; enabled: boolean }) => [r.title, r.source, r.enabled]),
    [['Local Rule', 'imported/local', true], ['Local Experimental', 'imported/local', false]]);
  const errors = await call('GET', '/api/rules/errors', admin);
  assert.equal(errors.body.total, 1);
  assert.deepEqual([errors.body.errors[0].file, errors.body.errors[0].line, errors.body.errors[0].reason], [join(dir, 'bad.yml'), 5, 'condition']);
  await engine.pipeline.ingest([sysmon('mimikatz.exe privilege::debug'), sysmon('rubeus.exe kerberoast')]);
  assert.equal(alertsOf(engine, '22222222-3333-4444-5555-666666666666').length, 1);
  assert.equal(alertsOf(engine, '33333333-3333-4444-5555-666666666666').length, 0);
  assert.equal(engine.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'rule.reload'").pluck().get(), 1);
});
