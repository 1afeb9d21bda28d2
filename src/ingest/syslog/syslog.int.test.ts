// Starts the syslog source on loopback ports and talks to it with Node sockets.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_RECORD_BYTES } from '../../event/fields.js';
import type { Source } from '../../pipeline/stages.js';
import { wasCut } from '../record-text.js';
import { counterValue, createFakeIntake, testContext } from '../test-support.js';
import type { FakeIntake } from '../test-support.js';
import { syslogSource } from './index.js';

const RFC5424 = '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"] An application event';
const RFC3164 = '<34>Oct 11 22:14:15 mymachine su: \'su root\' failed for lonvick on /dev/pts/8';
const octet = (message: string) => `${Buffer.byteLength(message)} ${message}`;

const running: Source[] = [];
after(async () => {
  await Promise.all(running.map((s) => s.stop()));
});

async function start(config: Record<string, unknown>, intake: FakeIntake = createFakeIntake()) {
  const ctx = testContext(intake);
  const source = syslogSource.create(syslogSource.configSchema.parse({ hosts: ['127.0.0.1'], port: 0, ...config }), ctx);
  await source.start();
  running.push(source);
  const port = Number(/:(\d+)$/.exec(source.addresses()[0]!)![1]);
  return { source, intake, metrics: ctx.metrics, port };
}

function connect(port: number, host = '127.0.0.1'): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function closed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
}

async function send(port: number, data: string | Buffer): Promise<void> {
  const socket = await connect(port);
  socket.end(data);
  await closed(socket);
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const hasIPv6 = Object.values(os.networkInterfaces()).some((list) => list?.some((i) => i.family === 'IPv6' && i.internal));

describe('syslog over TCP', { timeout: 60_000 }, () => {
  test('both framings mixed in one connection arrive exactly, with origin, tenant and format', async () => {
    const { intake, port } = await start({ protocol: 'tcp', tenant: 'acme', format: 'syslog', name: 'edge' });
    await send(port, `${octet(RFC5424)}${RFC3164}\n${octet(RFC3164)}${RFC5424}\r\n${RFC3164}\0`);
    await intake.waitFor(5);
    assert.deepEqual(intake.texts(), [RFC5424, RFC3164, RFC3164, RFC5424, RFC3164]);
    for (const record of intake.records) {
      assert.deepEqual(record.origin, { source: 'edge', address: '127.0.0.1' });
      assert.equal(record.tenant, 'acme');
      assert.equal(record.format, 'syslog');
      assert.ok(Math.abs(record.received - Date.now()) < 60_000);
    }
  });

  test('frames split across TCP writes at every byte boundary', async () => {
    const { intake, port } = await start({ protocol: 'tcp' });
    const sample = Buffer.from(`${octet(RFC5424)}${RFC3164}\n`);
    const socket = await connect(port);
    socket.setNoDelay(true);
    for (let at = 1; at < sample.length; at++) {
      socket.write(sample.subarray(0, at));
      // Let the first part leave before the second so they travel as separate segments.
      await new Promise((resolve) => setImmediate(resolve));
      socket.write(sample.subarray(at));
    }
    socket.end();
    const expected = (sample.length - 1) * 2;
    await intake.waitFor(expected);
    assert.equal(intake.records.length, expected);
    for (let i = 0; i < expected; i += 2) assert.deepEqual(intake.texts().slice(i, i + 2), [RFC5424, RFC3164], `pair ${i / 2}`);
  });

  test('an oversized frame is cut at MAX_RECORD_BYTES, the rest discarded, the next frame kept', async () => {
    const { intake, port } = await start({ protocol: 'tcp' });
    const huge = `<13>${'z'.repeat(MAX_RECORD_BYTES * 3)}`;
    await send(port, `${huge}\n${octet(`<13>${'q'.repeat(MAX_RECORD_BYTES + 10)}`)}${RFC3164}\n`);
    await intake.waitFor(3);
    const [first, second, third] = intake.texts();
    assert.equal(first, huge.slice(0, MAX_RECORD_BYTES));
    assert.ok(wasCut(first!) && wasCut(second!));
    assert.equal(second, `<13>${'q'.repeat(MAX_RECORD_BYTES - 4)}`);
    assert.equal(third, RFC3164);
  });

  test('a bogus octet count closes only that connection; binary garbage harms nobody', async () => {
    const { intake, port, metrics } = await start({ protocol: 'tcp' });
    const good = await connect(port);
    good.write(`${RFC3164}\n`);
    const bogus = await connect(port);
    bogus.write('9999999999 <13>will never come');
    await closed(bogus);
    const binary = await connect(port);
    binary.write(Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 31) % 256)));
    binary.end();
    await closed(binary);
    good.end(`${RFC5424}\n`);
    await closed(good);
    await until(() => intake.texts().includes(RFC5424), 'the good connection');
    assert.deepEqual(intake.texts().filter((t) => t === RFC3164 || t === RFC5424), [RFC3164, RFC5424]);
    assert.ok(!intake.texts().some((t) => t.includes('will never come')));
    assert.equal(await counterValue(metrics, 'errors', { stage: 'framing' }), 1);
  });

  test('a client that disconnects mid-frame loses only its half frame (counted)', async () => {
    const { intake, port, metrics } = await start({ protocol: 'tcp', name: 'half' });
    await send(port, `${octet(RFC3164)}${octet(RFC5424).slice(0, 40)}`);
    await send(port, `${RFC5424}\n`);
    await intake.waitFor(2);
    await until(async () => (await counterValue(metrics, 'dropped', { component: 'half', reason: 'incomplete' })) === 1, 'incomplete count');
    assert.deepEqual(intake.texts().sort(), [RFC3164, RFC5424].sort());
  });

  test('overload: the socket stops being read, nothing is lost, everything arrives once the intake has room', async () => {
    const intake = createFakeIntake({ overloaded: true });
    const { port } = await start({ protocol: 'tcp', batch_size: 100, max_pending_batches: 2 }, intake);
    const count = 200_000;
    const lines = Array.from({ length: count }, (_, i) => `<13>1 - host app - - - message number ${i} ${'p'.repeat(40)}`);
    const socket = await connect(port);
    socket.write(lines.join('\n') + '\n');
    // Wait until the kernel buffers are full: the client then holds what the server did not read.
    let last = -1;
    await until(() => {
      const now = socket.writableLength;
      const stable = now === last;
      last = now;
      return stable;
    }, 'client send buffer to settle');
    assert.ok(socket.writableLength > 1_000_000, `client still holds ${socket.writableLength} bytes`);
    assert.equal(intake.records.length, 0);
    assert.ok(intake.refused <= 2, 'refused submits are waited out, not retried in a loop');
    intake.setOverloaded(false);
    socket.end();
    await intake.waitFor(count, 30_000);
    assert.equal(intake.records.length, count);
    assert.deepEqual(new Set(intake.texts()), new Set(lines));
  });

  test('connections beyond max_connections are refused and counted', async () => {
    const { intake, port, metrics } = await start({ protocol: 'tcp', max_connections: 2 });
    // The server takes connections in the order they came, so the third is the one refused.
    const a = await connect(port);
    const b = await connect(port);
    const c = await connect(port);
    await closed(c);
    a.end(`${RFC3164}\n`);
    b.end(`${RFC5424}\n`);
    await intake.waitFor(2);
    assert.equal(await counterValue(metrics, 'errors', { stage: 'connection_limit' }), 1);
  });

  test('IPv6 loopback', { skip: !hasIPv6 && 'no IPv6 loopback' }, async () => {
    const { intake, port } = await start({ protocol: 'tcp', hosts: ['::1'] });
    const socket = await connect(port, '::1');
    socket.end(`${RFC3164}\n`);
    await intake.waitFor(1);
    assert.equal(intake.records[0]!.origin.address, '::1');
  });
});

describe('syslog over UDP', { timeout: 20_000 }, () => {
  function sendUdp(port: number, host: string, messages: string[]): Promise<void> {
    const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    return new Promise((resolve, reject) => {
      let left = messages.length;
      for (const message of messages) {
        socket.send(message, port, host, (error) => {
          if (error) reject(error);
          if (--left === 0) socket.close(() => resolve());
        });
      }
    });
  }

  test('one datagram is one message, trailing line end removed', async () => {
    const { intake, port } = await start({ protocol: 'udp', tenant: 't1' });
    await sendUdp(port, '127.0.0.1', [RFC5424, `${RFC3164}\n`, `<13>multi\nline`]);
    await intake.waitFor(3);
    assert.deepEqual(intake.texts().sort(), [RFC5424, RFC3164, '<13>multi\nline'].sort());
    assert.deepEqual(intake.records[0]!.origin, { source: 'syslog-udp', address: '127.0.0.1' });
    assert.equal(intake.records[0]!.tenant, 't1');
  });

  test('IPv4 and IPv6 bound together', { skip: !hasIPv6 && 'no IPv6 loopback' }, async () => {
    const { intake, source } = await start({ protocol: 'udp', hosts: ['127.0.0.1', '::1'], port: 0 });
    const ports = source.addresses().map((a) => Number(/:(\d+)$/.exec(a)![1]));
    assert.match(source.addresses()[1]!, /^udp:\/\/\[::1\]:/);
    await sendUdp(ports[0]!, '127.0.0.1', ['<13>over v4']);
    await sendUdp(ports[1]!, '::1', ['<13>over v6']);
    await intake.waitFor(2);
    const byText = Object.fromEntries(intake.records.map((r) => [r.text, r.origin.address]));
    assert.deepEqual(byText, { '<13>over v4': '127.0.0.1', '<13>over v6': '::1' });
  });

  test('datagrams arriving while the intake is overloaded are dropped and counted', async () => {
    const intake = createFakeIntake({ overloaded: true });
    const { port, metrics } = await start({ protocol: 'udp', name: 'u' }, intake);
    await sendUdp(port, '127.0.0.1', ['<13>a', '<13>b', '<13>c']);
    await until(async () => (await counterValue(metrics, 'dropped', { component: 'u', reason: 'overload' })) === 3, 'drops counted');
    intake.setOverloaded(false);
    await sendUdp(port, '127.0.0.1', ['<13>d']);
    await intake.waitFor(1);
    assert.deepEqual(intake.texts(), ['<13>d']);
  });
});

describe('syslog over TLS', { timeout: 20_000 }, () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'vigil-tls-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });

  function tlsConnect(port: number): Promise<tls.TLSSocket> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ port, host: '127.0.0.1', ca: readFileSync(cert) }, () => resolve(socket));
      socket.once('error', reject);
    });
  }

  test('both framings over TLS, and clients that break the handshake affect only themselves', async () => {
    const { intake, port, metrics } = await start({ protocol: 'tls', tls: { cert, key } });
    // Plain text at a TLS port, then a handshake cut off halfway.
    await send(port, `${RFC3164}\n`);
    const half = await connect(port);
    half.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]));
    half.destroy();
    const client = await tlsConnect(port);
    assert.equal(client.authorized, true);
    client.end(`${octet(RFC5424)}${RFC3164}\n`);
    await intake.waitFor(2);
    assert.deepEqual(intake.texts(), [RFC5424, RFC3164]);
    assert.equal(intake.records[0]!.origin.source, 'syslog-tls');
    await until(async () => (await counterValue(metrics, 'errors', { stage: 'tls' })) >= 1, 'tls errors counted');
  });

  test('schema requires tls settings for protocol tls', () => {
    assert.equal(syslogSource.configSchema.safeParse({ protocol: 'tls' }).success, false);
    assert.equal(syslogSource.configSchema.safeParse({ protocol: 'tcp', tls: { cert, key } }).success, false);
  });
});
