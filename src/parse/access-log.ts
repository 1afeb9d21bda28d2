// Web server access logs in the NCSA formats nginx and Apache share: common, combined, and
// the vhost variants (Apache's vhost_combined "host:port" first). Detection cannot tell nginx
// from Apache, so a detected line is filed as web.access; a source that names `nginx` or
// `apache` gets nginx.access or apache.access.

import type { Fields } from '../event/event.js';
import { ECS } from '../event/fields.js';
import type { Draft, TextFormat } from './format.js';
import { parseApacheTime } from './shared/time.js';
import { isIp, toInt } from './shared/values.js';

// [vhost] client ident user [time] "request" status bytes ["referrer" "user agent"] [rest]
const LINE = /^(?:(\S+) )?(\S+) (\S+) (\S+) \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}|-) (\d+|-)(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?(.*)$/;

const METHOD = /^[A-Z]+$/;

function looksLikeAccessLog(text: string): boolean {
  return text.indexOf(' [') > 0 && text.indexOf('] "') > 0;
}

function fillAccess(text: string, d: Draft, module: string): boolean {
  const m = LINE.exec(text);
  if (m === null) return false;
  const [, vhost, client, , user, time, request, status, bytes, referrer, agent, rest] = m as unknown as (string | undefined)[];
  const f: Fields = d.fields;
  const ns = `${module}.access.`;
  f[ECS.event.kind] = 'event';
  f[ECS.event.module] = module;
  f[ECS.event.dataset] = `${module}.access`;
  f[ECS.event.category] = ['web'];
  f[ECS.event.type] = ['access'];
  const t = parseApacheTime(time!);
  if (!Number.isNaN(t)) d.timestamp = t;

  if (vhost !== undefined) {
    const colon = vhost.lastIndexOf(':');
    const port = colon > 0 ? toInt(vhost.slice(colon + 1)) : undefined;
    f[ECS.url.domain] = port === undefined ? vhost : vhost.slice(0, colon);
    if (port !== undefined) f[ECS.destination.port] = port;
  }
  f[ECS.source.address] = client!;
  f[isIp(client!) ? ECS.source.ip : ECS.source.domain] = client!;
  if (user !== '-') f[ECS.user.name] = user!;

  const parts = request!.split(' ');
  if (parts.length >= 2 && parts.length <= 3 && METHOD.test(parts[0]!)) {
    f[ECS.http.method] = parts[0]!;
    const url = parts[1]!;
    f[ECS.url.original] = url;
    const q = url.indexOf('?');
    f[ECS.url.path] = q < 0 ? url : url.slice(0, q);
    if (q >= 0) f[ECS.url.query] = url.slice(q + 1);
    if (parts[2]?.startsWith('HTTP/')) f[ECS.http.version] = parts[2].slice(5);
  } else if (request !== '-' && request !== '') {
    // Scanners send TLS handshakes and junk to plain-HTTP ports; keep what came.
    f[ns + 'request'] = request!;
  }
  const code = toInt(status);
  if (code !== undefined) {
    f[ECS.http.statusCode] = code;
    f[ECS.event.outcome] = code < 400 ? 'success' : 'failure';
  }
  const size = toInt(bytes);
  if (size !== undefined) f[ECS.http.responseBytes] = size;
  if (referrer !== undefined && referrer !== '-') f[ECS.http.referrer] = referrer;
  if (agent !== undefined && agent !== '-') f[ECS.http.userAgent] = agent;
  const extra = rest?.trim();
  if (extra) f[ns + 'extra'] = extra;
  return true;
}

function accessFormat(name: string, module: string, description: string, detect: boolean): TextFormat {
  return {
    name,
    description,
    module,
    dataset: `${module}.access`,
    input: 'text',
    ...(detect ? { detect: looksLikeAccessLog } : {}),
    fill: (text, d) => fillAccess(text, d, module),
  };
}

export const accessLog = accessFormat('access-log', 'web', 'Web access logs, NCSA common/combined and vhost variants (nginx or Apache)', true);
export const nginxAccess = accessFormat('nginx', 'nginx', 'nginx access log (combined, common, main with X-Forwarded-For)', false);
export const apacheAccess = accessFormat('apache', 'apache', 'Apache access log (combined, common, vhost_combined)', false);
