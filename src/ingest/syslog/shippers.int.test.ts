// Real syslog shippers (util-linux logger, rsyslog, syslog-ng) sending to the syslog source
// on loopback ports. Each test starts its own processes and stops them; a shipper that is
// not installed skips its tests.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Source } from '../../pipeline/stages.js';
import { createFakeIntake, testContext } from '../test-support.js';
import type { FakeIntake } from '../test-support.js';
import { syslogSource } from './index.js';

const installed = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

const sources: Source[] = [];
const daemons: ChildProcess[] = [];
const dirs: string[] = [];
after(async () => {
  for (const daemon of daemons) daemon.kill('SIGTERM');
  await Promise.all(sources.map((s) => s.stop()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function workDir(): string {
  const dir = mkdtempSync(join(os.tmpdir(), 'vigil-shipper-'));
  dirs.push(dir);
  return dir;
}

async function listen(protocol: 'udp' | 'tcp'): Promise<{ intake: FakeIntake; port: number }> {
  const intake = createFakeIntake();
  const source = syslogSource.create(syslogSource.configSchema.parse({ protocol, hosts: ['127.0.0.1'], port: 0 }), testContext(intake));
  await source.start();
  sources.push(source);
  return { intake, port: Number(/:(\d+)$/.exec(source.addresses()[0]!)![1]) };
}

/** Runs a command to completion, feeding it `input`. */
function run(command: string, args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${stderr}`))));
    child.stdin.end(input);
  });
}

/** Starts a daemon in the foreground; the returned promise rejects if it exits on its own. */
function daemon(command: string, args: string[]): { exited: Promise<never>; stop(): Promise<void> } {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  daemons.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  let stopping = false;
  const exited = new Promise<never>((_, reject) => {
    child.on('exit', (code) => {
      if (!stopping) reject(new Error(`${command} exited early (${code}): ${output}`));
    });
  });
  exited.catch(() => {});
  return {
    exited,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The MSG part of each record, after checking the whole header against `header`. */
function messages(intake: FakeIntake, header: RegExp): string[] {
  return intake.texts().map((text) => {
    const match = header.exec(text);
    assert.ok(match, `unexpected record: ${JSON.stringify(text)}`);
    return match[1]!;
  });
}

const RFC5424_LOGGER = /^<13>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) \S+ vigiltest - - \[timeQuality [^\]]*\] (.*)$/s;
const RFC3164 = /^<13>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ vigiltest: (.*)$/s;

describe('logger (util-linux) → syslog source', { skip: !installed('logger') && 'logger not installed', timeout: 30_000 }, () => {
  const cases = [
    { protocol: 'udp', flags: ['--udp', '--rfc5424'], header: RFC5424_LOGGER },
    { protocol: 'udp', flags: ['--udp', '--rfc3164'], header: RFC3164 },
    { protocol: 'tcp', flags: ['--tcp', '--rfc5424'], header: RFC5424_LOGGER },
    { protocol: 'tcp', flags: ['--tcp', '--rfc3164'], header: RFC3164 },
    { protocol: 'tcp', flags: ['--tcp', '--octet-count', '--rfc5424'], header: RFC5424_LOGGER },
    { protocol: 'tcp', flags: ['--tcp', '--octet-count', '--rfc3164'], header: RFC3164 },
  ] as const;
  for (const c of cases) {
    test(`logger ${c.flags.join(' ')}: every message arrives, exactly`, async () => {
      const { intake, port } = await listen(c.protocol);
      const sent = Array.from({ length: 50 }, (_, i) => `${c.flags.join('')} message ${i} "quoted" é [x=1]`);
      await run('logger', ['--server', '127.0.0.1', '--port', String(port), ...c.flags, '-t', 'vigiltest', '-p', 'user.notice'], sent.join('\n') + '\n');
      await intake.waitFor(sent.length);
      const got = messages(intake, c.header);
      // TCP keeps order; UDP datagrams on loopback may be taken in any order.
      if (c.protocol === 'tcp') assert.deepEqual(got, sent);
      else assert.deepEqual([...got].sort(), [...sent].sort());
    });
  }
});

describe('rsyslog → syslog source', { skip: !installed('rsyslogd') && 'rsyslogd not installed', timeout: 60_000 }, () => {
  test('imfile → omfwd over TCP octet-counted, TCP newline framing and UDP: every line once, multi-line kept whole when octet-counted', async () => {
    const dir = workDir();
    mkdirSync(join(dir, 'work'));
    const octetTcp = await listen('tcp');
    const plainTcp = await listen('tcp');
    const udp = await listen('udp');
    const lines = Array.from({ length: 200 }, (_, i) => `rsyslog line ${i} "quoted" é [x=${i}]`);
    writeFileSync(join(dir, 'in.log'), lines.join('\n') + '\n');
    const multi = ['START first event\n  at frame one\n  at frame two', 'START second event'];
    // The line after the last event marks it complete for imfile.
    writeFileSync(join(dir, 'multi.log'), `${multi.join('\n')}\nSTART end marker\n`);
    writeFileSync(
      join(dir, 'rsyslog.conf'),
      `global(workDirectory="${dir}/work")
module(load="imfile")
input(type="imfile" File="${dir}/in.log" Tag="vigiltest:" Severity="notice" Facility="user" ruleset="all")
input(type="imfile" File="${dir}/multi.log" Tag="vigiltest:" Severity="notice" Facility="user" startmsg.regex="^START" escapeLF="off" ruleset="octet")
ruleset(name="all") {
  action(type="omfwd" target="127.0.0.1" port="${octetTcp.port}" protocol="tcp" TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")
  action(type="omfwd" target="127.0.0.1" port="${plainTcp.port}" protocol="tcp" template="RSYSLOG_ForwardFormat")
  action(type="omfwd" target="127.0.0.1" port="${udp.port}" protocol="udp" template="RSYSLOG_ForwardFormat")
}
ruleset(name="octet") {
  action(type="omfwd" target="127.0.0.1" port="${octetTcp.port}" protocol="tcp" TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")
}
`,
    );
    const rsyslog = daemon('rsyslogd', ['-n', '-f', join(dir, 'rsyslog.conf'), '-i', join(dir, 'rsyslogd.pid')]);
    await Promise.race([Promise.all([octetTcp.intake.waitFor(lines.length + multi.length, 30_000), plainTcp.intake.waitFor(lines.length, 30_000), udp.intake.waitFor(lines.length, 30_000)]), rsyslog.exited]);
    await rsyslog.stop();

    const protocol23 = /^<13>1 \S+ \S+ vigiltest - - - (.*)$/s;
    const forward = /^<13>\d{4}-\d\d-\d\dT\S+ \S+ vigiltest: (.*)$/s;
    const octetMessages = messages(octetTcp.intake, protocol23);
    assert.deepEqual(octetMessages.filter((m) => !m.startsWith('START')), lines);
    // rsyslog may flush the end marker when it stops; it was never part of the check.
    assert.deepEqual(octetMessages.filter((m) => m.startsWith('START') && m !== 'START end marker'), multi);
    assert.deepEqual(messages(plainTcp.intake, forward), lines);
    assert.deepEqual([...messages(udp.intake, forward)].sort(), [...lines].sort());
  });
});

describe('syslog-ng → syslog source', { skip: !installed('syslog-ng') && 'syslog-ng not installed', timeout: 60_000 }, () => {
  test('file() → syslog() over TCP (octet-counted), network() over TCP (newline) and UDP: every line once', async () => {
    const dir = workDir();
    const octetTcp = await listen('tcp');
    const plainTcp = await listen('tcp');
    const udp = await listen('udp');
    const lines = Array.from({ length: 200 }, (_, i) => `syslog-ng line ${i} "quoted" é [x=${i}]`);
    writeFileSync(join(dir, 'in.log'), lines.join('\n') + '\n');
    writeFileSync(
      join(dir, 'syslog-ng.conf'),
      `@version: 3.38
options { stats_freq(0); };
source s_in { file("${dir}/in.log" program-override("vigiltest") flags(no-parse) follow-freq(0.1)); };
destination d_octet { syslog("127.0.0.1" transport("tcp") port(${octetTcp.port})); };
destination d_plain { network("127.0.0.1" transport("tcp") port(${plainTcp.port})); };
destination d_udp { network("127.0.0.1" transport("udp") port(${udp.port})); };
log { source(s_in); destination(d_octet); destination(d_plain); destination(d_udp); };
`,
    );
    const syslogNg = daemon('syslog-ng', ['-F', '-f', join(dir, 'syslog-ng.conf'), `--persist-file=${dir}/persist`, `--pidfile=${dir}/pid`, `--control=${dir}/ctl`, '--no-caps']);
    await Promise.race([Promise.all([octetTcp.intake.waitFor(lines.length, 30_000), plainTcp.intake.waitFor(lines.length, 30_000), udp.intake.waitFor(lines.length, 30_000)]), syslogNg.exited]);
    await syslogNg.stop();

    const ietf = /^<13>1 \S+ \S+ vigiltest - - \[meta sequenceId="\d+"\] (.*)$/s;
    assert.deepEqual(messages(octetTcp.intake, ietf), lines);
    assert.deepEqual(messages(plainTcp.intake, RFC3164), lines);
    assert.deepEqual([...messages(udp.intake, RFC3164)].sort(), [...lines].sort());
  });
});
