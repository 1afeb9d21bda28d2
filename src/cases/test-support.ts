// Test helpers for cases: real Windows events from the shared corpus turned into ECS, and
// real alerts raised from them through the alerts domain.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { raiseAlerts, type Severity as AlertSeverity } from '../alerts/index.js';
import type { Fields } from '../event/event.js';
import { newEventId } from '../event/id.js';
import { fromEventXmlJson } from '../parse/windows/event-xml-json.js';
import { normalizeWindowsEvent } from '../parse/windows/normalize.js';
import type { StateDb } from '../store/state/database.js';

const REGRESSION = join(process.cwd(), '..', 'shared', 'corpus', 'sigma-regression', 'regression_data');

/** SigmaHQ regression events (evtx_dump JSON, several objects one after the other) as ECS events. */
export function corpusEvents(path: string): { timestamp: number; fields: Fields }[] {
  const text = readFileSync(join(REGRESSION, path), 'utf8');
  // Each top-level object starts a line with "{"; nested ones are indented.
  return text.split(/\n(?=\{)/).map((part) => {
    const input = fromEventXmlJson(JSON.parse(part) as Record<string, unknown>);
    if (!input) throw new Error(`${path}: not an Event`);
    return normalizeWindowsEvent(input, Date.now());
  });
}

/** Sysmon 1: GRB_NET.exe, with MD5 and SHA256 in Hashes, run by swachchhanda\xodih. */
export const GRIXBA = 'rules-emerging-threats/2025/Malware/Grixba/proc_creation_win_malware_grixba_recon/af688c76-4ce4-4309-bfdd-e896f01acf27.json';
/** Sysmon 13 ×4: reg.exe setting SystemRestore policy values. */
export const SYSTEM_RESTORE = 'rules/windows/registry/registry_set/registry_set_disable_system_restore/5de03871-5d46-4539-a82d-3aa992a69a83.json';
/** Sysmon 11: a file name spoofed with a right-to-left override. */
export const RTLO_FILE = 'rules/windows/file/file_event/file_event_win_susp_right_to_left_override_extension_spoofing/979baf41-ca44-4540-9d0c-4fcef3b5a3a4.json';

/** Raises one alert per event (grouping off) and returns the alert ids. */
export function raiseFromEvents(
  db: StateDb, tenant: string, rule: { id: string; title: string; level: AlertSeverity }, events: readonly { timestamp: number; fields: Fields }[],
): string[] {
  const result = raiseAlerts(db, events.map((event) => ({
    tenant,
    rule: { ...rule, source: 'sigma' },
    event: { id: newEventId(), timestamp: event.timestamp, fields: event.fields },
    group: false,
  })));
  return result.outcomes.map((o) => {
    if (!o.alertId) throw new Error('alert not raised');
    return o.alertId;
  });
}
