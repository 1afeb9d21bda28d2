import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WindowsEventInput } from '../windows/normalize.js';
import { fromEventXmlJson } from '../windows/event-xml-json.js';
import { evtxEventRecordId, evtxRecordToEvent, evtxRecordToWindowsInput, evtxToJson, evtxToXml, parseEvtx, type EvtxRecord } from './index.js';
import { buildChunk, buildFile, v } from './test-support/evtx-builder.js';
import { CORPUS, concatenatedJson, corpusEvtxFiles } from './test-support/corpus.js';
import { VT } from './values.js';

const files = corpusEvtxFiles();
const noCorpus = files.length === 0 ? 'corpus not found' : false;

function recordsOf(path: string): EvtxRecord[] {
  return [...parseEvtx(readFileSync(path))].filter((i): i is EvtxRecord => i.kind === 'record');
}

/** Drops undefined members, which the two shapes spell differently (absent or undefined). */
function defined(input: WindowsEventInput | null): Record<string, unknown> {
  return JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
}

describe('EVTX records as Windows events', { skip: noCorpus }, () => {
  test('a Security record from the corpus: System, EventData and the normalized event', () => {
    const [record] = recordsOf(join(CORPUS, 'evtx-attack-samples/Credential Access/4794_DSRM_password_change_t1098.evtx'));
    assert.deepEqual(defined(evtxRecordToWindowsInput(record)), {
      provider: 'Microsoft-Windows-Security-Auditing',
      providerGuid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
      eventId: 4794,
      version: 0,
      level: 0,
      task: 13824,
      opcode: 0,
      keywords: '0x8020000000000000',
      timeCreated: Date.parse('2017-06-09T19:21:26.968Z'),
      recordId: 3139859,
      activityId: '{3B48C871-DFE6-0000-A5C8-483BE6DFD201}',
      processId: 792,
      threadId: 1648,
      channel: 'Security',
      computer: '2016dc.hqcorp.local',
      eventData: {
        SubjectUserSid: 'S-1-5-21-1913345275-1711810662-261465553-500',
        SubjectUserName: 'administrator',
        SubjectDomainName: 'HQCORP',
        SubjectLogonId: '0x2f336f',
        Workstation: '2016DC',
        Status: '0x0',
      },
    });
    // An exported log: the record header numbers from 1, the event keeps its Security log id.
    assert.equal(record.recordId, 1);
    assert.equal(evtxEventRecordId(record), 3139859);
    const event = evtxRecordToEvent(record, 0);
    assert.equal(event.timestamp, Date.parse('2017-06-09T19:21:26.968Z'));
    assert.equal(event.fields['winlog.event_id'], 4794);
    assert.equal(event.fields['winlog.channel'], 'Security');
    assert.equal(event.fields['winlog.record_id'], 3139859);
    assert.equal(event.fields['host.name'], '2016dc.hqcorp.local');
    assert.equal(event.fields['winlog.event_data.SubjectUserName'], 'administrator');
    assert.equal(event.fields['user.name'], 'administrator');
    assert.equal(event.fields['event.original'], evtxToXml(record.event));
    assert.match(String(event.fields['event.original']), /^<Event xmlns="http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event"><System><Provider Name="Microsoft-Windows-Security-Auditing"/);
    assert.equal(evtxRecordToEvent(record, 0, { original: false }).fields['event.original'], undefined);
  });

  test('every corpus record gives the same WindowsEventInput directly and through its evtx_dump JSON', () => {
    let compared = 0;
    for (const file of files) {
      for (const record of recordsOf(file.path)) {
        assert.deepEqual(defined(fromEventXmlJson(evtxToJson(record.event))), defined(evtxRecordToWindowsInput(record)), `${file.name} record ${record.recordId}`);
        compared++;
      }
    }
    assert.ok(compared > 4000);
  });

  test('SigmaHQ regression data: the same events as the evtx_dump (Rust) JSON shipped beside each file', () => {
    // Known rendering differences of that JSON (corpus SOURCE.md): GUIDs without braces,
    // trailing spaces trimmed from values.
    const canonical = (input: WindowsEventInput | null) => JSON.parse(JSON.stringify(input), (_key, value: unknown) =>
      typeof value === 'string' ? value.replace(/^\{([0-9A-F-]{36})\}$/i, '$1').trimEnd() : value) as unknown;
    // One value in the JSON differs from its EVTX, where python-evtx and libevtx read what we read.
    const fixtureEdits: [string, string, string][] = [['proc_creation_win_susp_right_to_left_override/', 'ParentCommandLine', 'C:\\Windows\\Explorer.EXE']];
    const edited = (name: string, input: WindowsEventInput | null) => {
      for (const [where, field, value] of fixtureEdits) if (name.includes(where) && input?.eventData) input.eventData[field] = value;
      return input;
    };
    const cases = files.filter((f) => f.name.startsWith('sigma-regression/'));
    let compared = 0;
    for (const file of cases) {
      const expected = concatenatedJson(readFileSync(file.path.replace(/\.evtx$/, '.json'), 'utf8'));
      const ours = recordsOf(file.path);
      assert.equal(ours.length, expected.length, file.name);
      ours.forEach((record, i) => {
        assert.deepEqual(canonical(evtxRecordToWindowsInput(record)), canonical(edited(file.name, fromEventXmlJson(expected[i]))), `${file.name} #${i}`);
        compared++;
      });
    }
    assert.ok(cases.length >= 150 && compared >= 180, `${cases.length} cases, ${compared} records`);
  });
});

describe('event.original', () => {
  test('an event whose XML is longer than MAX_RECORD_BYTES is cut there and tagged', () => {
    const template = { name: 'Event', children: [{ name: 'EventData', children: [{ name: 'Data', children: [{ sub: 0, type: VT.string }] }] }] };
    const long = '€'.repeat(30_000); // 90,000 bytes of UTF-8, 60,000 of UTF-16
    const file = buildFile([buildChunk([{ id: 1, template, values: [v.string(long)] }])]);
    const [record] = [...parseEvtx(file)].filter((i): i is EvtxRecord => i.kind === 'record');
    const event = evtxRecordToEvent(record, 5);
    assert.equal(Buffer.byteLength(String(event.fields['event.original'])) <= 64 * 1024, true);
    assert.match(String(event.fields['event.original']), /^<Event><EventData><Data>€€/);
    assert.deepEqual(event.fields.tags, ['truncated']);
    assert.equal(event.fields['winlog.event_data.param1'], long);
  });
});
