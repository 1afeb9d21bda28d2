import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evtxRecordToWindowsInput, evtxToJson, evtxToXml, parseEvtx, type EvtxItem, type EvtxRecord } from './index.js';
import { buildChunk, buildFile, nestedXml, utf16, v, type RecordSpec, type XmlElementSpec } from './test-support/evtx-builder.js';
import { VT } from './values.js';

const XMLNS = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** The System part of a Windows event template; values 0–8 as Windows orders them. */
const SYSTEM: XmlElementSpec = {
  name: 'System',
  children: [
    { name: 'Provider', attributes: [['Name', [{ sub: 0, type: VT.string, optional: true }]], ['Guid', [{ sub: 1, type: VT.guid, optional: true }]]] },
    { name: 'EventID', children: [{ sub: 2, type: VT.uint16 }] },
    { name: 'TimeCreated', attributes: [['SystemTime', [{ sub: 3, type: VT.filetime, optional: true }]]] },
    { name: 'EventRecordID', children: [{ sub: 4, type: VT.uint64, optional: true }] },
    { name: 'Correlation', attributes: [['ActivityID', [{ sub: 5, type: VT.guid, optional: true }]]] },
    { name: 'Channel', children: [{ sub: 6, type: VT.string, optional: true }] },
    { name: 'Computer', children: [{ sub: 7, type: VT.string }] },
    { name: 'Security', attributes: [['UserID', [{ sub: 8, type: VT.sid, optional: true }]]] },
  ],
};

function eventTemplate(data: XmlElementSpec): XmlElementSpec {
  return { name: 'Event', attributes: [['xmlns', [{ text: XMLNS }]]], children: [SYSTEM, data] };
}

const dataItem = (name: string, sub: number, type: number, optional = true): XmlElementSpec =>
  ({ name: 'Data', attributes: [['Name', [{ text: name }]]], children: [{ sub, type, optional }] });

/** Sysmon-like EventData: values 9–12. */
const SYSMON = eventTemplate({
  name: 'EventData',
  children: [dataItem('Image', 9, VT.string), dataItem('ProcessId', 10, VT.uint32), dataItem('ProcessGuid', 11, VT.guid), dataItem('RuleName', 12, VT.string)],
});

const GUID = Buffer.from('2596845478549449a5ba3e3b0328c30d', 'hex');
const SID_SYSTEM = Buffer.from('010100000000000512000000', 'hex');
const FILETIME = 131415096869686699n; // 2017-06-09T19:21:26.9686699Z

function systemValues(id: number, channel = 'Microsoft-Windows-Sysmon/Operational') {
  return [
    v.string('Microsoft-Windows-Sysmon'), v.raw(VT.guid, GUID), v.uint16(1), v.filetime(FILETIME), v.uint64(BigInt(id)),
    v.null(), v.string(channel), v.string('host1'), v.raw(VT.sid, SID_SYSTEM),
  ];
}

function records(items: EvtxItem[]): EvtxRecord[] {
  return items.filter((i): i is EvtxRecord => i.kind === 'record');
}

function read(specs: RecordSpec[]): { records: EvtxRecord[]; problems: string[] } {
  const items = [...parseEvtx(buildFile([buildChunk(specs)]))];
  return { records: records(items), problems: items.filter((i) => i.kind === 'problem').map((p) => `${p.code}: ${p.message}`) };
}

describe('EVTX binary XML', () => {
  test('a template instance renders as Windows shows the event', () => {
    const { records: [record], problems } = read([{ id: 7, template: SYSMON, values: [...systemValues(7), v.string('C:\\Windows\\cmd.exe\0'), v.uint32(4242), v.raw(VT.guid, GUID), v.string('')] }]);
    assert.deepEqual(problems, []);
    assert.equal(record.recordId, 7);
    assert.equal(evtxToXml(record.event),
      `<Event xmlns="${XMLNS}"><System><Provider Name="Microsoft-Windows-Sysmon" Guid="{54849625-5478-4994-A5BA-3E3B0328C30D}"/>` +
      '<EventID>1</EventID><TimeCreated SystemTime="2017-06-09T19:21:26.9686699Z"/><EventRecordID>7</EventRecordID><Correlation/>' +
      '<Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>host1</Computer><Security UserID="S-1-5-18"/></System>' +
      '<EventData><Data Name="Image">C:\\Windows\\cmd.exe</Data><Data Name="ProcessId">4242</Data>' +
      '<Data Name="ProcessGuid">{54849625-5478-4994-A5BA-3E3B0328C30D}</Data><Data Name="RuleName"></Data></EventData></Event>');
    const input = evtxRecordToWindowsInput(record);
    assert.deepEqual(input, {
      provider: 'Microsoft-Windows-Sysmon', providerGuid: '{54849625-5478-4994-A5BA-3E3B0328C30D}', eventId: 1,
      timeCreated: Date.parse('2017-06-09T19:21:26.968Z'), recordId: 7, channel: 'Microsoft-Windows-Sysmon/Operational', computer: 'host1',
      userId: 'S-1-5-18', activityId: undefined,
      eventData: { Image: 'C:\\Windows\\cmd.exe', ProcessId: 4242, ProcessGuid: '{54849625-5478-4994-A5BA-3E3B0328C30D}', RuleName: '' },
    });
  });

  test('later records use the chunk\'s template by reference, with their own values', () => {
    const values = (id: number, image: string) => [...systemValues(id), v.string(image), v.uint32(id), v.raw(VT.guid, GUID), v.string('r')];
    const { records: list, problems } = read([
      { id: 1, template: SYSMON, values: values(1, 'a.exe') },
      { id: 2, template: SYSMON, values: values(2, 'b.exe') },
      { id: 3, template: SYSMON, values: values(3, 'c.exe') },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(list.map((r) => evtxRecordToWindowsInput(r).eventData?.Image), ['a.exe', 'b.exe', 'c.exe']);
    assert.deepEqual(list.map((r) => evtxRecordToWindowsInput(r).recordId), [1, 2, 3]);
  });

  test('NULL optional substitutions leave out their attribute and their element; a normal one leaves it empty', () => {
    const template = eventTemplate({ name: 'EventData', children: [dataItem('Gone', 9, VT.string), dataItem('Empty', 10, VT.string, false), { name: 'Binary', children: [{ sub: 11, type: VT.binary, optional: true }] }] });
    const { records: [record] } = read([{ id: 1, template, values: [...systemValues(1), v.null(), v.null(), v.null()] }]);
    const xml = evtxToXml(record.event);
    assert.match(xml, /<Correlation\/>/);
    assert.match(xml, /<EventData><Data Name="Empty"\/><\/EventData>/);
    assert.deepEqual(evtxRecordToWindowsInput(record).eventData, { Empty: '' });
  });

  test('an array value repeats its element: unnamed become param1…, a named one a list', () => {
    const template = eventTemplate({
      name: 'EventData',
      children: [{ name: 'Data', children: [{ sub: 9, type: VT.string | VT.array }] }, dataItem('Ports', 10, VT.uint16 | VT.array)],
    });
    const { records: [record] } = read([{ id: 1, template, values: [...systemValues(1, 'Application'), v.raw(VT.string | VT.array, utf16('sa\0 Reason: bad\0')), v.raw(VT.uint16 | VT.array, [80, 0, 187, 1])] }]);
    assert.match(evtxToXml(record.event), /<EventData><Data>sa<\/Data><Data> Reason: bad<\/Data><Data Name="Ports">80<\/Data><Data Name="Ports">443<\/Data><\/EventData>/);
    assert.deepEqual(evtxRecordToWindowsInput(record).eventData, { param1: 'sa', param2: ' Reason: bad', Ports: [80, 443] });
  });

  test('records written without a template: text, character and entity references, CDATA, PI', () => {
    const raw: XmlElementSpec = {
      name: 'Event',
      children: [
        { name: 'System', children: [{ name: 'EventID', children: [{ text: '4950' }] }, { name: 'Channel', children: [{ text: 'Security' }] }, { name: 'TimeCreated', attributes: [['SystemTime', [{ text: '2021-06-03T19:39:52.893115500Z' }]]] }] },
        { name: 'EventData', children: [
          { name: 'Data', attributes: [['Name', [{ text: 'A' }]]], children: [{ text: 'x ' }, { entity: 'amp' }, { text: ' y' }, { charRef: 0x41 }] },
          { name: 'Data', attributes: [['Name', [{ text: 'B' }]]], children: [{ cdata: '<raw>' }] },
          { name: 'Note', children: [{ pi: 'target', data: 'some data' }] },
        ] },
      ],
    };
    const { records: [record], problems } = read([{ id: 5, raw }]);
    assert.deepEqual(problems, []);
    assert.equal(evtxToXml(record.event),
      '<Event><System><EventID>4950</EventID><Channel>Security</Channel><TimeCreated SystemTime="2021-06-03T19:39:52.893115500Z"/></System>' +
      '<EventData><Data Name="A">x &amp; yA</Data><Data Name="B"><![CDATA[<raw>]]></Data><Note><?target some data?></Note></EventData></Event>');
    const input = evtxRecordToWindowsInput(record);
    assert.equal(input.eventId, 4950);
    assert.equal(input.timeCreated, Date.parse('2021-06-03T19:39:52.893Z'));
    assert.deepEqual(input.eventData, { A: 'x & yA', B: '<raw>', Note: '' });
  });

  test('binary XML values (0x21) are decoded in place: a nested template and a nested element', () => {
    const inner: XmlElementSpec = { name: 'EventXML', attributes: [['xmlns', [{ text: 'urn:x' }]]], children: [{ name: 'User', children: [{ sub: 0, type: VT.string }] }, { name: 'Pid', children: [{ sub: 1, type: VT.uint32 }] }] };
    const template = eventTemplate({ name: 'UserData', children: [{ sub: 9, type: VT.binXml }] });
    const nestedTemplate = v.raw(VT.binXml, []);
    nestedTemplate.bytes = nestedXml(inner, [v.string('alice'), v.uint32(77)]);
    const bare = v.raw(VT.binXml, []);
    bare.bytes = nestedXml({ name: 'Plain', children: [{ name: 'Value', children: [{ text: 'on' }] }] });
    const { records: list, problems } = read([
      { id: 1, template, values: [...systemValues(1), nestedTemplate] },
      { id: 2, template, values: [...systemValues(2), bare] },
    ]);
    assert.deepEqual(problems, []);
    assert.match(evtxToXml(list[0].event), /<UserData><EventXML xmlns="urn:x"><User>alice<\/User><Pid>77<\/Pid><\/EventXML><\/UserData>/);
    assert.deepEqual(evtxRecordToWindowsInput(list[0]).userData, { User: 'alice', Pid: 77 });
    assert.deepEqual(evtxRecordToWindowsInput(list[1]).userData, { Value: 'on' });
  });

  test('the evtx_dump JSON rendering', () => {
    const { records: [record] } = read([{ id: 9, template: SYSMON, values: [...systemValues(9), v.string('a.exe'), v.uint32(1), v.null(), v.string('x')] }]);
    const json = evtxToJson(record.event) as { Event: { '#attributes': unknown; System: Record<string, unknown>; EventData: unknown } };
    assert.deepEqual(json.Event['#attributes'], { xmlns: XMLNS });
    assert.deepEqual(json.Event.System.Provider, { '#attributes': { Name: 'Microsoft-Windows-Sysmon', Guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}' } });
    assert.equal(json.Event.System.EventID, 1);
    assert.equal(json.Event.System.Correlation, null);
    assert.deepEqual(json.Event.EventData, { Image: 'a.exe', ProcessId: 1, RuleName: 'x' });
  });

  test('a record whose template uses one big value over and over is lost, not rendered to gigabytes', () => {
    const template: XmlElementSpec = { name: 'Event', children: Array.from({ length: 1000 }, () => ({ name: 'Data', children: [{ sub: 0, type: VT.string }] })) };
    const { records: list, problems } = read([
      { id: 1, template, values: [v.string('x'.repeat(10_000))] },
      { id: 2, template: SYSMON, values: [...systemValues(2), v.string('ok.exe'), v.uint32(2), v.null(), v.null()] },
    ]);
    assert.deepEqual(list.map((r) => r.recordId), [2]);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^record_binxml: record 1 lost: record expands past 4194304 elements and characters/);
  });

  test('nesting past the depth limit loses that record only, with a problem', () => {
    let deep: XmlElementSpec = { name: 'Leaf' };
    for (let i = 0; i < 80; i++) deep = { name: 'N', children: [deep] };
    const { records: list, problems } = read([
      { id: 1, raw: { name: 'Event', children: [deep] } },
      { id: 2, template: SYSMON, values: [...systemValues(2), v.string('ok.exe'), v.uint32(2), v.null(), v.null()] },
    ]);
    assert.deepEqual(list.map((r) => r.recordId), [2]);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^record_binxml: record 1 lost: elements nested too deep/);
  });
});
