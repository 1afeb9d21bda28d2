// Syslog over TCP and TLS: RFC 6587 framing detected per message (framing.ts), batches
// handed to the batcher, and backpressure by pausing sockets: while the batcher says
// paused, no socket is read, so the kernel's buffers fill and a fast sender is slowed
// down by TCP itself instead of growing this process's memory.
//
// A bad client only harms its own connection: a framing error closes it, a broken TLS
// handshake or a reset is counted and forgotten, connections past `max_connections`
// are refused by the server. None of it reaches the event path as an exception.

import net from 'node:net';
import tls from 'node:tls';
import { readFile } from 'node:fs/promises';
import type { RawRecord } from '../../pipeline/stages.js';
import { listenUrl, peerIp } from './address.js';
import type { SyslogConfig } from './config.js';
import { createFrameDecoder } from './framing.js';
import type { Frame } from './framing.js';
import type { Listener, ListenerContext } from './listener.js';

/** Probes for peers that vanished without closing (a pulled cable leaves a silent socket). */
const KEEPALIVE_MS = 60_000;

export function createStreamListener(ctx: ListenerContext): Listener {
  const { name, config, batcher, logger, metrics } = ctx;
  const servers: net.Server[] = [];
  const sockets = new Set<net.Socket>();
  let paused = false;

  function onConnection(socket: net.Socket): void {
    sockets.add(socket);
    if (paused) socket.pause();
    socket.setKeepAlive(true, KEEPALIVE_MS);
    if (config.idle_timeout_ms > 0) {
      socket.setTimeout(config.idle_timeout_ms, () => {
        // Silence we caused by pausing is not the client's idleness.
        if (!paused) socket.destroy();
      });
    }
    const address = peerIp(socket.remoteAddress);
    const decoder = createFrameDecoder();
    const frames: Frame[] = [];
    let broken = false;

    function hand(received: number): void {
      for (const frame of frames) batcher.add(toRecord(frame.text, received, address));
      frames.length = 0;
    }

    socket.on('data', (chunk: Buffer) => {
      const error = decoder.push(chunk, frames);
      hand(Date.now());
      if (error) {
        broken = true;
        metrics.errors.inc({ stage: 'framing' });
        logger.warn({ source: name, peer: address, error }, 'closing a connection that does not speak syslog');
        socket.destroy();
      }
    });
    socket.on('error', (error) => {
      metrics.errors.inc({ stage: 'connection' });
      logger.debug({ err: error, source: name, peer: address }, 'connection error');
    });
    socket.on('close', () => {
      sockets.delete(socket);
      if (broken) return;
      const { frame, incomplete } = decoder.end();
      if (frame) frames.push(frame);
      hand(Date.now());
      if (incomplete) metrics.dropped.inc({ component: name, reason: 'incomplete' });
    });
  }

  function toRecord(text: string, received: number, address: string | undefined): RawRecord {
    const record: RawRecord = { text, received, origin: { source: name, address }, tenant: config.tenant };
    if (config.format) record.format = config.format;
    return record;
  }

  async function createServer(): Promise<net.Server> {
    const tlsConfig = config.tls;
    if (!tlsConfig) return net.createServer(onConnection);
    const [cert, key, ca] = await Promise.all([readFile(tlsConfig.cert), readFile(tlsConfig.key), tlsConfig.ca ? readFile(tlsConfig.ca) : undefined]);
    const server = tls.createServer(
      {
        cert,
        key,
        ca,
        requestCert: tlsConfig.client_auth !== 'none',
        rejectUnauthorized: tlsConfig.client_auth === 'require',
        minVersion: tlsConfig.min_version,
        handshakeTimeout: tlsConfig.handshake_timeout_ms,
      },
      onConnection,
    );
    server.on('tlsClientError', (error, socket) => {
      metrics.errors.inc({ stage: 'tls' });
      logger.debug({ err: error, source: name, peer: peerIp(socket.remoteAddress) }, 'tls handshake failed');
      socket.destroy();
    });
    return server;
  }

  async function listen(host: string): Promise<net.Server> {
    const server = await createServer();
    server.maxConnections = config.max_connections;
    server.on('drop', () => {
      metrics.errors.inc({ stage: 'connection_limit' });
      logger.warn({ source: name, max: config.max_connections }, 'connection refused: max_connections reached');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port: config.port, ipv6Only: net.isIPv6(host) }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => {
      metrics.errors.inc({ stage: 'listen' });
      logger.error({ err: error, source: name }, 'listener error');
    });
    return server;
  }

  return {
    async start() {
      for (const host of config.hosts) servers.push(await listen(host));
    },
    async stop() {
      const closing = servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
      for (const socket of sockets) socket.destroy();
      await Promise.all(closing);
    },
    addresses() {
      const scheme: SyslogConfig['protocol'] = config.tls ? 'tls' : 'tcp';
      return servers.flatMap((server) => {
        const address = server.address();
        return address && typeof address === 'object' ? [listenUrl(scheme, address.address, address.port)] : [];
      });
    },
    setPaused(value: boolean) {
      if (value === paused) return;
      paused = value;
      for (const socket of sockets) {
        if (paused) socket.pause();
        else socket.resume();
      }
    },
  };
}
