import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VigilError } from '../errors.js';
import { createMetrics } from '../metrics/metrics.js';
import { createException, createExceptionFromAlert, deleteException, getException, listExceptions, MAX_EXCEPTION_TTL_MS, type NewException } from './exceptions.js';
import { listAlerts } from './query.js';
import { raiseAlerts } from './raise.js';
import { hit, HOUR, memoryDb, T0, type HitOptions } from './test-support.js';

const analyst = { kind: 'user' as const, id: 'u1', name: 'carol' };
const DAY = 24 * HOUR;

function exception(overrides: Partial<NewException> = {}): NewException {
  return {
    tenant: 'default',
    ruleId: 'rule-encoded-powershell',
    conditions: [{ field: 'host.name', value: 'ws01' }],
    reason: 'SCCM runs encoded scripts on ws01',
    expiresAt: T0 + 7 * DAY,
    ...overrides,
  };
}

// Each case: one exception, one hit; is the hit suppressed?
const cases: { name: string; exception: Partial<NewException>; hit: HitOptions; suppressed: boolean }[] = [
  { name: 'rule and host match', exception: {}, hit: {}, suppressed: true },
  { name: 'values compare ignoring case', exception: { conditions: [{ field: 'host.name', value: 'WS01' }] }, hit: {}, suppressed: true },
  { name: 'another host', exception: {}, hit: { host: 'ws02' }, suppressed: false },
  { name: 'another rule', exception: {}, hit: { ruleId: 'other' }, suppressed: false },
  { name: 'any rule (rule null) with a condition', exception: { ruleId: null }, hit: { ruleId: 'other' }, suppressed: true },
  { name: 'rule only, no conditions', exception: { conditions: [] }, hit: { host: 'anything' }, suppressed: true },
  {
    name: 'every condition must hold',
    exception: { conditions: [{ field: 'host.name', value: 'ws01' }, { field: 'user.name', value: 'svc_sccm' }] },
    hit: {},
    suppressed: false,
  },
  {
    name: 'a command line condition',
    exception: { conditions: [{ field: 'process.command_line', value: 'powershell.exe -enc SQBFAFgA' }] },
    hit: { host: 'ws99' },
    suppressed: true,
  },
  { name: 'any element of an array field', exception: { conditions: [{ field: 'tags', value: 'sccm' }] }, hit: { fields: { tags: ['prod', 'sccm'] } }, suppressed: true },
  { name: 'a number field compared as text', exception: { conditions: [{ field: 'event.code', value: '1' }] }, hit: {}, suppressed: true },
  { name: 'another tenant is never silenced', exception: {}, hit: { tenant: 'acme' }, suppressed: false },
  { name: 'an explicit entity counts as its ECS field', exception: { conditions: [{ field: 'source.ip', value: '10.1.1.1' }] }, hit: { ip: '10.1.1.1' }, suppressed: true },
];

describe('exceptions', () => {
  for (const c of cases) {
    test(`${c.name} → ${c.suppressed ? 'suppressed' : 'alert'}`, () => {
      const db = memoryDb();
      const made = createException(db, analyst, exception(c.exception), T0);
      const result = raiseAlerts(db, [hit(c.hit)], { now: T0 + HOUR });
      assert.equal(result.suppressed, c.suppressed ? 1 : 0);
      assert.equal(result.created, c.suppressed ? 0 : 1);
      const after = getException(db, null, made.id, T0 + HOUR);
      assert.equal(after.hit_count, c.suppressed ? 1 : 0);
      assert.equal(after.last_hit_at, c.suppressed ? T0 + HOUR : null);
      if (c.suppressed) assert.equal(result.outcomes[0]!.exceptionId, made.id);
    });
  }

  test('hit counts add up over batches; suppressed hits are counted in the metrics', async () => {
    const db = memoryDb();
    const metrics = createMetrics();
    const made = createException(db, analyst, exception(), T0);
    raiseAlerts(db, [hit(), hit(), hit()], { now: T0 + 1000, metrics });
    raiseAlerts(db, [hit(), hit({ host: 'ws02' })], { now: T0 + 2000, metrics });
    const after = getException(db, null, made.id, T0 + 2000);
    assert.equal(after.hit_count, 4);
    assert.equal(after.last_hit_at, T0 + 2000);
    assert.equal(listAlerts(db, { tenants: null }).items.length, 1);
    assert.match(await metrics.registry.metrics(), /alerts_suppressed_total\{rule_level="high"\} 4/);
  });

  test('an expired exception stops applying and is listed as expired', () => {
    const db = memoryDb();
    const made = createException(db, analyst, exception({ expiresAt: T0 + HOUR }), T0);
    assert.equal(raiseAlerts(db, [hit()], { now: T0 + HOUR - 1 }).suppressed, 1);
    assert.equal(raiseAlerts(db, [hit()], { now: T0 + HOUR }).created, 1);
    assert.equal(getException(db, null, made.id, T0 + HOUR).expired, true);
    assert.equal(listExceptions(db, { tenants: null, includeExpired: false }, T0 + HOUR).items.length, 0);
    assert.equal(listExceptions(db, { tenants: null }, T0 + HOUR).items.length, 1);
  });

  const invalid: { name: string; input: Partial<NewException>; message: RegExp }[] = [
    { name: 'neither rule nor conditions', input: { ruleId: null, conditions: [] }, message: /silence everything/ },
    { name: 'expiry in the past', input: { expiresAt: T0 - 1 }, message: /future/ },
    { name: 'expiry beyond the maximum', input: { expiresAt: T0 + MAX_EXCEPTION_TTL_MS + 1 }, message: /at most 365 days/ },
  ];
  for (const c of invalid) {
    test(`refused: ${c.name}`, () => {
      const db = memoryDb();
      assert.throws(() => createException(db, analyst, exception(c.input), T0), (e: unknown) => e instanceof VigilError && e.status === 400 && c.message.test(e.message));
    });
  }

  test('without an expiry, one expires after 30 days', () => {
    const db = memoryDb();
    const made = createException(db, analyst, exception({ expiresAt: undefined }), T0);
    assert.equal(made.expires_at, T0 + 30 * DAY);
  });

  test('from an alert: the rule and the values its event has; records the audit entry', () => {
    const db = memoryDb();
    const [outcome] = raiseAlerts(db, [hit({ user: 'svc_sccm' })], { now: T0 }).outcomes;
    const made = createExceptionFromAlert(db, analyst, ['default'], outcome!.alertId!, { fields: ['host.name', 'process.command_line'], reason: 'sccm' }, T0);
    assert.equal(made.rule_id, 'rule-encoded-powershell');
    assert.equal(made.source_alert_id, outcome!.alertId);
    assert.deepEqual(made.conditions, [{ field: 'host.name', value: 'ws01' }, { field: 'process.command_line', value: 'powershell.exe -enc SQBFAFgA' }]);
    assert.equal(made.created_by.name, 'carol');
    const audit = db.prepare("SELECT actor_name, action, entity_id, tenant_id, after_json FROM audit_log WHERE action = 'exception.create'").get() as Record<string, string>;
    assert.equal(audit.actor_name, 'carol');
    assert.equal(audit.entity_id, made.id);
    assert.equal(JSON.parse(audit.after_json).reason, 'sccm');
    assert.equal(raiseAlerts(db, [hit({ user: 'someone' })], { now: T0 + 1 }).created, 0);
  });

  test('from an alert: a field the event lacks is refused; another tenant\'s alert does not exist', () => {
    const db = memoryDb();
    const [outcome] = raiseAlerts(db, [hit()], { now: T0 }).outcomes;
    assert.throws(() => createExceptionFromAlert(db, analyst, null, outcome!.alertId!, { fields: ['file.path'], reason: 'x' }, T0), /no single value for file.path/);
    assert.throws(() => createExceptionFromAlert(db, analyst, ['acme'], outcome!.alertId!, { fields: ['host.name'], reason: 'x' }, T0), /alert not found/);
  });

  test('delete: gone, audited with its last state, and invisible to other tenants', () => {
    const db = memoryDb();
    const made = createException(db, analyst, exception(), T0);
    assert.throws(() => deleteException(db, analyst, ['acme'], made.id, T0), /exception not found/);
    deleteException(db, analyst, ['default'], made.id, T0);
    assert.throws(() => getException(db, null, made.id), /not found/);
    const audit = db.prepare("SELECT before_json FROM audit_log WHERE action = 'exception.delete'").get() as { before_json: string };
    assert.equal(JSON.parse(audit.before_json).id, made.id);
    assert.equal(raiseAlerts(db, [hit()], { now: T0 }).created, 1);
  });

  test('list: newest first, scoped, paged', () => {
    const db = memoryDb();
    for (let i = 0; i < 5; i++) createException(db, analyst, exception({ reason: `r${i}` }), T0 + i);
    createException(db, analyst, exception({ tenant: 'acme', reason: 'acme' }), T0 + 10);
    const first = listExceptions(db, { tenants: ['default'], limit: 3 }, T0 + 20);
    assert.deepEqual(first.items.map((e) => e.reason), ['r4', 'r3', 'r2']);
    const second = listExceptions(db, { tenants: ['default'], limit: 3, cursor: first.next_cursor }, T0 + 20);
    assert.deepEqual(second.items.map((e) => e.reason), ['r1', 'r0']);
    assert.equal(second.next_cursor, undefined);
  });
});
