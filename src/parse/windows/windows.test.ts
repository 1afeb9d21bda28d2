import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TAGS } from '../../event/fields.js';
import { corpus, parse, pick, tags } from '../test-support/records.js';

// One Security 4624 (network logon) event, as four shippers write it.
const EVENT_DATA_TYPED = {
  SubjectUserSid: 'S-1-5-18', SubjectUserName: 'DC01$', SubjectDomainName: 'CORP', SubjectLogonId: '0x3e7',
  TargetUserSid: 'S-1-5-21-1-2-3-1104', TargetUserName: 'alice', TargetDomainName: 'CORP', TargetLogonId: '0x8f2a1',
  LogonType: 3, LogonProcessName: 'NtLmSsp ', AuthenticationPackageName: 'NTLM', WorkstationName: 'WS042',
  IpAddress: '10.20.30.40', IpPort: 50123, ProcessId: '0x0', ProcessName: '-',
};
// Winlogbeat and NXLog render every event data value as text.
const EVENT_DATA_TEXT = Object.fromEntries(Object.entries(EVENT_DATA_TYPED).map(([k, v]) => [k, String(v)]));

const EVTX_DUMP = {
  Event: {
    '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
    System: {
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing', Guid: '54849625-5478-4994-A5BA-3E3B0328C30D' } },
      EventID: 4624, Version: 2, Level: 0, Task: 12544, Opcode: 0, Keywords: '0x8020000000000000',
      TimeCreated: { '#attributes': { SystemTime: '2024-03-10T09:30:00.123456Z' } },
      EventRecordID: 98765,
      Correlation: { '#attributes': { ActivityID: '{B3B2C6E1-1234-4321-ABCD-0123456789AB}' } },
      Execution: { '#attributes': { ProcessID: 640, ThreadID: 3100 } },
      Channel: 'Security', Computer: 'DC01.corp.local', Security: null,
    },
    EventData: EVENT_DATA_TYPED,
  },
};

const WINLOGBEAT_8 = {
  '@timestamp': '2024-03-10T09:30:00.123Z',
  agent: { type: 'winlogbeat', version: '8.12.0' },
  ecs: { version: '8.0.0' },
  event: { code: '4624', kind: 'event', provider: 'Microsoft-Windows-Security-Auditing', created: '2024-03-10T09:30:01.000Z' },
  host: { name: 'dc01.corp.local' },
  log: { level: 'information' },
  winlog: {
    channel: 'Security', event_id: '4624', provider_name: 'Microsoft-Windows-Security-Auditing',
    provider_guid: '{54849625-5478-4994-a5ba-3e3b0328c30d}', computer_name: 'DC01.corp.local', record_id: 98765, version: 2,
    task: 'Logon', opcode: 'Info', keywords: ['Audit Success'], activity_id: '{b3b2c6e1-1234-4321-abcd-0123456789ab}',
    process: { pid: 640, thread: { id: 3100 } }, api: 'wineventlog', event_data: EVENT_DATA_TEXT,
    logon: { type: 'Network', id: '0x8f2a1' },
  },
};

const NXLOG = {
  EventTime: '2024-03-10 09:30:00.123', Hostname: 'DC01.corp.local', Keywords: -9214364837600034816, EventType: 'AUDIT_SUCCESS',
  SeverityValue: 2, Severity: 'INFO', EventID: 4624, SourceName: 'Microsoft-Windows-Security-Auditing',
  ProviderGuid: '{54849625-5478-4994-A5BA-3E3B0328C30D}', Version: 2, Task: 12544, OpcodeValue: 0, RecordNumber: 98765,
  ActivityID: '{B3B2C6E1-1234-4321-ABCD-0123456789AB}', ProcessID: 640, ThreadID: 3100, Channel: 'Security', Category: 'Logon', Opcode: 'Info',
  ...EVENT_DATA_TEXT,
  EventReceivedTime: '2024-03-10 09:30:01', SourceModuleName: 'eventlog', SourceModuleType: 'im_msvistalog',
};

const FLAT = {
  EventID: 4624, Channel: 'Security', Computer: 'DC01.corp.local', Provider_Name: 'Microsoft-Windows-Security-Auditing',
  Provider_Guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}', TimeCreated: '2024-03-10T09:30:00.123456Z', EventRecordID: 98765,
  Level: 0, Task: 12544, Opcode: 0, Keywords: '0x8020000000000000', Version: 2, Execution_ProcessID: 640, Execution_ThreadID: 3100,
  Correlation_ActivityID: '{B3B2C6E1-1234-4321-ABCD-0123456789AB}',
  ...EVENT_DATA_TYPED,
};

/** Winlogbeat writes task, opcode and keywords as names where the others write numbers. */
const SHIPPER_NOTATION = new Set(['winlog.task', 'winlog.opcode', 'winlog.keywords', 'event.original']);

describe('Windows events in four JSON shapes', () => {
  const reference = parse(JSON.stringify(EVTX_DUMP));

  test('the evtx_dump shape normalizes to Winlogbeat fields and ECS', () => {
    const expected = {
      'event.kind': 'event', 'event.module': 'windows', 'event.dataset': 'windows.security', 'event.code': '4624',
      'event.provider': 'Microsoft-Windows-Security-Auditing', 'event.action': 'logged-in', 'event.outcome': 'success',
      'event.category': ['authentication'], 'event.type': ['start'],
      'winlog.channel': 'Security', 'winlog.event_id': 4624, 'winlog.provider_name': 'Microsoft-Windows-Security-Auditing',
      'winlog.provider_guid': '{54849625-5478-4994-A5BA-3E3B0328C30D}', 'winlog.computer_name': 'DC01.corp.local', 'winlog.record_id': 98765,
      'winlog.version': 2, 'winlog.task': 12544, 'winlog.opcode': 0, 'winlog.keywords': '0x8020000000000000', 'winlog.level': 'information',
      'winlog.process.pid': 640, 'winlog.process.thread.id': 3100, 'winlog.activity_id': '{B3B2C6E1-1234-4321-ABCD-0123456789AB}',
      'winlog.event_data.LogonType': '3', 'winlog.event_data.IpPort': '50123', 'winlog.event_data.TargetUserName': 'alice',
      'host.name': 'DC01.corp.local', 'host.os.family': 'windows', 'user.name': 'alice', 'user.domain': 'CORP',
      'source.ip': '10.20.30.40', 'source.port': 50123, 'source.domain': 'WS042', 'log.level': 'information',
    };
    assert.deepEqual(pick(reference, expected), expected);
    assert.equal(new Date(reference.timestamp).toISOString(), '2024-03-10T09:30:00.123Z');
    assert.deepEqual(tags(reference), []);
  });

  const shapes: [string, unknown][] = [['Winlogbeat 8', WINLOGBEAT_8], ['NXLog im_msvistalog', NXLOG], ['flat EventData', FLAT]];
  for (const [name, doc] of shapes) {
    test(`${name} gives the same winlog.* and ECS fields as evtx_dump`, () => {
      const event = parse(JSON.stringify(doc));
      assert.deepEqual(tags(event), []);
      assert.equal(event.timestamp, reference.timestamp);
      for (const [key, value] of Object.entries(reference.fields)) {
        if (SHIPPER_NOTATION.has(key)) continue;
        assert.deepEqual(event.fields[key], value, `${name}: ${key}`);
      }
      // Nothing of its own under winlog.* that contradicts the reference either.
      for (const key of Object.keys(event.fields)) {
        if (key.startsWith('winlog.') && !SHIPPER_NOTATION.has(key) && reference.fields[key] === undefined) {
          assert.ok(name === 'Winlogbeat 8' && ['winlog.api', 'winlog.logon.type', 'winlog.logon.id'].includes(key), `${name}: extra ${key}`);
        }
      }
    });
  }

  test('shipper metadata is kept: Winlogbeat names and agent, NXLog under nxlog.*', () => {
    const beats = parse(JSON.stringify(WINLOGBEAT_8));
    assert.equal(beats.fields['winlog.task'], 'Logon');
    assert.deepEqual(beats.fields['winlog.keywords'], ['Audit Success']);
    assert.equal(beats.fields['agent.type'], 'winlogbeat');
    assert.equal(beats.fields['event.created'], '2024-03-10T09:30:01.000Z');
    const nx = parse(JSON.stringify(NXLOG));
    assert.equal(nx.fields['winlog.keywords'], '0x8020000000000000');
    assert.equal(nx.fields['nxlog.SourceModuleType'], 'im_msvistalog');
    assert.equal(nx.fields['nxlog.Category'], 'Logon');
    assert.equal(nx.fields['winlog.event_data.SourceModuleType'], undefined);
  });

  test('Winlogbeat 7 (numeric event_id) and a Sysmon process creation in flat shape', () => {
    const beats7 = parse(JSON.stringify({ '@timestamp': '2020-01-01T00:00:00Z', winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', event_id: 1, provider_name: 'Microsoft-Windows-Sysmon', computer_name: 'ws1', event_data: { Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd /c whoami', ProcessId: '4242', ParentImage: 'C:\\Windows\\explorer.exe', User: 'CORP\\bob' } } }));
    const expected = {
      'event.module': 'sysmon', 'event.dataset': 'sysmon.operational', 'event.category': ['process'], 'winlog.event_id': 1,
      'process.executable': 'C:\\Windows\\System32\\cmd.exe', 'process.name': 'cmd.exe', 'process.command_line': 'cmd /c whoami', 'process.pid': 4242,
      'process.parent.name': 'explorer.exe', 'user.name': 'bob', 'user.domain': 'CORP',
    };
    assert.deepEqual(pick(beats7, expected), expected);
    const flat = parse(JSON.stringify({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'ws1', Provider_Name: 'Microsoft-Windows-Sysmon', TimeCreated: '2020-01-01T00:00:00Z', Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd /c whoami', ProcessId: 4242, ParentImage: 'C:\\Windows\\explorer.exe', User: 'CORP\\bob' }));
    assert.deepEqual(pick(flat, expected), expected);
  });

  test('a record read from a .evtx file (format evtx) keeps its XML as event.original', () => {
    const xml = '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>…</System></Event>';
    const event = parse(xml, 'evtx', { json: EVTX_DUMP });
    assert.equal(event.fields['event.original'], xml);
    assert.equal(event.fields['winlog.event_id'], 4624);
    assert.equal(event.fields['user.name'], 'alice');
  });

  test('a SigmaHQ regression case (evtx_dump JSON, pretty-printed) parses as Windows', () => {
    const path = corpus('sigma-regression/regression_data/rules-emerging-threats/2026/Exploits/RedSun/pipe_created_win_exploit_redsun_named_pipe/9b4e7c2a-3f6d-4a8b-b5e9-1c7d3f2e6a4b.json');
    const event = parse(readFileSync(path, 'utf8'));
    assert.ok(!tags(event).includes(TAGS.parseFailure));
    assert.equal(event.fields['event.module'], 'sysmon');
    assert.equal(event.fields['winlog.event_id'], 17);
    assert.equal(event.fields['winlog.event_data.PipeName'], '\\REDSUN');
    assert.equal(event.fields['winlog.event_data.ProcessId'], '15596');
    assert.equal(event.fields['process.name'], 'RedSun.exe');
  });
});
