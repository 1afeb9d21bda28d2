// Which Zeek log a record comes from when the record does not say (no _path): the file name.

import { baseName } from '../shared/values.js';

/** Logs a default Zeek writes, longest first so that "smb_files" wins over "files". */
const KNOWN = [
  'known_services', 'loaded_scripts', 'packet_filter', 'capture_loss', 'known_hosts', 'known_certs', 'ldap_search',
  'smb_mapping', 'smb_files', 'dce_rpc', 'kerberos', 'software', 'analyzer', 'notice', 'modbus', 'radius', 'signatures',
  'tunnel', 'weird', 'files', 'x509', 'ocsp', 'ntlm', 'smtp', 'snmp', 'socks', 'stats', 'syslog', 'mysql', 'conn', 'dhcp',
  'http', 'ntp', 'rdp', 'rfb', 'sip', 'ssh', 'ssl', 'dns', 'dpd', 'ftp', 'irc', 'pe', 'ldap', 'intel', 'reporter', 'quic',
].sort((a, b) => b.length - a.length);

/** "conn.log", "conn.00:00:00-01:00:00.log.gz", "NASHUA_smb_files.log" → "conn", "conn", "smb_files". */
export function zeekLogFromPath(path: string): string | undefined {
  const base = baseName(path);
  const dot = base.indexOf('.');
  const stem = dot < 0 ? base : base.slice(0, dot);
  for (const name of KNOWN) if (stem === name || stem.endsWith('_' + name) || stem.endsWith('-' + name)) return name;
  return undefined;
}
