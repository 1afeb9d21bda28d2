// Numbers and dates as the query language writes them, read strictly (no locale, no guessing).

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Integral numbers beyond this cannot be bound as a DuckDB parameter (BIGINT range). */
const INTEGER_LIMIT = 2 ** 63;

/** The number written, or undefined when the text is not a plain decimal number in range. */
export function parseNumber(text: string): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  if (Number.isInteger(value) && Math.abs(value) >= INTEGER_LIMIT) return undefined;
  return value;
}

const ISO_DATE =
  /^(\d{4})-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?$/i;
const EPOCH_MS = /^-?\d{1,15}$/;
const DAY_MS = 86_400_000;

/** [from, to) in epoch ms. */
export interface Period {
  from: number;
  to: number;
}

/**
 * The period an ISO 8601 date or date-time covers, to the precision written: `2024-03` is the
 * month, `2024-03-05` the day, `2024-03-05T10:00` the minute, `...:07.25` 10 ms. Without an
 * offset the time is UTC. An integer is epoch milliseconds (a period of 1 ms).
 */
export function parseDatePeriod(text: string): Period | undefined {
  if (EPOCH_MS.test(text)) {
    const ms = Number(text);
    return { from: ms, to: ms + 1 };
  }
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  const year = Number(y);
  const month = Number(mo);
  if (month < 1 || month > 12) return undefined;
  if (d === undefined) return { from: utc(year, month - 1, 1), to: utc(year, month, 1) };
  const day = Number(d);
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  if (h === undefined) {
    const from = utc(year, month - 1, day);
    return { from, to: from + DAY_MS };
  }
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const shift = offset === undefined ? 0 : offsetMs(offset);
  if (shift === undefined) return undefined;
  // Sub-millisecond digits are cut: stored times have millisecond precision.
  const millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  const from = utc(year, month - 1, day, hour, minute, second, millis) - shift;
  const length = s === undefined ? 60_000 : frac === undefined ? 1_000 : 10 ** Math.max(0, 3 - frac.length);
  return { from, to: from + length };
}

/** Date.UTC without its quirk of reading years 0-99 as 1900-1999. */
function utc(year: number, monthIndex: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const time = Date.UTC(year, monthIndex, day, hour, minute, second, ms);
  if (year >= 100) return time;
  const date = new Date(time);
  date.setUTCFullYear(date.getUTCFullYear() - 1900);
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  return new Date(utc(year, month, 0)).getUTCDate();
}

/** Offset of a `Z` / `+hh` / `+hh:mm` / `+hhmm` suffix, in ms to subtract from local time. */
function offsetMs(offset: string): number | undefined {
  if (offset.toUpperCase() === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes) * 60_000;
}
