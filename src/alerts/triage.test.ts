import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VigilError } from '../errors.js';
import { getAlertView } from './query.js';
import { raiseAlerts } from './raise.js';
import type { AlertRow } from './rows.js';
import { hit, memoryDb, T0 } from './test-support.js';
import { addComment, applyChange, bulkUpdate, updateAlert, type AlertChange } from './triage.js';

const NOW = T0 + 10_000;
const row = (overrides: Partial<AlertRow> = {}): AlertRow => ({
  id: 'a1', tenant_id: 'default', source: 'sigma', rule_id: 'r', rule_title: 'R', rule_level: 'high', rule_json: '{}',
  severity: 'high', status: 'new', assignee: null, disposition: null, host_name: null, user_name: null, source_ip: null,
  group_key: null, external_ref: null, details_json: null, event_count: 1, first_seen: T0, last_seen: T0, created_at: T0,
  updated_at: T0, acknowledged_at: null, closed_at: null, mttd_ms: 0, version: 1, ...overrides,
});

// Each case: a starting alert, a change, and the fields expected after it (or the error).
const transitions: { name: string; from: Partial<AlertRow>; change: AlertChange; expect: Partial<AlertRow> | RegExp | null }[] = [
  { name: 'acknowledge stamps acknowledged_at', from: {}, change: { status: 'acknowledged' }, expect: { status: 'acknowledged', acknowledged_at: NOW, closed_at: null } },
  { name: 'in progress from new also acknowledges', from: {}, change: { status: 'in_progress' }, expect: { status: 'in_progress', acknowledged_at: NOW } },
  { name: 'a second acknowledgement keeps the first time', from: { status: 'acknowledged', acknowledged_at: T0 + 5 }, change: { status: 'in_progress' }, expect: { acknowledged_at: T0 + 5 } },
  { name: 'closing needs a disposition', from: {}, change: { status: 'closed' }, expect: /requires a disposition/ },
  { name: 'closing with one stamps both times', from: {}, change: { status: 'closed', disposition: 'false_positive' }, expect: { status: 'closed', disposition: 'false_positive', acknowledged_at: NOW, closed_at: NOW } },
  { name: 'a disposition without closing is refused', from: { status: 'acknowledged' }, change: { disposition: 'benign' }, expect: /only when closing/ },
  { name: 'a closed alert may change its disposition, keeping closed_at', from: { status: 'closed', disposition: 'benign', closed_at: T0 + 1, acknowledged_at: T0 + 1 }, change: { disposition: 'true_positive' }, expect: { disposition: 'true_positive', closed_at: T0 + 1 } },
  { name: 'reopening clears disposition and closed_at', from: { status: 'closed', disposition: 'benign', closed_at: T0 + 1, acknowledged_at: T0 + 1 }, change: { status: 'in_progress' }, expect: { status: 'in_progress', disposition: null, closed_at: null, acknowledged_at: T0 + 1 } },
  { name: 'assign and unassign', from: { assignee: 'bob' }, change: { assignee: null }, expect: { assignee: null, status: 'new', acknowledged_at: null } },
  { name: 'severity changes, level does not', from: {}, change: { severity: 'critical' }, expect: { severity: 'critical' } },
  { name: 'a change to the same values changes nothing', from: { assignee: 'bob' }, change: { assignee: 'bob', status: 'new' }, expect: null },
];

describe('triage', () => {
  for (const c of transitions) {
    test(c.name, () => {
      const start = row(c.from);
      if (c.expect instanceof RegExp) {
        const re = c.expect;
        assert.throws(() => applyChange(start, c.change, NOW), (e: unknown) => e instanceof VigilError && e.status === 400 && re.test(e.message));
        return;
      }
      const next = applyChange(start, c.change, NOW);
      if (c.expect === null) return assert.equal(next, null);
      assert.ok(next);
      for (const [key, value] of Object.entries(c.expect)) assert.equal(next[key as keyof typeof next], value, key);
      assert.equal(next.version, start.version + 1);
    });
  }

  test('a stale version is a 409 that changes nothing; the audit log has before and after', () => {
    const db = memoryDb();
    const id = raiseAlerts(db, [hit()], { now: T0 }).outcomes[0]!.alertId!;
    const actor = { kind: 'user' as const, id: 'u1', name: 'carol' };
    const updated = updateAlert(db, actor, null, id, { status: 'acknowledged', assignee: 'carol' }, 1, NOW);
    assert.equal(updated.version, 2);
    assert.throws(() => updateAlert(db, actor, null, id, { status: 'in_progress' }, 1, NOW), (e: unknown) => e instanceof VigilError && e.status === 409 && e.details?.current_version === 2);
    assert.equal(getAlertView(db, null, id).status, 'acknowledged');
    const audits = db.prepare("SELECT action, actor_name, before_json, after_json FROM audit_log WHERE entity_id = ?").all(id) as Record<string, string>[];
    assert.equal(audits.length, 1);
    assert.equal(audits[0]!.action, 'alert.update');
    assert.equal(audits[0]!.actor_name, 'carol');
    assert.equal(JSON.parse(audits[0]!.before_json).status, 'new');
    assert.equal(JSON.parse(audits[0]!.after_json).assignee, 'carol');
  });

  test('bulk: per-item results; not found, stale and rule-breaking items fail alone', () => {
    const db = memoryDb();
    const ids = raiseAlerts(db, [hit({ host: 'a' }), hit({ host: 'b' }), hit({ host: 'c', tenant: 'acme' })], { now: T0 }).outcomes.map((o) => o.alertId!);
    const actor = { kind: 'user' as const, id: 'u1', name: 'carol' };
    const result = bulkUpdate(db, actor, ['default'], [ids[0]!, ids[1]!, ids[2]!, 'nope'], { status: 'acknowledged' }, { [ids[1]!]: 7 }, NOW);
    assert.equal(result.updated, 1);
    assert.equal(result.failed, 3);
    assert.deepEqual(result.results.map((r) => (r.ok ? 'ok' : r.error.code)), ['ok', 'conflict', 'not_found', 'not_found']);
    const closing = bulkUpdate(db, actor, null, [ids[0]!], { status: 'closed' }, {}, NOW);
    assert.equal(closing.results[0]!.ok, false);
  });

  test('comments: kept in order with author and time; blank text refused', () => {
    const db = memoryDb();
    const id = raiseAlerts(db, [hit()], { now: T0 }).outcomes[0]!.alertId!;
    const actor = { kind: 'user' as const, id: 'u1', name: 'carol' };
    addComment(db, actor, null, id, 'Looks like **SCCM**', NOW);
    addComment(db, actor, null, id, 'confirmed with IT', NOW + 1);
    assert.throws(() => addComment(db, actor, null, id, '   ', NOW), /needs text/);
    const view = getAlertView(db, null, id);
    assert.deepEqual(view.comments.map((c) => [c.body, c.author.name, c.created_at]), [['Looks like **SCCM**', 'carol', NOW], ['confirmed with IT', 'carol', NOW + 1]]);
  });
});
