// Account and group changes (shadow-utils useradd, groupadd, userdel, groupdel, usermod, passwd)
// and su switching users.

import type { Fields } from '../../event/event.js';
import { ECS } from '../../event/fields.js';
import { setEvent } from './shared.js';
import type { MessageParser } from './shared.js';

/** "name=alice, UID=1001, GID=1001, home=/home/alice" → Map */
function pairs(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

const NEW_USER = /^new user: (.*)$/;
const NEW_GROUP = /^(?:new group|group added to \S+): (.*)$/;
const DELETE_USER = /^delete user '([^']+)'/;
const DELETE_GROUP = /^(?:group '([^']+)' removed|removed group '([^']+)')/;
const ADD_TO_GROUP = /^add '([^']+)' to (?:shadow )?group '([^']+)'/;
const PASSWORD_CHANGED = /^password for '([^']+)' changed by '([^']+)'/;

export const accounts: MessageParser = (message: string, f: Fields): boolean => {
  let m = NEW_USER.exec(message);
  if (m) {
    const p = pairs(m[1]!);
    const name = p.get('name');
    if (name !== undefined) f[ECS.user.name] = name;
    const uid = p.get('UID');
    if (uid !== undefined) f[ECS.user.id] = uid;
    const gid = p.get('GID');
    if (gid !== undefined) f[ECS.group.id] = gid;
    for (const key of ['home', 'shell', 'from']) {
      const v = p.get(key);
      if (v !== undefined) f[`system.auth.useradd.${key}`] = v;
    }
    setEvent(f, { action: 'added-user-account', category: ['iam'], type: ['user', 'creation'], outcome: 'success' });
    return true;
  }
  if ((m = NEW_GROUP.exec(message))) {
    const p = pairs(m[1]!);
    const name = p.get('name');
    if (name !== undefined) f[ECS.group.name] = name;
    const gid = p.get('GID');
    if (gid !== undefined) f[ECS.group.id] = gid;
    setEvent(f, { action: 'added-group-account', category: ['iam'], type: ['group', 'creation'], outcome: 'success' });
    return true;
  }
  if ((m = DELETE_USER.exec(message))) {
    f[ECS.user.name] = m[1]!;
    setEvent(f, { action: 'deleted-user-account', category: ['iam'], type: ['user', 'deletion'], outcome: 'success' });
    return true;
  }
  if ((m = DELETE_GROUP.exec(message))) {
    f[ECS.group.name] = (m[1] ?? m[2])!;
    setEvent(f, { action: 'deleted-group-account', category: ['iam'], type: ['group', 'deletion'], outcome: 'success' });
    return true;
  }
  if ((m = ADD_TO_GROUP.exec(message))) {
    f[ECS.user.name] = m[1]!;
    f[ECS.group.name] = m[2]!;
    setEvent(f, { action: 'added-member-to-group', category: ['iam'], type: ['group', 'change'], outcome: 'success' });
    return true;
  }
  if ((m = PASSWORD_CHANGED.exec(message))) {
    f[ECS.user.name] = m[2]!;
    f[ECS.user.targetName] = m[1]!;
    setEvent(f, { action: 'password-changed', category: ['iam'], type: ['user', 'change'], outcome: 'success' });
    return true;
  }
  return false;
};

// su: "(to root) bob on pts/0", "FAILED SU (to root) bob on pts/0", "Successful su for root by bob",
// "FAILED su for root by bob", "'su root' failed for bob on /dev/pts/8" (RFC 3164's example),
// and the old "+ pts/0 bob:root" / "- pts/0 bob:root".
const SU_TO = /^(FAILED SU )?\(to (\S+)\) (\S+) on (\S+)/;
const SU_FOR = /^(Successful|FAILED) su for (\S+) by (\S+)/;
const SU_OLD = /^([+-]) (\S+) (\S+):(\S+)$/;
const SU_QUOTED = /^'su (\S+)' (failed|succeeded) for (\S+) on (\S+)/;

export const su: MessageParser = (message: string, f: Fields): boolean => {
  let user: string | undefined;
  let target: string | undefined;
  let ok = true;
  let m = SU_TO.exec(message);
  if (m) {
    ok = m[1] === undefined;
    target = m[2];
    user = m[3];
    f['system.auth.su.tty'] = m[4]!;
  } else if ((m = SU_FOR.exec(message))) {
    ok = m[1] === 'Successful';
    target = m[2];
    user = m[3];
  } else if ((m = SU_QUOTED.exec(message))) {
    ok = m[2] === 'succeeded';
    target = m[1];
    user = m[3];
    f['system.auth.su.tty'] = m[4]!;
  } else if ((m = SU_OLD.exec(message))) {
    ok = m[1] === '+';
    f['system.auth.su.tty'] = m[2]!;
    user = m[3];
    target = m[4];
  } else return false;
  f[ECS.user.name] = user!;
  f[ECS.user.effectiveName] = target!;
  setEvent(f, { action: 'su', category: ['authentication'], type: ['start'], outcome: ok ? 'success' : 'failure' });
  return true;
};
