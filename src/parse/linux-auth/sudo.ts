// sudo's own log lines: "bob : TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/id",
// with an error before TTY when it refused ("3 incorrect password attempts", "user NOT in sudoers").

import type { Fields } from '../../event/event.js';
import { ECS } from '../../event/fields.js';
import { setEvent } from './shared.js';
import type { MessageParser } from './shared.js';

const NS = 'system.auth.sudo.';

const LINE = /^\s*(\S+) : (?:(.*?) ; )?TTY=(\S+) ; PWD=(.*?) ; USER=(\S+) ;(?: GROUP=(\S+) ;)?(?: ENV=(.*?) ;)? COMMAND=(.*)$/;

export const sudo: MessageParser = (message: string, f: Fields): boolean => {
  const m = LINE.exec(message);
  if (m === null) return false;
  const [, user, error, tty, pwd, runAs, group, , command] = m as unknown as (string | undefined)[];
  f[ECS.user.name] = user!;
  f[ECS.user.effectiveName] = runAs!;
  f[NS + 'tty'] = tty!;
  f[NS + 'pwd'] = pwd!;
  f[NS + 'user'] = runAs!;
  f[NS + 'command'] = command!;
  if (group !== undefined) f[NS + 'group'] = group;
  if (error === undefined) {
    setEvent(f, { action: 'sudo-command', category: ['process'], type: ['start'], outcome: 'success' });
    return true;
  }
  f[NS + 'error'] = error;
  f[ECS.event.reason] = error;
  const badPassword = error.includes('incorrect password') || error.includes('password is required');
  setEvent(f, badPassword
    ? { action: 'sudo-authentication-failure', category: ['authentication'], type: ['start'], outcome: 'failure' }
    : { action: 'sudo-denied', category: ['iam'], type: ['denied'], outcome: 'failure' });
  return true;
};
