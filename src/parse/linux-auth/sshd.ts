// OpenSSH sshd messages: logins accepted and failed, invalid users, connections closed before
// authentication, disconnects.

import type { Fields } from '../../event/event.js';
import { ECS } from '../../event/fields.js';
import { setEvent, setSource } from './shared.js';
import type { MessageParser } from './shared.js';

const NS = 'system.auth.ssh.';

const LOGIN = /^(Accepted|Failed|Postponed) (\S+) for (invalid user )?(.*?) from (\S+) port (\d+)(?: (ssh\d?))?(?:: (.*))?$/;
const INVALID_USER = /^Invalid user (.*?) from (\S+)(?: port (\d+))?\s*$/;
const CLOSED_PREAUTH = /^(Connection closed by|Disconnected from) (authenticating|invalid) user (.*?) (\S+) port (\d+)(?: \[preauth\])?\s*$/;
const DISCONNECTED_USER = /^Disconnected from user (\S+) (\S+) port (\d+)\s*$/;
const MAX_ATTEMPTS = /^(?:error: )?maximum authentication attempts exceeded for (invalid user )?(.*?) from (\S+) port (\d+)/;
const NOT_ALLOWED = /^User (\S+) from (\S+) not allowed because (.*)$/;
const CLOSED = /^(?:Connection closed|Connection reset|Received disconnect|Disconnected) (?:by|from) (\S+) port (\d+)/;
const NO_IDENT = /^Did not receive identification string from (\S+)(?: port (\d+))?/;

export const sshd: MessageParser = (message: string, f: Fields): boolean => {
  let m = LOGIN.exec(message);
  if (m) {
    const [, verdict, method, invalid, user, host, port, , signature] = m;
    const ok = verdict === 'Accepted';
    f[ECS.user.name] = user!;
    setSource(f, host, port);
    f[NS + 'event'] = verdict!;
    f[NS + 'method'] = method!;
    if (signature !== undefined) f[NS + 'signature'] = signature;
    if (invalid !== undefined) f[NS + 'invalid_user'] = true;
    setEvent(f, ok
      ? { action: 'ssh-login', category: ['authentication', 'session'], type: ['start'], outcome: 'success' }
      : { action: 'ssh-login', category: ['authentication'], type: ['start'], outcome: verdict === 'Failed' ? 'failure' : undefined });
    return true;
  }
  if ((m = INVALID_USER.exec(message))) {
    f[ECS.user.name] = m[1]!;
    setSource(f, m[2], m[3]);
    f[NS + 'invalid_user'] = true;
    setEvent(f, { action: 'ssh-invalid-user', category: ['authentication'], type: ['start'], outcome: 'failure' });
    return true;
  }
  if ((m = CLOSED_PREAUTH.exec(message))) {
    // The client gave up (or was cut off) before authenticating: a failed attempt for brute-force counting.
    f[ECS.user.name] = m[3]!;
    setSource(f, m[4], m[5]);
    if (m[2] === 'invalid') f[NS + 'invalid_user'] = true;
    setEvent(f, { action: 'ssh-connection-closed-preauth', category: ['authentication'], type: ['start'], outcome: 'failure' });
    return true;
  }
  if ((m = MAX_ATTEMPTS.exec(message))) {
    f[ECS.user.name] = m[2]!;
    setSource(f, m[3], m[4]);
    if (m[1] !== undefined) f[NS + 'invalid_user'] = true;
    setEvent(f, { action: 'ssh-max-attempts-exceeded', category: ['authentication'], type: ['start'], outcome: 'failure' });
    return true;
  }
  if ((m = NOT_ALLOWED.exec(message))) {
    f[ECS.user.name] = m[1]!;
    setSource(f, m[2]);
    f[ECS.event.reason] = m[3]!;
    setEvent(f, { action: 'ssh-user-not-allowed', category: ['authentication'], type: ['start'], outcome: 'failure' });
    return true;
  }
  if ((m = DISCONNECTED_USER.exec(message))) {
    f[ECS.user.name] = m[1]!;
    setSource(f, m[2], m[3]);
    setEvent(f, { action: 'ssh-logout', category: ['session'], type: ['end'], outcome: 'success' });
    return true;
  }
  if ((m = CLOSED.exec(message))) {
    setSource(f, m[1], m[2]);
    setEvent(f, { action: 'ssh-disconnect', category: ['network'], type: ['end'] });
    return true;
  }
  if ((m = NO_IDENT.exec(message))) {
    setSource(f, m[1], m[2]);
    setEvent(f, { action: 'ssh-no-identification', category: ['network'], type: ['info'] });
    return true;
  }
  return false;
};
