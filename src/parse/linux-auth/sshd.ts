// OpenSSH sshd messages: logins accepted and failed, invalid users, connections closed before
// authentication, disconnects.

import type { Fields } from '../../event/event.js';
import { ECS } from '../../event/fields.js';
import { setEvent, setSource } from './shared.js';
import type { MessageParser, Outcome } from './shared.js';

const NS = 'system.auth.ssh.';
const EVENT = NS + 'event';
const METHOD = NS + 'method';
const SIGNATURE = NS + 'signature';
const INVALID = NS + 'invalid_user';

// What each message becomes, built once rather than per event.
const LOGIN_ACCEPTED: Outcome = { action: 'ssh-login', category: ['authentication', 'session'], type: ['start'], outcome: 'success' };
const LOGIN_FAILED: Outcome = { action: 'ssh-login', category: ['authentication'], type: ['start'], outcome: 'failure' };
const LOGIN_POSTPONED: Outcome = { action: 'ssh-login', category: ['authentication'], type: ['start'] };
const INVALID_USER_EVENT: Outcome = { action: 'ssh-invalid-user', category: ['authentication'], type: ['start'], outcome: 'failure' };
const CLOSED_PREAUTH_EVENT: Outcome = { action: 'ssh-connection-closed-preauth', category: ['authentication'], type: ['start'], outcome: 'failure' };
const MAX_ATTEMPTS_EVENT: Outcome = { action: 'ssh-max-attempts-exceeded', category: ['authentication'], type: ['start'], outcome: 'failure' };
const NOT_ALLOWED_EVENT: Outcome = { action: 'ssh-user-not-allowed', category: ['authentication'], type: ['start'], outcome: 'failure' };
const LOGOUT_EVENT: Outcome = { action: 'ssh-logout', category: ['session'], type: ['end'], outcome: 'success' };
const DISCONNECT_EVENT: Outcome = { action: 'ssh-disconnect', category: ['network'], type: ['end'] };
const NO_IDENT_EVENT: Outcome = { action: 'ssh-no-identification', category: ['network'], type: ['info'] };

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
    f[ECS.user.name] = user!;
    setSource(f, host, port);
    f[EVENT] = verdict!;
    f[METHOD] = method!;
    if (signature !== undefined) f[SIGNATURE] = signature;
    if (invalid !== undefined) f[INVALID] = true;
    setEvent(f, verdict === 'Accepted' ? LOGIN_ACCEPTED : verdict === 'Failed' ? LOGIN_FAILED : LOGIN_POSTPONED);
    return true;
  }
  if ((m = INVALID_USER.exec(message))) {
    f[ECS.user.name] = m[1]!;
    setSource(f, m[2], m[3]);
    f[INVALID] = true;
    setEvent(f, INVALID_USER_EVENT);
    return true;
  }
  if ((m = CLOSED_PREAUTH.exec(message))) {
    // The client gave up (or was cut off) before authenticating: a failed attempt for brute-force counting.
    f[ECS.user.name] = m[3]!;
    setSource(f, m[4], m[5]);
    if (m[2] === 'invalid') f[INVALID] = true;
    setEvent(f, CLOSED_PREAUTH_EVENT);
    return true;
  }
  if ((m = MAX_ATTEMPTS.exec(message))) {
    f[ECS.user.name] = m[2]!;
    setSource(f, m[3], m[4]);
    if (m[1] !== undefined) f[INVALID] = true;
    setEvent(f, MAX_ATTEMPTS_EVENT);
    return true;
  }
  if ((m = NOT_ALLOWED.exec(message))) {
    f[ECS.user.name] = m[1]!;
    setSource(f, m[2]);
    f[ECS.event.reason] = m[3]!;
    setEvent(f, NOT_ALLOWED_EVENT);
    return true;
  }
  if ((m = DISCONNECTED_USER.exec(message))) {
    f[ECS.user.name] = m[1]!;
    setSource(f, m[2], m[3]);
    setEvent(f, LOGOUT_EVENT);
    return true;
  }
  if ((m = CLOSED.exec(message))) {
    setSource(f, m[1], m[2]);
    setEvent(f, DISCONNECT_EVENT);
    return true;
  }
  if ((m = NO_IDENT.exec(message))) {
    setSource(f, m[1], m[2]);
    setEvent(f, NO_IDENT_EVENT);
    return true;
  }
  return false;
};
