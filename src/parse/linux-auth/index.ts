// Linux authentication logs (/var/log/auth.log, /var/log/secure): sshd, sudo, su, pam_unix and
// the shadow-utils account tools. The syslog envelope gives the program; its messages become
// authentication, session and iam events under event.dataset system.auth, as Elastic's system
// module files them.

import type { Fields } from '../../event/event.js';
import { ECS } from '../../event/fields.js';
import type { TextFormat } from '../format.js';
import { accounts, su } from './accounts.js';
import { pam } from './pam.js';
import type { MessageParser } from './shared.js';
import { sshd } from './sshd.js';
import { sudo } from './sudo.js';

/** The programs whose messages this format reads, and the parsers for each. */
const PROGRAMS = new Map<string, MessageParser[]>([
  ['sshd', [sshd, pam]],
  ['sshd-session', [sshd, pam]],
  ['sudo', [sudo, pam]],
  ['su', [su, pam]],
  ['login', [pam]],
  ['useradd', [accounts]],
  ['groupadd', [accounts]],
  ['userdel', [accounts]],
  ['groupdel', [accounts]],
  ['usermod', [accounts]],
  ['gpasswd', [accounts]],
  ['passwd', [accounts, pam]],
  ['chpasswd', [accounts, pam]],
]);

/** A bare message given to the format by name (no envelope, so no program): every parser, most specific first. */
const ALL: MessageParser[] = [sshd, sudo, su, accounts, pam];
const PAM_ONLY: MessageParser[] = [pam];

function fillAuth(text: string, f: Fields): boolean {
  const program = f[ECS.process.name];
  // The syslog envelope sets event.module before handing over its message; nothing has when the format is used alone.
  const bare = f[ECS.event.module] === undefined;
  let parsers = typeof program === 'string' ? PROGRAMS.get(program) : bare ? ALL : undefined;
  if (parsers === undefined) {
    // Any program's pam_unix lines (cron, systemd-user …) are auth-log events too.
    if (!text.startsWith('pam_unix(')) return false;
    parsers = PAM_ONLY;
  }
  let known = false;
  for (const parse of parsers) {
    if (parse(text, f)) {
      known = true;
      break;
    }
  }
  // A bare message nothing recognised is not this format; a known program's other messages are.
  if (!known && parsers === ALL) return false;
  f[ECS.event.kind] = 'event';
  f[ECS.event.module] = 'system';
  f[ECS.event.dataset] = 'system.auth';
  f[ECS.message] = text;
  return true;
}

export const linuxAuth: TextFormat = {
  name: 'linux-auth',
  description: 'Linux auth log messages (sshd, sudo, su, pam_unix, useradd/groupadd/passwd), over syslog',
  module: 'system',
  dataset: 'system.auth',
  input: 'text',
  content: true,
  fill: (text, d) => fillAuth(text, d.fields),
};
