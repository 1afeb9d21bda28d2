// End to end through a real `vigil serve`: SSH brute-force lines over syslog TCP and an
// encoded-PowerShell Sysmon event over /_bulk become alerts of the built-in rules, with the
// rules' titles and author, in GET /api/alerts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { eventually, runVigil, startServerProcess } from '../test-support/server-process.js';
import { tempDir } from '../test-support/temp-dir.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An RFC 3164 time stamp ("Mar  3 10:00:00"), in UTC like the parser reads it. */
function stamp(time: number): string {
  const d = new Date(time);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)}`;
}

function newKey(dataDir: string, role: string): string {
  const result = runVigil(['apikey', 'create', '--name', role, '--role', role, '--data', dataDir]);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim().split('\n').pop()!;
}

async function sendTcp(port: number, text: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' }, () => socket.end(text));
    socket.once('error', reject);
    socket.once('close', () => resolve());
  });
}

test('syslog SSH brute force and a _bulk Sysmon event raise the built-in rules\' alerts', async (t) => {
  const dataDir = await tempDir(t);
  const ingest = newKey(dataDir, 'ingest');
  const analyst = newKey(dataDir, 'analyst');
  const server = await startServerProcess(t, dataDir);

  const start = Date.now() - 120_000;
  const lines = Array.from({ length: 12 }, (_, i) => `<38>${stamp(start + i * 5_000)} web01 sshd[${3100 + i}]: Failed password for root from 203.0.113.50 port ${40000 + i} ssh2\n`);
  await sendTcp(server.syslogTcpPort, lines.join(''));

  const sysmon = {
    '@timestamp': new Date().toISOString(),
    host: { name: 'WS-042' },
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational', provider_name: 'Microsoft-Windows-Sysmon', event_id: 1, computer_name: 'WS-042',
      event_data: {
        Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        CommandLine: 'powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=',
        ParentImage: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
        User: 'CORP\\jdoe',
      },
    },
  };
  const bulk = await fetch(`${server.http}/_bulk`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ingest}`, 'content-type': 'application/x-ndjson' },
    body: `${JSON.stringify({ create: { _index: 'winlogbeat' } })}\n${JSON.stringify(sysmon)}\n`,
  });
  assert.equal(bulk.status, 200, await bulk.text());

  type AlertItem = { rule: { id: string; title: string; author: string; tags: string[] }; severity: string; source: string; count: number; entities: { host: string | null; source_ip: string | null } };
  const alerts = await eventually(async () => {
    const response = await fetch(`${server.http}/api/alerts?limit=50`, { headers: { authorization: `Bearer ${analyst}` } });
    const body = (await response.json()) as { items: AlertItem[] };
    return body.items.length >= 2 ? body.items : undefined;
  }, 'two alerts');
  const byTitle = new Map(alerts.map((a) => [a.rule.title, a]));
  assert.deepEqual([...byTitle.keys()].sort(), ['PowerShell Started With An Encoded Command', 'SSH Brute Force From One Address']);
  const ps = byTitle.get('PowerShell Started With An Encoded Command')!;
  assert.deepEqual([ps.rule.author, ps.severity, ps.source, ps.entities.host], ['Vigil', 'high', 'sigma', 'WS-042']);
  assert.ok(ps.rule.tags.includes('attack.t1059.001'));
  const ssh = byTitle.get('SSH Brute Force From One Address')!;
  assert.deepEqual([ssh.rule.author, ssh.severity, ssh.source, ssh.entities.source_ip], ['Vigil', 'high', 'correlation', '203.0.113.50']);
  // Twelve failures: the tenth completes the count and the group starts over, so one alert.
  assert.equal(ssh.count, 1);
  assert.equal((await (await fetch(`${server.http}/api/rules/9dcd1a02-8d5c-4539-bbad-8464684e32e5`, { headers: { authorization: `Bearer ${analyst}` } })).json() as { alert_count: number }).alert_count, 1);
});
