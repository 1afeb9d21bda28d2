// Syslog over UDP: one datagram is one message. UDP cannot push back, so when the
// intake is overloaded datagrams are dropped and counted (`dropped{reason="overload"}`);
// a bigger `receive_buffer_bytes` absorbs short bursts in the kernel instead.

import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { RawRecord } from '../../pipeline/stages.js';
import { recordText } from '../record-text.js';
import { listenUrl, peerIp } from './address.js';
import type { Listener, ListenerContext } from './listener.js';

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;

export function createUdpListener(ctx: ListenerContext): Listener {
  const { name, config, batcher, logger, metrics } = ctx;
  const sockets: dgram.Socket[] = [];

  function onMessage(message: Buffer, peer: dgram.RemoteInfo): void {
    let end = message.length;
    // Some senders end datagrams with a line end or NUL; it is not part of the message.
    while (end > 0 && (message[end - 1] === LF || message[end - 1] === CR || message[end - 1] === NUL)) end--;
    if (end === 0) return;
    const record: RawRecord = {
      text: recordText(message, 0, end),
      received: Date.now(),
      origin: { source: name, address: peerIp(peer.address) },
      tenant: config.tenant,
    };
    if (config.format) record.format = config.format;
    batcher.add(record);
  }

  function bind(host: string): Promise<dgram.Socket> {
    const socket = dgram.createSocket({
      type: isIPv6(host) ? 'udp6' : 'udp4',
      ipv6Only: isIPv6(host),
      recvBufferSize: config.receive_buffer_bytes,
    });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: host, port: config.port }, () => {
        socket.off('error', reject);
        socket.on('error', (error) => {
          metrics.errors.inc({ stage: 'receive' });
          logger.warn({ err: error, source: name }, 'udp socket error');
        });
        socket.on('message', onMessage);
        resolve(socket);
      });
    });
  }

  return {
    async start() {
      for (const host of config.hosts) sockets.push(await bind(host));
    },
    async stop() {
      await Promise.all(sockets.splice(0).map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
    },
    addresses() {
      return sockets.map((socket) => {
        const { address, port } = socket.address();
        return listenUrl('udp', address, port);
      });
    },
  };
}
