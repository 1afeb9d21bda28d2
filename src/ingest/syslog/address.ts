// Socket address helpers for the listeners: peer IPs as people write them, listen URLs.

import { isIPv6 } from 'node:net';

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) → "10.0.0.1". */
export function peerIp(address: string | undefined): string | undefined {
  if (address?.startsWith('::ffff:') && address.includes('.')) return address.slice(7);
  return address;
}

/** "udp://0.0.0.0:5514", "tcp://[::1]:5514". */
export function listenUrl(scheme: string, host: string, port: number): string {
  return `${scheme}://${isIPv6(host) ? `[${host}]` : host}:${port}`;
}
