// Timestamp readers for the formats' time notations (ISO 8601 variants, BSD syslog, Apache,
// epoch numbers), written by hand because Date.parse rejects several of them ("+0100") and is
// slower on the hot path. All return epoch ms, or NaN when the text is not a valid time.

const DAY_MS = 86_400_000;

function digits(s: string, i: number, n: number): number {
  if (i + n > s.length) return -1;
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Milliseconds of a fraction of a second starting at s[i] (after the dot); `end` receives where it stops. */
function fraction(s: string, i: number, out: { end: number }): number {
  let ms = 0;
  let scale = 100;
  let k = i;
  for (; k < s.length; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) break;
    if (scale >= 1) ms += c * scale;
    scale /= 10;
  }
  out.end = k;
  return k === i ? -1 : Math.floor(ms);
}

const scratch = { end: 0 };

/**
 * Zone offset in minutes at s[i..end): "Z", "+01:00", "+0100", "+01", " UTC", "" (none → 0).
 * Returns NaN when the rest is not a zone.
 */
function zoneOffset(s: string, i: number, end: number): number {
  if (i === end) return 0;
  const c = s.charCodeAt(i);
  if ((c === 90 || c === 122) && i + 1 === end) return 0; // Z z
  if (c === 43 || c === 45) { // + -
    const sign = c === 45 ? -1 : 1;
    const hh = digits(s, i + 1, 2);
    if (hh < 0) return NaN;
    let k = i + 3;
    let mm = 0;
    if (k < end) {
      if (s.charCodeAt(k) === 58) k++;
      mm = digits(s, k, 2);
      if (mm < 0) return NaN;
      k += 2;
    }
    return k === end && hh <= 23 && mm <= 59 ? sign * (hh * 60 + mm) : NaN;
  }
  if (c === 32) {
    const next = s.charCodeAt(i + 1);
    if (next === 43 || next === 45) return zoneOffset(s, i + 1, end);
    const name = s.slice(i + 1, end);
    if (name === 'UTC' || name === 'GMT' || name === 'Z') return 0;
  }
  return NaN;
}

function valid(mon: number, day: number, h: number, m: number, sec: number): boolean {
  return mon >= 1 && mon <= 12 && day >= 1 && day <= 31 && h >= 0 && h <= 23 && m >= 0 && m <= 59 && sec >= 0 && sec <= 60;
}

/**
 * ISO 8601 / RFC 3339 in the variants logs use: "2017-01-30T16:12:26.985026+0100",
 * "2024-03-01 10:00:00Z", "2024-03-01T10:00:00" (no zone: UTC), "2024-03-01" (midnight UTC).
 * The whole of s[start..end) must be the time.
 */
export function parseIsoTime(s: string, start = 0, end = s.length): number {
  const y = digits(s, start, 4);
  if (y < 0 || s.charCodeAt(start + 4) !== 45 || s.charCodeAt(start + 7) !== 45) return NaN;
  const mon = digits(s, start + 5, 2);
  const day = digits(s, start + 8, 2);
  if (start + 10 === end) return valid(mon, day, 0, 0, 0) ? utc(y, mon - 1, day, 0, 0, 0, 0) : NaN;
  const sep = s.charCodeAt(start + 10);
  if (sep !== 84 && sep !== 32 && sep !== 116) return NaN; // T, space, t
  const h = digits(s, start + 11, 2);
  if (s.charCodeAt(start + 13) !== 58) return NaN;
  const m = digits(s, start + 14, 2);
  let i = start + 16;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    sec = digits(s, i + 1, 2);
    i += 3;
    const c = s.charCodeAt(i);
    if (c === 46 || c === 44) { // . or ,
      ms = fraction(s, i + 1, scratch);
      if (ms < 0) return NaN;
      i = scratch.end;
    }
  }
  if (!valid(mon, day, h, m, sec) || i > end) return NaN;
  const offset = zoneOffset(s, i, end);
  if (Number.isNaN(offset)) return NaN;
  return utc(y, mon - 1, day, h, m, sec, ms) - offset * 60_000;
}

// The start of the last day asked about: records come in time order, so nearly every time falls
// on the same day as the one before and skips Date.UTC, the slowest step of reading a time.
let lastYear = NaN;
let lastMonth = NaN;
let lastDay = NaN;
let lastDayMs = 0;

/** Date.UTC(y, month, day, h, m, sec, ms) for valid parts, as the day's ms plus the time's. */
function utc(y: number, month: number, day: number, h: number, m: number, sec: number, ms: number): number {
  if (y !== lastYear || month !== lastMonth || day !== lastDay) {
    lastDayMs = Date.UTC(y, month, day);
    lastYear = y;
    lastMonth = month;
    lastDay = day;
  }
  return lastDayMs + h * 3_600_000 + m * 60_000 + sec * 1000 + ms;
}

/** The month (0-11) of "Jan", "JAN" and "jan" …, keyed by the abbreviation's three character codes. */
const MONTHS = new Map<number, number>();
['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].forEach((name, month) => {
  for (const spelling of [name, name.toUpperCase(), name.toLowerCase()]) MONTHS.set(threeChars(spelling, 0), month);
});

/** The ASCII characters s[i..i+3) as one number (without cutting a substring), or -1. */
function threeChars(s: string, i: number): number {
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  const c = s.charCodeAt(i + 2);
  if (!(a < 128 && b < 128 && c < 128)) return -1; // also NaN past the end
  return (a << 14) | (b << 7) | c;
}

/** 0-based month of a three-letter English abbreviation at s[i], or -1. */
function monthAt(s: string, i: number): number {
  return MONTHS.get(threeChars(s, i)) ?? -1;
}

/** The parts of a BSD-style time ("Oct 11 22:14:15", "Oct  1 2024 22:14:15.123"). */
export interface MonthTime {
  month: number;
  day: number;
  /** -1 when the text has no year. */
  year: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Index just after the time. */
  end: number;
}

/**
 * Reads "Mmm dd hh:mm:ss[.fff]" or "Mmm dd yyyy hh:mm:ss[.fff]" at s[i] (the day may be
 * space-padded). Fills `out` and returns true, or returns false.
 */
export function readMonthTime(s: string, i: number, out: MonthTime): boolean {
  const month = monthAt(s, i);
  if (month < 0 || s.charCodeAt(i + 3) !== 32) return false;
  let k = i + 4;
  if (s.charCodeAt(k) === 32) k++;
  let day = digits(s, k, 2);
  if (day >= 0) k += 2;
  else {
    day = digits(s, k, 1);
    if (day < 0) return false;
    k += 1;
  }
  if (s.charCodeAt(k) !== 32) return false;
  k++;
  let year = -1;
  if (s.charCodeAt(k + 4) === 32) {
    year = digits(s, k, 4);
    if (year < 0) return false;
    k += 5;
  }
  const hour = digits(s, k, 2);
  const minute = digits(s, k + 3, 2);
  const second = digits(s, k + 6, 2);
  if (s.charCodeAt(k + 2) !== 58 || s.charCodeAt(k + 5) !== 58 || !valid(month + 1, day, hour, minute, second)) return false;
  k += 8;
  let ms = 0;
  if (s.charCodeAt(k) === 46) {
    ms = fraction(s, k + 1, scratch);
    if (ms < 0) return false;
    k = scratch.end;
  }
  out.month = month;
  out.day = day;
  out.year = year;
  out.hour = hour;
  out.minute = minute;
  out.second = second;
  out.ms = ms;
  out.end = k;
  return true;
}

export function newMonthTime(): MonthTime {
  return { month: 0, day: 0, year: -1, hour: 0, minute: 0, second: 0, ms: 0, end: 0 };
}

/**
 * Epoch ms of a time read without a year (RFC 3164): the year that puts it nearest to, and
 * not after, the receive time plus one day (the day allows for senders' clocks running ahead).
 * Times without a zone are taken as UTC.
 */
export function withYear(t: MonthTime, received: number): number {
  if (t.year >= 0) return utc(t.year, t.month, t.day, t.hour, t.minute, t.second, t.ms);
  const limit = received + DAY_MS;
  // Feb 29 only exists in leap years, so look back a few years before giving up.
  for (let year = utcYear(limit), tries = 0; tries < 8; year--, tries++) {
    if (t.day > 28 && t.day > daysInMonth(year, t.month)) continue;
    const ms = utc(year, t.month, t.day, t.hour, t.minute, t.second, t.ms);
    if (ms <= limit) return ms;
  }
  return NaN;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

// The year of the last time asked about, and its bounds: records come in time order, so this
// saves building a Date for nearly every syslog line.
let yearOf = 0;
let yearFrom = Infinity;
let yearTo = -Infinity;

function utcYear(ms: number): number {
  if (ms >= yearFrom && ms < yearTo) return yearOf;
  yearOf = new Date(ms).getUTCFullYear();
  yearFrom = Date.UTC(yearOf, 0, 1);
  yearTo = Date.UTC(yearOf + 1, 0, 1);
  return yearOf;
}

/**
 * Epoch ms of a number that may be seconds, milliseconds, microseconds or nanoseconds since
 * the epoch, told apart by magnitude (any of them for dates between 1973 and 5138).
 */
export function epochToMs(n: number): number {
  const a = Math.abs(n);
  // Truncated, not rounded, as the fraction of an ISO time is: the same instant gives the same ms either way.
  if (a < 1e11) return Math.floor(n * 1000);
  if (a < 1e14) return Math.floor(n);
  if (a < 1e17) return Math.floor(n / 1000);
  return Math.floor(n / 1e6);
}

/** Epoch ms from a number, a numeric string (epoch) or an ISO string; NaN otherwise. */
export function anyTime(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? epochToMs(v) : NaN;
  if (typeof v !== 'string' || v.length === 0) return NaN;
  const c = v.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    if (v.length >= 10 && v.charCodeAt(4) === 45) return parseIsoTime(v);
    const n = Number(v);
    return Number.isFinite(n) ? epochToMs(n) : NaN;
  }
  return NaN;
}

const monthTimeScratch = newMonthTime();

/**
 * The date notations of CEF `rt`/`start`/`end` and LEEF `devTime`: epoch ms, ISO, or
 * "MMM dd yyyy HH:mm:ss[.SSS][ zone]" / "MMM dd HH:mm:ss" (zone UTC/GMT/±hh:mm, else UTC).
 */
export function parseDeviceTime(v: string, received: number): number {
  const iso = anyTime(v);
  if (!Number.isNaN(iso)) return iso;
  if (!readMonthTime(v, 0, monthTimeScratch)) return NaN;
  let offset = 0;
  if (monthTimeScratch.end < v.length) {
    offset = zoneOffset(v, monthTimeScratch.end, v.length);
    if (Number.isNaN(offset)) offset = 0; // named zones (CET, PST) are ambiguous; keep the clock time as UTC
  }
  return withYear(monthTimeScratch, received) - offset * 60_000;
}

/** Apache/nginx `[10/Oct/2000:13:55:36 -0700]` (without the brackets). */
export function parseApacheTime(s: string): number {
  if (s.length < 20 || s.charCodeAt(2) !== 47 || s.charCodeAt(6) !== 47 || s.charCodeAt(11) !== 58) return NaN;
  const day = digits(s, 0, 2);
  const month = monthAt(s, 3);
  const year = digits(s, 7, 4);
  const h = digits(s, 12, 2);
  const m = digits(s, 15, 2);
  const sec = digits(s, 18, 2);
  if (month < 0 || year < 0 || !valid(month + 1, day, h, m, sec)) return NaN;
  let i = 20;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    ms = fraction(s, i + 1, scratch);
    i = scratch.end;
  }
  const offset = s.charCodeAt(i) === 32 ? zoneOffset(s, i + 1, s.length) : zoneOffset(s, i, s.length);
  if (Number.isNaN(offset)) return NaN;
  return utc(year, month, day, h, m, sec, ms) - offset * 60_000;
}
