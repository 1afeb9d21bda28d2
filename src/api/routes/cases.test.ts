import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { intakeTheHiveAlert, TheHiveAlertSchema } from '../../alerts/index.js';
import { createUser } from '../../auth/users.js';
import { caseDurations } from '../../cases/index.js';
import { corpusEvents, GRIXBA, raiseFromEvents, RTLO_FILE, SYSTEM_RESTORE } from '../../cases/test-support.js';
import { createTenant } from '../../tenants/tenants.js';
import { testEngine, type TestEngine } from '../../test-support/engine.js';

/** Response bodies, read loosely: the assertions check their shape. */
type Json = Record<string, any>;

/** Requests as one caller; each answer is checked against the status expected. */
function client(engine: TestEngine, authorization: string) {
  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, status?: number, headers: Record<string, string> = {}) => {
    const response = await engine.app.inject({ method, url, headers: { authorization, ...headers }, ...(payload === undefined ? {} : { payload: payload as string }) });
    if (status !== undefined) assert.equal(response.statusCode, status, `${method} ${url}: ${response.body}`);
    return response;
  };
  return {
    get: async (url: string, status = 200) => (await call('GET', url, undefined, status)).json() as Json,
    post: async (url: string, body: unknown, status = 201) => (await call('POST', url, body, status)).json() as Json,
    patch: async (url: string, body: unknown, status = 200) => (await call('PATCH', url, body, status)).json() as Json,
    del: async (url: string, status = 204) => call('DELETE', url, undefined, status),
    raw: call,
  };
}

async function setup(t: TestContext) {
  const engine = await testEngine(t);
  createTenant(engine.db, 'acme', 'ACME Corp');
  return { engine, staff: client(engine, engine.bearer('analyst', null)) };
}

function auditActions(engine: TestEngine, entityId: string): string[] {
  return engine.db.prepare('SELECT action FROM audit_log WHERE entity_id = ? ORDER BY id').pluck().all(entityId) as string[];
}

test('a case opened from alerts takes their tenant, severity and the observables of their events', async (t) => {
  const { engine, staff } = await setup(t);
  const grixba = raiseFromEvents(engine.db, 'acme', { id: 'grixba', title: 'Grixba recon tool', level: 'high' }, corpusEvents(GRIXBA));
  const restore = raiseFromEvents(engine.db, 'acme', { id: 'restore', title: 'System restore disabled', level: 'medium' }, corpusEvents(SYSTEM_RESTORE).slice(0, 2));

  const created = await staff.post('/api/cases', { alert_ids: [...grixba, ...restore], tags: ['ransomware'] });
  assert.equal(created.tenant, 'acme');
  assert.equal(created.number, 1);
  assert.equal(created.title, 'Grixba recon tool and 1 other alert');
  assert.equal(created.severity, 'high');
  assert.equal(created.status, 'new');
  assert.equal(created.tlp, 'amber');
  assert.equal(created.alert_count, 3);
  assert.equal(created.version, 1);
  assert.match(created.description, /- System restore disabled \(medium, rule restore\)/);

  const observables = (await staff.get(`/api/cases/${created.id}/observables?limit=500`)).items as Json[];
  const seen = observables.map((o) => `${o.type} ${o.value}`);
  for (const expected of [
    'hash 88df27b6e794e3fd5f93f28b1ca1d3d0',
    'hash f8810179ab033a9b79cd7006c1a74fbcde6ed0451c92fbb8c7ce15b52499353a',
    'hostname swachchhanda',
    'user xodih',
    'file-path C:\\Users\\xodih\\Downloads\\GRB_NET.exe',
    'registry HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\SystemRestore\\DisableConfig',
    'registry HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\SystemRestore\\DisableSR',
  ]) assert.ok(seen.includes(expected), `${expected} in\n${seen.join('\n')}`);
  // The host and user of all three alerts are one observable each.
  assert.equal(seen.filter((s) => s === 'hostname swachchhanda').length, 1);
  assert.equal(new Set(seen).size, seen.length);
  const md5 = observables.find((o) => o.value === '88df27b6e794e3fd5f93f28b1ca1d3d0')!;
  assert.equal(md5.hash_algorithm, 'md5');
  assert.equal(md5.source, 'alert');
  assert.equal(md5.tlp, 'amber');

  // More alerts later: only the new observables are added; an alert already in a case cannot join another.
  const file = raiseFromEvents(engine.db, 'acme', { id: 'rtlo', title: 'RTLO file name', level: 'critical' }, corpusEvents(RTLO_FILE));
  const added = await staff.post(`/api/cases/${created.id}/alerts`, { alert_ids: file }, 200);
  assert.equal(added.alerts.length, 1);
  assert.equal(added.case.alert_count, 4);
  assert.ok(added.observables_added >= 2);
  const again = await staff.post(`/api/cases/${created.id}/alerts`, { alert_ids: file }, 200);
  assert.equal(again.alerts.length, 0);
  const other = await staff.post('/api/cases', { title: 'Other', tenant: 'acme' });
  const taken = await staff.post(`/api/cases/${other.id}/alerts`, { alert_ids: file }, 409);
  assert.equal(taken.error.details.number, 1);
  // An alert of another tenant does not exist for the case.
  const foreign = raiseFromEvents(engine.db, 'default', { id: 'x', title: 'Elsewhere', level: 'low' }, corpusEvents(GRIXBA));
  await staff.post(`/api/cases/${created.id}/alerts`, { alert_ids: foreign }, 404);
  await staff.post('/api/cases', { alert_ids: [...foreign, ...grixba] }, 400);

  const alerts = await staff.get(`/api/cases/${created.id}/alerts`);
  assert.deepEqual(alerts.items.map((a: Json) => a.title), ['Grixba recon tool', 'System restore disabled', 'System restore disabled', 'RTLO file name']);
  assert.deepEqual(auditActions(engine, created.id), ['case.create', 'case.add_alerts']);
});

test('a case from a TheHive alert takes the observables it came with', async (t) => {
  const { engine, staff } = await setup(t);
  const input = TheHiveAlertSchema.parse({
    title: 'Phishing reported', type: 'mail', source: 'phishing-mailbox', sourceRef: 'msg-4711', severity: 3,
    artifacts: [
      { dataType: 'mail', data: 'Billing@Evil.Example' },
      { dataType: 'url', data: 'https://evil.example/invoice' },
      { dataType: 'hash', data: 'D41D8CD98F00B204E9800998ECF8427E' },
      { dataType: 'user-account', data: 'jdoe' },
      { dataType: 'mail-subject', data: 'Your invoice' },
    ],
  });
  const { alert } = intakeTheHiveAlert(engine.db, { kind: 'system', id: null, name: 'test' }, 'default', input);
  const kase = await staff.post('/api/cases', { alert_ids: [alert!.id] });
  assert.equal(kase.title, 'Phishing reported');
  assert.equal(kase.severity, 'high');
  const seen = (await staff.get(`/api/cases/${kase.id}/observables`)).items.map((o: Json) => `${o.type} ${o.value}`).sort();
  assert.deepEqual(seen, ['hash d41d8cd98f00b204e9800998ecf8427e', 'mail billing@evil.example', 'url https://evil.example/invoice', 'user jdoe']);
});

test('a case from a template gets its title prefix, tasks, TLP/PAP, tags and typed custom fields', async (t) => {
  const { engine, staff } = await setup(t);
  await staff.post('/api/custom-fields', { name: 'business_unit', type: 'string', label: 'Business unit' });
  await staff.post('/api/custom-fields', { name: 'hosts_affected', type: 'number' });
  await staff.post('/api/custom-fields', { name: 'detected_on', type: 'date' });
  await staff.post('/api/custom-fields', { name: 'hosts_affected', type: 'number' }, 409);
  await staff.post('/api/custom-fields', { name: 'Bad Name', type: 'number' }, 400);
  const template = await staff.post('/api/case-templates', {
    name: 'Phishing', title_prefix: '[Phishing] ', description: '## Playbook\nCollect the mail.', severity: 'high', tlp: 'white', pap: 'green',
    tags: ['phishing'], tasks: [{ title: 'Collect the mail headers' }, { title: 'Block the sender', description: 'On the gateway' }],
    custom_fields: { business_unit: 'Finance' },
  });
  assert.equal(template.tlp, 'clear');
  await staff.post('/api/case-templates', { name: 'Bad', custom_fields: { nope: 1 } }, 400);

  const created = await staff.post('/api/cases', {
    template_id: template.id, title: 'Invoice from billing@evil.example', tags: ['finance'],
    custom_fields: { hosts_affected: 3, detected_on: '2026-03-11T05:55:53Z' },
  });
  assert.equal(created.tenant, 'default');
  assert.equal(created.title, '[Phishing] Invoice from billing@evil.example');
  assert.equal(created.description, '## Playbook\nCollect the mail.');
  assert.equal(created.severity, 'high');
  assert.equal(created.tlp, 'clear');
  assert.equal(created.pap, 'green');
  assert.deepEqual(created.tags, ['phishing', 'finance']);
  assert.deepEqual(created.custom_fields, { business_unit: 'Finance', hosts_affected: 3, detected_on: '2026-03-11T05:55:53.000Z' });
  assert.equal(created.template_id, template.id);
  const tasks = (await staff.get(`/api/cases/${created.id}/tasks`)).items as Json[];
  assert.deepEqual(tasks.map((task) => [task.order, task.title, task.status]), [[1, 'Collect the mail headers', 'waiting'], [2, 'Block the sender', 'waiting']]);
  assert.equal(tasks[1]!.description, 'On the gateway');

  // Custom field values are typed; null removes one; a field in use cannot be deleted.
  await staff.patch(`/api/cases/${created.id}`, { version: 1, custom_fields: { hosts_affected: 'three' } }, 400);
  await staff.patch(`/api/cases/${created.id}`, { version: 1, custom_fields: { unknown_field: 1 } }, 400);
  const patched = await staff.patch(`/api/cases/${created.id}`, { version: 1, custom_fields: { hosts_affected: null, business_unit: 'HR' } });
  assert.deepEqual(patched.custom_fields, { business_unit: 'HR', detected_on: '2026-03-11T05:55:53.000Z' });
  const fields = (await staff.get('/api/custom-fields')).items as Json[];
  assert.deepEqual(fields.map((f) => f.name), ['business_unit', 'detected_on', 'hosts_affected']);
  const unit = fields[0]!;
  await staff.del(`/api/custom-fields/${unit.id}?version=${unit.version}`, 409);
  const unused = fields[2]!;
  await staff.del(`/api/custom-fields/${unused.id}?version=${unused.version}`);

  // Templates change with their version; cases made from them keep what they got.
  await staff.patch(`/api/case-templates/${template.id}`, { version: 1, title_prefix: '[Phish] ' });
  await staff.patch(`/api/case-templates/${template.id}`, { version: 1, title_prefix: '[P] ' }, 409);
  await staff.del(`/api/case-templates/${template.id}?version=2`);
  assert.equal((await staff.get(`/api/cases/${created.id}`)).title, '[Phishing] Invoice from billing@evil.example');
  assert.deepEqual(auditActions(engine, template.id), ['case_template.create', 'case_template.update', 'case_template.delete']);
});

test('tasks and task logs: order, status times, logs start a waiting task, attachments of the case only', async (t) => {
  const { engine, staff } = await setup(t);
  const analyst = await createUser(engine.db, { username: 'ana', password: 'a-long-password', role: 'analyst', tenant: null });
  const outsider = await createUser(engine.db, { username: 'bob', password: 'a-long-password', role: 'analyst', tenant: 'acme' });
  const kase = await staff.post('/api/cases', { title: 'Suspicious logons' });
  const first = await staff.post(`/api/cases/${kase.id}/tasks`, { title: 'Pull logon events', assignee: analyst.id });
  const second = await staff.post(`/api/cases/${kase.id}/tasks`, { title: 'Reset the password', description: 'After **approval**' });
  await staff.post(`/api/cases/${kase.id}/tasks`, { title: 'Nobody', assignee: outsider.id }, 400);
  assert.deepEqual([first.order, second.order], [1, 2]);
  assert.equal(first.assignee, analyst.id);

  const moved = await staff.patch(`/api/tasks/${second.id}`, { version: 1, order: 0 });
  assert.equal(moved.version, 2);
  assert.deepEqual((await staff.get(`/api/cases/${kase.id}/tasks`)).items.map((x: Json) => x.title), ['Reset the password', 'Pull logon events']);
  await staff.patch(`/api/tasks/${second.id}`, { version: 1, title: 'stale' }, 409);

  const log = await staff.post(`/api/tasks/${first.id}/logs`, { message: 'Found **12** failures from 203.0.113.7' });
  assert.equal(log.author.name, 'test analyst');
  const started = await staff.get(`/api/tasks/${first.id}`);
  assert.equal(started.status, 'in_progress');
  assert.ok(started.started_at >= log.created_at);
  const done = await staff.patch(`/api/tasks/${first.id}`, { version: started.version, status: 'completed' });
  assert.equal(done.status, 'completed');
  assert.ok(done.completed_at !== null);
  const reopened = await staff.patch(`/api/tasks/${first.id}`, { version: done.version, status: 'in_progress' });
  assert.equal(reopened.completed_at, null);
  assert.equal(reopened.started_at, started.started_at);
  assert.deepEqual((await staff.get(`/api/cases/${kase.id}/tasks?status=in_progress`)).items.map((x: Json) => x.id), [first.id]);

  const upload = await staff.raw('POST', `/api/cases/${kase.id}/attachments?filename=failures.csv`, 'time,ip\n1,203.0.113.7\n', 201, { 'content-type': 'text/csv' });
  const withFile = await staff.post(`/api/tasks/${first.id}/logs`, { message: 'Export attached', attachment_id: upload.json().id });
  assert.equal(withFile.attachment_id, upload.json().id);
  const elsewhere = await staff.post('/api/cases', { title: 'Another' });
  const foreignFile = await staff.raw('POST', `/api/cases/${elsewhere.id}/attachments?filename=x.txt`, 'x', 201, { 'content-type': 'text/plain' });
  await staff.post(`/api/tasks/${first.id}/logs`, { message: 'wrong file', attachment_id: foreignFile.json().id }, 400);
  const logs = await staff.get(`/api/tasks/${first.id}/logs`);
  assert.deepEqual(logs.items.map((l: Json) => l.message), ['Found **12** failures from 203.0.113.7', 'Export attached']);
  assert.deepEqual(auditActions(engine, first.id), ['case_task.create', 'case_task.update', 'case_task.update']);
});

test('observables by hand: canonical values, duplicates refused, flags with versions, filters, delete', async (t) => {
  const { engine, staff } = await setup(t);
  const kase = await staff.post('/api/cases', { title: 'Phishing wave', tlp: 'green' });
  const url = `/api/cases/${kase.id}/observables`;
  const mail = await staff.post(url, { type: 'email', value: 'Billing@Evil.Example', tags: ['sender'] });
  assert.deepEqual([mail.type, mail.value, mail.tlp, mail.ioc, mail.sighted, mail.source], ['mail', 'billing@evil.example', 'green', false, false, 'manual']);
  const hash = await staff.post(url, { type: 'hash', value: 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709', ioc: true });
  assert.equal(hash.hash_algorithm, 'sha1');
  const duplicate = await staff.post(url, { type: 'mail', value: 'billing@evil.example' }, 409);
  assert.equal(duplicate.error.details.id, mail.id);
  await staff.post(url, { type: 'ip', value: 'not-an-ip' }, 400);
  await staff.post(url, { type: 'ip', value: '198.51.100.20', description: 'Sender relay' });

  const flagged = await staff.patch(`/api/observables/${mail.id}`, { version: 1, ioc: true, sighted: true, tags: ['sender', 'campaign-7'] });
  assert.deepEqual([flagged.ioc, flagged.sighted, flagged.version, flagged.tags], [true, true, 2, ['sender', 'campaign-7']]);
  await staff.patch(`/api/observables/${mail.id}`, { version: 1, ioc: false }, 409);
  assert.equal((await staff.get(`/api/observables/${mail.id}`)).ioc, true);

  assert.deepEqual((await staff.get(`${url}?ioc=true`)).items.map((o: Json) => o.type).sort(), ['hash', 'mail']);
  assert.deepEqual((await staff.get(`${url}?sighted=true`)).items.map((o: Json) => o.id), [mail.id]);
  assert.deepEqual((await staff.get(`${url}?type=ip`)).items.map((o: Json) => o.value), ['198.51.100.20']);
  assert.deepEqual((await staff.get(`${url}?tag=campaign-7`)).items.map((o: Json) => o.id), [mail.id]);
  assert.deepEqual((await staff.get(`${url}?q=EVIL`)).items.map((o: Json) => o.id), [mail.id]);
  const page = await staff.get(`${url}?limit=2`);
  assert.equal(page.items.length, 2);
  assert.equal((await staff.get(`${url}?limit=2&cursor=${page.next_cursor}`)).items.length, 1);

  await staff.del(`/api/observables/${hash.id}?version=2`, 409);
  await staff.del(`/api/observables/${hash.id}?version=1`);
  await staff.get(`/api/observables/${hash.id}`, 404);
  assert.deepEqual(auditActions(engine, mail.id), ['case_observable.create', 'case_observable.update']);
  assert.deepEqual(auditActions(engine, hash.id), ['case_observable.create', 'case_observable.delete']);
});

test('attachments: stored once by SHA-256, downloaded with the same bytes, type and name', async (t) => {
  const { engine, staff } = await setup(t);
  const one = await staff.post('/api/cases', { title: 'Malware sample' });
  const two = await staff.post('/api/cases', { title: 'Same sample elsewhere' });
  const bytes = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0xff, 0xfe, 0x0a, 0x0d]);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const headers = { 'content-type': 'application/x-msdownload' };
  const name = encodeURIComponent('dropper – été.exe');

  const first = (await staff.raw('POST', `/api/cases/${one.id}/attachments?filename=${name}`, bytes, 201, headers)).json() as Json;
  assert.deepEqual([first.sha256, first.size, first.filename, first.content_type], [sha256, bytes.length, 'dropper – été.exe', 'application/x-msdownload']);
  const same = (await staff.raw('POST', `/api/cases/${one.id}/attachments?filename=${name}`, bytes, 200, headers)).json() as Json;
  assert.equal(same.id, first.id);
  const copy = (await staff.raw('POST', `/api/cases/${two.id}/attachments?filename=sample.bin`, bytes, 201, headers)).json() as Json;
  assert.notEqual(copy.id, first.id);
  assert.equal(copy.sha256, sha256);
  assert.deepEqual(await readdir(join(engine.dataDir, 'attachments', sha256.slice(0, 2))), [sha256]);

  const download = await staff.raw('GET', `/api/cases/${one.id}/attachments/${first.id}`, undefined, 200);
  assert.deepEqual(download.rawPayload, bytes);
  assert.equal(download.headers['content-type'], 'application/x-msdownload');
  assert.equal(download.headers['x-content-type-options'], 'nosniff');
  assert.equal(download.headers['content-disposition'], `attachment; filename="dropper _ _t_.exe"; filename*=UTF-8''dropper%20%E2%80%93%20%C3%A9t%C3%A9.exe`);
  // An attachment is reached through its own case only.
  await staff.raw('GET', `/api/cases/${two.id}/attachments/${first.id}`, undefined, 404);
  await staff.raw('POST', `/api/cases/${one.id}/attachments?filename=empty.txt`, '', 400, { 'content-type': 'text/plain' });
  await staff.raw('POST', `/api/cases/${one.id}/attachments`, 'x', 400, { 'content-type': 'text/plain' });
  assert.deepEqual((await staff.get(`/api/cases/${one.id}/attachments`)).items.map((a: Json) => a.id), [first.id]);
  assert.deepEqual(auditActions(engine, first.id), ['case_attachment.create']);

  // Bytes changed on disk behind Vigil's back are not served as the attachment.
  await writeFile(join(engine.dataDir, 'attachments', sha256.slice(0, 2), sha256), 'tampered');
  const tampered = await staff.raw('GET', `/api/cases/${one.id}/attachments/${first.id}`, undefined, 500);
  assert.equal(tampered.json().error.code, 'internal');
});

test('merging moves alerts, tasks, observables (deduplicated), comments, attachments and timeline; the source is closed as duplicate', async (t) => {
  const { engine, staff } = await setup(t);
  const [a1] = raiseFromEvents(engine.db, 'default', { id: 'grixba', title: 'Grixba', level: 'high' }, corpusEvents(GRIXBA));
  const [a2] = raiseFromEvents(engine.db, 'default', { id: 'rtlo', title: 'RTLO', level: 'critical' }, corpusEvents(RTLO_FILE));
  const target = await staff.post('/api/cases', { alert_ids: [a1], tags: ['t1'] });
  const source = await staff.post('/api/cases', { alert_ids: [a2], tags: ['t2'] });
  await staff.post(`/api/cases/${target.id}/tasks`, { title: 'Target task' });
  const sourceTask = await staff.post(`/api/cases/${source.id}/tasks`, { title: 'Source task' });
  await staff.post(`/api/tasks/${sourceTask.id}/logs`, { message: 'source log' });
  await staff.post(`/api/cases/${source.id}/comments`, { body: 'Seen on the same host' });
  const file = (await staff.raw('POST', `/api/cases/${source.id}/attachments?filename=note.txt`, 'note', 201, { 'content-type': 'text/plain' })).json() as Json;
  // Both cases have the host and user; the source's copy is flagged.
  const sourceHost = (await staff.get(`/api/cases/${source.id}/observables?type=hostname`)).items[0] as Json;
  await staff.patch(`/api/observables/${sourceHost.id}`, { version: 1, ioc: true, tags: ['patient-zero'] });
  const targetObservables = (await staff.get(`/api/cases/${target.id}/observables?limit=500`)).items.length;
  const sourceObservables = (await staff.get(`/api/cases/${source.id}/observables?limit=500`)).items.length;

  await staff.post(`/api/cases/${target.id}/merge`, { version: 99, source_id: source.id }, 409);
  await staff.post(`/api/cases/${target.id}/merge`, { version: 1, source_id: target.id }, 400);
  const merged = await staff.post(`/api/cases/${target.id}/merge`, { version: 1, source_id: source.id }, 200);
  assert.equal(merged.moved.alerts, 1);
  assert.equal(merged.moved.tasks, 1);
  assert.equal(merged.moved.comments, 1);
  assert.equal(merged.moved.attachments, 1);
  assert.equal(merged.moved.observables_merged, 2);
  assert.equal(merged.moved.observables + merged.moved.observables_merged, sourceObservables);

  const after = await staff.get(`/api/cases/${target.id}`);
  assert.equal(after.alert_count, 2);
  assert.equal(after.severity, 'critical');
  assert.deepEqual(after.tags, ['t1', 't2']);
  assert.equal(after.version, 2);
  const observables = (await staff.get(`/api/cases/${target.id}/observables?limit=500`)).items as Json[];
  assert.equal(observables.length, targetObservables + merged.moved.observables);
  const host = observables.filter((o) => o.type === 'hostname');
  assert.equal(host.length, 1);
  assert.deepEqual([host[0]!.ioc, host[0]!.tags], [true, ['patient-zero']]);
  assert.deepEqual((await staff.get(`/api/cases/${target.id}/tasks`)).items.map((x: Json) => [x.title, x.order]), [['Target task', 1], ['Source task', 2]]);
  assert.equal((await staff.get(`/api/tasks/${sourceTask.id}/logs`)).items[0].case_id, target.id);
  assert.deepEqual((await staff.get(`/api/cases/${target.id}/comments`)).items.map((c: Json) => c.body), ['Seen on the same host']);
  const download = await staff.raw('GET', `/api/cases/${target.id}/attachments/${file.id}`, undefined, 200);
  assert.equal(download.body, 'note');

  const closed = await staff.get(`/api/cases/${source.id}`);
  assert.deepEqual([closed.status, closed.resolution_status, closed.merged_into, closed.summary], ['resolved', 'duplicate', target.id, `Merged into case #${target.number}.`]);
  assert.equal(closed.alert_count, 0);
  await staff.post(`/api/cases/${source.id}/comments`, { body: 'too late' }, 409);
  await staff.patch(`/api/cases/${source.id}`, { version: closed.version, status: 'in_progress' }, 409);

  const timeline = (await staff.get(`/api/cases/${target.id}/timeline?limit=500`)).items as Json[];
  const copied = timeline.filter((e) => e.merged_from === source.id).map((e) => e.kind);
  assert.deepEqual(copied, ['case.created', 'alert.added', 'observable.added', 'task.created', 'task.log_added', 'task.status_changed', 'comment.added', 'attachment.added', 'observable.updated']);
  assert.equal(timeline.at(-1)!.kind, 'case.merged');
  assert.equal(timeline.at(-1)!.data.source_number, source.number);
  const sourceTimeline = (await staff.get(`/api/cases/${source.id}/timeline?limit=500`)).items as Json[];
  assert.deepEqual(sourceTimeline.at(-1)!.data, { target_id: target.id, target_number: target.number });
  assert.deepEqual(auditActions(engine, target.id), ['case.create', 'case.merge']);
});

test('the timeline lists every change in time order, with what changed', async (t) => {
  const { engine, staff } = await setup(t);
  const user = await createUser(engine.db, { username: 'handler', password: 'a-long-password', role: 'incident_handler', tenant: null });
  const [alert] = raiseFromEvents(engine.db, 'default', { id: 'grixba', title: 'Grixba', level: 'medium' }, corpusEvents(GRIXBA));
  const kase = await staff.post('/api/cases', { alert_ids: [alert] });
  const task = await staff.post(`/api/cases/${kase.id}/tasks`, { title: 'Contain the host' });
  await staff.post(`/api/tasks/${task.id}/logs`, { message: 'Isolated via EDR' });
  await staff.patch(`/api/tasks/${task.id}`, { version: 2, status: 'completed' });
  await staff.post(`/api/cases/${kase.id}/comments`, { body: 'Looks like a **true positive**' });
  await staff.post(`/api/cases/${kase.id}/observables`, { type: 'ip', value: '203.0.113.7' });
  await staff.raw('POST', `/api/cases/${kase.id}/attachments?filename=triage.txt`, 'notes', 201, { 'content-type': 'text/plain' });
  await staff.patch(`/api/cases/${kase.id}`, { version: 1, status: 'in_progress', assignee: user.id, severity: 'high', title: 'Grixba on swachchhanda' });

  const timeline = (await staff.get(`/api/cases/${kase.id}/timeline`)).items as Json[];
  assert.deepEqual(timeline.map((e) => e.kind), [
    'case.created', 'alert.added', 'observable.added', 'task.created', 'task.log_added', 'task.status_changed', 'task.status_changed',
    'comment.added', 'observable.added', 'attachment.added', 'case.status_changed', 'case.assignee_changed', 'case.severity_changed', 'case.updated',
  ]);
  for (let i = 1; i < timeline.length; i++) assert.ok(timeline[i]!.at >= timeline[i - 1]!.at);
  assert.equal(timeline[1]!.entity_id, alert);
  assert.equal(timeline[2]!.data.count, 5);
  assert.deepEqual([timeline[5]!.data.from, timeline[5]!.data.to], ['waiting', 'in_progress']);
  assert.deepEqual([timeline[6]!.data.from, timeline[6]!.data.to], ['in_progress', 'completed']);
  assert.equal(timeline[7]!.data.excerpt, 'Looks like a **true positive**');
  assert.deepEqual(timeline[8]!.data.observables.map((o: Json) => o.value), ['203.0.113.7']);
  assert.equal(timeline[9]!.data.filename, 'triage.txt');
  assert.deepEqual([timeline[10]!.data.from, timeline[10]!.data.to], ['new', 'in_progress']);
  assert.deepEqual(timeline[11]!.data, { from: null, to: user.id });
  assert.deepEqual(timeline[12]!.data, { from: 'medium', to: 'high' });
  assert.deepEqual(timeline[13]!.data.changes, { title: { from: 'Grixba', to: 'Grixba on swachchhanda' } });
  assert.equal(timeline[0]!.actor.name, 'test analyst');
  assert.deepEqual((await staff.get(`/api/cases/${kase.id}/timeline?kind=comment.added`)).items.length, 1);
});

test('case changes need the current version; resolving needs a resolution and a summary; durations count resolved cases', async (t) => {
  const { engine, staff } = await setup(t);
  const kase = await staff.post('/api/cases', { title: 'Brute force', severity: 'low' });
  const changed = await staff.patch(`/api/cases/${kase.id}`, { version: 1, severity: 'medium', tags: ['ssh'] });
  assert.equal(changed.version, 2);
  const stale = await staff.patch(`/api/cases/${kase.id}`, { version: 1, severity: 'critical' }, 409);
  assert.equal(stale.error.code, 'conflict');
  assert.equal(stale.error.details.current_version, 2);
  assert.equal((await staff.get(`/api/cases/${kase.id}`)).severity, 'medium');
  await staff.patch(`/api/cases/${kase.id}`, { title: 'no version' }, 400);
  // Nothing changed: no new version.
  assert.equal((await staff.patch(`/api/cases/${kase.id}`, { version: 2, severity: 'medium' })).version, 2);

  await staff.patch(`/api/cases/${kase.id}`, { version: 2, status: 'resolved' }, 400);
  await staff.patch(`/api/cases/${kase.id}`, { version: 2, status: 'resolved', resolution_status: 'true_positive' }, 400);
  await staff.patch(`/api/cases/${kase.id}`, { version: 2, summary: 'x' }, 400);
  const resolved = await staff.patch(`/api/cases/${kase.id}`, { version: 2, status: 'resolved', resolution_status: 'true_positive', summary: 'Blocked at the firewall.' });
  assert.deepEqual([resolved.status, resolved.resolution_status, resolved.summary, resolved.version], ['resolved', 'true_positive', 'Blocked at the firewall.', 3]);
  assert.ok(resolved.resolved_at >= resolved.created_at);
  const durations = caseDurations(engine.db, null, resolved.created_at, resolved.resolved_at + 1);
  assert.deepEqual(durations.map((d) => [d.id, d.resolution_status, d.duration_ms]), [[kase.id, 'true_positive', resolved.resolved_at - resolved.created_at]]);
  assert.deepEqual(caseDurations(engine.db, ['acme'], 0, Date.now() + 1), []);

  const reopened = await staff.patch(`/api/cases/${kase.id}`, { version: 3, status: 'in_progress' });
  assert.deepEqual([reopened.resolution_status, reopened.summary, reopened.resolved_at], [null, null, null]);

  const audit = engine.db.prepare("SELECT before_json, after_json FROM audit_log WHERE entity_id = ? AND action = 'case.update' ORDER BY id").all(kase.id) as { before_json: string; after_json: string }[];
  assert.equal(audit.length, 3);
  assert.equal(JSON.parse(audit[0]!.before_json).severity, 'low');
  assert.equal(JSON.parse(audit[0]!.after_json).severity, 'medium');
  assert.equal(JSON.parse(audit[1]!.after_json).status, 'resolved');
});

test('lists filter by status, severity, assignee, tag and text, page with a cursor, and number cases per tenant', async (t) => {
  const { engine, staff } = await setup(t);
  const user = await createUser(engine.db, { username: 'ana', password: 'a-long-password', role: 'analyst', tenant: null });
  const make = (body: Json) => staff.post('/api/cases', body);
  const a = await make({ title: 'Ransomware on FS01', severity: 'critical', tags: ['ransomware'], assignee: user.id });
  const b = await make({ title: 'Phishing report', severity: 'medium', description: 'User clicked a **link**' });
  const c = await make({ title: 'Acme phishing', tenant: 'acme', severity: 'high' });
  assert.deepEqual([a.number, b.number, c.number], [1, 2, 1]);
  await staff.patch(`/api/cases/${b.id}`, { version: 1, status: 'in_progress' });

  const ids = async (query: string) => (await staff.get(`/api/cases?${query}`)).items.map((x: Json) => x.id);
  assert.deepEqual(await ids(''), [c.id, b.id, a.id]);
  assert.deepEqual(await ids('status=new'), [c.id, a.id]);
  assert.deepEqual(await ids('severity=high,critical'), [c.id, a.id]);
  assert.deepEqual(await ids(`assignee=${user.id}`), [a.id]);
  assert.deepEqual(await ids('assignee=none'), [c.id, b.id]);
  assert.deepEqual(await ids('tag=ransomware'), [a.id]);
  assert.deepEqual(await ids('q=phishing'), [c.id, b.id]);
  assert.deepEqual(await ids('q=link'), [b.id]);
  assert.deepEqual(await ids('q=%232'), [b.id]);
  assert.deepEqual(await ids('tenant=acme'), [c.id]);
  await staff.get('/api/cases?status=open', 400);
  const first = await staff.get('/api/cases?limit=2');
  assert.deepEqual(first.items.map((x: Json) => x.id), [c.id, b.id]);
  const second = await staff.get(`/api/cases?limit=2&cursor=${first.next_cursor}`);
  assert.deepEqual(second.items.map((x: Json) => x.id), [a.id]);
  assert.equal(second.next_cursor, undefined);

  const acmeAnalyst = client(engine, engine.bearer('analyst', 'acme'));
  assert.deepEqual((await acmeAnalyst.get('/api/cases')).items.map((x: Json) => x.id), [c.id]);
  await acmeAnalyst.get('/api/cases?tenant=default', 403);
  // A tenant user opens cases in their own tenant only.
  const own = await acmeAnalyst.post('/api/cases', { title: 'Mine' });
  assert.deepEqual([own.tenant, own.number], ['acme', 2]);
  await acmeAnalyst.post('/api/cases', { title: 'Not mine', tenant: 'default' }, 404);
});

test("another tenant's cases and everything in them do not exist (404) on every route", async (t) => {
  const { engine, staff } = await setup(t);
  const [alert] = raiseFromEvents(engine.db, 'acme', { id: 'grixba', title: 'Grixba', level: 'high' }, corpusEvents(GRIXBA));
  const kase = await staff.post('/api/cases', { alert_ids: [alert] });
  const other = await staff.post('/api/cases', { title: 'Acme second', tenant: 'acme' });
  const task = await staff.post(`/api/cases/${kase.id}/tasks`, { title: 'Task' });
  const observable = (await staff.get(`/api/cases/${kase.id}/observables`)).items[0] as Json;
  const file = (await staff.raw('POST', `/api/cases/${kase.id}/attachments?filename=a.txt`, 'a', 201, { 'content-type': 'text/plain' })).json() as Json;
  const acmeTemplate = await staff.post('/api/case-templates', { name: 'Acme only', tenant: 'acme' });
  const acmeField = await staff.post('/api/custom-fields', { name: 'acme_ref', type: 'string', tenant: 'acme' });

  const intruder = client(engine, engine.bearer('incident_handler', 'default'));
  const routes: [string, string, unknown?][] = [
    ['GET', `/api/cases/${kase.id}`],
    ['PATCH', `/api/cases/${kase.id}`, { version: 1, title: 'x' }],
    ['GET', `/api/cases/${kase.id}/alerts`],
    ['POST', `/api/cases/${kase.id}/alerts`, { alert_ids: [alert] }],
    ['POST', `/api/cases/${kase.id}/merge`, { version: 1, source_id: other.id }],
    ['GET', `/api/cases/${kase.id}/timeline`],
    ['GET', `/api/cases/${kase.id}/tasks`],
    ['POST', `/api/cases/${kase.id}/tasks`, { title: 'x' }],
    ['GET', `/api/tasks/${task.id}`],
    ['PATCH', `/api/tasks/${task.id}`, { version: 1, title: 'x' }],
    ['GET', `/api/tasks/${task.id}/logs`],
    ['POST', `/api/tasks/${task.id}/logs`, { message: 'x' }],
    ['GET', `/api/cases/${kase.id}/observables`],
    ['POST', `/api/cases/${kase.id}/observables`, { type: 'ip', value: '192.0.2.1' }],
    ['GET', `/api/observables/${observable.id}`],
    ['PATCH', `/api/observables/${observable.id}`, { version: 1, ioc: true }],
    ['DELETE', `/api/observables/${observable.id}?version=1`],
    ['GET', `/api/cases/${kase.id}/comments`],
    ['POST', `/api/cases/${kase.id}/comments`, { body: 'x' }],
    ['GET', `/api/cases/${kase.id}/attachments`],
    ['GET', `/api/cases/${kase.id}/attachments/${file.id}`],
    ['GET', `/api/case-templates/${acmeTemplate.id}`],
    ['PATCH', `/api/case-templates/${acmeTemplate.id}`, { version: 1, name: 'x' }],
    ['DELETE', `/api/case-templates/${acmeTemplate.id}?version=1`],
    ['GET', `/api/custom-fields/${acmeField.id}`],
    ['PATCH', `/api/custom-fields/${acmeField.id}`, { version: 1, label: 'x' }],
    ['DELETE', `/api/custom-fields/${acmeField.id}?version=1`],
  ];
  for (const [method, url, body] of routes) {
    const response = await intruder.raw(method as 'GET', url, body);
    assert.equal(response.statusCode, 404, `${method} ${url}: ${response.body}`);
    assert.equal(response.json().error.code, 'not_found');
  }
  const upload = await intruder.raw('POST', `/api/cases/${kase.id}/attachments?filename=b.txt`, 'b', undefined, { 'content-type': 'text/plain' });
  assert.equal(upload.statusCode, 404);
  // A case of their own cannot pull in, or merge with, the other tenant's.
  const mine = await intruder.post('/api/cases', { title: 'Mine' });
  await intruder.post(`/api/cases/${mine.id}/merge`, { version: 1, source_id: kase.id }, 404);
  await intruder.post(`/api/cases/${mine.id}/alerts`, { alert_ids: [alert] }, 404);
  await intruder.post('/api/cases', { template_id: acmeTemplate.id, title: 'x' }, 404);
  assert.deepEqual((await intruder.get('/api/case-templates')).items, []);
  assert.deepEqual((await intruder.get('/api/custom-fields')).items, []);
  // Nothing changed in acme's case.
  assert.equal((await staff.get(`/api/cases/${kase.id}`)).version, 1);
  assert.equal((await staff.get(`/api/cases/${kase.id}/tasks`)).items.length, 1);
});

test('a client viewer reads their tenant\'s cases and changes nothing; every route needs credentials', async (t) => {
  const { engine, staff } = await setup(t);
  const kase = await staff.post('/api/cases', { title: 'Acme incident', tenant: 'acme' });
  const task = await staff.post(`/api/cases/${kase.id}/tasks`, { title: 'Task' });
  const viewer = client(engine, engine.bearer('client_viewer', 'acme'));
  assert.equal((await viewer.get(`/api/cases/${kase.id}`)).title, 'Acme incident');
  assert.equal((await viewer.get('/api/cases')).items.length, 1);
  await viewer.get(`/api/cases/${kase.id}/timeline`);
  await viewer.get(`/api/tasks/${task.id}/logs`);
  const writes: [string, string, unknown?][] = [
    ['POST', '/api/cases', { title: 'x' }],
    ['PATCH', `/api/cases/${kase.id}`, { version: 1, title: 'x' }],
    ['POST', `/api/cases/${kase.id}/comments`, { body: 'x' }],
    ['POST', `/api/cases/${kase.id}/tasks`, { title: 'x' }],
    ['PATCH', `/api/tasks/${task.id}`, { version: 1, status: 'completed' }],
    ['POST', `/api/tasks/${task.id}/logs`, { message: 'x' }],
    ['POST', `/api/cases/${kase.id}/observables`, { type: 'ip', value: '192.0.2.1' }],
    ['POST', `/api/cases/${kase.id}/attachments?filename=x`, 'x'],
    ['POST', `/api/cases/${kase.id}/merge`, { version: 1, source_id: kase.id }],
    ['POST', '/api/case-templates', { name: 'x' }],
    ['POST', '/api/custom-fields', { name: 'x', type: 'string' }],
  ];
  for (const [method, url, body] of writes) {
    const response = await viewer.raw(method as 'POST', url, body);
    assert.equal(response.statusCode, 403, `${method} ${url}: ${response.body}`);
  }
  const anonymous = await engine.app.inject({ method: 'GET', url: `/api/cases/${kase.id}` });
  assert.equal(anonymous.statusCode, 401);
  assert.equal((await staff.get(`/api/cases/${kase.id}`)).version, 1);
  const docs = await engine.app.inject({ method: 'GET', url: '/api/docs/json', headers: { authorization: engine.bearer('analyst') } });
  assert.ok(docs.json().paths['/api/cases/{id}/merge'].post.summary);
});
