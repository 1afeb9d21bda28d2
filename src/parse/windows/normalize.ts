// One shape for every Windows event, however it arrived (Winlogbeat, NXLog, flat EventData
// JSON, evtx_dump JSON, or our own EVTX reader): the Winlogbeat layout (winlog.*) plus ECS.
// Every Windows input is reduced to WindowsEventInput and passes through here, so rules and
// queries see the same fields whatever the shipper.

import type { FieldValue, Fields, ParsedEvent } from '../../event/event.js';
import { ECS } from '../../event/fields.js';
import { fieldName, keyTree } from '../shared/flatten.js';

/** The parts of a Windows event record, as the System element and EventData carry them. */
export interface WindowsEventInput {
  provider: string;
  providerGuid?: string;
  eventId: number;
  version?: number;
  level?: number;
  task?: number;
  opcode?: number;
  keywords?: string;
  /** System/TimeCreated/@SystemTime, epoch ms. */
  timeCreated?: number;
  recordId?: number;
  activityId?: string;
  processId?: number;
  threadId?: number;
  channel: string;
  computer: string;
  /** System/Security/@UserID (a SID). */
  userId?: string;
  /** EventData/Data by name; unnamed Data become param1, param2, ... */
  eventData?: Record<string, FieldValue>;
  /** UserData's inner element, flattened one level. */
  userData?: Record<string, FieldValue>;
  /** Rendered message, when the shipper sent one. */
  message?: string;
}

/** winlog.event_data.* and winlog.user_data.* names, built once per Data name. */
const EVENT_DATA = keyTree(ECS.winlog.eventDataPrefix);
const USER_DATA = keyTree(ECS.winlog.userDataPrefix);

const LEVEL_NAMES: Record<number, string> = { 0: 'information', 1: 'critical', 2: 'error', 3: 'warning', 4: 'information', 5: 'verbose' };

export function normalizeWindowsEvent(input: WindowsEventInput, received: number): ParsedEvent {
  const f: Fields = {};
  f[ECS.winlog.channel] = input.channel;
  f[ECS.winlog.eventId] = input.eventId;
  f[ECS.winlog.providerName] = input.provider;
  if (input.providerGuid) f[ECS.winlog.providerGuid] = braceGuid(input.providerGuid);
  f[ECS.winlog.computerName] = input.computer;
  if (input.recordId !== undefined) f[ECS.winlog.recordId] = input.recordId;
  if (input.version !== undefined) f[ECS.winlog.version] = input.version;
  if (input.task !== undefined) f[ECS.winlog.task] = input.task;
  if (input.opcode !== undefined) f[ECS.winlog.opcode] = input.opcode;
  if (input.keywords !== undefined) f[ECS.winlog.keywords] = input.keywords;
  if (input.processId !== undefined) f[ECS.winlog.processPid] = input.processId;
  if (input.threadId !== undefined) f[ECS.winlog.threadId] = input.threadId;
  if (input.userId) f[ECS.winlog.userIdentifier] = input.userId;
  if (input.activityId) f['winlog.activity_id'] = braceGuid(input.activityId);
  if (input.level !== undefined) {
    f[ECS.winlog.level] = LEVEL_NAMES[input.level] ?? String(input.level);
    f[ECS.log.level] = LEVEL_NAMES[input.level] ?? String(input.level);
  }
  const eventData = input.eventData;
  if (eventData) for (const name in eventData) f[fieldName(EVENT_DATA, name)] = asText(eventData[name]!);
  const userData = input.userData;
  if (userData) for (const name in userData) f[fieldName(USER_DATA, name)] = asText(userData[name]!);

  f[ECS.event.kind] = 'event';
  f[ECS.event.code] = String(input.eventId);
  f[ECS.event.provider] = input.provider;
  const names = channelNames(input.channel);
  f[ECS.event.module] = names.module;
  f[ECS.event.dataset] = names.dataset;
  f[ECS.host.name] = input.computer;
  f[ECS.host.osFamily] = 'windows';
  f[ECS.host.osType] = 'windows';
  if (input.message) f[ECS.message] = input.message;
  mapWellKnown(input, f);
  return { timestamp: input.timeCreated ?? received, fields: f };
}

/**
 * Event data as Winlogbeat renders it: numbers and booleans as text. Shippers disagree on the
 * types (evtx_dump writes 15596, Winlogbeat and NXLog "15596"), and text is the form they all
 * can give without guessing, so the same event gives the same fields whatever the shipper.
 */
function asText(value: FieldValue): FieldValue {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

/** GUIDs as Winlogbeat writes them, "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}", whatever the shipper's spelling. */
function braceGuid(guid: string): string {
  const bare = guid.charCodeAt(0) === 123 ? guid.slice(1, guid.endsWith('}') ? -1 : undefined) : guid;
  return `{${bare.toUpperCase()}}`;
}

/** event.module and event.dataset of each channel, worked out once per channel (bounded: the sender names channels). */
const CHANNELS = new Map<string, { module: string; dataset: string }>();

function channelNames(channel: string): { module: string; dataset: string } {
  let names = CHANNELS.get(channel);
  if (names === undefined) {
    const module = moduleOf(channel);
    names = { module, dataset: `${module}.${datasetOf(channel)}` };
    if (CHANNELS.size < 1024) CHANNELS.set(channel, names);
  }
  return names;
}

function moduleOf(channel: string): string {
  if (channel === 'Microsoft-Windows-Sysmon/Operational') return 'sysmon';
  if (channel.startsWith('Microsoft-Windows-PowerShell') || channel === 'Windows PowerShell') return 'powershell';
  return 'windows';
}

function datasetOf(channel: string): string {
  if (channel === 'Microsoft-Windows-Sysmon/Operational') return 'operational';
  if (moduleOf(channel) === 'powershell') return 'operational';
  return channel.toLowerCase().replace(/[^a-z0-9]+/g, '_');
}

function str(v: FieldValue | undefined): string | undefined {
  return typeof v === 'string' && v !== '' && v !== '-' ? v : typeof v === 'number' ? String(v) : undefined;
}

function num(v: FieldValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '') {
    const n = v.startsWith('0x') ? parseInt(v, 16) : Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return i >= 0 ? path.slice(i + 1) : path;
}

/** ECS fields for the events analysts look at most: process, logon, network, file, registry. */
function mapWellKnown(input: WindowsEventInput, f: Fields): void {
  const d = input.eventData ?? {};
  const sysmon = input.channel === 'Microsoft-Windows-Sysmon/Operational';
  const security = input.channel === 'Security';

  const image = str(d.Image) ?? str(d.NewProcessName);
  if (image) {
    f[ECS.process.executable] = image;
    f[ECS.process.name] = baseName(image);
  }
  const commandLine = str(d.CommandLine);
  if (commandLine) f[ECS.process.commandLine] = commandLine;
  const pid = num(d.ProcessId) ?? num(d.NewProcessId);
  if (pid !== undefined && image) f[ECS.process.pid] = pid;
  const parent = str(d.ParentImage) ?? str(d.ParentProcessName);
  if (parent) {
    f[ECS.process.parentExecutable] = parent;
    f[ECS.process.parentName] = baseName(parent);
  }
  const parentCommandLine = str(d.ParentCommandLine);
  if (parentCommandLine) f[ECS.process.parentCommandLine] = parentCommandLine;
  const parentPid = num(d.ParentProcessId);
  if (parentPid !== undefined) f[ECS.process.parentPid] = parentPid;
  const cwd = str(d.CurrentDirectory);
  if (cwd) f[ECS.process.workingDirectory] = cwd;

  // User: the account acted on for logons, else the subject.
  const sysmonUser = str(d.User);
  const targetUser = str(d.TargetUserName);
  const subjectUser = str(d.SubjectUserName);
  if (sysmon && sysmonUser) {
    const [domain, name] = sysmonUser.includes('\\') ? sysmonUser.split('\\', 2) as [string, string] : [undefined, sysmonUser];
    f[ECS.user.name] = name;
    if (domain) f[ECS.user.domain] = domain;
  } else if (targetUser && (security && LOGON_EVENTS.has(input.eventId))) {
    f[ECS.user.name] = targetUser;
    const domain = str(d.TargetDomainName);
    if (domain) f[ECS.user.domain] = domain;
  } else if (subjectUser) {
    f[ECS.user.name] = subjectUser;
    const domain = str(d.SubjectDomainName);
    if (domain) f[ECS.user.domain] = domain;
    if (targetUser) f[ECS.user.targetName] = targetUser;
  } else if (targetUser) {
    f[ECS.user.name] = targetUser;
  }

  const sourceIp = str(d.IpAddress) ?? str(d.SourceIp) ?? str(d.SourceAddress);
  if (sourceIp && sourceIp !== '::1' && sourceIp !== '127.0.0.1' || sourceIp && sysmon) f[ECS.source.ip] = sourceIp;
  const sourcePort = num(d.IpPort) ?? num(d.SourcePort);
  if (sourcePort) f[ECS.source.port] = sourcePort;
  const destinationIp = str(d.DestinationIp) ?? str(d.DestAddress);
  if (destinationIp) f[ECS.destination.ip] = destinationIp;
  const destinationPort = num(d.DestinationPort) ?? num(d.DestPort);
  if (destinationPort !== undefined) f[ECS.destination.port] = destinationPort;
  const hostname = str(d.DestinationHostname);
  if (hostname) f[ECS.destination.domain] = hostname;
  const workstation = str(d.WorkstationName);
  if (workstation) f[ECS.source.domain] = workstation;
  const target = str(d.TargetFilename);
  if (target) {
    f[ECS.file.path] = target;
    f[ECS.file.name] = baseName(target);
  }
  const query = str(d.QueryName);
  if (query) f[ECS.dns.questionName] = query;

  const category = (security ? SECURITY : sysmon ? SYSMON : OTHER).get(input.eventId);
  if (category) {
    f[ECS.event.category] = category.category;
    f[ECS.event.type] = category.type;
    if (category.outcome) f[ECS.event.outcome] = category.outcome;
    f[ECS.event.action] = category.action;
  }
}

const LOGON_EVENTS = new Set([4624, 4625, 4634, 4647, 4648, 4672, 4768, 4769, 4771, 4776]);

interface Category { category: string[]; type: string[]; action: string; outcome?: string }
/** The category of the events analysts look at most, by event id, for each kind of channel. */
const SECURITY = new Map<number, Category>([
  [4624, { category: ['authentication'], type: ['start'], action: 'logged-in', outcome: 'success' }],
  [4625, { category: ['authentication'], type: ['start'], action: 'logon-failed', outcome: 'failure' }],
  [4634, { category: ['authentication'], type: ['end'], action: 'logged-out', outcome: 'success' }],
  [4648, { category: ['authentication'], type: ['start'], action: 'logged-in-explicit', outcome: 'success' }],
  [4672, { category: ['iam'], type: ['admin'], action: 'logged-in-special', outcome: 'success' }],
  [4688, { category: ['process'], type: ['start'], action: 'created-process', outcome: 'success' }],
  [4689, { category: ['process'], type: ['end'], action: 'exited-process', outcome: 'success' }],
  [4720, { category: ['iam'], type: ['user', 'creation'], action: 'added-user-account', outcome: 'success' }],
  [4726, { category: ['iam'], type: ['user', 'deletion'], action: 'deleted-user-account', outcome: 'success' }],
  [4732, { category: ['iam'], type: ['group', 'change'], action: 'added-member-to-group', outcome: 'success' }],
  [4728, { category: ['iam'], type: ['group', 'change'], action: 'added-member-to-group', outcome: 'success' }],
  [4740, { category: ['iam'], type: ['user', 'change'], action: 'locked-out-user-account', outcome: 'success' }],
  [4768, { category: ['authentication'], type: ['start'], action: 'kerberos-authentication-ticket-requested' }],
  [4769, { category: ['authentication'], type: ['start'], action: 'kerberos-service-ticket-requested' }],
  [4776, { category: ['authentication'], type: ['start'], action: 'credential-validated' }],
  [1102, { category: ['iam'], type: ['admin', 'deletion'], action: 'audit-log-cleared', outcome: 'success' }],
]);
const SYSMON = new Map<number, Category>([
  [1, { category: ['process'], type: ['start'], action: 'process-created' }],
  [3, { category: ['network'], type: ['connection', 'start'], action: 'network-connection' }],
  [5, { category: ['process'], type: ['end'], action: 'process-terminated' }],
  [7, { category: ['process'], type: ['change'], action: 'image-loaded' }],
  [8, { category: ['process'], type: ['change'], action: 'create-remote-thread' }],
  [10, { category: ['process'], type: ['access'], action: 'process-access' }],
  [11, { category: ['file'], type: ['creation'], action: 'file-created' }],
  [12, { category: ['configuration', 'registry'], type: ['change'], action: 'registry-object-added-or-deleted' }],
  [13, { category: ['configuration', 'registry'], type: ['change'], action: 'registry-value-set' }],
  [22, { category: ['network'], type: ['protocol', 'info'], action: 'dns-query' }],
  [23, { category: ['file'], type: ['deletion'], action: 'file-delete' }],
]);
const OTHER = new Map<number, Category>([
  [104, { category: ['iam'], type: ['admin', 'deletion'], action: 'log-cleared', outcome: 'success' }],
]);
