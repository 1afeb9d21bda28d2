// Time ranges as the console's URLs hold them (a preset like "24h", or custom from/to) and as
// the API takes them ("now-24h", epoch ms), plus the formats times and durations are shown in.

export const PRESETS = ['15m', '1h', '24h', '7d', '30d'] as const;
export type Preset = (typeof PRESETS)[number];

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** What a URL says about time: `range` (a preset), or `from` and optionally `to` (epoch ms or ISO 8601). */
export interface RangeSearch {
  range?: string;
  from?: string;
  to?: string;
}

export interface ApiRange {
  from: string;
  to?: string;
}

/** Milliseconds of "15m", "24h", "7d"; null for anything else. */
export function durationOf(text: string): number | null {
  const match = /^(\d+)([smhdw])$/.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : null;
}

/** A time from the URL as epoch ms: digits are epoch ms, anything else is parsed as a date. */
export function timeOf(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  if (/^\d+$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** The range to ask the API for: custom times as epoch ms, presets as "now-<preset>". */
export function apiRange(search: RangeSearch, fallback: Preset = '24h'): ApiRange {
  const from = timeOf(search.from);
  if (from !== null) {
    const to = timeOf(search.to);
    return to === null ? { from: String(from) } : { from: String(from), to: String(to) };
  }
  const preset = search.range && durationOf(search.range) !== null ? search.range : fallback;
  return { from: `now-${preset}` };
}

/** The same range as absolute times, for axes and labels. */
export function absoluteRange(search: RangeSearch, now: number, fallback: Preset = '24h'): { from: number; to: number } {
  const from = timeOf(search.from);
  if (from !== null) return { from, to: timeOf(search.to) ?? now };
  const span = durationOf(search.range ?? '') ?? durationOf(fallback)!;
  return { from: now - span, to: now };
}

/** A short label for the range: "Last 24h", or the two times. */
export function rangeLabel(search: RangeSearch, fallback: Preset = '24h'): string {
  const from = timeOf(search.from);
  if (from !== null) {
    const to = timeOf(search.to);
    return `${formatTime(from)} → ${to === null ? 'now' : formatTime(to)}`;
  }
  return `Last ${search.range && durationOf(search.range) !== null ? search.range : fallback}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2026-11-22 05:16:30" in local time: sortable, unambiguous, compact. */
export function formatTime(ms: number | null | undefined, withMs = false): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withMs ? `${base}.${pad(d.getMilliseconds(), 3)}` : base;
}

/** "4m 12s", "3h 05m", "2d 4h": a duration at the precision that matters. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${pad(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${pad(m % 60)}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** "just now", "5 min ago", "3 h ago", "2 d ago". */
export function formatAgo(ms: number | null | undefined, now: number): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const diff = Math.max(0, now - ms);
  if (diff < 45_000) return 'just now';
  if (diff < 3_600_000) return `${Math.round(diff / 60_000)} min ago`;
  if (diff < 172_800_000) return `${Math.round(diff / 3_600_000)} h ago`;
  return `${Math.round(diff / 86_400_000)} d ago`;
}

/** The value for an <input type="datetime-local"> (local time, minutes). */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
