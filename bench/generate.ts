// Generates a realistic mixed dataset for the benchmarks: Linux auth syslog, Windows and
// Sysmon events as Winlogbeat ships them, Suricata EVE and Zeek conn, with varied values.

import { prng } from '../src/test-support/prng.js';

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar', 'peggy', 'trent', 'victor', 'walter', 'root', 'admin', 'oracle', 'postgres'];
const HOSTS = Array.from({ length: 200 }, (_, i) => `host-${String(i).padStart(3, '0')}`);
const WIN_HOSTS = Array.from({ length: 300 }, (_, i) => `WS-${String(i).padStart(4, '0')}.corp.example.com`);
const IMAGES = ['C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'C:\\Windows\\explorer.exe', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\System32\\rundll32.exe', 'C:\\Windows\\System32\\reg.exe', 'C:\\Windows\\System32\\net.exe', 'C:\\Windows\\System32\\schtasks.exe', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE'];
const ARGS = ['/c whoami', '-NoProfile -ExecutionPolicy Bypass -File C:\\scripts\\update.ps1', '', '--type=renderer --lang=en-US', '-k netsvcs -p', 'shell32.dll,Control_RunDLL', 'query HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', 'user /domain', '/create /tn Updater /tr C:\\Users\\Public\\u.exe /sc daily', '/n C:\\Users\\alice\\Documents\\report.docx'];
const SIGNATURES = ['ET SCAN Suspicious inbound to MSSQL port 1433', 'ET POLICY curl User-Agent Outbound', 'ET INFO Observed DNS Query to .top TLD', 'ET MALWARE Possible Cobalt Strike Beacon', 'ET SCAN Nmap Scripting Engine User-Agent Detected'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface Generator {
  /** The next record as one line of text. */
  next(): string;
}

export function createGenerator(seed = 42, start = Date.UTC(2026, 10, 21, 0, 0, 0), eventsPerSecond = 2000): Generator {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const ip = (prefix: string) => `${prefix}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`;
  const publicIp = () => `${[45, 80, 103, 185, 198, 203][Math.floor(random() * 6)]}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`;
  let n = 0;

  function time(): Date {
    return new Date(start + Math.floor((n * 1000) / eventsPerSecond));
  }

  function syslogAuth(): string {
    const t = time();
    const stamp = `${MONTHS[t.getUTCMonth()]} ${String(t.getUTCDate()).padStart(2, ' ')} ${t.toISOString().slice(11, 19)}`;
    const host = pick(HOSTS);
    const pid = 1000 + Math.floor(random() * 60000);
    const user = pick(USERS);
    const src = random() < 0.7 ? publicIp() : ip('10.20');
    const port = 1024 + Math.floor(random() * 60000);
    const roll = random();
    const message = roll < 0.45 ? `Failed password for ${user} from ${src} port ${port} ssh2`
      : roll < 0.6 ? `Failed password for invalid user ${user}${Math.floor(random() * 100)} from ${src} port ${port} ssh2`
      : roll < 0.85 ? `Accepted publickey for ${user} from ${src} port ${port} ssh2: RSA SHA256:${Math.floor(random() * 1e12).toString(36)}`
      : `Connection closed by authenticating user ${user} ${src} port ${port} [preauth]`;
    return `<38>${stamp} ${host} sshd[${pid}]: ${message}`;
  }

  function windows(): string {
    const t = time().toISOString();
    const host = pick(WIN_HOSTS);
    const user = pick(USERS);
    const roll = random();
    if (roll < 0.5) {
      const image = pick(IMAGES);
      const args = pick(ARGS);
      return JSON.stringify({
        '@timestamp': t,
        host: { name: host },
        event: { code: '1', provider: 'Microsoft-Windows-Sysmon', module: 'sysmon' },
        winlog: {
          channel: 'Microsoft-Windows-Sysmon/Operational', event_id: 1, provider_name: 'Microsoft-Windows-Sysmon', computer_name: host, record_id: n,
          event_data: {
            RuleName: '-', UtcTime: t.replace('T', ' ').slice(0, 23), ProcessGuid: `{${Math.floor(random() * 1e9).toString(16)}-0000-0000-0000-000000000000}`,
            ProcessId: String(1000 + Math.floor(random() * 30000)), Image: image, CommandLine: `"${image}" ${args}`.trim(),
            CurrentDirectory: `C:\\Users\\${user}\\`, User: `CORP\\${user}`, IntegrityLevel: random() < 0.2 ? 'High' : 'Medium',
            Hashes: `SHA256=${Math.floor(random() * 1e15).toString(16).padStart(64, '0')}`,
            ParentImage: pick(IMAGES), ParentCommandLine: pick(IMAGES),
          },
        },
      });
    }
    if (roll < 0.8) {
      const failed = random() < 0.4;
      return JSON.stringify({
        '@timestamp': t,
        host: { name: host },
        winlog: {
          channel: 'Security', event_id: failed ? 4625 : 4624, provider_name: 'Microsoft-Windows-Security-Auditing', computer_name: host, record_id: n,
          event_data: {
            TargetUserName: user, TargetDomainName: 'CORP', LogonType: String(pick([2, 3, 10])), IpAddress: ip('10.30'), IpPort: String(1024 + Math.floor(random() * 60000)),
            WorkstationName: pick(WIN_HOSTS).split('.')[0], LogonProcessName: 'NtLmSsp', AuthenticationPackageName: 'NTLM',
            ...(failed ? { Status: '0xc000006d', SubStatus: '0xc000006a', FailureReason: '%%2313' } : { LogonId: `0x${Math.floor(random() * 1e8).toString(16)}` }),
          },
        },
      });
    }
    return JSON.stringify({
      '@timestamp': t,
      host: { name: host },
      winlog: {
        channel: 'Microsoft-Windows-Sysmon/Operational', event_id: 3, provider_name: 'Microsoft-Windows-Sysmon', computer_name: host, record_id: n,
        event_data: {
          Image: pick(IMAGES), User: `CORP\\${user}`, Protocol: 'tcp', Initiated: 'true', SourceIp: ip('10.30'), SourcePort: String(49152 + Math.floor(random() * 16000)),
          DestinationIp: publicIp(), DestinationPort: String(pick([443, 80, 53, 445, 3389, 8080])), DestinationHostname: `cdn${Math.floor(random() * 50)}.example.net`,
        },
      },
    });
  }

  function suricata(): string {
    const t = time().toISOString().replace('Z', '+0000');
    const base = { timestamp: t, flow_id: Math.floor(random() * 1e15), in_iface: 'eth0', src_ip: ip('10.40'), src_port: 49152 + Math.floor(random() * 16000), dest_ip: publicIp(), dest_port: pick([443, 80, 53, 22]), proto: 'TCP' };
    const roll = random();
    if (roll < 0.3) {
      return JSON.stringify({ ...base, event_type: 'alert', alert: { action: 'allowed', gid: 1, signature_id: 2000000 + Math.floor(random() * 30000), rev: 3, signature: pick(SIGNATURES), category: 'Attempted Information Leak', severity: 1 + Math.floor(random() * 3) } });
    }
    if (roll < 0.6) {
      return JSON.stringify({ ...base, proto: 'UDP', dest_port: 53, event_type: 'dns', dns: { type: 'query', id: Math.floor(random() * 65535), rrname: `host${Math.floor(random() * 5000)}.example${Math.floor(random() * 40)}.com`, rrtype: 'A', tx_id: 0 } });
    }
    return JSON.stringify({ ...base, event_type: 'flow', app_proto: 'tls', flow: { pkts_toserver: Math.floor(random() * 100), pkts_toclient: Math.floor(random() * 100), bytes_toserver: Math.floor(random() * 100000), bytes_toclient: Math.floor(random() * 1000000), start: t, end: t, age: Math.floor(random() * 60), state: 'closed', reason: 'timeout', alerted: false } });
  }

  function zeekConn(): string {
    return JSON.stringify({
      _path: 'conn', ts: (start + Math.floor((n * 1000) / eventsPerSecond)) / 1000, uid: `C${Math.floor(random() * 1e15).toString(36)}`,
      'id.orig_h': ip('10.50'), 'id.orig_p': 49152 + Math.floor(random() * 16000), 'id.resp_h': publicIp(), 'id.resp_p': pick([443, 80, 53, 22, 123]),
      proto: pick(['tcp', 'udp']), service: pick(['ssl', 'http', 'dns', '-']), duration: Math.round(random() * 100000) / 1000,
      orig_bytes: Math.floor(random() * 10000), resp_bytes: Math.floor(random() * 100000), conn_state: pick(['SF', 'S0', 'REJ', 'RSTO']),
      local_orig: true, local_resp: false, missed_bytes: 0, history: pick(['ShADadFf', 'S', 'ShR', 'Dd']), orig_pkts: Math.floor(random() * 50), resp_pkts: Math.floor(random() * 80),
    });
  }

  return {
    next() {
      n++;
      const roll = random();
      return roll < 0.3 ? syslogAuth() : roll < 0.6 ? windows() : roll < 0.8 ? suricata() : zeekConn();
    },
  };
}
