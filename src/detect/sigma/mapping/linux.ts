// Linux logsources. Services of the auth log and syslog are chosen by the syslog program
// (process.name, as the syslog parser sets it); the generic categories (process_creation,
// file_event, network_connection) read ECS process/file/network fields, as Elastic Agent,
// Auditbeat or Sysmon for Linux shipped as ECS JSON write them; auditd reads auditd.log.*.

import { ECS } from '../../../event/fields.js';
import type { FieldMapping, GuardCondition, LogsourceMapping } from './types.js';

/** Raw syslog lines: rules search the message (keywords) or name ECS fields directly. */
const SYSLOG_FIELDS: FieldMapping = { fields: {}, prefixes: [] };

const PROCESS_FIELDS: FieldMapping = {
  fields: {
    Image: ECS.process.executable,
    CommandLine: ECS.process.commandLine,
    ParentImage: ECS.process.parentExecutable,
    ParentCommandLine: ECS.process.parentCommandLine,
    ProcessId: ECS.process.pid,
    ParentProcessId: ECS.process.parentPid,
    CurrentDirectory: ECS.process.workingDirectory,
    User: ECS.user.name,
    TargetFilename: ECS.file.path,
    DestinationIp: ECS.destination.ip,
    DestinationPort: ECS.destination.port,
    DestinationHostname: ECS.destination.domain,
    SourceIp: ECS.source.ip,
    SourcePort: ECS.source.port,
    Protocol: ECS.network.transport,
  },
  prefixes: [],
};

/** Sigma auditd rules use the raw record keys (type, syscall, exe, a0 …). */
const AUDITD_FIELDS: FieldMapping = {
  fields: {
    type: ['auditd.log.record_type', 'auditd.log.type'],
  },
  prefixes: ['auditd.log.'],
};

function program(names: string[]): GuardCondition {
  return { field: ECS.process.name, equals: names };
}

const LINUX: GuardCondition = { field: ECS.host.osType, equals: ['linux'] };
const MACOS: GuardCondition = { field: ECS.host.osType, equals: ['macos'] };

function ecsCategory(product: 'linux' | 'macos', category: string, ecs: string, type: string | null): LogsourceMapping {
  return {
    id: `${product}-${category}`,
    description: `ECS ${ecs}${type ? `/${type}` : ''} events from ${product} hosts`,
    logsources: [{ product, category }],
    conditions: [
      product === 'linux' ? LINUX : MACOS,
      { field: ECS.event.category, equals: [ecs] },
      ...(type ? [{ field: ECS.event.type, equals: [type] }] : []),
    ],
    fields: PROCESS_FIELDS,
  };
}

export const LINUX_MAPPINGS: readonly LogsourceMapping[] = [
  {
    id: 'linux-auth',
    description: 'Linux auth log events (event.dataset system.auth)',
    logsources: [{ product: 'linux', service: 'auth' }],
    conditions: [{ field: ECS.event.dataset, equals: ['system.auth'] }],
    fields: SYSLOG_FIELDS,
  },
  {
    id: 'linux-sshd',
    description: 'sshd messages (syslog program sshd)',
    logsources: [{ product: 'linux', service: 'sshd' }],
    conditions: [program(['sshd', 'sshd-session'])],
    fields: SYSLOG_FIELDS,
  },
  {
    id: 'linux-sudo',
    description: 'sudo messages (syslog program sudo)',
    logsources: [{ product: 'linux', service: 'sudo' }],
    conditions: [program(['sudo'])],
    fields: SYSLOG_FIELDS,
  },
  {
    id: 'linux-cron',
    description: 'cron messages',
    logsources: [{ product: 'linux', service: 'cron' }],
    conditions: [program(['cron', 'CRON', 'crond'])],
    fields: SYSLOG_FIELDS,
  },
  {
    id: 'linux-vsftpd',
    description: 'vsftpd messages',
    logsources: [{ product: 'linux', service: 'vsftpd' }],
    conditions: [program(['vsftpd'])],
    fields: SYSLOG_FIELDS,
  },
  {
    id: 'linux-clamav',
    description: 'ClamAV messages',
    logsources: [{ product: 'linux', service: 'clamav' }],
    conditions: [program(['clamd', 'freshclam', 'clamav', 'clamscan'])],
    fields: SYSLOG_FIELDS,
  },
  {
    id: 'linux-guacamole',
    description: 'Apache Guacamole messages',
    logsources: [{ product: 'linux', service: 'guacamole' }],
    conditions: [program(['guacd', 'guacamole'])],
    fields: SYSLOG_FIELDS,
  },
  {
    id: 'linux-syslog',
    description: 'Any syslog message',
    logsources: [{ product: 'linux', service: 'syslog' }, { product: 'linux' }],
    conditions: [{ field: ECS.log.syslogAppname, exists: true }],
    fields: SYSLOG_FIELDS,
  },
  {
    id: 'linux-auditd',
    description: 'auditd records (event.module auditd, raw keys under auditd.log.*)',
    logsources: [{ product: 'linux', service: 'auditd' }],
    conditions: [{ field: ECS.event.module, equals: ['auditd'] }],
    fields: AUDITD_FIELDS,
  },
  ecsCategory('linux', 'process_creation', 'process', 'start'),
  ecsCategory('linux', 'file_event', 'file', null),
  ecsCategory('linux', 'network_connection', 'network', null),
  ecsCategory('macos', 'process_creation', 'process', 'start'),
  ecsCategory('macos', 'file_event', 'file', null),
];
