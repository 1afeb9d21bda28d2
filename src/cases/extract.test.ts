import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractObservables, MAX_EXTRACTED } from './extract.js';
import { corpusEvents, GRIXBA, RTLO_FILE, SYSTEM_RESTORE } from './test-support.js';

const pairs = (items: { type: string; value: string }[]) => items.map((o) => `${o.type} ${o.value}`);

test('a Sysmon process creation gives host, user, executable and its file hashes (not the import hash)', () => {
  const found = extractObservables([{ events: corpusEvents(GRIXBA) }]);
  assert.deepEqual(pairs(found).sort(), [
    'file-path C:\\Users\\xodih\\Downloads\\GRB_NET.exe',
    'hash 88df27b6e794e3fd5f93f28b1ca1d3d0',
    'hash f8810179ab033a9b79cd7006c1a74fbcde6ed0451c92fbb8c7ce15b52499353a',
    'hostname swachchhanda',
    'user xodih',
  ]);
  const md5 = found.find((o) => o.value === '88df27b6e794e3fd5f93f28b1ca1d3d0');
  assert.equal(md5?.hash_algorithm, 'md5');
  assert.equal(md5?.field, 'winlog.event_data.Hashes');
});

test('Sysmon registry events give one registry observable per key, deduplicated across events', () => {
  const events = corpusEvents(SYSTEM_RESTORE);
  assert.equal(events.length, 4);
  const registry = extractObservables([{ events }, { events }]).filter((o) => o.type === 'registry').map((o) => o.value);
  assert.ok(registry.includes('HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\SystemRestore\\DisableConfig'), registry.join('\n'));
  assert.ok(registry.includes('HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\SystemRestore\\DisableSR'));
  assert.equal(new Set(registry).size, registry.length);
});

test('a Sysmon file event gives the created file name and path', () => {
  const found = pairs(extractObservables([{ events: corpusEvents(RTLO_FILE) }]));
  assert.ok(found.includes('filename Communicaton_Ltr\u202efdp.msc'), found.join('\n'));
  assert.ok(found.includes('file-path C:\\Users\\xodih\\Downloads\\Communicaton_Ltr\u202efdp.msc'));
});

test('network, web, DNS and mail fields; placeholders, loopback and service accounts are skipped', () => {
  const fields = {
    'source.ip': '10.1.2.3',
    'destination.ip': ['198.51.100.20', '127.0.0.1'],
    'destination.domain': 'cdn.evil.example',
    'url.original': 'https://cdn.evil.example/payload.ps1',
    'url.domain': '198.51.100.20',
    'dns.question.name': 'C2.Evil.Example.',
    'dns.question.registered_domain': 'evil.example',
    'user_agent.original': 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1',
    'user.name': 'SYSTEM',
    'user.target.name': '-',
    'email.from.address': 'Billing@Evil.Example',
    'process.hash.sha1': 'not-a-hash',
    'host.name': 'web01',
  };
  const found = pairs(extractObservables([{ events: [{ fields }] }]));
  assert.deepEqual(found, [
    'ip 10.1.2.3',
    'ip 198.51.100.20',
    'hostname web01',
    'fqdn cdn.evil.example',
    'fqdn c2.evil.example',
    'domain evil.example',
    'url https://cdn.evil.example/payload.ps1',
    'user-agent Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1',
    'mail billing@evil.example',
  ]);
});

test('entities name a type or an ECS field; unknown kinds are ignored', () => {
  const found = pairs(extractObservables([{ events: [], entities: [
    { type: 'ip', value: '192.0.2.1' }, { type: 'email', value: 'a@b.example' }, { type: 'host.name', value: 'DC01' }, { type: 'weird', value: 'x' },
  ] }]));
  assert.deepEqual(found, ['ip 192.0.2.1', 'mail a@b.example', 'hostname dc01']);
});

test('extraction stops at the cap', () => {
  const events = Array.from({ length: MAX_EXTRACTED + 50 }, (_, i) => ({ fields: { 'source.ip': `10.0.${Math.floor(i / 250)}.${i % 250}` } }));
  assert.equal(extractObservables([{ events }]).length, MAX_EXTRACTED);
});
