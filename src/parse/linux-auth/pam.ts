// pam_unix messages, whatever program logs them (sshd, sudo, su, login, cron, passwd):
// authentication failures, sessions opened and closed, password changes.

import type { Fields } from '../../event/event.js';
import { ECS } from '../../event/fields.js';
import { setEvent, setSource } from './shared.js';
import type { MessageParser } from './shared.js';

const NS = 'system.auth.pam.';

const PAM = /^pam_unix\(([^:)]+):([^)]+)\): (.*)$/;
const SESSION = /^session (opened|closed) for user ([^\s(]+)(?:\(uid=(\d+)\))?(?: by ([^\s(]*)(?:\(uid=(\d+)\))?)?/;
const PASSWORD_CHANGED = /^password changed for (\S+)/;

/** "logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root" */
function details(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const word of text.split(' ')) {
    const eq = word.indexOf('=');
    if (eq > 0 && eq < word.length - 1) out.set(word.slice(0, eq), word.slice(eq + 1));
  }
  return out;
}

export const pam: MessageParser = (message: string, f: Fields): boolean => {
  const m = PAM.exec(message);
  if (m === null) return false;
  const [, service, type, rest] = m as unknown as [string, string, string, string];
  f[NS + 'service'] = service;
  f[NS + 'type'] = type;
  if (rest.startsWith('authentication failure;')) {
    const d = details(rest);
    const user = d.get('user');
    if (user !== undefined) f[ECS.user.name] = user;
    setSource(f, d.get('rhost'));
    for (const key of ['logname', 'uid', 'euid', 'tty', 'ruser']) {
      const v = d.get(key);
      if (v !== undefined) f[NS + key] = v;
    }
    setEvent(f, { action: 'authentication-failure', category: ['authentication'], type: ['start'], outcome: 'failure' });
    return true;
  }
  if (rest.startsWith('check pass; user unknown')) {
    setEvent(f, { action: 'authentication-failure', category: ['authentication'], type: ['start'], outcome: 'failure' });
    f[ECS.event.reason] = 'user unknown';
    return true;
  }
  const session = SESSION.exec(rest);
  if (session !== null) {
    const [, verb, user, uid, by, byUid] = session;
    f[ECS.user.name] = user!;
    if (uid !== undefined) f[ECS.user.id] = uid;
    if (by) f[NS + 'by.name'] = by;
    if (byUid !== undefined) f[NS + 'by.uid'] = byUid;
    setEvent(f, verb === 'opened'
      ? { action: 'session-opened', category: ['session'], type: ['start'], outcome: 'success' }
      : { action: 'session-closed', category: ['session'], type: ['end'], outcome: 'success' });
    return true;
  }
  const changed = PASSWORD_CHANGED.exec(rest);
  if (changed !== null) {
    f[ECS.user.name] = changed[1]!;
    setEvent(f, { action: 'password-changed', category: ['iam'], type: ['user', 'change'], outcome: 'success' });
    return true;
  }
  return true; // a pam_unix line without more to read: still an auth-log event
};
