// Configuration of the `syslog` source: one listener per protocol, defaults in the schema.

import { z } from 'zod';
import { DEFAULT_TENANT } from '../../event/event.js';

export const SYSLOG_PROTOCOLS = ['udp', 'tcp', 'tls'] as const;
export type SyslogProtocol = (typeof SYSLOG_PROTOCOLS)[number];

const tlsSchema = z.strictObject({
  /** PEM files. */
  cert: z.string().min(1),
  key: z.string().min(1),
  /** CA bundle that client certificates must chain to (needed for client_auth). */
  ca: z.string().min(1).optional(),
  /** `request`: ask for a client certificate, accept any; `require`: only clients signed by `ca`. */
  client_auth: z.enum(['none', 'request', 'require']).default('none'),
  min_version: z.enum(['TLSv1.2', 'TLSv1.3']).default('TLSv1.2'),
  /** A client that has not finished its handshake by then is disconnected. */
  handshake_timeout_ms: z.number().int().positive().default(10_000),
});

export const syslogConfigSchema = z
  .strictObject({
    /** The source's name in metrics and in each record's origin; default `syslog-<protocol>`. */
    name: z.string().min(1).optional(),
    protocol: z.enum(SYSLOG_PROTOCOLS).default('udp'),
    /** Addresses to bind; IPv6 ones are bound IPv6-only, so list both families for both. */
    hosts: z.array(z.string().min(1)).min(1).default(['0.0.0.0']),
    port: z.number().int().min(0).max(65535).default(5514),
    tenant: z.string().min(1).default(DEFAULT_TENANT),
    /** Parser for every record (e.g. `cef`); absent means detect. */
    format: z.string().min(1).optional(),
    /** TCP/TLS: further connections are refused (and counted). */
    max_connections: z.number().int().positive().default(1000),
    /** TCP/TLS: close a connection silent this long; 0 keeps idle connections. */
    idle_timeout_ms: z.number().int().min(0).default(0),
    /** UDP: kernel receive buffer, to ride out bursts; absent keeps the system default. */
    receive_buffer_bytes: z.number().int().positive().optional(),
    batch_size: z.number().int().positive().default(1000),
    batch_wait_ms: z.number().int().min(0).default(5),
    /** Submits pending at once before TCP stops reading (UDP drops). */
    max_pending_batches: z.number().int().positive().default(4),
    tls: tlsSchema.optional(),
  })
  .superRefine((config, ctx) => {
    if (config.protocol === 'tls' && !config.tls) ctx.addIssue({ code: 'custom', path: ['tls'], message: 'protocol tls needs tls.cert and tls.key' });
    if (config.protocol !== 'tls' && config.tls) ctx.addIssue({ code: 'custom', path: ['tls'], message: `tls settings given for protocol ${config.protocol}` });
    if (config.tls?.client_auth === 'require' && !config.tls.ca) ctx.addIssue({ code: 'custom', path: ['tls', 'ca'], message: 'client_auth require needs a ca' });
  });

export type SyslogConfig = z.output<typeof syslogConfigSchema>;
