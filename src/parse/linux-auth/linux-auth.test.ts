import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TAGS } from '../../event/fields.js';
import { parse, pick, tags } from '../test-support/records.js';

/** Auth-log lines as rsyslog writes them to /var/log/auth.log, and the fields each must give. */
const cases: { name: string; line: string; fields: Record<string, unknown> }[] = [
  {
    name: 'sshd accepted password',
    line: 'Mar 10 08:00:01 bastion sshd[1201]: Accepted password for alice from 192.0.2.10 port 51234 ssh2',
    fields: { 'event.action': 'ssh-login', 'event.category': ['authentication', 'session'], 'event.type': ['start'], 'event.outcome': 'success', 'user.name': 'alice', 'source.ip': '192.0.2.10', 'source.port': 51234, 'system.auth.ssh.method': 'password', 'system.auth.ssh.event': 'Accepted' },
  },
  {
    name: 'sshd accepted publickey',
    line: 'Mar 10 08:00:02 bastion sshd[1202]: Accepted publickey for git from 2001:db8::5 port 40000 ssh2: RSA SHA256:h2Vfu1Tw',
    fields: { 'event.outcome': 'success', 'user.name': 'git', 'source.ip': '2001:db8::5', 'system.auth.ssh.method': 'publickey', 'system.auth.ssh.signature': 'RSA SHA256:h2Vfu1Tw' },
  },
  {
    name: 'sshd failed password',
    line: 'Mar 10 08:00:03 bastion sshd[1203]: Failed password for root from 203.0.113.50 port 60001 ssh2',
    fields: { 'event.action': 'ssh-login', 'event.category': ['authentication'], 'event.outcome': 'failure', 'user.name': 'root', 'source.ip': '203.0.113.50', 'source.port': 60001, 'system.auth.ssh.invalid_user': undefined },
  },
  {
    name: 'sshd failed password for invalid user',
    line: 'Mar 10 08:00:04 bastion sshd[1204]: Failed password for invalid user admin from 203.0.113.51 port 60002 ssh2',
    fields: { 'event.outcome': 'failure', 'user.name': 'admin', 'source.ip': '203.0.113.51', 'system.auth.ssh.invalid_user': true },
  },
  {
    name: 'sshd invalid user',
    line: 'Mar 10 08:00:05 bastion sshd[1205]: Invalid user test from 203.0.113.52 port 60003',
    fields: { 'event.action': 'ssh-invalid-user', 'event.outcome': 'failure', 'user.name': 'test', 'source.ip': '203.0.113.52', 'source.port': 60003 },
  },
  {
    name: 'sshd connection closed by authenticating user',
    line: 'Mar 10 08:00:06 bastion sshd[1206]: Connection closed by authenticating user root 203.0.113.53 port 60004 [preauth]',
    fields: { 'event.action': 'ssh-connection-closed-preauth', 'event.category': ['authentication'], 'event.outcome': 'failure', 'user.name': 'root', 'source.ip': '203.0.113.53', 'source.port': 60004 },
  },
  {
    name: 'sshd disconnected from invalid user',
    line: 'Mar 10 08:00:07 bastion sshd[1207]: Disconnected from invalid user guest 203.0.113.54 port 60005 [preauth]',
    fields: { 'event.outcome': 'failure', 'user.name': 'guest', 'system.auth.ssh.invalid_user': true },
  },
  {
    name: 'sshd maximum authentication attempts',
    line: 'Mar 10 08:00:08 bastion sshd[1208]: error: maximum authentication attempts exceeded for root from 203.0.113.55 port 60006 ssh2 [preauth]',
    fields: { 'event.action': 'ssh-max-attempts-exceeded', 'event.outcome': 'failure', 'user.name': 'root', 'source.port': 60006 },
  },
  {
    name: 'pam_unix authentication failure (sshd)',
    line: 'Mar 10 08:00:09 bastion sshd[1209]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.56  user=root',
    fields: { 'event.action': 'authentication-failure', 'event.category': ['authentication'], 'event.outcome': 'failure', 'user.name': 'root', 'source.ip': '203.0.113.56', 'system.auth.pam.service': 'sshd', 'system.auth.pam.type': 'auth', 'system.auth.pam.tty': 'ssh' },
  },
  {
    name: 'pam_unix session opened (sshd)',
    line: 'Mar 10 08:00:10 bastion sshd[1210]: pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)',
    fields: { 'event.action': 'session-opened', 'event.category': ['session'], 'event.type': ['start'], 'user.name': 'alice', 'user.id': '1000', 'system.auth.pam.by.uid': '0' },
  },
  {
    name: 'pam_unix session closed from a program not otherwise known (cron)',
    line: 'Mar 10 08:00:11 bastion CRON[1211]: pam_unix(cron:session): session closed for user root',
    fields: { 'event.dataset': 'system.auth', 'event.action': 'session-closed', 'event.type': ['end'], 'user.name': 'root', 'process.name': 'CRON' },
  },
  {
    name: 'sudo command',
    line: 'Mar 10 08:00:12 bastion sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx',
    fields: { 'event.action': 'sudo-command', 'event.category': ['process'], 'event.outcome': 'success', 'user.name': 'alice', 'user.effective.name': 'root', 'system.auth.sudo.tty': 'pts/0', 'system.auth.sudo.pwd': '/home/alice', 'system.auth.sudo.command': '/usr/bin/systemctl restart nginx', 'process.name': 'sudo' },
  },
  {
    name: 'sudo incorrect password attempts',
    line: 'Mar 10 08:00:13 bastion sudo:      bob : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash',
    fields: { 'event.action': 'sudo-authentication-failure', 'event.category': ['authentication'], 'event.outcome': 'failure', 'user.name': 'bob', 'user.effective.name': 'root', 'system.auth.sudo.error': '3 incorrect password attempts', 'system.auth.sudo.command': '/bin/bash' },
  },
  {
    name: 'sudo user not in sudoers',
    line: 'Mar 10 08:00:14 bastion sudo:     eve : user NOT in sudoers ; TTY=pts/2 ; PWD=/home/eve ; USER=root ; COMMAND=/usr/bin/cat /etc/shadow',
    fields: { 'event.action': 'sudo-denied', 'event.outcome': 'failure', 'user.name': 'eve', 'event.reason': 'user NOT in sudoers' },
  },
  {
    name: 'sudo pam authentication failure',
    line: 'Mar 10 08:00:15 bastion sudo: pam_unix(sudo:auth): authentication failure; logname=bob uid=1001 euid=0 tty=/dev/pts/1 ruser=bob rhost=  user=bob',
    fields: { 'event.outcome': 'failure', 'user.name': 'bob', 'source.ip': undefined, 'system.auth.pam.logname': 'bob' },
  },
  {
    name: 'useradd new user',
    line: 'Mar 10 08:00:16 bastion useradd[1216]: new user: name=mallory, UID=1002, GID=1002, home=/home/mallory, shell=/bin/bash, from=/dev/pts/0',
    fields: { 'event.action': 'added-user-account', 'event.category': ['iam'], 'event.type': ['user', 'creation'], 'user.name': 'mallory', 'user.id': '1002', 'group.id': '1002', 'system.auth.useradd.shell': '/bin/bash' },
  },
  {
    name: 'groupadd new group',
    line: 'Mar 10 08:00:17 bastion groupadd[1217]: new group: name=devs, GID=1003',
    fields: { 'event.action': 'added-group-account', 'event.type': ['group', 'creation'], 'group.name': 'devs', 'group.id': '1003' },
  },
  {
    name: 'usermod adds a user to a group',
    line: "Mar 10 08:00:18 bastion usermod[1218]: add 'mallory' to group 'sudo'",
    fields: { 'event.action': 'added-member-to-group', 'user.name': 'mallory', 'group.name': 'sudo' },
  },
  {
    name: 'userdel',
    line: "Mar 10 08:00:19 bastion userdel[1219]: delete user 'mallory'",
    fields: { 'event.action': 'deleted-user-account', 'event.type': ['user', 'deletion'], 'user.name': 'mallory' },
  },
  {
    name: 'passwd changes a password',
    line: 'Mar 10 08:00:20 bastion passwd[1220]: pam_unix(passwd:chauthtok): password changed for alice',
    fields: { 'event.action': 'password-changed', 'event.category': ['iam'], 'event.type': ['user', 'change'], 'user.name': 'alice' },
  },
  {
    name: 'su success',
    line: 'Mar 10 08:00:21 bastion su[1221]: (to root) alice on pts/0',
    fields: { 'event.action': 'su', 'event.outcome': 'success', 'user.name': 'alice', 'user.effective.name': 'root', 'system.auth.su.tty': 'pts/0' },
  },
  {
    name: 'su failure',
    line: 'Mar 10 08:00:22 bastion su[1222]: FAILED SU (to root) bob on pts/1',
    fields: { 'event.action': 'su', 'event.outcome': 'failure', 'user.name': 'bob', 'user.effective.name': 'root' },
  },
  {
    name: 'other sshd messages are auth-log events without a category',
    line: 'Mar 10 08:00:23 bastion sshd[1]: Server listening on 0.0.0.0 port 22.',
    fields: { 'event.dataset': 'system.auth', 'event.category': undefined, message: 'Server listening on 0.0.0.0 port 22.' },
  },
];

describe('Linux auth log', () => {
  for (const c of cases) {
    test(c.name, () => {
      const event = parse(c.line);
      assert.deepEqual(pick(event, c.fields), c.fields);
      assert.equal(event.fields['event.module'], 'system');
      assert.equal(event.fields['event.dataset'], 'system.auth');
      assert.equal(event.fields['host.name'], 'bastion');
      assert.ok(!tags(event).includes(TAGS.parseFailure));
      assert.equal(new Date(event.timestamp).toISOString().slice(0, 16), '2024-03-10T08:00');
    });
  }

  test('a bare message named linux-auth, without syslog envelope', () => {
    const event = parse('Failed password for invalid user ubnt from 192.0.2.77 port 41000 ssh2', 'linux-auth');
    assert.equal(event.fields['event.outcome'], 'failure');
    assert.equal(event.fields['user.name'], 'ubnt');
    assert.ok(tags(event).includes(TAGS.noTimestamp));
  });

  test('other programs, and syslog messages without a program, are not auth events', () => {
    for (const line of ['Mar 10 08:00:24 bastion kernel: Accepted password for x from 1.2.3.4 port 1 ssh2', '<14>Accepted password for x from 1.2.3.4 port 1 ssh2']) {
      const event = parse(line);
      assert.equal(event.fields['event.dataset'], 'syslog.log', line);
      assert.equal(event.fields['event.outcome'], undefined, line);
    }
  });
});
