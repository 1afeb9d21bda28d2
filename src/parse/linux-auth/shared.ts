// Field writers the Linux auth message parsers share.

import type { Fields } from '../../event/event.js';
import { ECS } from '../../event/fields.js';
import { isIp, toInt } from '../shared/values.js';

/** The remote end of a login: an address, or a host name when sshd could resolve it. */
export function setSource(f: Fields, host: string | undefined, port?: string): void {
  if (host !== undefined && host !== '') {
    if (isIp(host)) f[ECS.source.ip] = host;
    else {
      f[ECS.source.address] = host;
      f[ECS.source.domain] = host;
    }
  }
  const p = toInt(port);
  if (p !== undefined) f[ECS.source.port] = p;
}

export interface Outcome {
  action: string;
  category: string[];
  type: string[];
  outcome?: 'success' | 'failure';
}

export function setEvent(f: Fields, e: Outcome): void {
  f[ECS.event.action] = e.action;
  f[ECS.event.category] = e.category;
  f[ECS.event.type] = e.type;
  if (e.outcome !== undefined) f[ECS.event.outcome] = e.outcome;
}

/** Handles one program's messages; returns false when it does not know the message. */
export type MessageParser = (message: string, f: Fields) => boolean;
