import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawRecord } from '../../pipeline/stages.js';
import { isRecordLine, readRecordLine, recordLine } from './record-line.js';

test('a record line keeps everything parsing depends on, and reads back equal', () => {
  const records: RawRecord[] = [
    { text: 'Nov 21 10:00:00 host sshd[1]: Failed password for bob from 1.2.3.4 port 22 ssh2', received: 1_763_719_200_000, tenant: 'acme', origin: { source: 'syslog-tcp', address: '10.0.0.9' } },
    { text: '{"a":"b\\"c"}\n second line\ttab \u2603 \u0000', received: 5, tenant: 'default', format: 'json', origin: { source: 'file:/var/log/x.log', file: '/var/log/zeek/conn.log', line: 42 } },
    { text: '{"a":"b\\"c"}\ttab\t\r \u2603 \u0000 \ud83d\ude00', received: 6, tenant: 'default', origin: { source: 'http' } },
    { text: 'lone \ud800 surrogate', received: 7, tenant: 'default', origin: { source: 'http' } },
  ];
  for (const record of records) {
    const line = recordLine('id-1', record);
    assert.ok(!line.includes('\n'), 'one line, whatever the text holds');
    assert.ok(isRecordLine(line));
    assert.deepEqual(readRecordLine(line), { id: 'id-1', record });
  }
});

test('a document that is only the text decoded is not logged; one built with more context is', () => {
  const decoded = recordLine('id-2', { text: '{"x":1}', json: { x: 1 }, jsonIsText: true, received: 1, tenant: 'default', origin: { source: 'http' } });
  assert.equal(readRecordLine(decoded).record.json, undefined);
  const tsv: RawRecord = { text: '1521911720.8\tC1\t10.0.0.1', json: { ts: 1521911720.8, uid: 'C1', _path: 'conn' }, received: 1, tenant: 'default', format: 'zeek', origin: { source: 'file', file: '/x/conn.log', line: 9 } };
  assert.deepEqual(readRecordLine(recordLine('id-3', tsv)), { id: 'id-3', record: tsv });
});

test('rows are not record lines, and a damaged record line is refused, not misread', () => {
  assert.equal(isRecordLine('{"id":"a"}'), false);
  for (const bad of ['[1,2,3]', '["id",1,"t",null,{"source":"x"}]', '["id","1","t",null,{"source":"x"}]\ttext', '["id",1,"t",null,{"source":"x"},{},{}]\ttext', '["id",1,"t",null,{"source":"x"},"x"]\ttext', '["id",1,"t",null,{"source":"x"\ttext', '["id","1","t",null,{"source":"x"},"text"]', '["id",1,"t",7,{"source":"x"},"text"]', '["id",1,"t",null,null,"text"]', '["id",1,"t",null,{"source":"x"},"te']) {
    assert.throws(() => readRecordLine(bad), /not a WAL record line|JSON/, bad);
  }
});

test('a text that keeps a line whole and reads back the same from UTF-8 is written as it is', () => {
  const text = '{"CommandLine":"C:\\\\Windows\\\\cmd.exe /c \\"x\\""}\tand a tab';
  const line = recordLine('id-4', { text, received: 1, tenant: 'default', origin: { source: 'http' } });
  assert.ok(line.endsWith(`\t${text}`), line);
  assert.equal(readRecordLine(line).record.text, text);
  // A newline or a lone surrogate go inside the JSON, escaped.
  assert.ok(!recordLine('id-5', { text: 'a\nb', received: 1, tenant: 'default', origin: { source: 'http' } }).includes('\t'));
  assert.ok(!recordLine('id-6', { text: 'a\ud800b', received: 1, tenant: 'default', origin: { source: 'http' } }).includes('\t'));
  // Lines written with the text always inside the JSON (earlier versions) still read.
  assert.deepEqual(readRecordLine('["id-7",1,"t",null,{"source":"x"},"te\\"xt",{"k":1}]'),
    { id: 'id-7', record: { text: 'te"xt', received: 1, tenant: 't', origin: { source: 'x' }, json: { k: 1 } } });
});
