// Windows logsources: services by event log channel, Sysmon categories by event id, the generic
// process_creation category also from Security 4688 (with its field names), PowerShell and
// Defender categories. Events are in the Winlogbeat layout (see parse/windows/normalize.ts).

import { ECS } from '../../../event/fields.js';
import type { FieldMapping, LogsourceMapping } from './types.js';

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
const POWERSHELL = ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'];
const POWERSHELL_CLASSIC = 'Windows PowerShell';
const DEFENDER = 'Microsoft-Windows-Windows Defender/Operational';

/** System-header fields by their Sigma names; everything else is EventData, then UserData. */
const SYSTEM_FIELDS: FieldMapping['fields'] = {
  EventID: ECS.winlog.eventId,
  Channel: ECS.winlog.channel,
  Provider_Name: ECS.winlog.providerName,
  Provider_Guid: ECS.winlog.providerGuid,
  Computer: ECS.winlog.computerName,
  ComputerName: [`${ECS.winlog.eventDataPrefix}ComputerName`, ECS.winlog.computerName],
  Security_UserID: ECS.winlog.userIdentifier,
  EventRecordID: ECS.winlog.recordId,
  Execution_ProcessID: ECS.winlog.processPid,
  Execution_ThreadID: ECS.winlog.threadId,
  Keywords: ECS.winlog.keywords,
  Task: ECS.winlog.task,
  Opcode: ECS.winlog.opcode,
  Version: ECS.winlog.version,
  Correlation_ActivityID: ECS.winlog.activityId,
  // normalize.ts stores the level by name; rules use the number or the name.
  Level: {
    from: [ECS.winlog.level],
    values: {
      critical: [1, 'critical'],
      error: [2, 'error'],
      warning: [3, 'warning'],
      information: [4, 0, 'information'],
      verbose: [5, 'verbose'],
    },
  },
};

const WINDOWS_FIELDS: FieldMapping = {
  fields: SYSTEM_FIELDS,
  prefixes: [ECS.winlog.eventDataPrefix, ECS.winlog.userDataPrefix],
  spacedNames: true,
};

/** Sysmon, Security and PowerShell name their data without spaces; no need to look for spaced names. */
const PLAIN_WINDOWS_FIELDS: FieldMapping = { ...WINDOWS_FIELDS, spacedNames: false };

/** Security 4688 names the process fields differently from Sysmon 1. */
const SECURITY_4688_FIELDS: FieldMapping = {
  spacedNames: false,
  fields: {
    ...SYSTEM_FIELDS,
    Image: `${ECS.winlog.eventDataPrefix}NewProcessName`,
    ParentImage: `${ECS.winlog.eventDataPrefix}ParentProcessName`,
    ProcessId: `${ECS.winlog.eventDataPrefix}NewProcessId`,
    ParentProcessId: `${ECS.winlog.eventDataPrefix}ProcessId`,
    LogonId: `${ECS.winlog.eventDataPrefix}SubjectLogonId`,
  },
  prefixes: WINDOWS_FIELDS.prefixes,
};

/** Defender's antivirus events, for the generic `antivirus` category. */
const DEFENDER_AV_FIELDS: FieldMapping = {
  fields: {
    ...SYSTEM_FIELDS,
    Signature: `${ECS.winlog.eventDataPrefix}Threat Name`,
    Filename: `${ECS.winlog.eventDataPrefix}Path`,
  },
  prefixes: WINDOWS_FIELDS.prefixes,
  spacedNames: true,
};

/** Services whose events never name data with spaces. */
const PLAIN_CHANNELS = new Set(['security', 'sysmon', 'powershell', 'powershell-classic']);

/** Sigma service → event log channel(s). */
const SERVICE_CHANNELS: Record<string, string | string[]> = {
  security: 'Security',
  system: 'System',
  application: 'Application',
  sysmon: SYSMON,
  powershell: POWERSHELL,
  'powershell-classic': POWERSHELL_CLASSIC,
  taskscheduler: 'Microsoft-Windows-TaskScheduler/Operational',
  wmi: 'Microsoft-Windows-WMI-Activity/Operational',
  'dns-server': 'DNS Server',
  'dns-server-audit': 'Microsoft-Windows-DNS-Server/Audit',
  'dns-server-analytic': 'Microsoft-Windows-DNS-Server/Analytical',
  'driver-framework': 'Microsoft-Windows-DriverFrameworks-UserMode/Operational',
  ntlm: 'Microsoft-Windows-NTLM/Operational',
  dhcp: 'Microsoft-Windows-DHCP-Server/Operational',
  'msexchange-management': 'MSExchange Management',
  applocker: [
    'Microsoft-Windows-AppLocker/MSI and Script',
    'Microsoft-Windows-AppLocker/EXE and DLL',
    'Microsoft-Windows-AppLocker/Packaged app-Deployment',
    'Microsoft-Windows-AppLocker/Packaged app-Execution',
  ],
  'printservice-admin': 'Microsoft-Windows-PrintService/Admin',
  'printservice-operational': 'Microsoft-Windows-PrintService/Operational',
  'codeintegrity-operational': 'Microsoft-Windows-CodeIntegrity/Operational',
  'smbclient-security': 'Microsoft-Windows-SmbClient/Security',
  'smbclient-connectivity': 'Microsoft-Windows-SmbClient/Connectivity',
  'smbserver-connectivity': 'Microsoft-Windows-SMBServer/Connectivity',
  'firewall-as': 'Microsoft-Windows-Windows Firewall With Advanced Security/Firewall',
  'bits-client': 'Microsoft-Windows-Bits-Client/Operational',
  windefend: DEFENDER,
  'terminalservices-localsessionmanager': 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
  'microsoft-servicebus-client': ['Microsoft-ServiceBus-Client', 'Microsoft-ServiceBus-Client/Admin', 'Microsoft-ServiceBus-Client/Operational'],
  ldap: 'Microsoft-Windows-LDAP-Client/Debug',
  ldap_debug: 'Microsoft-Windows-LDAP-Client/Debug',
  'security-mitigations': ['Microsoft-Windows-Security-Mitigations/Kernel Mode', 'Microsoft-Windows-Security-Mitigations/User Mode'],
  'diagnosis-scripted': 'Microsoft-Windows-Diagnosis-Scripted/Operational',
  'shell-core': 'Microsoft-Windows-Shell-Core/Operational',
  openssh: 'OpenSSH/Operational',
  bitlocker: 'Microsoft-Windows-BitLocker/BitLocker Management',
  vhdmp: 'Microsoft-Windows-VHDMP/Operational',
  'appxdeployment-server': 'Microsoft-Windows-AppXDeploymentServer/Operational',
  'lsa-server': 'Microsoft-Windows-LSA/Operational',
  'appxpackaging-om': 'Microsoft-Windows-AppxPackaging/Operational',
  'dns-client': 'Microsoft-Windows-DNS Client Events/Operational',
  'appmodel-runtime': 'Microsoft-Windows-AppModel-Runtime/Admin',
  capi2: 'Microsoft-Windows-CAPI2/Operational',
  'certificateservicesclient-lifecycle-system': 'Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational',
  'kernel-shimengine': ['Microsoft-Windows-Kernel-ShimEngine/Operational', 'Microsoft-Windows-Kernel-ShimEngine/Diagnostic'],
  'application-experience': [
    'Microsoft-Windows-Application-Experience/Program-Telemetry',
    'Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant',
  ],
  ntfs: 'Microsoft-Windows-Ntfs/Operational',
  'hyper-v-worker': 'Microsoft-Windows-Hyper-V-Worker',
  'kernel-event-tracing': 'Microsoft-Windows-Kernel-EventTracing',
  sense: 'Microsoft-Windows-SENSE/Operational',
  'iis-configuration': 'Microsoft-IIS-Configuration/Operational',
};

/** Sysmon event ids per generic category (Sysmon schema 4.90). */
const SYSMON_CATEGORIES: Record<string, { ids: number[]; eventType?: string[] }> = {
  process_creation: { ids: [1] },
  file_change: { ids: [2] },
  network_connection: { ids: [3] },
  sysmon_status: { ids: [4, 16] },
  process_termination: { ids: [5] },
  driver_load: { ids: [6] },
  image_load: { ids: [7] },
  create_remote_thread: { ids: [8] },
  raw_access_thread: { ids: [9] },
  process_access: { ids: [10] },
  file_event: { ids: [11] },
  registry_event: { ids: [12, 13, 14] },
  registry_add: { ids: [12], eventType: ['CreateKey'] },
  registry_delete: { ids: [12], eventType: ['DeleteKey', 'DeleteValue'] },
  registry_set: { ids: [13] },
  registry_rename: { ids: [14] },
  create_stream_hash: { ids: [15] },
  pipe_created: { ids: [17, 18] },
  wmi_event: { ids: [19, 20, 21] },
  dns_query: { ids: [22] },
  file_delete: { ids: [23, 26] },
  clipboard_change: { ids: [24] },
  process_tampering: { ids: [25] },
  file_delete_detected: { ids: [26] },
  file_block_executable: { ids: [27] },
  file_block_shredding: { ids: [28] },
  file_executable_detected: { ids: [29] },
  sysmon_error: { ids: [255] },
};

/** PowerShell categories: channel and event id. */
const POWERSHELL_CATEGORIES: Record<string, { channels: string[]; id: number }> = {
  ps_module: { channels: POWERSHELL, id: 4103 },
  ps_script: { channels: POWERSHELL, id: 4104 },
  ps_classic_start: { channels: [POWERSHELL_CLASSIC], id: 400 },
  ps_classic_provider_start: { channels: [POWERSHELL_CLASSIC], id: 600 },
  ps_classic_script: { channels: [POWERSHELL_CLASSIC], id: 800 },
};

/** Defender events that carry a threat name or path. */
const DEFENDER_AV_IDS = [1006, 1007, 1008, 1009, 1010, 1011, 1012, 1017, 1018, 1019, 1115, 1116];

export const WINDOWS_MAPPINGS: readonly LogsourceMapping[] = [
  ...Object.entries(SERVICE_CHANNELS).map(([service, channels]): LogsourceMapping => ({
    id: `windows-${service}`,
    description: `Windows ${service} events: channel ${([] as string[]).concat(channels).join(' or ')}`,
    logsources: [{ product: 'windows', service }],
    conditions: [{ field: ECS.winlog.channel, equals: ([] as string[]).concat(channels) }],
    fields: PLAIN_CHANNELS.has(service) ? PLAIN_WINDOWS_FIELDS : WINDOWS_FIELDS,
  })),
  ...Object.entries(SYSMON_CATEGORIES).map(([category, { ids, eventType }]): LogsourceMapping => ({
    id: `windows-${category}-sysmon`,
    description: `Sysmon event ${ids.join('/')}${eventType ? ` with EventType ${eventType.join(' or ')}` : ''}`,
    logsources: [{ product: 'windows', category }],
    conditions: [
      { field: ECS.winlog.channel, equals: [SYSMON] },
      { field: ECS.winlog.eventId, equals: ids },
      ...(eventType ? [{ field: `${ECS.winlog.eventDataPrefix}EventType`, equals: eventType }] : []),
    ],
    fields: PLAIN_WINDOWS_FIELDS,
  })),
  {
    id: 'windows-process_creation-security',
    description: 'Security event 4688 (NewProcessName as Image, ParentProcessName as ParentImage, NewProcessId as ProcessId, ProcessId as ParentProcessId, SubjectLogonId as LogonId)',
    logsources: [{ product: 'windows', category: 'process_creation' }],
    conditions: [
      { field: ECS.winlog.channel, equals: ['Security'] },
      { field: ECS.winlog.eventId, equals: [4688] },
    ],
    fields: SECURITY_4688_FIELDS,
  },
  ...Object.entries(POWERSHELL_CATEGORIES).map(([category, { channels, id }]): LogsourceMapping => ({
    id: `windows-${category}`,
    description: `PowerShell event ${id} in ${channels.join(' or ')}`,
    logsources: [{ product: 'windows', category }],
    conditions: [
      { field: ECS.winlog.channel, equals: channels },
      { field: ECS.winlog.eventId, equals: [id] },
    ],
    fields: PLAIN_WINDOWS_FIELDS,
  })),
  {
    id: 'windows-antivirus-defender',
    description: 'Microsoft Defender detections (Threat Name as Signature, Path as Filename)',
    logsources: [{ category: 'antivirus' }, { product: 'windows', category: 'antivirus' }],
    conditions: [
      { field: ECS.winlog.channel, equals: [DEFENDER] },
      { field: ECS.winlog.eventId, equals: DEFENDER_AV_IDS },
    ],
    fields: DEFENDER_AV_FIELDS,
  },
  {
    id: 'windows-any',
    description: 'Any Windows event',
    logsources: [{ product: 'windows' }],
    conditions: [{ field: ECS.host.osFamily, equals: ['windows'] }],
    fields: WINDOWS_FIELDS,
  },
];
