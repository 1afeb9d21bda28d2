import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ConfigError } from '../errors.js';
import { SOURCE_KINDS, sourceKindsByType } from './index.js';

describe('source kinds registry', () => {
  test('lists syslog and file, each type once', () => {
    assert.deepEqual([...sourceKindsByType().keys()], ['syslog', 'file']);
  });

  test('a type listed twice fails at start-up', () => {
    assert.throws(() => sourceKindsByType([...SOURCE_KINDS, SOURCE_KINDS[0]!]), ConfigError);
  });

  for (const kind of SOURCE_KINDS) {
    test(`${kind.type}: every example config parses, unknown keys are refused`, () => {
      const examples = parse(readFileSync(new URL(`./${kind.type}/example.yaml`, import.meta.url), 'utf8')) as Record<string, unknown>[];
      assert.ok(examples.length > 0);
      for (const example of examples) {
        const result = kind.configSchema.safeParse(example);
        assert.ok(result.success, `${JSON.stringify(example)}: ${result.error?.message}`);
        assert.equal(kind.configSchema.safeParse({ ...example, no_such_setting: 1 }).success, false);
      }
    });
  }
});
